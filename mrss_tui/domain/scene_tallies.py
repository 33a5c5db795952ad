"""What the store counts about face-to-face responses in a report week (before suppression):
on-scene outcomes (the programs' aims "stabilized without ED" and "without arrest"), law
enforcement at calls (once per call), and calls by risk to others."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SceneTallies(BaseModel):
    model_config = ConfigDict(defer_build=True)

    # Face-to-face responses (episodes whose first face-to-face time is in the week) with a
    # recorded on-scene outcome, by that one outcome.
    by_outcome: dict[str, int] = Field(default_factory=dict)
    # Calls received in the week with law enforcement on scene, and of those with CIT officers.
    le_on_scene_calls: int = 0
    le_cit_calls: int = 0
    # Calls received in the week by the requester of law enforcement ("team", "911", ...).
    le_requested_by: dict[str, int] = Field(default_factory=dict)
    # Calls received in the week by risk-to-others level (unscreened calls not counted).
    by_others_level: dict[str, int] = Field(default_factory=dict)

    @property
    def responses(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def stabilized_without_ed(self) -> int:
        return self.by_outcome.get("stabilized_in_place", 0)

    @property
    def without_arrest(self) -> int:
        return self.responses - self.by_outcome.get("arrest", 0)
