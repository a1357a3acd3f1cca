"""Every text that enters the domain goes through domain.shared.text: a sweep over real
aggregate commands and the values they take, one text parameter at a time. A NUL or a bidi
override is refused naming that parameter, with no event triggered; a line break is refused in
single-line texts and kept in multi-line ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from domain.action_plan.content import CommunicationActivity, Strategy
from domain.assessment.model import FollowUpInput, IndicatorScore, Participant
from domain.continuation.stages import Alternative, ForstudieReport, Owner, OwnerKind, Stage
from domain.funds.use import SpendingReport
from domain.plan.content import FocusArea
from domain.population.file_format import PopulationFigure
from domain.population.model import PopulationRegister, sha256_of
from domain.project.mandate import Organisation, WorkStream
from domain.results.series import Period
from domain.shared.actor import Actor, Role
from domain.shared.errors import ValidationFailed
from domain.shared.text import TextKind
from tests.factories import (
    actor,
    complete_content,
    decision,
    focus_area,
    goal,
    psv_participants,
    psv_scores,
)
from tests.unit import test_action_plan as ap
from tests.unit import test_continuation as ct
from tests.unit import test_funds as fu
from tests.unit import test_plan as pl
from tests.unit import test_programme as pr
from tests.unit import test_project as pj
from tests.unit import test_results as rs
from tests.unit import test_status_assessment as sa

LINE, CODE, MULTILINE = TextKind.LINE, TextKind.CODE, TextKind.MULTILINE
Call = Callable[[Any, str], object]


@dataclass(frozen=True)
class Case:
    """One text parameter: the field a refusal names, its kind, the aggregate to send it to
    (None for a value or a creation) and the call that sends it."""

    field: str
    kind: TextKind
    new: Callable[[], Aggregate | None]
    call: Call


def nothing() -> None:
    return None


def concluded() -> Any:
    assessment = sa.held()
    assessment.conclude("Konklusjon", sa.follow_ups(), actor=actor())
    return assessment


def communication(
    plan: Any,
    what: str = "Folkemøte",
    audience: str = "Innbyggere",
    channel: str = "Møte",
    responsible: str = "Leder",
) -> None:
    activity = CommunicationActivity(what, audience, date(2025, 3, 12), channel, responsible)
    plan.set_communication_plan([activity], actor=ap.EDITOR, reason="Kommunikasjon")


def spend(use: Any, accounts: str = "Bilag 1", comment: str | None = None) -> None:
    report = SpendingReport(
        "P1",
        fu.kr("1000"),
        date(2025, 1, 1),
        date(2025, 3, 31),
        "personnel",
        accounts,
        comment=comment,
    )
    use.report_spending(fu.P1, report, fu.position(), actor=fu.EDITOR)


def people(**text: str) -> list[Participant]:
    first, *rest = psv_participants()
    fields = {"name": first.name, "organisation": first.organisation} | text
    return [Participant(fields["name"], fields["organisation"], first.role), *rest]


def scored(comment: str) -> list[IndicatorScore]:
    first, *rest = psv_scores()
    return [IndicatorScore(first.indicator, first.score, comment), *rest]


def start_forstudie(continuation: Any, owner: str) -> None:
    owners = (Owner(owner, OwnerKind.MUNICIPALITY),)
    start, end = date(2025, 3, 3), date(2025, 4, 11)
    continuation.start_stage(Stage.FORSTUDIE, start, end, owners, ct.PERIOD, actor=ct.EDITOR)


def deliver(
    continuation: Any, title: str = "Forstudierapport", financing: str = "Kommunen"
) -> None:
    alternatives = (
        Alternative("Alternativ 1", financing, "AS", "Båtsfjord"),
        Alternative("Alternativ 2", "Næringslivet", "Stiftelse", "Regionen"),
    )
    report = ForstudieReport(title, date(2025, 4, 4), alternatives)
    continuation.record_deliverable(report, ct.PERIOD, actor=ct.EDITOR)


def record_cost(continuation: Any, description: str) -> None:
    entry = replace(ct.cost("10000"), description=description)
    continuation.record_cost(entry, ct.PERIOD, actor=ct.EDITOR)


def register() -> PopulationRegister:
    return PopulationRegister.open(actor=actor())


def population(
    register: PopulationRegister, source: str = "SSB 07459", file_name: str = "a.csv"
) -> None:
    figure = PopulationFigure(register.id, "5632", 2024, 2190)
    register.import_figures(
        [figure],
        source=source,
        file_name=file_name,
        sha256=sha256_of(b"a"),
        imported_on=date(2025, 3, 1),
        actor=actor(),
    )


CASES = [
    # The programme and its decisions
    Case("name", LINE, nothing, lambda _, t: pr.register(name=t)),
    Case("reason", MULTILINE, nothing, lambda _, t: pr.register(reason=t)),
    Case("grantingCountyNumber", CODE, nothing, lambda _, t: pr.register(granting_county_number=t)),
    Case("title", LINE, nothing, lambda _, t: decision("fylkesutvalget", title=t)),
    Case("archiveCaseNumber", CODE, nothing, lambda _, t: decision("fylkesutvalget", case=t)),
    Case(
        "politicalCaseNumber",
        CODE,
        nothing,
        lambda _, t: decision("fylkesutvalget", political=t),
    ),
    Case(
        "reason",
        MULTILINE,
        pr.register,
        lambda p, t: p.extend_period(
            date(2030, 6, 30), actor=pr.COUNTY_OFFICER, decision=pr.county_decision(), reason=t
        ),
    ),
    Case("reason", MULTILINE, pr.register, lambda p, t: pr.advance(p, "strategy_and_anchoring", t)),
    # The Omstillingsplan
    Case("vision", MULTILINE, nothing, lambda _, t: pl.draft(complete_content(vision=t))),
    Case(
        "text",
        MULTILINE,
        pl.draft,
        lambda p, t: p.revise_section("background", t, actor=pl.EDITOR, reason="Ny tekst"),
    ),
    Case(
        "reason",
        MULTILINE,
        pl.draft,
        lambda p, t: p.revise_section("background", "Ny", actor=pl.EDITOR, reason=t),
    ),
    Case(
        "name",
        LINE,
        pl.draft,
        lambda p, t: p.put_focus_area(focus_area(name=t), actor=pl.EDITOR, reason="Nytt"),
    ),
    Case(
        "description",
        MULTILINE,
        pl.draft,
        lambda p, t: p.put_focus_area(focus_area(description=t), actor=pl.EDITOR, reason="Nytt"),
    ),
    Case(
        "code",
        CODE,
        pl.draft,
        lambda p, t: p.put_focus_area(
            FocusArea(t, "Navn", "", (goal("D1"),)), actor=pl.EDITOR, reason="Nytt"
        ),
    ),
    Case(
        "text",
        MULTILINE,
        pl.draft,
        lambda p, t: p.set_main_goal(goal(text=t), actor=pl.EDITOR, reason="Mål"),
    ),
    Case("code", CODE, pl.draft, lambda p, t: p.remove_focus_area(t, actor=pl.EDITOR, reason="Ut")),
    # The Handlingsplan
    Case(
        "text",
        MULTILINE,
        ap.drafted,
        lambda p, t: p.revise_section("earlier_results", t, actor=ap.EDITOR, reason="Resultater"),
    ),
    Case(
        "text",
        MULTILINE,
        ap.drafted,
        lambda p, t: p.put_strategy(Strategy("I1", t), actor=ap.EDITOR, reason="Strategi"),
    ),
    Case("what", MULTILINE, ap.drafted, lambda p, t: communication(p, what=t)),
    Case("audience", LINE, ap.drafted, lambda p, t: communication(p, audience=t)),
    Case("channel", LINE, ap.drafted, lambda p, t: communication(p, channel=t)),
    Case("responsible", LINE, ap.drafted, lambda p, t: communication(p, responsible=t)),
    Case(
        "projectCode",
        CODE,
        ap.complete,
        lambda p, t: p.remove_measure(t, actor=ap.EDITOR, reason="Ut"),
    ),
    # Projects
    Case("code", CODE, nothing, lambda _, t: pj.proposed(code=t)),
    Case("name", LINE, nothing, lambda _, t: pj.proposed(mandate=pj.mandate(name=t))),
    Case("owner", LINE, nothing, lambda _, t: pj.proposed(mandate=pj.mandate(owner=t))),
    Case(
        "projectLeader",
        LINE,
        nothing,
        lambda _, t: pj.proposed(mandate=pj.mandate(project_leader=t)),
    ),
    Case("purpose", MULTILINE, nothing, lambda _, t: pj.proposed(mandate=pj.mandate(purpose=t))),
    Case(
        "resultGoals[1]",
        MULTILINE,
        nothing,
        lambda _, t: pj.proposed(mandate=pj.mandate(result_goals=("Mål", t))),
    ),
    Case("steeringGroup[0]", LINE, nothing, lambda _, t: Organisation(steering_group=(t,))),
    Case("scope", MULTILINE, nothing, lambda _, t: WorkStream("Arbeidsstrøm 1", t)),
    Case(
        "name",
        LINE,
        pj.proposed,
        lambda p, t: p.put_milestone(
            pj.milestone("M3", date(2013, 5, 10), name=t), actor=pj.EDITOR, reason="Ny"
        ),
    ),
    Case(
        "criterion",
        MULTILINE,
        pj.proposed,
        lambda p, t: p.put_milestone(
            pj.milestone("M3", date(2013, 5, 10), criterion=t), actor=pj.EDITOR, reason="Ny"
        ),
    ),
    Case(
        "number",
        CODE,
        pj.proposed,
        lambda p, t: p.remove_milestone(t, actor=pj.EDITOR, reason="Ut"),
    ),
    Case(
        "milestones[M1].evidence",
        MULTILINE,
        pj.running,
        lambda p, t: p.complete_milestone("M1", date(2013, 6, 10), t, actor=pj.EDITOR),
    ),
    Case(
        "milestones[M1].completedBy",
        LINE,
        pj.running,
        lambda p, t: p.complete_milestone(
            "M1", date(2013, 6, 10), "Referat", actor=pj.EDITOR, completed_by=t
        ),
    ),
    Case(
        "reason",
        MULTILINE,
        pj.proposed,
        lambda p, t: p.stop(date(2013, 5, 1), actor=pj.EDITOR, reason=t),
    ),
    # Funds
    Case("conditions[0]", MULTILINE, nothing, lambda _, t: fu.new_grant(conditions=(t,))),
    Case("countyNumber", CODE, nothing, lambda _, t: fu.new_grant(county_number=t)),
    Case(
        "reason",
        MULTILINE,
        fu.new_grant,
        lambda g, t: g.amend(
            amount=fu.kr("500000"), actor=fu.OFFICER, decision=fu.county_decision(), reason=t
        ),
    ),
    Case("accountsReference", LINE, fu.allocated_use, lambda u, t: spend(u, accounts=t)),
    Case("comment", MULTILINE, fu.allocated_use, lambda u, t: spend(u, comment=t)),
    # Results
    Case("nameNb", LINE, nothing, lambda _, t: rs.indicator(name=t)),
    Case("definition", MULTILINE, nothing, lambda _, t: rs.indicator(definition=t)),
    Case("dataSource", LINE, nothing, lambda _, t: rs.indicator(data_source=t)),
    Case("code", CODE, nothing, lambda _, t: rs.indicator(code=t)),
    Case(
        "source",
        LINE,
        rs.series,
        lambda s, t: s.set_baseline(10, date(2023, 1, 1), t, actor=rs.WHO),
    ),
    Case(
        "comment",
        MULTILINE,
        rs.series,
        lambda s, t: s.report_actual(Period(2024), 12, "SSB", comment=t, actor=rs.WHO),
    ),
    Case("legalBasis", LINE, rs.series, lambda s, t: s.restrict(t, actor=rs.WHO)),
    # The programme status assessment
    Case("participants[0].name", LINE, nothing, lambda _, t: sa.held(participants=people(name=t))),
    Case(
        "participants[0].organisation",
        LINE,
        nothing,
        lambda _, t: sa.held(participants=people(organisation=t)),
    ),
    Case("scores[0].comment", MULTILINE, nothing, lambda _, t: sa.held(scores=scored(t))),
    Case("conclusions", MULTILINE, sa.held, lambda a, t: a.conclude(t, (), actor=actor())),
    Case(
        "followUps[0].what",
        MULTILINE,
        sa.held,
        lambda a, t: a.conclude("K", [FollowUpInput(t, "Leder", date(2024, 1, 1))], actor=actor()),
    ),
    Case(
        "followUps[0].responsible",
        LINE,
        sa.held,
        lambda a, t: a.conclude("K", [FollowUpInput("Gjør", t, date(2024, 1, 1))], actor=actor()),
    ),
    Case(
        "doneBy",
        LINE,
        concluded,
        lambda a, t: a.complete_follow_up(1, date(2024, 1, 5), t, actor=actor()),
    ),
    # Videreføring
    Case("owners[0].name", LINE, ct.new, lambda c, t: start_forstudie(c, t)),
    Case("title", LINE, ct.in_forstudie, lambda c, t: deliver(c, title=t)),
    Case(
        "alternatives[0].financing",
        MULTILINE,
        ct.in_forstudie,
        lambda c, t: deliver(c, financing=t),
    ),
    Case("description", MULTILINE, ct.in_forstudie, lambda c, t: record_cost(c, t)),
    # Population figures
    Case("source", LINE, register, lambda r, t: population(r, source=t)),
    Case("fileName", LINE, register, lambda r, t: population(r, file_name=t)),
    # Who did it
    Case("actor.name", LINE, nothing, lambda _, t: Actor("kari", t, Role.MUNICIPALITY_EDITOR, "k")),
]


def case_id(case: Case) -> str:
    return f"{CASES.index(case):02d}-{case.field}"


def pending(aggregate: Aggregate | None) -> int | None:
    return None if aggregate is None else len(aggregate.pending_events)


def refusal(case: Case, text: str) -> ValidationFailed:
    aggregate = case.new()
    before = pending(aggregate)
    with pytest.raises(ValidationFailed) as error:
        case.call(aggregate, text)
    assert pending(aggregate) == before, "nothing is triggered when a text is refused"
    return error.value


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_nul_in_any_text_parameter_is_refused_naming_it(case: Case) -> None:
    error = refusal(case, "Tekst\x00")
    assert error.field == case.field
    assert error.rule == "must not contain control characters (found U+0000 at character 6)"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_an_escape_or_a_bidi_override_in_any_text_parameter_is_refused(case: Case) -> None:
    assert refusal(case, "A\x1b[2J").field == case.field
    override = refusal(case, "P1 \u202efdp.exe")
    assert (override.field, override.rule) == (
        case.field,
        "must not contain bidirectional control characters (found U+202E at character 4)",
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.kind is not MULTILINE], ids=case_id)
def test_a_line_break_is_refused_in_every_single_line_parameter(case: Case) -> None:
    error = refusal(case, "P1\nP2")
    assert (error.field, error.rule) == (
        case.field,
        "must be a single line (found U+000A at character 3)",
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.kind is MULTILINE], ids=case_id)
def test_line_breaks_are_accepted_in_every_multiline_parameter(case: Case) -> None:
    """Stored as LF: an event carrying the CR would be refused by the backstop."""
    case.call(case.new(), "Første linje\r\nAndre linje")
