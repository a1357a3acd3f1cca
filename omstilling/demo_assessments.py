"""The demo's programme status assessments (programstatusvurdering), held each October.

Båtsfjord (period 2021–2027, so 2022 is programme year 2): 2022, 2023, 2024 and 2025. The
process was strong early and the effects came later, once landbased aquaculture was
established in 2023; the October review 2023 of the Omstillingsplan cites the 2023
assessment. Meløy (period 2023–2029): 2024 and 2025, a slower start with weak mobilisation of
the business community. Each has conclusions and follow-up actions, some done; one of
Båtsfjord's scores is corrected after the meeting, so its history shows two entries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.access import Principal
from domain.assessment.model import FollowUpInput, IndicatorScore, Participant, PartyRole
from domain.assessment.template import TEMPLATE
from domain.shared.clock import recorded_at
from omstilling.demo import at, principals
from omstilling.runtime import Runtime

# Scores per year in template order: P1..P6 (process), then E1..E6 (effects).
BATSFJORD_SCORES = {
    2022: (5, 4, 4, 4, 5, 4, 2, 3, 2, 3, 3, 2),
    2023: (5, 5, 4, 5, 5, 4, 4, 4, 3, 4, 4, 3),
    2024: (5, 5, 5, 5, 5, 5, 5, 4, 4, 5, 4, 4),
    2025: (6, 5, 5, 5, 6, 5, 5, 5, 4, 5, 5, 4),
}
MELOY_SCORES = {
    2024: (4, 3, 3, 2, 4, 3, 2, 3, 1, 2, 2, 2),
    2025: (4, 4, 3, 3, 4, 4, 3, 3, 2, 3, 3, 2),
}
COMMENT = {
    1: "Svært svakt: lite er på plass.",
    2: "Svakt: klare mangler som må følges opp.",
    3: "Mindre godt: noe er på plass, men mye gjenstår.",
    4: "Nokså godt: i rute, med enkelte forbedringspunkter.",
    5: "Godt: fungerer som forutsatt.",
    6: "Svært godt: et eksempel for andre programmer.",
}


def _participants(municipality: str, county: str, leader: str) -> tuple[Participant, ...]:
    return (
        Participant(leader, f"Omstilling {municipality}", PartyRole.PROGRAMME),
        Participant("Per Hansen", f"Omstillingsstyret i {municipality}", PartyRole.PROGRAMME),
        Participant("Ingrid Solberg", county, PartyRole.COUNTY),
        Participant("Jon Eriksen", "Innovasjon Norge", PartyRole.INNOVASJON_NORGE),
        Participant("Marte Lund", "Lund Prosess AS", PartyRole.PROCESS_LEADER),
    )


def _scores(values: tuple[int, ...]) -> tuple[IndicatorScore, ...]:
    return tuple(
        IndicatorScore(i.code, v, f"{i.name_nb} – {COMMENT[v]}")
        for i, v in zip(TEMPLATE, values, strict=True)
    )


def _hold(
    runtime: Runtime,
    editor: Principal,
    programme: UUID,
    held_on: date,
    participants: tuple[Participant, ...],
    values: tuple[int, ...],
    conclusions: str,
    follow_ups: tuple[FollowUpInput, ...],
) -> UUID:
    with recorded_at(at(held_on, 15)):
        assessment = runtime.command(
            lambda a: a.hold_status_assessment(
                editor,
                programme,
                held_on.year,
                held_on,
                participants,
                _scores(values),
                reason="Årlig programstatusvurdering",
            )
        ).aggregate_id
    with recorded_at(at(held_on, 17)):
        runtime.command(
            lambda a: a.conclude_status_assessment(
                editor, assessment, conclusions, follow_ups, reason="Referat fra møtet"
            )
        )
    return assessment


def _batsfjord_year(runtime: Runtime, programme: UUID, year: int) -> UUID:
    b = principals("5632", "56")
    county = "Troms og Finnmark fylkeskommune" if year < 2024 else "Finnmark fylkeskommune"
    held_on = {2022: date(2022, 10, 13), 2023: date(2023, 10, 12)}.get(year, date(year, 10, 9))
    conclusions = {
        2022: "Prosessen er godt forankret; effektene lar vente på seg. Porteføljen må "
        "spisses mot sjømat.",
        2023: "Landbasert havbruk gir de første arbeidsplassene. Reiselivsmålet er for "
        "ambisiøst og bør nedjusteres i oktoberrulleringen.",
        2024: "Gode resultater i sjømat; ny regional strategi for grønn energi bør tas inn i "
        "planen. Videreføringsarbeidet må starte.",
        2025: "Programmet leverer; videreføringen av utviklingsapparatet må sikres før "
        "periodens slutt.",
    }[year]
    follow_ups = {
        2022: (
            FollowUpInput("Spisse porteføljen mot sjømat", "Programleder", date(2023, 3, 1)),
            FollowUpInput(
                "Møte med Innovasjon Norge om bedriftsbesøk", "Styreleder", date(2022, 12, 15)
            ),
        ),
        2023: (
            FollowUpInput(
                "Nedjustere målet for gjestedøgn i planen", "Programleder", date(2023, 12, 14)
            ),
            FollowUpInput(
                "Øke målet for arbeidsplasser i sjømat", "Programleder", date(2023, 12, 14)
            ),
        ),
        2024: (
            FollowUpInput(
                "Nytt innsatsområde for grønn energi", "Programleder", date(2024, 12, 12)
            ),
            FollowUpInput("Starte forstudie for videreføring", "Styret", date(2025, 6, 30)),
        ),
        2025: (
            FollowUpInput(
                "Avklare eierskap til utviklingsselskapet", "Kommunedirektøren", date(2026, 3, 31)
            ),
        ),
    }[year]
    assessment = _hold(
        runtime,
        b["editor"],
        programme,
        held_on,
        _participants("Båtsfjord", county, "Kari Nordmann"),
        BATSFJORD_SCORES[year],
        conclusions,
        follow_ups,
    )
    # Follow-ups done within the next months.
    done = {
        2022: ((1, date(2023, 2, 20)), (2, date(2022, 12, 1))),
        2023: ((1, date(2023, 12, 14)), (2, date(2023, 12, 14))),
    }
    for number, day in done.get(year, ()):
        with recorded_at(at(day, 16)):
            _complete(runtime, b["editor"], assessment, number, day)
    return assessment


def _complete(
    runtime: Runtime, editor: Principal, assessment: UUID, number: int, day: date
) -> None:
    runtime.command(
        lambda a: a.complete_follow_up(editor, assessment, number, day, "Kari Nordmann")
    )


def assessments_before_review_2023(runtime: Runtime, programme: UUID) -> UUID:
    """Båtsfjord's assessments of 2022 and 2023; returns the 2023 one, which the October
    review 2023 of the Omstillingsplan cites."""
    _batsfjord_year(runtime, programme, 2022)
    return _batsfjord_year(runtime, programme, 2023)


def seed_assessments(runtime: Runtime, ids: dict[str, UUID]) -> None:
    """Båtsfjord's 2024 and 2025 (with one score corrected), and Meløy's 2024 and 2025."""
    b = principals("5632", "56")
    for year in (2024, 2025):
        assessment = _batsfjord_year(runtime, ids["batsfjord"], year)
    with recorded_at(at(date(2025, 10, 20), 10)):
        runtime.command(
            lambda a: a.correct_assessment_score(
                b["editor"],
                assessment,
                "E3",
                3,
                "Nye bedrifter – mindre godt: to av etableringene er avviklet.",
                reason="Rettet etter møtet: to av de nye bedriftene er avviklet i september",
            )
        )
    m = principals("1837", "18")
    meloy = ids["meloy"]
    participants = _participants("Meløy", "Nordland fylkeskommune", "Siri Johansen")
    _hold(
        runtime,
        m["editor"],
        meloy,
        date(2024, 10, 16),
        participants,
        MELOY_SCORES[2024],
        "Programmet er organisert, men næringslivet er lite mobilisert. Flere bedriftsbesøk "
        "og et næringsforum må på plass.",
        (
            FollowUpInput("Etablere næringsforum", "Programleder", date(2025, 2, 1)),
            FollowUpInput("Besøke 20 bedrifter", "Programleder", date(2025, 6, 1)),
        ),
    )
    with recorded_at(at(date(2025, 1, 28), 16)):
        runtime.command(
            lambda a: a.complete_follow_up(
                m["editor"], a.assessment_id_for(meloy, 2024), 1, date(2025, 1, 28), "Siri Johansen"
            )
        )
    _hold(
        runtime,
        m["editor"],
        meloy,
        date(2025, 10, 15),
        participants,
        MELOY_SCORES[2025],
        "Bedre mobilisering; de første prosjektene gir effekter. Porteføljen bør konsentreres.",
        (FollowUpInput("Konsentrere porteføljen om tre satsinger", "Styret", date(2026, 2, 1)),),
    )
