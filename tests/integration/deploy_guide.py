"""deploy/README.md's marked command blocks, and what a test must change to run them.

The guide marks each block it wants run with ``<!-- guide: NAME -->`` before a fenced ``sh``
block. The guide test runs them in the guide's order; a block it cannot run as written on a
shared test machine (the main sshd, systemd, a person's key files) is changed by an exact
substitution, and every substitution must match: a change to the guide fails the test until the
test follows it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "deploy" / "README.md"
MARKED = re.compile(r"^<!-- guide: ([\w-]+) -->\n([ \t]*)```sh\n(.*?)\n\2```", re.M | re.S)
# Every place the guide creates: the test refuses to run over an existing install, removes these
# afterwards, and checks the worker unit may write each mrss-owned one.
ACCOUNT = "mrss"
PLACES = ("/home/mrss", "/var/lib/mrss", "/var/backups/mrss", "/etc/mrss", "/opt/mrss",
          "/usr/local/bin/mrss-ssh")
ORDER = ["packages", "account", "app", "settings", "alias", "init", "demo", "check", "sshd", "keys",
         "worker", "backup-cron", "county-report"]


def guide_blocks(text: str | None = None) -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    return {name: textwrap.dedent(indent + body.replace("\n" + indent, "\n")).strip()
            for name, indent, body in MARKED.findall(text)}


def substitute(block: str, changes: dict[str, str]) -> str:
    """Apply exact changes; each must occur, so the test notices when the guide changes."""
    for old, new in changes.items():
        if old not in block:
            raise AssertionError(f"the guide no longer says {old!r} in:\n{block}")
        block = block.replace(old, new)
    return block


def apt_packages(block: str) -> list[str]:
    match = re.search(r"apt-get install -y ([^\n&;|]+)", block)
    assert match, block
    return match.group(1).split()


def cron_command(line: str) -> str:
    """The command of a crontab line, as cron runs it (through sh, ``\\%`` meaning ``%``)."""
    fields = line.split(None, 5)
    assert len(fields) == 6, line
    return fields[5].replace("\\%", "%")


def unit_settings(unit: Path) -> dict[str, str]:
    settings: dict[str, str] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values
