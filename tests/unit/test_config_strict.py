"""config.toml is read strictly (issue 20): what would silently mean something else is refused
with the key, the value and what is allowed; an editor's byte-order mark is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.config import load_config
from mrss_tui.errors import ConfigError


@pytest.mark.parametrize("text, key, says", [
    ("[response]\nrequired_team = [[]]\n", "response.required_team", "at least one role"),
    ("[response]\nrequired_team = [[\"clinician\"], []]\n", "response.required_team",
     "at least one role"),
    ("[paging]\nmax_attempts = true\n", "paging.max_attempts", "not true or false"),
    ("[session]\nidle_lock_minutes = false\n", "session.idle_lock_minutes",
     "not true or false"),
    ("[keys]\n\"nav.bord\" = \"f1\"\n", "keys", "unknown binding id(s) nav.bord"),
    ("[keys]\n\"nav.board\" = \"\"\n", "keys", "needs a key"),
    ("[report]\nemail_url = \"not a url\"\n", "report.email_url", "apprise notification URL"),
    ("[report]\nemail_url = \"mailto:county@example.org\"\n", "report.email_url",
     "apprise notification URL"),
])
def test_values_that_would_mean_something_else_are_refused(tmp_path: Path, text: str, key: str,
                                                           says: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    message = str(refused.value)
    assert f"key '{key}'" in message and says in message, message
    assert "\n" not in message


def test_good_values_still_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[paging]\nmax_attempts = 3\n[keys]\n"nav.board" = "f1"\n'
                    '[report]\nemail_url = "mailtos://u:p@mail.example.org?to=c@example.org"\n'
                    '[response]\nrequired_team = [["clinician"], ["peer"]]\n', encoding="utf-8")
    config = load_config(path)
    assert config.paging.max_attempts == 3 and config.keys == {"nav.board": "f1"}


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes("\ufeff[paging]\nmax_attempts = 4\n".encode("utf-8"))
    assert load_config(path).paging.max_attempts == 4
