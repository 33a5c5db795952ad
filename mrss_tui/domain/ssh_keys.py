"""SSH public keys and the service account's ``authorized_keys`` lines (pure: text in, text out).

Every staff key becomes one line ``restrict,pty,command="<wrapper> --as LOGIN" <type> <key>``:
``restrict`` turns off forwarding of ports, agents and X11 and any ``~/.ssh/rc``; ``pty`` gives
back just the terminal; the forced command means the login comes from the key alone, whatever
the client asks to run. mrss owns one marked block of the file (as gitolite does) and rewrites it
whole on every change; lines outside it belong to someone else and are kept byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from datetime import datetime

from pydantic import BaseModel, ConfigDict

# Key types OpenSSH 9 accepts for user keys (ssh-dss is disabled there).
KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
})
OPTIONS = "restrict,pty"
_SAFE_WRAPPER = re.compile(r"^/[A-Za-z0-9._/+-]+$")
_SAFE_LOGIN = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


class KeyProblem(ValueError):
    """The text is not a usable public key; the message says why (and never echoes the key)."""


class PublicKey(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    key_type: str
    key_data: str  # base64 blob, as in the .pub file
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        """As ``ssh-keygen -l`` prints it: SHA256:<unpadded base64>."""
        digest = hashlib.sha256(base64.b64decode(self.key_data)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


class SshKey(BaseModel):
    """A stored key with its owner, for listing."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    staff_id: int
    login: str
    name: str
    key_type: str
    key_data: str
    comment: str = ""
    fingerprint: str
    added_at: datetime
    added_by: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None


def parse_public_key(text: str) -> PublicKey:
    """One public key in OpenSSH format (the contents of an ``id_*.pub`` file)."""
    if "PRIVATE KEY-----" in text:
        raise KeyProblem("this is a private key; give the .pub file and keep the private key secret")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise KeyProblem("the file holds no public key")
    if len(lines) > 1:
        raise KeyProblem("the file holds more than one line; give one public key per file")
    parts = lines[0].split(None, 2)
    if parts[0] not in KEY_TYPES:
        raise KeyProblem("not an OpenSSH public key line (expected e.g. 'ssh-ed25519 AAAA... "
                         "comment'), or options before the key; give the plain .pub file")
    if len(parts) < 2:
        raise KeyProblem("the key type is there but the key itself is missing")
    key_type, key_data = parts[0], parts[1]
    comment = parts[2].strip() if len(parts) > 2 else ""
    try:
        blob = base64.b64decode(key_data, validate=True)
    except (binascii.Error, ValueError):
        raise KeyProblem("the key is damaged (not base64)") from None
    if _embedded_type(blob) != key_type:
        raise KeyProblem("the key is damaged (its contents do not match its type)")
    if any(ord(c) < 32 for c in comment):
        raise KeyProblem("the key's comment holds control characters")
    return PublicKey(key_type=key_type, key_data=key_data, comment=comment)


def _embedded_type(blob: bytes) -> str | None:
    if len(blob) < 4:
        return None
    (length,) = struct.unpack(">I", blob[:4])
    if length > len(blob) - 4:
        return None
    return blob[4:4 + length].decode("ascii", "replace")


def check_wrapper(wrapper: str) -> str:
    """The wrapper goes inside ``command="..."``: an absolute path without spaces or quotes."""
    if not _SAFE_WRAPPER.match(wrapper):
        raise KeyProblem(f"the wrapper must be an absolute path of letters, digits and ._/+- "
                         f"(got {wrapper!r})")
    return wrapper


def managed_prefix(wrapper: str) -> str:
    return f'{OPTIONS},command="{check_wrapper(wrapper)} --as '


def authorized_line(wrapper: str, login: str, key: PublicKey) -> str:
    if not _SAFE_LOGIN.match(login):
        raise KeyProblem(f"login {login!r} cannot be used in a forced command")
    tail = f" {key.comment}" if key.comment else ""
    return f'{managed_prefix(wrapper)}{login}" {key.key_type} {key.key_data}{tail}'


BLOCK_BEGIN = "# BEGIN mrss-tui managed keys: regenerated from the database, do not edit"
BLOCK_END = "# END mrss-tui managed keys"
_LEGACY_MANAGED = f'{OPTIONS},command="'
_FORCED_LOGIN = re.compile(r'command="[^"]* --as ([^" ]+)"')


def _is_ours(line: str) -> bool:
    """A line mrss wrote before it kept a marked block (whatever wrapper it named then)."""
    return line.startswith(_LEGACY_MANAGED) and " --as " in line


def foreign_lines(text: str, wrapper: str = "") -> list[str]:
    """The lines of an authorized_keys file that mrss does not manage, unchanged: everything
    outside the marked block, except lines mrss itself wrote before the block existed."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines():
        if line == BLOCK_BEGIN:
            inside = True
        elif line == BLOCK_END and inside:
            inside = False
        elif not inside and not _is_ours(line):
            kept.append(line)
    return kept


def key_in_foreign_lines(text: str, wrapper: str, key: PublicKey) -> bool:
    """True if the key already opens the account through a line mrss does not manage (which
    would let its holder past the forced command)."""
    return any(key.key_data in line.split() for line in foreign_lines(text, wrapper))


def render_authorized_keys(existing: str, wrapper: str, keys: list[tuple[str, PublicKey]]) -> str:
    """The new file: every foreign line as it was, then the marked block, written whole from
    ``keys`` (so a revoked key, or a line for an old wrapper, cannot survive)."""
    lines = foreign_lines(existing, wrapper)
    lines += [BLOCK_BEGIN, *(authorized_line(wrapper, login, key) for login, key in keys),
              BLOCK_END]
    return "".join(f"{line}\n" for line in lines)


def key_lines(text: str) -> list[tuple[int, str | None, str]]:
    """(line number, forced login or None, key data) for every key line in the file."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        login = _FORCED_LOGIN.search(stripped)
        data = next((part for i, part in enumerate(stripped.split())
                     if i > 0 and stripped.split()[i - 1] in KEY_TYPES), "")
        found.append((number, login.group(1) if login else None, data))
    return found
