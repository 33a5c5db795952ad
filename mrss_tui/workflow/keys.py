"""SSH keys of staff: the service account's ``authorized_keys`` rewritten from the database.

The database records who owns which key; the file is what OpenSSH reads. Each change updates
both inside one database transaction (which also serialises two administrators), and the file
is replaced atomically (write a temporary file, fsync, rename), so sshd never reads half a file
and a failed write leaves both as they were.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mrss_tui.domain.records import Staff
from mrss_tui.domain.ssh_keys import (
    KeyProblem,
    PublicKey,
    SshKey,
    check_wrapper,
    key_in_foreign_lines,
    key_lines,
    parse_public_key,
    render_authorized_keys,
)
from mrss_tui.errors import MrssError, NotFound, ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action

DEFAULT_WRAPPER = "/usr/local/bin/mrss-ssh"


@dataclass(frozen=True)
class KeyFiles:
    """Where the service account's authorized_keys file is and which wrapper its lines run."""

    authorized_keys: Path
    wrapper: str


class KeyFileError(MrssError):
    exit_code = 3


def add_key(session: Session, login: str, public_key: str, files: KeyFiles | None = None) -> SshKey:
    """Give an active staff member a key that opens mrss (and nothing else) as them."""
    session.require(Action.MANAGE_KEYS)
    try:
        key = parse_public_key(public_key)
    except KeyProblem as exc:
        raise ValidationFailed(f"not added: {exc}", {"key": str(exc)}) from None
    store = session.store
    with store.atomic():
        staff = _active_staff(session, login)
        files = _files(session, files)
        owner = store.ssh_keys.live_with_data(key.key_data)
        if owner is not None:
            raise ValidationFailed(f"not added: this key already belongs to '{owner.login}'; "
                                   "each person needs their own key", {"key": "in use"})
        existing = _read(files.authorized_keys)
        if key_in_foreign_lines(existing, files.wrapper, key):
            raise ValidationFailed(
                f"not added: this key is already in {files.authorized_keys} on a line mrss does not "
                "manage (it would bypass the forced command); remove that line first",
                {"key": "unmanaged line"})
        store.ssh_keys.remember_files(session.actor.login, str(files.authorized_keys), files.wrapper)
        added = store.ssh_keys.add(session.actor.login, staff.id, key)
        _write_file(session, files, existing)
    return added


def list_keys(session: Session, include_revoked: bool = False) -> list[SshKey]:
    session.require(Action.MANAGE_KEYS)
    return session.store.ssh_keys.every() if include_revoked else session.store.ssh_keys.live()


def revoke_keys(session: Session, login: str, files: KeyFiles | None = None) -> list[SshKey]:
    """Remove every key of a staff member (active or not) from the database and the file."""
    session.require(Action.MANAGE_KEYS)
    with session.store.atomic():
        staff = session.store.staff.by_login(login)
        if staff is None:
            raise NotFound(f"no staff member with login '{login}'")
        revoked = session.store.ssh_keys.revoke_all_of(session.actor.login, staff.id)
        if files is not None or remembered_files(session) is not None:
            _write_file(session, _files(session, files))
    return revoked


def write_key_block(session: Session, files: KeyFiles | None = None) -> int:
    """Rewrite mrss's block of authorized_keys from the database alone (a standby after
    `mrss restore`): exactly the database's live keys work, lines outside the block are kept.
    Returns how many keys the block holds."""
    session.require(Action.MANAGE_KEYS)
    _write_file(session, _files(session, files))
    return len(session.store.ssh_keys.live())


def rewrite_after_deactivation(session: Session) -> None:
    """Called by ``staff.set_active`` inside its transaction, after the store revoked the
    person's keys (the caller holds MANAGE_ROSTER): the file loses their lines. If it cannot be
    rewritten the whole deactivation fails, so the roster never says "inactive" while a key
    still works."""
    session.require(Action.MANAGE_ROSTER)
    remembered = session.store.ssh_keys.files()
    if remembered is not None:
        _write_file(session, KeyFiles(Path(remembered[0]), remembered[1]))


