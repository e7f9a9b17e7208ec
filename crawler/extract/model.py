"""The renewal-fact vocabulary shared by the extractor, the storage and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = (
    "renewed",
    "cancelled",
    "final_season",
    "in_development",
    "filming",
    "release_date",
    "released",
)
CERTAINTIES = ("official", "reported")
FACT_FIELDS = (
    "series",
    "platform",
    "season",
    "status",
    "certainty",
    "episodes",
    "release",
    "evidence",
)


@dataclass(frozen=True)
class Fact:
    """One renewal fact about one season of one series, as one article states it.

    ``aliases`` holds other titles the article uses for the same series (for
    example its French and English titles); it links series in storage but is
    not part of the public fact shape.
    """

    series: str
    status: str
    season: int | None = None
    platform: str | None = None
    certainty: str = "official"
    episodes: int | None = None
    release: str | None = None
    evidence: str = ""
    aliases: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        """The INTERFACE.md fact: exactly the vocabulary fields."""
        return {name: getattr(self, name) for name in FACT_FIELDS}
