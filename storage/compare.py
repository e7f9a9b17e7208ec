"""Verdicts of `renewals compare`: one document's fact judged against what other
sources in the database said about the same season.

Pure over plain data: the caller loads the claims (one per stored mention, the
document's own mentions left out) and gets back the verdict with the claims that
decide it. Dates are ISO strings (`YYYY-MM` or `YYYY-MM-DD`), compared as text, so a
month sorts before every day of that month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extract.model import Fact as ExtractedFact

CONFIRMED = "confirmed"
OUTDATED = "outdated"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
VERDICTS = (CONFIRMED, OUTDATED, CONTRADICTED, UNVERIFIED)

CANCELLED = "cancelled"
PROGRESSION = {
    "in_development": 0,
    "renewed": 1,
    "final_season": 1,
    "filming": 2,
    "release_date": 3,
    "released": 4,
}
"""How a season moves on; a cancellation may end any of these."""
GOING_AHEAD = frozenset(("renewed", "final_season", "filming", "release_date", "released"))
"""Statuses that say the season happens: incompatible with its cancellation."""
DATED = frozenset(("release_date", "released"))


@dataclass(frozen=True)
class Claim:
    """What one stored source said about one season: a mention under its fact's key."""

    fact_id: int
    season: int | None
    status: str
    platform: str | None
    release: str | None
    published: str | None
    url: str
    evidence: str


@dataclass(frozen=True)
class Verdict:
    verdict: str
    claims: tuple[Claim, ...] = ()


def judge(fact: ExtractedFact, as_of: str, claims: Sequence[Claim]) -> Verdict:
    """The verdict on `fact`, stated on `as_of`, given other sources' claims about its series.

    Outdated wins over contradicted, which wins over confirmed: a reader first needs to
    know the news moved on, then that it conflicts with what was already known.
    """
    later = [c for c in claims if _comparable(fact, c) and c.published and c.published > as_of]
    moved_on = [c for c in later if _moves_on(fact.status, fact.release, c)]
    if moved_on:
        return Verdict(OUTDATED, tuple(moved_on))
    known = [c for c in claims if _comparable(fact, c) and c.published and c.published <= as_of]
    conflicting = [c for c in _current(known) if _conflicts(fact, c)]
    if conflicting:
        return Verdict(CONTRADICTED, tuple(conflicting))
    same = [c for c in claims if _agrees(fact, c)]
    if same:
        return Verdict(CONFIRMED, tuple(same))
    return Verdict(UNVERIFIED)


def _comparable(fact: ExtractedFact, claim: Claim) -> bool:
    """Whether the claim is about the fact's season; a cancellation without a season
    ends every season."""
    return claim.season == fact.season or (claim.status == CANCELLED and claim.season is None)


def _moves_on(status: str, release: str | None, later: Claim) -> bool:
    """Whether `later` reports a step after (status, release): a further stage, a
    cancellation, a revival, or a new release date."""
    if later.status == CANCELLED:
        return status != CANCELLED
    if status == CANCELLED:
        return later.status in GOING_AHEAD
    if later.status == status:
        return status in DATED and not _same_date(release, later.release)
    return PROGRESSION.get(later.status, -1) > PROGRESSION.get(status, -1)


def _current(claims: list[Claim]) -> list[Claim]:
    """The claims not yet superseded by a later one among them: the state of the
    season on the date of the document."""
    return [
        claim
        for claim in claims
        if not any(
            other.published > claim.published and _moves_on(claim.status, claim.release, other) for other in claims
        )
    ]


def _conflicts(fact: ExtractedFact, claim: Claim) -> bool:
    if claim.status == CANCELLED and fact.status in GOING_AHEAD:
        return True
    if fact.status == CANCELLED and claim.status == "released" and claim.season == fact.season:
        return True
    if fact.status == claim.status and fact.status in DATED and not _same_date(fact.release, claim.release):
        return True
    return not _same_platform(fact.platform, claim.platform)


def _agrees(fact: ExtractedFact, claim: Claim) -> bool:
    return (
        claim.status == fact.status
        and (claim.season == fact.season or claim.season is None or fact.season is None)
        and _same_platform(fact.platform, claim.platform)
        and _same_date(fact.release, claim.release)
    )


def _same_date(a: str | None, b: str | None) -> bool:
    """Unknown dates agree with anything; `2025` agrees with `2025-09-12`."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _same_platform(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()
