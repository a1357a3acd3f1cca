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

from application.access import Principal
from application.app import OmstillingApp
from domain.plan.content import FocusArea, Goal, Measure, PlanContent
from domain.shared.actor import Actor, Role
from domain.shared.decisions import DecisionRef
from migrations import postgres_connect
from tenants import load_registry

OSLO = ZoneInfo("Europe/Oslo")
VAGAN, MELOY, RODOY, BATSFJORD, TROMSO, TINN = "1865", "1837", "1836", "5632", "5501", "4026"
NORDLAND, TROMS, FINNMARK, TROMS_OG_FINNMARK, TELEMARK = "18", "55", "56", "54", "40"

READ_MODEL_TABLES: dict[str, str] = {
    "programmes": "programme_id",
    "programme_municipalities": "programme_id, municipality_id",
    "plans": "plan_id",
    "plan_versions": "plan_id, version_number",
    "audit_trail": "position",
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
    dumped: dict[str, list[tuple[Any, ...]]] = {}
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
        with postgres_connect(env) as conn:
            for table, key in READ_MODEL_TABLES.items():
                dumped[table] = [
                    tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")
                ]
        return dumped
    conn = sqlite3.connect(env["SQLITE_DBNAME"])
    try:
        for table, key in READ_MODEL_TABLES.items():
            dumped[table] = [
                tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")
            ]
    finally:
        conn.close()
    return dumped


def execute(env: dict[str, str], statement: str) -> None:
    """Run one statement against the read-model database (to damage it before a rebuild)."""
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
        with postgres_connect(env) as conn:
            conn.execute(statement.encode())
        return
    conn = sqlite3.connect(env["SQLITE_DBNAME"])
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
