"""Repositories: one small class per entity, reached as ``store.<name>``.

Every write method takes the acting login, runs inside ``store.atomic()`` and appends its audit
row in the same transaction. Reads return pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mrss_tui.store.db import Store


class Repo:
    def __init__(self, store: "Store") -> None:
        self.s = store
