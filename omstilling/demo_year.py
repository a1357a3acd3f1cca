"""The demo's programme year: Båtsfjord's Handlingsplan 2025 with its projects, decided by the
board, approved by the council, applied for, in effect; one milestone late for the wheel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from uuid import UUID

from application.access import Principal
from application.app import OmstillingApp
from domain.action_plan.content import (
    CommunicationActivity,
    Financing,
    FundingSource,
    ProjectMeasure,
    Strategy,
)
from domain.money import Money
from domain.project.mandate import DecisionPoint, Mandate, Milestone, Organisation, WorkStream
from domain.project.prioritisation import Criterion, Score, Weights
from domain.shared.clock import recorded_at
from domain.shared.decisions import DecisionRef
from omstilling.runtime import Runtime

PROJECTS = (
    # code, focus area, name, purpose, effect, money, speed, personnel
    (
        "B1",
        "I1",
        "Kompetansesenter for landbasert havbruk",
        "Rekruttere fagfolk til havbruket",
        (5, 3, 3, 3),
    ),
    ("B2", "I2", "Vinterturisme i Varanger", "Helårsarbeidsplasser i reiselivet", (4, 4, 4, 3)),
    ("B3", "I3", "Gründerhus Båtsfjord", "Flere nyetableringer", (3, 5, 4, 4)),
    (
        "B4",
        "I4",
        "Hydrogen i havna – forstudie",
        "Avklare grunnlaget for hydrogenproduksjon",
        (4, 2, 2, 3),
    ),
)
MEASURES = {
    "B1": (
        "1500000",
        {
            "county_restructuring_funds": "900000",
            "municipality": "300000",
            "innovasjon_norge": "200000",
        },
    ),
    "B2": ("800000", {"county_restructuring_funds": "500000", "private": "150000"}),
    "B3": ("400000", {"county_restructuring_funds": "300000", "municipality": "100000"}),
}


def seed_programme_year(
    runtime: Runtime,
    programme: UUID,
    who: dict[str, Principal],
    at: Callable[..., datetime],
    decided: Callable[..., DecisionRef],
) -> UUID:
    """Record the 2025 programme year of `programme`; returns the Handlingsplan's id."""
    editor, board, clerk = who["editor"], who["board"], who["clerk"]
    project_ids: dict[str, UUID] = {}
    with recorded_at(at(date(2024, 12, 13), 9)):
        for code, area, name, purpose, values in PROJECTS:
            project_ids[code] = runtime.command(
                partial(
                    OmstillingApp.propose_project,
                    principal=editor,
                    programme_id=programme,
                    code=code,
                    focus_area_code=area,
                    mandate=_mandate(name, purpose),
                    milestones=_milestones(code),
                    reason="Forslag etter programstatusvurderingen og rulleringen",
                )
            ).aggregate_id
            scores = tuple(
                Score(criterion, value, "Omstillingsstyret", date(2024, 12, 13))
                for criterion, value in zip(
                    (Criterion.EFFECT, Criterion.MONEY, Criterion.SPEED, Criterion.PERSONNEL),
                    values,
                    strict=True,
                )
            )
            runtime.command(
                partial(
                    OmstillingApp.score_project,
                    principal=editor,
                    project_id=project_ids[code],
                    scores=scores,
                    reason="Styreseminar om prioritering",
                )
            )
    with recorded_at(at(date(2024, 12, 13), 14)):
        plan = runtime.command(
            lambda a: a.draft_action_plan(
                editor, programme, 2025, reason="Handlingsplan 2025 etter rulleringen"
            )
        ).aggregate_id
        for code, (budget, sources) in MEASURES.items():
            area = next(p[1] for p in PROJECTS if p[0] == code)
            measure = ProjectMeasure(
                code,
                area,
                Money.from_kroner(budget),
                tuple(
                    Financing(FundingSource(s), Money.from_kroner(v)) for s, v in sources.items()
                ),
            )
            runtime.command(
                partial(
                    OmstillingApp.put_action_plan_measure,
                    principal=editor,
                    action_plan_id=plan,
                    measure=measure,
                    reason="Tiltak 2025",
                )
            )
        runtime.command(
            lambda a: a.put_action_plan_strategy(
                editor,
                plan,
                Strategy("I1", "Kompetanse som grunnlag for vekst i havbruket"),
                reason="Strategi",
            )
        )
        runtime.command(
            lambda a: a.revise_action_plan_section(
                editor,
                plan,
                "earlier_results",
                "2022–2024: 46 arbeidsplasser skapt eller sikret, 9 nye bedrifter.",
                reason="Resultater fra tidligere år",
            )
        )
        runtime.command(
            lambda a: a.revise_action_plan_section(
                editor,
                plan,
                "resources_and_financing",
                "Omstillingsmidler fra Finnmark fylkeskommune 1,7 mill. kr; kommunen 0,4 mill. kr; Innovasjon Norge og private.",
                reason="Finansiering 2025",
            )
        )
        runtime.command(
            lambda a: a.set_action_plan_communication_plan(
                editor,
                plan,
                (
                    CommunicationActivity(
                        "Folkemøte om handlingsplanen",
                        "Innbyggere og næringsliv",
                        date(2025, 2, 12),
                        "Folkemøte",
                        "Daglig leder",
                    ),
                    CommunicationActivity(
                        "Nyhetsbrev om prosjektene",
                        "Bedriftene i Båtsfjord",
                        date(2025, 6, 15),
                        "E-post",
                        "Kommunikasjonsrådgiver",
                    ),
                ),
                reason="Kommunikasjonsplan 2025",
            )
        )
    with recorded_at(at(date(2024, 12, 16), 10)):
        priority = decided(
            "omstillingsstyret",
            date(2024, 12, 16),
            "2024/1934-11",
            "Prioritering av prosjekter 2025",
            "PS 9/24",
        )
        runtime.command(
            lambda a: a.prioritise_projects(
                board,
                programme,
                ["B1", "B2", "B3"],
                Weights(effect=40, money=30, speed=20, personnel=10),
                decision=priority,
                reason="Effekt veier tyngst; hydrogen utsettes til forstudien er finansiert",
            )
        )
        for code in ("B1", "B2", "B3"):
            runtime.command(
                partial(
                    OmstillingApp.approve_project,
                    principal=board,
                    project_id=project_ids[code],
                    decision=priority,
                )
            )
    with recorded_at(at(date(2024, 12, 16), 12)):
        runtime.command(
            lambda a: a.decide_action_plan(
                board,
                plan,
                decision=decided(
                    "omstillingsstyret",
                    date(2024, 12, 16),
                    "2024/1934-14",
                    "Handlingsplan 2025",
                    "PS 11/24",
                ),
            )
        )
    with recorded_at(at(date(2024, 12, 19))):
        runtime.command(
            lambda a: a.approve_action_plan(
                clerk,
                plan,
                decision=decided(
                    "kommunestyret",
                    date(2024, 12, 19),
                    "2024/1934-16",
                    "Godkjenning av handlingsplan 2025",
                    "PS 95/24",
                ),
            )
        )
    with recorded_at(at(date(2024, 12, 20))):
        runtime.command(
            lambda a: a.apply_for_funds(
                editor, plan, date(2024, 12, 20), reason="Søknad om omstillingsmidler 2025"
            )
        )
    with recorded_at(at(date(2025, 1, 15))):
        runtime.command(lambda a: a.put_action_plan_into_effect(clerk, plan, date(2025, 1, 15)))
        runtime.command(lambda a: a.start_project(editor, project_ids["B1"], date(2025, 1, 15)))
        runtime.command(lambda a: a.start_project(editor, project_ids["B2"], date(2025, 1, 15)))
    with recorded_at(at(date(2025, 3, 24))):
        runtime.command(
            lambda a: a.complete_milestone(
                editor,
                project_ids["B1"],
                "M1",
                date(2025, 3, 20),
                "Samarbeidsavtale med tre oppdrettere signert",
            )
        )
    return plan


