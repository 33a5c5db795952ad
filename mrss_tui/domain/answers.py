"""Screening answers (the C-SSRS, the risk-to-others screen) as stored JSON text.

The answer classes are frozen dataclasses, not pydantic models: the board decodes them from
its rows before the first frame, without pydantic (issue 24). Where they arrive with user input
(a form, a draft) the pydantic model that holds them still checks every field (``extra``
forbidden, answers yes/no/none, unknowns from the instrument's items).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any, TypeVar

from mrss_tui.domain.stored_rows import decoded_json

A = TypeVar("A")

# How pydantic checks an answer class held by one of its models: no field it does not know.
STRICT = {"extra": "forbid"}


def stored_json(answers: Any) -> str:
    """The answers as the JSON text a call or contact row stores."""
    return json.dumps(asdict(answers))


def from_stored(cls: type[A], value: str | dict[str, Any]) -> A:
    """Answers from a stored row's JSON text (or its decoded dict). A key the class does not
    know, an answer that is not yes/no/none or an unknown item it does not ask is refused
    (ValueError): stored text is data, and a damaged row must not read as a risk."""
    data = decoded_json(value)
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: not an object")
    data = dict(data)  # a copy: the caller's dict keeps its "unknown"
    items = {f.name for f in fields(cls)} - {"unknown"}  # type: ignore[arg-type]
    unknown = tuple(data.pop("unknown", ()) or ())
    wrong = [str(k) for k, v in data.items()
             if k not in items or not (v is None or isinstance(v, bool))]
    wrong += [str(item) for item in unknown if item not in items]
    if wrong:
        raise ValueError(f"{cls.__name__}: stored answers not understood: {', '.join(wrong)}")
    return cls(**data, unknown=unknown)
