"""Plausible dates (domain.shared.dates): every date has a range for its meaning, so a typo
such as 9999-12-31 is refused with the field and the range, before anything is recorded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.assessment.model import FollowUpInput
from domain.plan.content import Measure
from domain.population.file_format import PopulationFigure
from domain.population.model import PopulationRegister, sha256_of
from domain.project.mandate import DecisionPoint
from domain.results.series import Period
from domain.shared.clock import recorded_at
from domain.shared.dates import (
    DECISION_MARGIN,
    MAX_PERIOD_YEARS,
    add_years,
    plausible_date,
    require_year,
)
from domain.shared.errors import ValidationFailed
from tests.factories import actor, at, council_adoption, decision, status_grant
from tests.unit import test_action_plan as ap
from tests.unit import test_funds as fu
from tests.unit import test_plan as pl
from tests.unit import test_programme as pr
from tests.unit import test_project as pj
from tests.unit import test_results as rs
from tests.unit import test_status_assessment as sa

FAR = date(9999, 12, 31)


def refused(call: object) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as error:
        call()  # type: ignore[operator]
    return error.value.field, error.value.rule


# The shared rules


def test_a_date_outside_its_range_is_refused_naming_the_range_and_why() -> None:
    assert plausible_date("dueOn", date(2024, 5, 1)) == date(2024, 5, 1)
    assert refused(lambda: plausible_date("dueOn", FAR)) == (
        "dueOn",
        "must be between 1990-01-01 and 2100-12-31",
    )
    assert refused(
        lambda: plausible_date("x", date(2031, 1, 1), date(2024, 1, 1), date(2030, 12, 31), "why")
    ) == ("x", "must be between 2024-01-01 and 2030-12-31 (why)")
    assert refused(lambda: plausible_date("x", "2024-05-01"))[1] == (
        "is required and must be an ISO date"
    )


@pytest.mark.parametrize("year", [1989, 2101, True, "2025"])
def test_a_year_lies_between_1990_and_2100(year: object) -> None:
    assert refused(lambda: require_year("year", year))[0] == "year"
    assert require_year("year", 1990) == 1990 and require_year("year", 2100) == 2100


def test_adding_years_to_29_february_gives_28_february() -> None:
    assert add_years(date(2024, 2, 29), 10) == date(2034, 2, 28)


# The programme's period


def test_extending_the_period_to_9999_12_31_is_refused_naming_the_period_end() -> None:
    programme = pr.register()
    assert refused(
        lambda: programme.extend_period(
            FAR, actor=pr.COUNTY_OFFICER, decision=pr.county_decision(), reason="Skrivefeil"
        )
    ) == (
        "periodEnd",
        "must be between 2023-07-01 and 2033-07-01 "
        "(at most 10 years after periodStart, extensions included)",
    )
    assert programme.period_end == date(2029, 6, 30) and not programme.pending_events[1:]


def test_the_period_with_its_extensions_lasts_at_most_ten_years() -> None:
    programme = pr.register()
    last = add_years(date(2023, 7, 1), MAX_PERIOD_YEARS)
    officer, grant = pr.COUNTY_OFFICER, pr.county_decision()
    programme.extend_period(last, actor=officer, decision=grant, reason="Forlenget")
    assert programme.period_end == last
    later = last + timedelta(days=1)
    field, _ = refused(
        lambda: programme.extend_period(later, actor=officer, decision=grant, reason="x")
    )
    assert field == "periodEnd"
    assert refused(lambda: pr.register(period_end=FAR))[0] == "periodEnd"


def test_a_period_start_far_ahead_of_the_recording_day_is_refused() -> None:
    with recorded_at(at(date(2024, 3, 1))):
        grant = status_grant(on=date(2024, 2, 20))
        assert refused(lambda: pr.register(period_start=date(2203, 7, 1), decision=grant)) == (
            "periodStart",
            "must be between 1990-01-01 and 2034-03-01 (status is granted at most 10 years ahead)",
        )


# Decisions


def test_a_decision_before_1990_is_refused_as_a_value() -> None:
    assert refused(lambda: decision("fylkesutvalget", date(1989, 12, 31))) == (
        "meetingDate",
        "must be between 1990-01-01 and 2100-12-31",
    )


def test_a_decision_is_not_recorded_before_its_meeting_beyond_a_small_margin() -> None:
    day = date(2024, 1, 10)
    with recorded_at(at(day)):
        pr.register(decision=status_grant(on=day + DECISION_MARGIN), period_start=date(2024, 2, 1))
        assert refused(
            lambda: pr.register(
                decision=status_grant(on=day + DECISION_MARGIN + timedelta(days=1)),
                period_start=date(2024, 2, 1),
            )
        ) == (
            "decision.meetingDate",
            "must be between 1990-01-01 and 2024-01-17 (a decision is recorded once it is made)",
        )


def test_an_optional_decision_from_the_future_is_refused_on_its_event() -> None:
    plan = pl.draft()
    plan.submit(actor=pl.EDITOR)
    future = council_adoption(on=date(2099, 1, 1))
    field, _ = refused(
        lambda: plan.return_to_draft(actor=pl.CLERK, reason="Tilbake", decision=future)
    )
    assert field == "decision.meetingDate"
    assert plan.status.value == "submitted"


# Plans, projects, funds, results, assessments, population


def test_a_plan_comes_into_force_within_a_year_of_its_adoption() -> None:
    plan = pl.draft()
    plan.submit(actor=pl.EDITOR)
    plan.approve(actor=pl.BOARD, decision=pl.steering_group_approval())
    plan.adopt(actor=pl.CLERK, decision=council_adoption())
    assert refused(lambda: plan.put_into_force(FAR, actor=pl.CLERK)) == (
        "effectiveFrom",
        "must be between 2024-02-01 and 2025-02-01 "
        "(an adopted plan comes into force within 1 year of adoption)",
    )
    plan.put_into_force(date(2025, 2, 1), actor=pl.CLERK)


def test_a_goals_year_lies_between_1990_and_2100() -> None:
    assert refused(lambda: Measure(Decimal(1), 1989))[0] == "year"


def test_funds_for_a_year_are_applied_for_before_the_year_ends() -> None:
    plan = ap.council_approved()
    lines = plan.planned_county_funds()
    assert refused(lambda: plan.apply_for_funds(lines, date(2026, 1, 1), actor=ap.EDITOR)) == (
        "appliedOn",
        "must be between 2024-12-12 and 2025-12-31 "
        "(the funds for 2025 are applied for before the year ends)",
    )


def test_project_dates_stay_within_a_projects_longest_run() -> None:
    assert refused(lambda: pj.mandate(ends_on=FAR))[0] == "endsOn"
    assert refused(lambda: pj.mandate(starts_on=FAR, ends_on=None))[0] == "startsOn"
    assert refused(lambda: DecisionPoint("Mandat besluttet", FAR))[0] == "dueOn"
    points = (DecisionPoint("Mandat besluttet", date(2030, 1, 1)),)
    assert refused(lambda: pj.mandate(decision_points=points)) == (
        "decisionPoints[0].dueOn",
        "must be between 1990-01-01 and 2023-04-01 (a project runs at most 10 years)",
    )
    open_ended = pj.proposed(mandate=pj.mandate(ends_on=None))
    far_milestone = pj.milestone("M20", date(2040, 1, 1))
    assert refused(
        lambda: open_ended.put_milestone(far_milestone, actor=pj.EDITOR, reason="Ny")
    ) == (
        "milestones[M20].dueOn",
        "must be between 2013-04-01 and 2023-04-01 (a project runs at most 10 years)",
    )
    stopped, _ = refused(lambda: pj.proposed().stop(FAR, actor=pj.EDITOR, reason="Stopp"))
    assert stopped == "stoppedOn"


def test_a_project_is_planned_at_most_ten_years_ahead() -> None:
    with recorded_at(at(date(2024, 3, 1))):
        mandate = pj.mandate(starts_on=date(2035, 1, 1), ends_on=None, decision_points=())
        assert refused(lambda: pj.proposed(mandate=mandate, milestones=())) == (
            "mandate.startsOn",
            "must be between 1990-01-01 and 2034-03-01 "
            "(a project is planned at most 10 years ahead)",
        )


def test_grant_dates_stay_within_five_years_after_the_grants_year() -> None:
    assert refused(lambda: fu.new_grant(use_by=FAR)) == (
        "useBy",
        "must be between 2025-01-20 and 2030-12-31 "
        "(from the grant decision to 5 years after the grant's year)",
    )
    grant = fu.new_grant()
    paid, _ = refused(lambda: grant.disburse(fu.kr("1000"), date(2031, 1, 1), actor=fu.OFFICER))
    assert paid == "paidOn"
    use = fu.allocated_use()
    returned, _ = refused(
        lambda: use.return_funds(fu.kr("1"), FAR, fu.position(), actor=fu.EDITOR, reason="x")
    )
    assert returned == "returnedOn"


def test_spending_is_reported_within_five_years_after_the_grants_year() -> None:
    use = fu.allocated_use()
    report = fu.report(end=date(2031, 1, 1))
    assert refused(lambda: use.report_spending(fu.P1, report, fu.position(), actor=fu.EDITOR)) == (
        "periodEnd",
        "must be between 2025-01-01 and 2030-12-31 "
        "(the grant for 2025 is used from 2025 and for 5 years after)",
    )


def test_result_periods_and_baselines_lie_in_plausible_years() -> None:
    assert refused(lambda: Period(1989))[0] == "period.year"
    series = rs.series()
    assert refused(lambda: series.set_baseline(1, FAR, "SSB", actor=rs.WHO)) == (
        "measuredOn",
        "must be between 1990-01-01 and 2034-06-30 (at most 5 years after the programme's period)",
    )


def test_follow_ups_fall_due_within_five_years_of_the_assessment() -> None:
    assessment = sa.held()
    late = [FollowUpInput("Gjør noe", "Leder", FAR)]
    assert refused(lambda: assessment.conclude("K", late, actor=actor())) == (
        "followUps[0].dueOn",
        "must be between 2023-10-12 and 2028-10-12 (at most 5 years after the meeting)",
    )


def test_population_figures_count_a_1_january_that_has_come() -> None:
    register = PopulationRegister.open(actor=actor())

    def load(year: int, imported_on: date = date(2025, 3, 1)) -> None:
        register.import_figures(
            [PopulationFigure(register.id, "5632", year, 2190)],
            source="SSB 07459",
            file_name="a.csv",
            sha256=sha256_of(b"a"),
            imported_on=imported_on,
            actor=actor(),
        )

    assert refused(lambda: load(1985)) == ("figures[0].year", "must be between 1986 and 2025")
    assert refused(lambda: load(2024, imported_on=FAR))[0] == "importedOn"
    assert not register.pending_events[1:]
