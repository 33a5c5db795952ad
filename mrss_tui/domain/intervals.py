"""Integer intervals narrowed along lines ``total = sum(parts)``: how an attacker who knows a
range for every count, and every identity between them, narrows them; and the text a small
count's range is published as. Pure."""

from __future__ import annotations

UNBOUNDED = 10**12


def hidden_range(threshold: int) -> str:
    return f"1-{threshold}"


def propagate(known: dict[str, tuple[int, int]],
              lines: list[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[int, int]]:
    """Narrow integer intervals until every line ``total = sum(parts)`` is consistent."""
    known = dict(known)
    for _round in range(200):
        changed = False
        for total, parts in lines:
            terms = (total, *parts)
            signs = (-1, *([1] * len(parts)))  # sum(sign * x) == 0
            low_sum = sum(known[k][0] if s > 0 else -known[k][1] for k, s in zip(terms, signs))
            high_sum = sum(known[k][1] if s > 0 else -known[k][0] for k, s in zip(terms, signs))
            for key, sign in zip(terms, signs):
                low, high = known[key]
                own_low, own_high = (low, high) if sign > 0 else (-high, -low)
                rest_low, rest_high = low_sum - own_low, high_sum - own_high
                new_low, new_high = -rest_high, -rest_low  # sign * x == -(rest)
                if sign < 0:
                    new_low, new_high = -new_high, -new_low
                narrowed = (max(low, new_low), min(high, new_high))
                if narrowed != (low, high) and narrowed[0] <= narrowed[1]:
                    known[key] = narrowed
                    changed = True
        if not changed:
            break
    return known
