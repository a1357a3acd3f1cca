"""The demo's Videreføring (continuation, seed 001).

Båtsfjord (period to 30 June 2027, so continuation work had to start by 30 June 2025): the
forstudie started in March 2025 and was completed within its six weeks and its cost frame, half
of the external consultant's fees paid by Innovasjon Norge; the forprosjekt started in September
2025, owned with the local business association, and is still running, now past its six months.
Meløy (period to 30 June 2029, deadline 30 June 2027) has not started: the comparison shows the
two apart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.continuation.stages import (
    Alternative,
    CostCategory,
    CostEntry,
    CostShare,
    CostSource,
    ForstudieReport,
    Owner,
    OwnerKind,
    Stage,
)
from domain.money import Money
from domain.shared.clock import recorded_at
from omstilling.demo import at, decided, principals
from omstilling.runtime import Runtime

BATSFJORD, FINNMARK = "5632", "56"
KOMMUNEN = Owner("Båtsfjord kommune", OwnerKind.MUNICIPALITY)
NAERINGSFORENING = Owner("Båtsfjord Næringsforening", OwnerKind.LOCAL_PARTNER)


def _cost(
    stage: Stage,
    category: CostCategory,
    kroner: int,
    on: date,
    description: str,
    *,
    person_days: int | None = None,
    **sources: int,
) -> CostEntry:
    return CostEntry(
        stage=stage,
        category=category,
        amount=Money.from_kroner(kroner),
        incurred_on=on,
        financing=tuple(CostShare(CostSource(s), Money.from_kroner(k)) for s, k in sources.items()),
        description=description,
        person_days=None if person_days is None else Decimal(person_days),
    )


def seed_continuation(runtime: Runtime, ids: dict[str, UUID]) -> None:
    app, programme = runtime.app, ids["batsfjord"]
    editor = principals(BATSFJORD, FINNMARK)["editor"]
    forstudie, forprosjekt = Stage.FORSTUDIE, Stage.FORPROSJEKT
    with recorded_at(at(date(2025, 3, 3))):
        app.start_continuation_stage(
            editor,
            programme,
            forstudie,
            date(2025, 3, 3),
            date(2025, 4, 11),
            (KOMMUNEN,),
            decision=decided(
                "omstillingsstyret", date(2025, 2, 18), "2025/118-1", "Oppstart av videreføring"
            ),
            reason="Videreføringen starter senest to år før omstillingsperioden er over",
        )
    with recorded_at(at(date(2025, 4, 10))):
        for entry in (
            _cost(
                forstudie,
                CostCategory.EXTERNAL_CONSULTANT,
                60_000,
                date(2025, 4, 7),
                "Honorar prosessleder, Nordkapp Rådgivning AS",
                restructuring_funds=30_000,
                innovasjon_norge=30_000,
            ),
            _cost(
                forstudie,
                CostCategory.PROJECT_LEADER,
                25_000,
                date(2025, 4, 7),
                "Prosjektleder, 15 dagsverk",
                person_days=15,
                restructuring_funds=25_000,
            ),
            _cost(
                forstudie,
                CostCategory.OTHER_INTERNAL,
                10_000,
                date(2025, 4, 7),
                "Andre ressurser i kommunen, 10 dagsverk",
                person_days=10,
                municipality=10_000,
            ),
        ):
            app.record_continuation_cost(editor, programme, entry)
        app.record_continuation_deliverable(
            editor,
            programme,
            ForstudieReport(
                "Forstudie: videreføring av omstillingsarbeidet i Båtsfjord",
                date(2025, 4, 4),
                (
                    Alternative(
                        "Båtsfjord Næringsutvikling AS",
                        "Kommunen og lokale bedrifter; tjenesteavtale med kommunen",
                        "Aksjeselskap eid av kommunen (51 %) og næringslivet",
                        "Båtsfjord kommune",
                    ),
                    Alternative(
                        "Regionalt næringsselskap Øst-Finnmark",
                        "Fire kommuner etter innbyggertall",
                        "Interkommunalt selskap (IKS)",
                        "Båtsfjord, Berlevåg, Tana og Vardø",
                    ),
                    Alternative(
                        "Næringsavdeling i kommunen",
                        "Kommunens budsjett",
                        "Avdeling i kommunens administrasjon",
                        "Båtsfjord kommune",
                    ),
                ),
            ),
        )
        app.complete_continuation_stage(
            editor, programme, forstudie, date(2025, 4, 10), reason="Rapporten er levert"
        )
    with recorded_at(at(date(2025, 9, 15))):
        app.start_continuation_stage(
            editor,
            programme,
            forprosjekt,
            date(2025, 9, 15),
            date(2026, 3, 13),
            (KOMMUNEN, NAERINGSFORENING),
            decision=decided(
                "omstillingsstyret", date(2025, 6, 12), "2025/118-6", "Forprosjekt videreføring"
            ),
            reason="Styret valgte alternativet med et lokalt næringsselskap",
        )
    with recorded_at(at(date(2025, 12, 10))):
        app.record_continuation_cost(
            editor,
            programme,
            _cost(
                forprosjekt,
                CostCategory.EXTERNAL_CONSULTANT,
                150_000,
                date(2025, 12, 1),
                "Forretningsplan og næringsanalyse, Nordkapp Rådgivning AS",
                restructuring_funds=75_000,
                innovasjon_norge=75_000,
            ),
        )
    runtime.wait_for_everything_written()
