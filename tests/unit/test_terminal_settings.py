"""Slow links: settings the TUI applies before Textual starts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mrss_tui.commands.tui import SSH_ESCAPE_DELAY_MS, terminal_settings

SSH = {"SSH_CONNECTION": "10.0.0.9 52100 10.0.0.1 22", "TERM": "xterm-256color"}
WRAPPER = Path(__file__).resolve().parents[2] / "deploy" / "mrss-ssh"


def test_over_ssh_no_animation_no_mouse_and_a_longer_escape_delay() -> None:
    settings = terminal_settings(SSH)
    assert settings.mouse is False
    assert settings.environ == {"COLORTERM": "truecolor", "TEXTUAL_ANIMATIONS": "none",
                                "ESCDELAY": SSH_ESCAPE_DELAY_MS}


def test_local_terminal_keeps_the_mouse_and_textual_defaults() -> None:
    settings = terminal_settings({"TERM": "xterm-256color"})
    assert settings.mouse is True and settings.environ == {"COLORTERM": "truecolor"}


def test_the_user_s_own_choices_win() -> None:
    settings = terminal_settings({**SSH, "MRSS_MOUSE": "on", "ESCDELAY": "50",
                                  "COLORTERM": "24bit"})
    assert settings.mouse is True
    assert settings.environ == {"TEXTUAL_ANIMATIONS": "none"}
    assert terminal_settings({"MRSS_MOUSE": "off"}).mouse is False


def run_wrapper(tmp_path: Path, *args: str, env_file: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "MRSS_ENV_FILE": env_file or str(tmp_path / "none.env"),
           "SSH_ORIGINAL_COMMAND": "bash"}
    return subprocess.run([str(WRAPPER), *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=10)


def test_wrapper_refuses_without_a_terminal_or_a_proper_key_line(tmp_path: Path) -> None:
    no_tty = run_wrapper(tmp_path, "--as", "coord")
    assert no_tty.returncode == 64 and "mrss needs a terminal" in no_tty.stderr
    assert "ssh -t" in no_tty.stderr and no_tty.stdout == ""
    for bad in ((), ("coord",), ("--as", "coord", "--db", "/etc/passwd"), ("-c", "id")):
        result = run_wrapper(tmp_path, *bad)
        assert result.returncode == 78 and "mrss ssh-key add" in result.stderr, bad