def remembered_files(session: Session) -> KeyFiles | None:
    """The files named by the first ``ssh-key add`` (kept in the database), if any.

    There is deliberately no guessed default: run as the wrong user, "~/.ssh/authorized_keys"
    would hand out a (restricted) way into that user's account."""
    session.require(Action.MANAGE_KEYS)
    remembered = session.store.ssh_keys.files()
    return None if remembered is None else KeyFiles(Path(remembered[0]), remembered[1])


def key_file_problems(session: Session) -> list[str]:
    """Key lines in the remembered authorized_keys that should not let anyone in: a revoked
    key, or a forced login that is unknown, inactive or has no such key in the database
    (``mrss check``). Lines are named by number, never by key."""
    session.require(Action.MANAGE_KEYS)
    store = session.store
    # Keys an earlier version left live when the Roster deactivated someone (issue 22).
    left_live = [f"a live SSH key of '{k.login}', who is inactive: run 'mrss staff deactivate "
                 f"{k.login}' to revoke it" for k in store.ssh_keys.live()
                 if _inactive(session, k.login)]
    files = remembered_files(session)
    if files is None:
        return left_live
    live = {(k.login, k.key_data) for k in store.ssh_keys.live()}
    revoked = {k.key_data: k.login for k in store.ssh_keys.every() if k.revoked_at is not None}
    live_data = {data for _login, data in live}
    problems = []
    for number, login, data in key_lines(_read(files.authorized_keys)):
        where = f"{files.authorized_keys}:{number}"
        if data in revoked and data not in live_data:
            problems.append(f"{where}: a revoked key of '{revoked[data]}' still opens the account")
        elif login is not None:
            staff = store.staff.by_login(login)
            if staff is None or not staff.active:
                problems.append(f"{where}: a key line for '{login}', who is "
                                f"{'unknown' if staff is None else 'inactive'}")
            elif (login, data) not in live:
                problems.append(f"{where}: a key line for '{login}' that mrss did not issue")
    return left_live + problems


# -- helpers -----------------------------------------------------------------------------------------

def _inactive(session: Session, login: str) -> bool:
    staff = session.store.staff.by_login(login)
    return staff is None or not staff.active


def _active_staff(session: Session, login: str) -> Staff:
    staff = session.store.staff.by_login(login)
    if staff is None:
        raise NotFound(f"not added: no staff member with login '{login}'")
    if not staff.active:
        raise ValidationFailed(f"not added: '{login}' is inactive; reactivate them first",
                               {"login": "inactive"})
    return staff


def _files(session: Session, files: KeyFiles | None) -> KeyFiles:
    files = files or remembered_files(session)  # (the callers hold MANAGE_KEYS)
    if files is None:
        raise ValidationFailed("the first time, name the service account's authorized_keys "
                               "(--authorized-keys) and the wrapper (--wrapper); later commands "
                               "remember them", {"authorized_keys": "not set"})
    try:
        check_wrapper(files.wrapper)
    except KeyProblem as exc:
        raise ValidationFailed(str(exc), {"wrapper": "unsafe"}) from None
    return KeyFiles(files.authorized_keys.expanduser().absolute(), files.wrapper)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _write_file(session: Session, files: KeyFiles, existing: str | None = None) -> None:
    live = [(k.login, PublicKey(key_type=k.key_type, key_data=k.key_data, comment=k.comment))
            for k in session.store.ssh_keys.live()]
    text = render_authorized_keys(_read(files.authorized_keys) if existing is None else existing,
                                  files.wrapper, live)
    try:
        _atomic_write(files.authorized_keys, text)
    except OSError as exc:
        raise KeyFileError(f"cannot write {files.authorized_keys} ({exc.strerror}); nothing was "
                           "changed. Run this as the service account") from None


def _atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` in one rename, mode 0600, keeping the owner of the file (or its folder)."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    owner = path.stat() if path.exists() else folder.stat()
    fd, tmp = tempfile.mkstemp(prefix=".authorized_keys.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), 0o600)
            if os.geteuid() == 0:  # root editing the service account's file: keep it theirs
                os.fchown(handle.fileno(), owner.st_uid, owner.st_gid)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
