"""Decision references as Norwegian councils write them: archive case, political case, date, title."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.shared.decisions import COUNTY_BODIES, DecidingBody, DecisionRef, require_decision
from domain.shared.errors import ValidationFailed


def ref(**overrides: Any) -> DecisionRef:
    fields: dict[str, Any] = {
        "body": "kommunestyret",
        "meeting_date": date(2024, 6, 20),
        "archive_case_number": "2024/1234",
        "title": "Omstillingsplan for Vågan",
        "political_case_number": "PS 56/24",
    }
    fields.update(overrides)
    return DecisionRef(**fields)


@pytest.mark.parametrize("case", ["2024/1234", "2024/1234-8", "1999/7", " 2018/1407-8 "])
def test_archive_case_with_or_without_document_number_is_accepted(case: str) -> None:
    assert ref(archive_case_number=case).archive_case_number == case.strip()


@pytest.mark.parametrize(
    "case", ["2024-1234", "24/1234", "2024/", "/1234", "2024/1234-", "sak 2024/1234"]
)
def test_archive_case_in_another_shape_is_refused_naming_the_field(case: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(archive_case_number=case)
    assert refused.value.field == "archiveCaseNumber"
    assert "2024/1234" in refused.value.rule


def test_missing_archive_case_is_refused_as_required() -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(archive_case_number="  ")
    assert (refused.value.field, refused.value.rule) == (
        "archiveCaseNumber",
        "is required and cannot be empty",
    )


@pytest.mark.parametrize("political", ["PS 56/24", "PS 15/2019"])
def test_political_case_number_as_the_body_writes_it_is_accepted(political: str) -> None:
    assert ref(political_case_number=political).political_case_number == political


@pytest.mark.parametrize("political", ["56/24", "PS56/24", "PS 56-24", "ps 56/24"])
def test_political_case_number_without_the_ps_prefix_is_refused(political: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(political_case_number=political)
    assert refused.value.field == "politicalCaseNumber"
    assert "PS 56/24" in refused.value.rule


def test_political_case_number_is_optional_and_blank_means_none() -> None:
    assert ref(political_case_number=None).political_case_number is None
    assert ref(political_case_number="  ").political_case_number is None


@pytest.mark.parametrize("meeting_date", [None, "2024-06-20"])
def test_a_decision_without_a_meeting_date_is_refused(meeting_date: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(meeting_date=meeting_date)
    assert refused.value.field == "meetingDate"


@pytest.mark.parametrize("title", ["", "   "])
def test_a_decision_without_a_title_is_refused(title: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(title=title)
    assert refused.value.field == "title"


def test_an_unknown_deciding_body_is_refused_listing_the_bodies() -> None:
    with pytest.raises(ValidationFailed) as refused:
        ref(body="bystyret")
    assert refused.value.field == "body"
    assert "kommunestyret" in refused.value.rule and "fylkesutvalget" in refused.value.rule


def test_the_body_given_as_text_becomes_the_deciding_body() -> None:
    assert ref(body="fylkesradet").body is DecidingBody.FYLKESRADET


def test_label_names_body_date_political_and_archive_case() -> None:
    assert ref().label == "kommunestyret 2024-06-20 PS 56/24 (2024/1234)"


def test_label_without_political_case_number_leaves_it_out() -> None:
    decision = ref(
        body="fylkesutvalget", political_case_number=None, archive_case_number="2021/1187-4"
    )
    assert decision.label == "fylkesutvalget 2024-06-20 (2021/1187-4)"


def test_a_step_that_needs_a_decision_refuses_to_run_without_one() -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_decision("decision", None)
    assert refused.value.field == "decision"
    assert "decision reference is required" in refused.value.rule


def test_a_step_decided_by_the_wrong_body_is_refused_naming_the_allowed_bodies() -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_decision("decision", ref(body="kommunestyret"), COUNTY_BODIES)
    assert refused.value.field == "decision.body"
    assert "fylkesutvalget" in refused.value.rule and "kommunestyret" not in refused.value.rule


def test_a_step_decided_by_an_allowed_body_returns_the_decision() -> None:
    decision = ref(body="fylkeskommunen_administrativt")
    assert require_decision("decision", decision, COUNTY_BODIES) is decision
