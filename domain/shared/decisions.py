"""Decision references as Norwegian councils write them (Noark 5 practice)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.shared.dates import decided_by_now, plausible_date
from domain.shared.errors import ValidationFailed
from domain.shared.text import TextKind, code, optional_text, required_text


class DecidingBody(StrEnum):
    KOMMUNESTYRET = "kommunestyret"
    FORMANNSKAPET = "formannskapet"
    OMSTILLINGSSTYRET = "omstillingsstyret"
    PROSJEKTSTYRINGSGRUPPEN = "prosjektstyringsgruppen"
    FYLKESUTVALGET = "fylkesutvalget"
    FYLKESTINGET = "fylkestinget"
    FYLKESRADET = "fylkesradet"
    FYLKESKOMMUNEN_ADMINISTRATIVT = "fylkeskommunen_administrativt"


COUNTY_BODIES = frozenset(
    {
        DecidingBody.FYLKESUTVALGET,
        DecidingBody.FYLKESTINGET,
        DecidingBody.FYLKESRADET,
        DecidingBody.FYLKESKOMMUNEN_ADMINISTRATIVT,
    }
)

# `2024/1234`, or with the document number `2024/1234-8`.
ARCHIVE_CASE = re.compile(r"^(19|20)\d{2}/\d{1,7}(-\d{1,5})?$")
# `PS 56/24` or `PS 15/2019`.
POLITICAL_CASE = re.compile(r"^PS \d{1,4}/(\d{2}|\d{4})$")


@dataclass(frozen=True)
class DecisionRef:
    """The decision that caused a change: body, meeting date, case numbers and title."""

    body: DecidingBody
    meeting_date: date
    archive_case_number: str
    title: str
    political_case_number: str | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "body", DecidingBody(self.body))
        except ValueError:
            allowed = ", ".join(b.value for b in DecidingBody)
            raise ValidationFailed("body", f"must be one of {allowed}") from None
        # Fixed bounds here; that the meeting has been held is checked when it is recorded.
        plausible_date("meetingDate", self.meeting_date)
        case = code(
            "archiveCaseNumber",
            self.archive_case_number,
            40,
            ARCHIVE_CASE,
            "must be an archive case number like 2024/1234 or 2024/1234-8",
        )
        object.__setattr__(self, "archive_case_number", case)
        object.__setattr__(
            self, "title", required_text("title", self.title, 500, kind=TextKind.LINE)
        )
        political = optional_text(
            "politicalCaseNumber", self.political_case_number, 40, kind=TextKind.CODE
        )
        if political is not None and not POLITICAL_CASE.match(political):
            raise ValidationFailed(
                "politicalCaseNumber", "must be a political case number like PS 56/24"
            )
        object.__setattr__(self, "political_case_number", political)

    @property
    def label(self) -> str:
        """One line for audit summaries: 'kommunestyret 2024-06-20 PS 56/24 (2024/1234)'."""
        parts = [self.body.value, self.meeting_date.isoformat()]
        if self.political_case_number:
            parts.append(self.political_case_number)
        parts.append(f"({self.archive_case_number})")
        return " ".join(parts)


def require_decision(
    field: str, decision: DecisionRef | None, bodies: frozenset[DecidingBody] | None = None
) -> DecisionRef:
    """A step that needs a decision refuses to run without one, or by the wrong body."""
    if decision is None:
        raise ValidationFailed(field, "a decision reference is required for this step")
    if bodies is not None and decision.body not in bodies:
        allowed = ", ".join(sorted(b.value for b in bodies))
        raise ValidationFailed(f"{field}.body", f"must be decided by {allowed}")
    decision_on_record(field, decision)
    return decision


def decision_on_record(field: str, decision: DecisionRef | None) -> DecisionRef | None:
    """A decision being recorded has been made: its meeting is not after the recording day
    (within a small margin). Every event's decision passes here (see `AttributedEvent`)."""
    if decision is not None:
        decided_by_now(f"{field}.meetingDate", decision.meeting_date)
    return decision
