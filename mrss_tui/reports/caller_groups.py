"""Who called: the free-text caller relation grouped as county reports group it. Pure.

Connecticut reports referral sources (schools are 44%); a county wants to know whether calls
come from families, schools, the person, police or medical staff. The first group whose words
appear in the relation wins, in the order below (a "school nurse" is the school).
"""

from __future__ import annotations

import re

GROUPS: list[tuple[str, str, frozenset[str]]] = [
    ("school", "School", frozenset({"school", "teacher", "principal", "coach", "classroom",
                                    "counselor", "counsellor"})),
    ("police", "Police", frozenset({"police", "officer", "sheriff", "deputy", "trooper", "cit",
                                    "law", "911"})),
    ("medical", "Medical", frozenset({"doctor", "physician", "hospital", "ed", "er", "emergency",
                                      "nurse", "pediatrician", "clinic", "medical", "ems",
                                      "paramedic", "psychiatrist", "therapist", "provider"})),
    ("family", "Parent or family", frozenset({
        "parent", "mother", "father", "mom", "dad", "mum", "guardian", "foster", "grandparent",
        "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "sibling",
        "brother", "sister", "family", "relative", "stepmother", "stepfather", "stepparent",
        "cousin", "spouse", "partner", "wife", "husband", "son", "daughter"})),
    ("self", "Self", frozenset({"self", "myself", "client", "patient"})),
]
OTHER, NOT_RECORDED = "other", "unknown"
ORDER = [key for key, _name, _words in GROUPS] + [OTHER, NOT_RECORDED]
NAMES = {**{key: name for key, name, _words in GROUPS}, OTHER: "Other (friend, case worker...)",
         NOT_RECORDED: "Not recorded"}
WORD = re.compile(r"[a-z0-9]+")


def caller_group(relation: str | None) -> str:
    words = set(WORD.findall((relation or "").lower()))
    if not words or words == {"unknown"}:
        return NOT_RECORDED
    for key, _name, group_words in GROUPS:
        if words & group_words:
            return key
    return OTHER


def grouped(by_relation: dict[str, int]) -> dict[str, int]:
    counts = dict.fromkeys(ORDER, 0)
    for relation, n in by_relation.items():
        counts[caller_group(relation)] += n
    return counts
