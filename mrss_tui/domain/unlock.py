"""The secret that unlocks an idle session: a PIN or passphrase the person sets themselves,
kept only as a salted scrypt hash (pure: the salt is an argument, no I/O)."""

from __future__ import annotations

# scrypt cost: about 50 ms and 16 MiB per try here, so guessing is slow and the UI stays quick.
N, R, P = 2 ** 14, 8, 1
MIN_LENGTH = 6
MAX_LENGTH = 128
MAX_ATTEMPTS = 5  # wrong tries at the lock screen before the session ends


def secret_problem(secret: str) -> str | None:
    """Why this secret cannot be used, or None."""
    if len(secret) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters (digits for a PIN, or words)"
    if len(secret) > MAX_LENGTH:
        return f"use at most {MAX_LENGTH} characters"
    if len(set(secret)) == 1 or secret in "01234567890" or secret in "9876543210":
        return "too easy to guess (one repeated key or a run of digits)"
    return None


def hash_secret(secret: str, salt: bytes) -> str:
    import hashlib  # on first use: the lock screen's limits are read at start, and hashlib
    # loads OpenSSL (~2.5 ms before the first frame)

    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    """True only for the right secret; False for a wrong one, or when none is stored."""
    import hashlib  # on first use, as above
    import hmac

    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    tried = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                           p=int(p), dklen=len(digest) // 2)
    return hmac.compare_digest(tried.hex(), digest)