def _mandate(name: str, purpose: str) -> Mandate:
    return Mandate(
        name=name,
        owner="Båtsfjord kommune v/kommunedirektør",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        project_leader="Kari Nordmann",
        background="Omstillingsplanen (versjon 3) og programstatusvurderingen i oktober 2024.",
        purpose=purpose,
        organisation=Organisation(
            steering_group=("Kommunedirektør", "Næringssjef", "Representant for næringslivet"),
            work_streams=(WorkStream("Arbeidsstrøm 1", "Gjennomføring"),),
        ),
        result_goals=("Leveranser etter milepælsplanen",),
        effect_goals=("Flere arbeidsplasser i Båtsfjord",),
        gains=("Økt sysselsetting",),
        constraints=("Innenfor vedtatt budsjett",),
        decision_points=(DecisionPoint("Mandat besluttet", date(2024, 12, 16)),),
    )


def _milestones(code: str) -> tuple[Milestone, ...]:
    return (
        Milestone("M1", "Oppstart med samarbeidspartnere", date(2025, 3, 31), "Avtaler signert"),
        Milestone(
            "M2", "Første leveranse", date(2025, 6, 30), f"{code}: første leveranse tatt i bruk"
        ),
        Milestone("M3", "Sluttrapport", date(2025, 12, 15), "Sluttrapport behandlet i styret"),
    )
