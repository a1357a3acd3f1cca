"""Test helpers: principals, decisions, plan content and a few stories told through the app.

Numbers are real (Statistics Norway, 2024): Vågan 1865 and Meløy 1837 in Nordland (18),
Båtsfjord 5632 in Finnmark (56), Tromsø 5501 in Troms (55), Tinn 4026 in Telemark (40).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

from application.access import Principal, can_read
from application.app import OmstillingApp
from domain.plan.content import FocusArea, Goal, Measure, PlanContent
from domain.programme.model import Programme
from domain.shared.actor import Actor, Role
from domain.shared.decisions import DecisionRef
from domain.shared.errors import DomainError, Forbidden, NotFound
from migrations import postgres_connect
from omstilling.eventstore import is_postgres
from tenants import load_registry

OSLO = ZoneInfo("Europe/Oslo")
VAGAN, MELOY, RODOY, BATSFJORD, TROMSO, TINN = "1865", "1837", "1836", "5632", "5501", "4026"
NORDLAND, TROMS, FINNMARK, TROMS_OG_FINNMARK, TELEMARK = "18", "55", "56", "54", "40"

FOUNDATION_TABLES: dict[str, str] = {
    "programmes": "programme_id",
    "programme_municipalities": "programme_id, municipality_id",
    "plans": "plan_id",
    "plan_versions": "plan_id, version_number",
    "audit_trail": "position",
}


ACTION_PLAN_TABLES: dict[str, str] = {
    "action_plans": "action_plan_id",
    "action_plan_revisions": "action_plan_id, revision",
    "action_plan_measures": "action_plan_id, revision, project_code",
    "action_plan_financing": "action_plan_id, revision, project_code, source",
    "fund_applications": "action_plan_id, application_number",
}
PROJECT_TABLES: dict[str, str] = {
    "projects": "project_id",
    "project_milestones": "project_id, milestone_number",
    "prioritisations": "prioritisation_id",
    "prioritisation_ranking": "prioritisation_id, project_id",
}
YEAR_WHEEL_TABLES: dict[str, str] = {
    "year_wheel_programmes": "programme_id",
    "year_wheel_plans": "action_plan_id",
    "year_wheel_steps": "programme_id, wheel_year, step",
}
CONTINUATION_TABLES: dict[str, str] = {
    "year_wheel_continuation": "programme_id",
    "continuation_programmes": "programme_id",
    "continuation_stages": "programme_id, stage",
    "continuation_costs": "programme_id, line_number",
}
FUND_TABLES: dict[str, str] = {
    "fund_programmes": "programme_id",
    "grants": "grant_id",
    "fund_movements": "aggregate_id, aggregate_version, leg",
    "fund_spending": "grant_id, line_number",
    "fund_reallocations": "grant_id, aggregate_version",
}
ASSESSMENT_TABLES: dict[str, str] = {
    "assessment_programmes": "programme_id",
    "assessments": "assessment_id",
    "assessment_participants": "assessment_id, position",
    "assessment_scores": "assessment_id, indicator",
    "assessment_score_history": "assessment_id, aggregate_version, indicator",
    "assessment_follow_ups": "assessment_id, action_number",
    "assessment_citations": "plan_id, version_number",
}
RESULT_TABLES: dict[str, str] = {
    "indicator_versions": "register_id, code, version",
    "indicator_registers": "register_id",
    "result_series": "series_id",
    "result_values": "series_id, aggregate_version",
}
POPULATION_TABLES: dict[str, str] = {
    "population_imports": "import_number",
    "population_figures": "municipality_id, population_year, import_number",
}
# Every read model; the demo records something in each.
READ_MODEL_TABLES: dict[str, str] = {
    **FOUNDATION_TABLES,
    **ACTION_PLAN_TABLES,
    **PROJECT_TABLES,
    **YEAR_WHEEL_TABLES,
    **FUND_TABLES,
    **CONTINUATION_TABLES,
    **RESULT_TABLES,
    **ASSESSMENT_TABLES,
    **POPULATION_TABLES,
}


def at(day: date, hour: int = 12) -> datetime:
    """A moment on a Norwegian working day, for `recorded_at`."""
    return datetime.combine(day, time(hour), tzinfo=OSLO)


# Principals


def municipality_id(number: str) -> UUID:
    return load_registry().municipality_by_number(number).id


def editor(number: str = VAGAN) -> Principal:
    return Principal("kari", "Kari Nordmann", Role.MUNICIPALITY_EDITOR, municipality_id(number))


def board(number: str = VAGAN) -> Principal:
    return Principal("styreleder", "Per Hansen", Role.MUNICIPALITY_BOARD, municipality_id(number))


def clerk(number: str = VAGAN) -> Principal:
    return Principal(
        "sekretariat", "Anne Olsen", Role.MUNICIPALITY_COUNCIL_CLERK, municipality_id(number)
    )


def reader(number: str = VAGAN) -> Principal:
    return Principal("leser", "Ola Leser", Role.MUNICIPALITY_READER, municipality_id(number))


def county_officer(county: str = NORDLAND) -> Principal:
    return Principal(
        f"saksbehandler.{county}",
        f"Saksbehandler {county}",
        Role.COUNTY_OFFICER,
        county_number=county,
    )


def county_auditor(county: str = NORDLAND) -> Principal:
    return Principal(
        f"revisor.{county}", f"Revisor {county}", Role.COUNTY_AUDITOR, county_number=county
    )


def national_analyst() -> Principal:
    return Principal("analytiker", "Analytiker IN", Role.NATIONAL_ANALYST)


def national_steward() -> Principal:
    return Principal("forvalter", "Forvalter IN", Role.NATIONAL_STEWARD)


def refusal_for(app: OmstillingApp, principal: Principal, programme_id: UUID) -> type[DomainError]:
    """The refusal a principal meets on a programme's records: `Forbidden` when it may read
    the programme's tenant but its role may not act, `NotFound` when the tenant lies outside
    its scope (another tenant's record is answered as if it did not exist)."""
    programme: Programme = app.repository.get(programme_id)
    return Forbidden if can_read(principal, app.programme_target(programme)) else NotFound


def actor(role: Role = Role.MUNICIPALITY_EDITOR, tenant: str = "kommune:test") -> Actor:
    return Actor(user_id="kari", name="Kari Nordmann", role=role, tenant=tenant)


# Decisions


def decision(
    body: str,
    on: date = date(2023, 5, 2),
    case: str = "2023/4411-3",
    title: str = "Vedtak",
    political: str | None = None,
) -> DecisionRef:
    return DecisionRef(body, on, case, title, political)


def status_grant(on: date = date(2023, 5, 2), body: str = "fylkesutvalget") -> DecisionRef:
    return decision(body, on, "2023/4411-3", "Omstillingsstatus for Vågan kommune", "PS 44/23")


def steering_group_approval(on: date = date(2024, 1, 10)) -> DecisionRef:
    return decision("prosjektstyringsgruppen", on, "2024/12-1", "Godkjenning av omstillingsplan")


def board_approval(on: date = date(2024, 1, 10)) -> DecisionRef:
    return decision("omstillingsstyret", on, "2024/12-2", "Godkjenning av revidert plan")


def council_adoption(on: date = date(2024, 2, 1), political: str = "PS 5/24") -> DecisionRef:
    return decision("kommunestyret", on, "2024/12-4", "Vedtak av omstillingsplan", political)


# Plan content


def goal(
    code: str = "H1",
    baseline: str = "0",
    target: str = "120",
    years: tuple[int, int] = (2023, 2029),
    text: str = "Skape arbeidsplasser",
) -> Goal:
    return Goal(
        code,
        text,
        "Nye arbeidsplasser",
        "antall",
        Measure(Decimal(baseline), years[0]),
        Measure(Decimal(target), years[1]),
    )


def focus_area(
    code: str = "I1",
    name: str = "Reiseliv",
    goal_codes: tuple[str, ...] = ("D1",),
    description: str = "",
) -> FocusArea:
    return FocusArea(code, name, description, tuple(goal(g) for g in goal_codes))


def focus_areas(count: int) -> tuple[FocusArea, ...]:
    return tuple(focus_area(f"I{n}", f"Innsatsområde {n}", (f"D{n}",)) for n in range(1, count + 1))


def complete_content(areas: int = 3, **overrides: Any) -> PlanContent:
    """A plan with all six sections filled in: ready to be submitted."""
    fields: dict[str, Any] = {
        "background": "Nedleggelse av fiskebruket tok 80 arbeidsplasser.",
        "vision": "Vågan – levende øysamfunn",
        "main_goal": goal("H1"),
        "focus_areas": focus_areas(areas),
        "organisation": "Omstillingsstyre og daglig leder i full stilling.",
        "resources_and_financing": "4 mill. kr per år fra fylkeskommunen; kommunen 25 %.",
        "communication_strategy": "Folkemøter, nyhetsbrev og årlig rapport.",
    }
    fields.update(overrides)
    return PlanContent(**fields)


# Stories told through the application


def register_vagan(app: OmstillingApp, *, period_end: date = date(2029, 6, 30)) -> UUID:
    """Nordland grants Vågan restructuring status in May 2023."""
    return app.register_programme(
        county_officer(NORDLAND),
        name="Omstilling Vågan",
        kind="sudden_employment_loss",
        lead_municipality_number=VAGAN,
        period_start=date(2023, 7, 1),
        period_end=period_end,
        decision=status_grant(),
        reason="Bortfall av arbeidsplasser i fiskeindustrien",
    ).aggregate_id


def plan_in_force(
    app: OmstillingApp, programme_id: UUID, content: PlanContent | None = None, number: str = VAGAN
) -> UUID:
    """Draft, submit, approve, adopt and put into force the programme's first plan."""
    plan = app.draft_plan(
        editor(number),
        programme_id,
        content or complete_content(),
        reason="Utkast etter prosessamlingene",
    ).aggregate_id
    app.submit_plan(editor(number), plan)
    app.approve_plan(board(number), plan, decision=steering_group_approval())
    app.adopt_plan(clerk(number), plan, decision=council_adoption())
    app.put_plan_into_force(clerk(number), plan, date(2024, 2, 2))
    return plan


# Databases


def sqlite_env(path: str) -> dict[str, str]:
    from omstilling.eventstore import event_store_env

    return event_store_env(None, sqlite_path=path)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the session's server, for a module-scoped fixture."""
    name = f"omstilling_test_{uuid4().hex[:16]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def dump_read_models(env: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model table as rows ordered by primary key, straight from the database."""
    return dump_tables(env, READ_MODEL_TABLES)


def execute(env: dict[str, str], statement: str) -> None:
    """Run one statement against the read-model database (to damage it before a rebuild)."""
    if is_postgres(env):
        with postgres_connect(env) as conn:
            conn.execute(statement.encode())
        return
    conn = sqlite3.connect(env["SQLITE_DBNAME"])
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


# The Handlingsplan and its projects (Vågan 2025)

WEIGHTS = {"effect": 40, "money": 30, "speed": 20, "personnel": 10}


def dump_tables(env: dict[str, str], tables: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """The given read-model tables as rows ordered by primary key, straight from the database."""
    if is_postgres(env):
        with postgres_connect(env) as conn:
            return {
                table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")]
                for table, key in tables.items()
            }
    conn = sqlite3.connect(env["SQLITE_DBNAME"])
    try:
        return {
            table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")]
            for table, key in tables.items()
        }
    finally:
        conn.close()


def register_programme(
    app: OmstillingApp,
    number: str,
    county: str,
    *,
    name: str,
    period: tuple[date, date],
    granted_on: date,
    case: str,
) -> UUID:
    """A programme granted by the county of its lead municipality."""
    return app.register_programme(
        county_officer(county),
        name=name,
        kind="long_term_decline",
        lead_municipality_number=number,
        period_start=period[0],
        period_end=period[1],
        decision=decision("fylkesutvalget", granted_on, case, f"Omstillingsstatus for {name}"),
    ).aggregate_id


def register_meloy(app: OmstillingApp) -> UUID:
    return register_programme(
        app,
        MELOY,
        NORDLAND,
        name="Omstilling Meløy",
        period=(date(2024, 1, 1), date(2029, 12, 31)),
        granted_on=date(2023, 11, 7),
        case="2023/5120-2",
    )


def register_batsfjord(app: OmstillingApp) -> UUID:
    return register_programme(
        app,
        BATSFJORD,
        FINNMARK,
        name="Omstilling Båtsfjord",
        period=(date(2024, 9, 1), date(2030, 8, 31)),
        granted_on=date(2024, 6, 4),
        case="2024/2210-5",
    )


def kr(amount: str) -> Any:
    from domain.money import Money

    return Money.from_kroner(amount)


def project_mandate(name: str = "Reiselivsløftet Lofoten", **overrides: Any) -> Any:
    """A complete mandate for a project of 2025 (seed 004's headings, abridged)."""
    from domain.project.mandate import DecisionPoint, Mandate, Organisation, WorkStream

    fields: dict[str, Any] = {
        "name": name,
        "owner": "Vågan kommune v/kommunedirektør",
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2025, 12, 31),
        "project_leader": "Kari Nordmann",
        "background": "Reiselivet vokser, men har korte sesonger.",
        "purpose": "Skape helårsarbeidsplasser i reiselivet.",
        "organisation": Organisation(
            steering_group=("Kommunedirektør", "Næringssjef"),
            work_streams=(WorkStream("Arbeidsstrøm 1", "Vinterprodukter"),),
        ),
        "result_goals": ("Tre nye vinterprodukter",),
        "effect_goals": ("Tjue nye helårsarbeidsplasser",),
        "gains": ("Økt omsetning utenom sesong",),
        "decision_points": (DecisionPoint("Mandat besluttet", date(2024, 12, 10)),),
    }
    fields.update(overrides)
    return Mandate(**fields)


def project_milestones() -> tuple[Any, ...]:
    from domain.project.mandate import Milestone

    return (
        Milestone("M1", "Produktutvikling startet", date(2025, 3, 31), "Tre bedrifter med"),
        Milestone("M2", "Vinterprodukter lansert", date(2025, 9, 30), "Solgt i nettbutikk"),
    )


def project_scores(
    effect: int, money: int, speed: int, personnel: int, on: date = date(2024, 10, 1)
) -> tuple[Any, ...]:
    from domain.project.prioritisation import Criterion, Score

    values = {"effect": effect, "money": money, "speed": speed, "personnel": personnel}
    return tuple(Score(Criterion(c), v, "Omstillingsstyret", on) for c, v in values.items())


def weights(**overrides: int) -> Any:
    from domain.project.prioritisation import Weights

    return Weights(**{**WEIGHTS, **overrides})


def prioritisation_decision(on: date = date(2024, 10, 15)) -> DecisionRef:
    return decision("omstillingsstyret", on, "2024/77-2", "Prioritering av prosjekter 2025")


def action_plan_board_decision(on: date = date(2024, 11, 20)) -> DecisionRef:
    return decision("omstillingsstyret", on, "2024/77-4", "Handlingsplan 2025", "PS 12/24")


def action_plan_council_approval(on: date = date(2024, 12, 12)) -> DecisionRef:
    return decision(
        "kommunestyret", on, "2024/77-9", "Godkjenning av handlingsplan 2025", "PS 88/24"
    )


def action_plan_revision_decision(on: date = date(2025, 6, 10)) -> DecisionRef:
    return decision("omstillingsstyret", on, "2025/77-14", "Revidert handlingsplan 2025", "PS 7/25")


def project_measure(code: str, area: str, budget: str, **sources: str) -> Any:
    from domain.action_plan.content import Financing, FundingSource, ProjectMeasure

    financing = tuple(Financing(FundingSource(s), kr(a)) for s, a in sources.items())
    return ProjectMeasure(code, area, kr(budget), financing)


def communication_activity(on: date = date(2025, 3, 12)) -> Any:
    from domain.action_plan.content import CommunicationActivity

    return CommunicationActivity(
        "Folkemøte om handlingsplanen", "Innbyggere og næringsliv", on, "Folkemøte", "Daglig leder"
    )


def propose_project(
    app: OmstillingApp,
    programme_id: UUID,
    code: str,
    area: str,
    *,
    name: str | None = None,
    number: str = VAGAN,
) -> UUID:
    return app.propose_project(
        editor(number),
        programme_id,
        code,
        area,
        project_mandate(name or f"Prosjekt {code}"),
        project_milestones(),
        reason="Forslag fra prosessamlingen",
    ).aggregate_id


def draft_complete_action_plan(
    app: OmstillingApp, programme_id: UUID, year: int = 2025, *, number: str = VAGAN
) -> UUID:
    """The year's plan with P1 (I1) and P2 (I2), a strategy, the texts and a communication plan;
    P1 and P2 must be proposed already. Ready for the board."""
    from domain.action_plan.content import Strategy

    ed = editor(number)
    plan = app.draft_action_plan(ed, programme_id, year, reason="Etter programstatusvurderingen")
    plan_id = plan.aggregate_id
    app.put_action_plan_measure(
        ed,
        plan_id,
        project_measure(
            "P1", "I1", "1000000", county_restructuring_funds="600000", municipality="250000"
        ),
        reason="Hovedsatsing 2025",
    )
    app.put_action_plan_measure(
        ed,
        plan_id,
        project_measure(
            "P2", "I2", "400000,50", county_restructuring_funds="200000", private="100000"
        ),
        reason="Nytt prosjekt",
    )
    app.put_action_plan_strategy(
        ed, plan_id, Strategy("I1", "Helårsturisme gjennom vinterprodukter"), reason="Strategi"
    )
    app.revise_action_plan_section(
        ed, plan_id, "earlier_results", "2024: 12 nye arbeidsplasser.", reason="Resultater"
    )
    app.revise_action_plan_section(
        ed,
        plan_id,
        "resources_and_financing",
        "4 mill. kr fra fylkeskommunen; kommunen 25 %.",
        reason="Finansiering",
    )
    app.set_action_plan_communication_plan(
        ed,
        plan_id,
        (communication_activity(date(year, 3, 12)),),
        reason=f"Kommunikasjonsplan {year}",
    )
    return plan_id


def vagan_with_plan_in_force(app: OmstillingApp) -> UUID:
    """Vågan's programme with its Omstillingsplan (I1, I2, I3) in force since February 2024."""
    programme_id = register_vagan(app)
    plan_in_force(app, programme_id)
    return programme_id


def tell_the_handlingsplan_story(runtime: Any) -> dict[str, UUID]:
    """Vågan 2025 through a running `Runtime`: six projects scored, two prioritised by one
    decision and two (P5, P6, tied) by another with equal weights, P3 stopped, P4 left a
    candidate, P1 approved and running; the Handlingsplan decided, sent back by the council,
    decided again, approved, applied for, in effect and revised in June. Meløy (Nordland) and
    Båtsfjord (Finnmark) do nothing. The projects' part is told straight to the app, so the
    projections take it in batches."""

    def run(command: Any) -> UUID:
        result: UUID = runtime.command(command).aggregate_id
        return result

    app = runtime.app
    vagan = vagan_with_plan_in_force(app)
    meloy, batsfjord = register_meloy(app), register_batsfjord(app)
    ed, styre, sekretariat = editor(), board(), clerk()
    ids = {"vagan": vagan, "meloy": meloy, "batsfjord": batsfjord}
    for code, area, values in (
        ("P1", "I1", (5, 3, 4, 2)),
        ("P2", "I2", (4, 4, 3, 3)),
        ("P3", "I3", (2, 2, 2, 1)),
        ("P4", "I1", (3, 3, 3, 3)),
    ):
        ids[code] = app.propose_project(
            ed, vagan, code, area, project_mandate(f"Prosjekt {code}"), project_milestones()
        ).aggregate_id
        app.score_project(ed, ids[code], project_scores(*values), reason="Styreseminar oktober")
    app.prioritise_projects(
        styre,
        vagan,
        ["P2", "P1"],
        weights(),
        decision=prioritisation_decision(),
        reason="Effekt veier tyngst",
    )
    for code, area, values in (("P5", "I2", (4, 2, 2, 2)), ("P6", "I3", (2, 4, 2, 2))):
        ids[code] = app.propose_project(
            ed, vagan, code, area, project_mandate(f"Prosjekt {code}")
        ).aggregate_id
        app.score_project(ed, ids[code], project_scores(*values), reason="Nye forslag")
    app.prioritise_projects(
        styre,
        vagan,
        ["P6", "P5"],
        weights(effect=25, money=25, speed=25, personnel=25),
        decision=decision(
            "omstillingsstyret", date(2025, 2, 4), "2025/77-3", "Prioritering av nye prosjekter"
        ),
    )
    app.stop_project(
        styre,
        ids["P3"],
        date(2024, 10, 15),
        reason="Ikke prioritert i 2025",
        decision=prioritisation_decision(),
    )
    app.approve_project(
        styre,
        ids["P1"],
        decision=decision("omstillingsstyret", date(2024, 12, 10), "2024/77-6", "Mandat P1"),
    )
    app.start_project(ed, ids["P1"], date(2025, 1, 6))
    run(
        lambda a: a.complete_milestone(
            ed, ids["P1"], "M1", date(2025, 3, 20), "Tre bedrifter har signert avtale"
        )
    )
    plan = ids["plan"] = draft_complete_action_plan(app, vagan)
    run(
        lambda a: a.decide_action_plan(
            styre, plan, decision=action_plan_board_decision(date(2024, 11, 4))
        )
    )
    run(
        lambda a: a.return_action_plan_to_draft(
            sekretariat,
            plan,
            reason="Kommunestyret ber om tydeligere mål for P2",
            decision=decision(
                "kommunestyret", date(2024, 11, 14), "2024/77-5", "Handlingsplan 2025", "PS 80/24"
            ),
        )
    )
    run(lambda a: a.decide_action_plan(styre, plan, decision=action_plan_board_decision()))
    run(lambda a: a.approve_action_plan(sekretariat, plan, decision=action_plan_council_approval()))
    run(
        lambda a: a.apply_for_funds(
            ed, plan, date(2024, 12, 15), reason="Søknad om omstillingsmidler 2025"
        )
    )
    run(lambda a: a.put_action_plan_into_effect(sekretariat, plan, date(2025, 1, 15)))
    run(lambda a: a.start_action_plan_revision(ed, plan, reason="Oppfølging mai/juni"))
    run(
        lambda a: a.put_action_plan_measure(
            ed,
            plan,
            project_measure(
                "P2", "I2", "500000", county_restructuring_funds="300000", private="100000"
            ),
            reason="P2 utvidet etter gode resultater",
        )
    )
    run(
        lambda a: a.decide_action_plan_revision(
            styre,
            plan,
            decision=action_plan_revision_decision(),
            reason="P2 utvidet; finansiering fra private bekreftet",
        )
    )
    return ids


# Restructuring funds


def grant_decision(on: date = date(2025, 1, 20), case: str = "2025/310-2") -> DecisionRef:
    return decision("fylkesutvalget", on, case, "Tilsagn om omstillingsmidler 2025", "PS 12/25")


def reallocation_decision(on: date = date(2025, 6, 10)) -> DecisionRef:
    return decision("omstillingsstyret", on, "2025/77-9", "Omdisponering mellom prosjekter")


def vagan_ready_for_funds(app: OmstillingApp) -> dict[str, UUID]:
    """Vågan 2025: P1 running, P2 approved, P3 approved but outside the Handlingsplan; the
    Handlingsplan (P1 600 000 and P2 200 000 of county funds) approved by the council and
    applied for on 15.12.2024 (kr 800 000). No grant yet."""
    programme = vagan_with_plan_in_force(app)
    ids = {"programme": programme, **approved_projects(app, programme)}
    app.start_project(editor(), ids["P1"], date(2025, 1, 6))
    ids["plan"] = handlingsplan_applied_for(app, programme, 2025)
    return ids


def approved_projects(
    app: OmstillingApp, programme: UUID, *, number: str = VAGAN
) -> dict[str, UUID]:
    """P1 (I1), P2 (I2) and P3 (I3) proposed, scored, prioritised and approved by the board."""
    ed, styre = editor(number), board(number)
    ids = {}
    codes = ("P1", "P2", "P3")
    for code, area in zip(codes, ("I1", "I2", "I3"), strict=True):
        ids[code] = propose_project(app, programme, code, area, number=number)
        app.score_project(ed, ids[code], project_scores(4, 3, 3, 2), reason="Styreseminar")
    app.prioritise_projects(
        styre, programme, list(codes), weights(), decision=prioritisation_decision()
    )
    for code in codes:
        app.approve_project(
            styre,
            ids[code],
            decision=decision(
                "omstillingsstyret", date(2024, 12, 10), "2024/77-6", f"Mandat {code}"
            ),
        )
    return ids


def handlingsplan_applied_for(
    app: OmstillingApp, programme: UUID, year: int, *, number: str = VAGAN
) -> UUID:
    """The year's Handlingsplan (P1 and P2) decided and approved in the November and December
    before, and applied for on 15 December (kr 800 000 of county funds)."""
    plan = draft_complete_action_plan(app, programme, year, number=number)
    app.decide_action_plan(
        board(number), plan, decision=action_plan_board_decision(date(year - 1, 11, 20))
    )
    app.approve_action_plan(
        clerk(number), plan, decision=action_plan_council_approval(date(year - 1, 12, 12))
    )
    app.apply_for_funds(
        editor(number), plan, date(year - 1, 12, 15), reason=f"Søknad om omstillingsmidler {year}"
    )
    return plan


def spending(
    project: str = "P1",
    amount: str = "100000",
    *,
    start: date = date(2025, 1, 1),
    end: date = date(2025, 3, 31),
    category: str = "personnel",
    reference: str = "Bilag 2025-0412",
    continuation_work: bool = False,
    **co_financing: str,
) -> Any:
    from domain.action_plan.content import Financing, FundingSource
    from domain.funds.use import SpendingReport

    return SpendingReport(
        project,
        kr(amount),
        start,
        end,
        category,
        reference,
        tuple(Financing(FundingSource(s), kr(a)) for s, a in co_financing.items()),
        continuation_work,
    )


# The programme status assessment (programstatusvurdering)


def psv_participants(county: str = "Nordland fylkeskommune") -> list[Any]:
    from domain.assessment.model import Participant, PartyRole

    return [
        Participant("Kari Nordmann", "Omstilling Vågan", PartyRole.PROGRAMME),
        Participant("Ingrid Solberg", county, PartyRole.COUNTY),
        Participant("Jon Eriksen", "Innovasjon Norge", PartyRole.INNOVASJON_NORGE),
        Participant("Marte Lund", "Lund Prosess AS", PartyRole.PROCESS_LEADER),
    ]


def psv_scores(
    process: tuple[int, ...] = (5, 4, 4, 3, 5, 4), effect: tuple[int, ...] = (2, 3, 2, 3, 3, 2)
) -> list[Any]:
    """Scores P1..P6 then E1..E6, each with a comment."""
    from domain.assessment.model import IndicatorScore
    from domain.assessment.template import TEMPLATE

    return [
        IndicatorScore(i.code, v, f"Vurdering av {i.name_nb.lower()}")
        for i, v in zip(TEMPLATE, (*process, *effect), strict=True)
    ]
