"""A believable history to explore at once: three programmes in three counties, one of them
granted by Troms og Finnmark before the 2024 reform, a plan adopted and revised twice, and
four years of restructuring funds."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from application.access import Principal
from domain.plan.content import FocusArea, FocusAreaKind, Goal, Measure, PlanContent
from domain.shared.actor import Role
from domain.shared.clock import recorded_at
from domain.shared.decisions import DecidingBody, DecisionRef
from omstilling.runtime import Runtime
from tenants import load_registry

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def decided(
    body: str, day: date, archive_case: str, title: str, political_case: str | None = None
) -> DecisionRef:
    return DecisionRef(DecidingBody(body), day, archive_case, title, political_case)


def goal(
    code: str, text: str, indicator: str, unit: str, base: tuple[str, int], target: tuple[str, int]
) -> Goal:
    return Goal(
        code,
        text,
        indicator,
        unit,
        Measure(Decimal(base[0]), base[1]),
        Measure(Decimal(target[0]), target[1]),
    )


def principals(municipality: str, county: str) -> dict[str, Principal]:
    m = load_registry().municipality_by_number(municipality).id
    return {
        "editor": Principal(
            "kari.nordmann", "Kari Nordmann", Role.MUNICIPALITY_EDITOR, municipality_id=m
        ),
        "board": Principal(
            "styreleder", "Per Hansen (styreleder)", Role.MUNICIPALITY_BOARD, municipality_id=m
        ),
        "clerk": Principal(
            "politisk.sekretariat", "Anne Olsen", Role.MUNICIPALITY_COUNCIL_CLERK, municipality_id=m
        ),
        "reader": Principal(
            "innbygger.leser", "Ola Leser", Role.MUNICIPALITY_READER, municipality_id=m
        ),
        "officer": Principal(
            f"saksbehandler.{county}",
            f"Saksbehandler fylke {county}",
            Role.COUNTY_OFFICER,
            county_number=county,
        ),
        "auditor": Principal(
            f"revisor.{county}",
            f"Revisor fylke {county}",
            Role.COUNTY_AUDITOR,
            county_number=county,
        ),
    }


NATIONAL = Principal("analytiker.in", "Analytiker Innovasjon Norge", Role.NATIONAL_ANALYST)
STEWARD = Principal("forvalter.in", "Forvalter Innovasjon Norge", Role.NATIONAL_STEWARD)

BATSFJORD_PLAN = PlanContent(
    background=(
        "Nedleggelsen av fiskeindustrien i 2020 tok 120 arbeidsplasser, en femtedel av "
        "sysselsettingen i kommunen. Utviklingsanalysen peker på sjømat, reiseliv og kompetanse."
    ),
    vision="Båtsfjord – et livskraftig havfiskesamfunn med framtidstro",
    main_goal=goal(
        "H1",
        "Skape eller sikre 150 arbeidsplasser i omstillingsperioden",
        "Arbeidsplasser skapt eller sikret",
        "antall",
        ("0", 2021),
        ("150", 2027),
    ),
    focus_areas=(
        FocusArea(
            "I1",
            "Sjømat og havbruk",
            "Videreforedling og nye arter",
            (
                goal(
                    "D1.1",
                    "Nye arbeidsplasser i sjømatnæringen",
                    "Arbeidsplasser i sjømat",
                    "antall",
                    ("0", 2021),
                    ("80", 2027),
                ),
            ),
            kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
        ),
        FocusArea(
            "I2",
            "Reiseliv og opplevelser",
            "Arktisk naturbasert reiseliv",
            (
                goal(
                    "D2.1",
                    "Flere gjestedøgn",
                    "Kommersielle gjestedøgn",
                    "antall",
                    ("4200", 2021),
                    ("9000", 2027),
                ),
            ),
            kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
        ),
        FocusArea(
            "I3",
            "Kompetanse og gründerskap",
            "Gründerprogram og etablererveiledning",
            (
                goal(
                    "D3.1",
                    "Nye bedrifter etablert",
                    "Nyetableringer",
                    "antall",
                    ("3", 2021),
                    ("25", 2027),
                ),
            ),
            kind=FocusAreaKind.ENTREPRENEURSHIP,
        ),
    ),
    organisation="Omstillingsstyre med fem medlemmer; daglig leder i 100 % stilling; kommunen er eier.",
    resources_and_financing="Omstillingsmidler fra fylkeskommunen om lag 5 mill. kr per år; kommunen bidrar med 25 %.",
    communication_strategy="Åpne møter to ganger i året, nyhetsbrev og årlig rapport til kommunestyret.",
)


def seed(runtime: Runtime, *, national: bool = True) -> dict[str, UUID]:
    """Record the demo history through the same commands users run; returns programme ids."""
    ids: dict[str, UUID] = {}

    # 1. Båtsfjord: status granted in 2021 by Troms og Finnmark (54); after 2024 under Finnmark (56).
    b = principals("5632", "56")
    with recorded_at(at(date(2021, 3, 18))):
        r = runtime.command(
            lambda a: a.register_programme(
                b["officer"],
                granting_county_number="54",
                name="Omstilling Båtsfjord 2021–2027",
                kind="sudden_employment_loss",
                lead_municipality_number="5632",
                period_start=date(2021, 7, 1),
                period_end=date(2027, 6, 30),
                decision=decided(
                    "fylkesutvalget",
                    date(2021, 3, 16),
                    "2021/1187-4",
                    "Omstillingsstatus for Båtsfjord kommune",
                    "PS 31/21",
                ),
                reason="Bortfall av 120 arbeidsplasser i fiskeindustrien",
            )
        )
    programme = ids["batsfjord"] = r.aggregate_id
    board_decision = decided(
        "omstillingsstyret", date(2021, 9, 1), "2021/1187-9", "Oppstart strategifasen", "PS 4/21"
    )
    with recorded_at(at(date(2021, 9, 2))):
        runtime.command(
            lambda a: a.advance_programme_phase(
                b["board"], programme, "strategy_and_anchoring", decision=board_decision
            )
        )
    with recorded_at(at(date(2021, 11, 5))):
        plan = runtime.command(
            lambda a: a.draft_plan(
                b["editor"], programme, BATSFJORD_PLAN, reason="Utkast etter prosessamlingene"
            )
        ).aggregate_id
    with recorded_at(at(date(2021, 12, 1))):
        runtime.command(lambda a: a.submit_plan(b["editor"], plan))
    with recorded_at(at(date(2021, 12, 14))):
        runtime.command(
            lambda a: a.approve_plan(
                b["board"],
                plan,
                decision=decided(
                    "prosjektstyringsgruppen",
                    date(2021, 12, 14),
                    "2021/1187-15",
                    "Godkjenning av omstillingsplan",
                ),
            )
        )
    _adopt(
        runtime, b, plan, date(2022, 2, 10), "2021/1187-21", "PS 9/22", "Omstillingsplan 2021–2027"
    )
    with recorded_at(at(date(2022, 3, 1))):
        runtime.command(
            lambda a: a.advance_programme_phase(
                b["board"],
                programme,
                "implementation",
                decision=decided(
                    "omstillingsstyret", date(2022, 2, 28), "2021/1187-24", "Gjennomføringsfasen"
                ),
            )
        )
    from omstilling import demo_funds

    demo_funds.funds_before_review_2023(runtime, programme)
    from omstilling import demo_assessments

    psv_2023 = demo_assessments.assessments_before_review_2023(runtime, programme)

    # October review 2023: tourism slower than planned, aquaculture faster.
    with recorded_at(at(date(2023, 10, 20))):
        runtime.command(
            lambda a: a.start_plan_revision(
                b["editor"],
                plan,
                reason="Oktoberrullering 2023 etter programstatusvurderingen",
                assessment_id=psv_2023,
            )
        )
        runtime.command(
            lambda a: a.put_plan_focus_area(
                b["editor"],
                plan,
                FocusArea(
                    "I2",
                    "Reiseliv og opplevelser",
                    "Arktisk naturbasert reiseliv",
                    (
                        goal(
                            "D2.1",
                            "Flere gjestedøgn",
                            "Kommersielle gjestedøgn",
                            "antall",
                            ("4200", 2021),
                            ("7000", 2027),
                        ),
                    ),
                    kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
                ),
                reason="Målet for gjestedøgn nedjusteres: kapasiteten i overnatting vokser saktere enn ventet",
            )
        )
        runtime.command(
            lambda a: a.put_plan_focus_area(
                b["editor"],
                plan,
                FocusArea(
                    "I1",
                    "Sjømat og havbruk",
                    "Videreforedling, nye arter og landbasert havbruk",
                    (
                        goal(
                            "D1.1",
                            "Nye arbeidsplasser i sjømatnæringen",
                            "Arbeidsplasser i sjømat",
                            "antall",
                            ("0", 2021),
                            ("100", 2027),
                        ),
                    ),
                    kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
                ),
                reason="Landbasert havbruk etablert i 2023 gir grunnlag for høyere mål",
            )
        )
    _approve_and_adopt(
        runtime,
        b,
        plan,
        date(2023, 11, 8),
        date(2023, 12, 14),
        "2023/2210-6",
        "PS 71/23",
        "Revidert omstillingsplan, rullering 2023",
    )
    demo_funds.funds_before_review_2024(runtime, programme)

    # October review 2024: a fourth focus area after the county's new growth strategy.
    with recorded_at(at(date(2024, 10, 18))):
        runtime.command(
            lambda a: a.start_plan_revision(
                b["editor"],
                plan,
                reason="Oktoberrullering 2024: ny regional strategi for grønn energi",
            )
        )
        runtime.command(
            lambda a: a.put_plan_focus_area(
                b["editor"],
                plan,
                FocusArea(
                    "I4",
                    "Grønn energi",
                    "Vindkraft og hydrogen i havnen",
                    (
                        goal(
                            "D4.1",
                            "Arbeidsplasser i energinæringen",
                            "Arbeidsplasser i energi",
                            "antall",
                            ("0", 2024),
                            ("20", 2027),
                        ),
                    ),
                    kind=FocusAreaKind.INFRASTRUCTURE,
                ),
                reason="Nytt innsatsområde etter vedtatt regional strategi for grønn energi",
            )
        )
        runtime.command(
            lambda a: a.revise_plan_section(
                b["editor"],
                plan,
                "resources_and_financing",
                "Omstillingsmidler fra Finnmark fylkeskommune om lag 5 mill. kr per år; kommunen bidrar med 25 %; "
                "Innovasjon Norge delfinansierer energiprosjektene.",
                reason="Fylkeskommunen er fra 2024 Finnmark fylkeskommune",
            )
        )
    _approve_and_adopt(
        runtime,
        b,
        plan,
        date(2024, 11, 12),
        date(2024, 12, 12),
        "2024/1934-8",
        "PS 88/24",
        "Revidert omstillingsplan, rullering 2024",
    )

    # 2. Meløy (Nordland): granted 2023, plan adopted 2024, Rødøy joined as a partner.
    m = principals("1837", "18")
    with recorded_at(at(date(2023, 4, 25))):
        r = runtime.command(
            lambda a: a.register_programme(
                m["officer"],
                name="Omstilling Meløy",
                kind="sudden_employment_loss",
                lead_municipality_number="1837",
                period_start=date(2023, 7, 1),
                period_end=date(2029, 6, 30),
                decision=decided(
                    "fylkesradet",
                    date(2023, 4, 24),
                    "2023/5521-2",
                    "Omstillingsstatus for Meløy kommune",
                    "PS 112/23",
                ),
            )
        )
    ids["meloy"] = r.aggregate_id
    with recorded_at(at(date(2023, 9, 14))):
        runtime.command(
            lambda a: a.add_programme_municipality(
                m["officer"],
                ids["meloy"],
                "1836",
                decision=decided(
                    "fylkesradet",
                    date(2023, 9, 12),
                    "2023/5521-7",
                    "Rødøy med i omstillingsområdet",
                ),
                reason="Felles bo- og arbeidsmarked med Meløy",
            )
        )
    with recorded_at(at(date(2024, 1, 15))):
        meloy_plan = runtime.command(
            lambda a: a.draft_plan(
                m["editor"],
                ids["meloy"],
                PlanContent(
                    background="Nedbemanning i kraftkrevende industri i Glomfjord.",
                    vision="Meløy – grønn industri og levende lokalsamfunn",
                    main_goal=goal(
                        "H1",
                        "Skape 100 nye arbeidsplasser",
                        "Nye arbeidsplasser",
                        "antall",
                        ("0", 2023),
                        ("100", 2029),
                    ),
                    focus_areas=(
                        FocusArea(
                            "I1",
                            "Grønn industri",
                            "",
                            (
                                goal(
                                    "D1",
                                    "Nye industribedrifter",
                                    "Bedrifter",
                                    "antall",
                                    ("0", 2023),
                                    ("6", 2029),
                                ),
                            ),
                            kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
                        ),
                        FocusArea(
                            "I2",
                            "Bolyst",
                            "",
                            (
                                goal(
                                    "D2",
                                    "Netto tilflytting",
                                    "Personer",
                                    "antall",
                                    ("-40", 2023),
                                    ("20", 2029),
                                ),
                            ),
                            kind=FocusAreaKind.ATTRACTIVENESS,
                        ),
                        FocusArea(
                            "I3",
                            "Kompetanse",
                            "",
                            (
                                goal(
                                    "D3",
                                    "Fagbrev i industrien",
                                    "Fagbrev",
                                    "antall",
                                    ("12", 2023),
                                    ("40", 2029),
                                ),
                            ),
                            kind=FocusAreaKind.COMPETENCE,
                        ),
                    ),
                    organisation="Omstillingsstyre; daglig leder ansatt i Meløy Utvikling.",
                    resources_and_financing="Omstillingsmidler fra Nordland fylkeskommune 4 mill. kr per år.",
                    communication_strategy="Nettside, sosiale medier og folkemøter.",
                ),
            )
        ).aggregate_id
        runtime.command(lambda a: a.submit_plan(m["editor"], meloy_plan))
    with recorded_at(at(date(2024, 2, 6))):
        runtime.command(
            lambda a: a.approve_plan(
                m["board"],
                meloy_plan,
                decision=decided(
                    "prosjektstyringsgruppen",
                    date(2024, 2, 6),
                    "2023/5521-15",
                    "Godkjenning av omstillingsplan",
                ),
            )
        )
    _adopt(
        runtime,
        m,
        meloy_plan,
        date(2024, 3, 14),
        "2023/5521-19",
        "PS 14/24",
        "Omstillingsplan for Meløy",
    )

    # 3. Tinn (Telemark): long-term decline, plan still in draft with only two focus areas.
    t = principals("4026", "40")
    with recorded_at(at(date(2024, 6, 11))):
        r = runtime.command(
            lambda a: a.register_programme(
                t["officer"],
                name="Omstilling Tinn",
                kind="long_term_decline",
                lead_municipality_number="4026",
                period_start=date(2024, 9, 1),
                period_end=date(2030, 8, 31),
                decision=decided(
                    "fylkesutvalget",
                    date(2024, 6, 11),
                    "2024/3390-3",
                    "Omstillingsstatus for Tinn kommune",
                    "PS 56/24",
                ),
            )
        )
    ids["tinn"] = r.aggregate_id
    with recorded_at(at(date(2025, 1, 20))):
        runtime.command(
            lambda a: a.draft_plan(
                t["editor"],
                ids["tinn"],
                PlanContent(
                    background="Langvarig nedgang i folketall og sysselsetting.",
                    vision="Tinn – verdensarv som vekstkraft",
                    focus_areas=(
                        FocusArea(
                            "I1",
                            "Reiseliv og verdensarv",
                            "",
                            (
                                goal(
                                    "D1",
                                    "Flere besøkende",
                                    "Besøkende",
                                    "antall",
                                    ("60000", 2024),
                                    ("90000", 2030),
                                ),
                            ),
                            kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
                        ),
                        FocusArea(
                            "I2",
                            "Industri og energi",
                            "",
                            (
                                goal(
                                    "D2",
                                    "Nye arbeidsplasser",
                                    "Arbeidsplasser",
                                    "antall",
                                    ("0", 2024),
                                    ("60", 2030),
                                ),
                            ),
                            kind=FocusAreaKind.BUSINESS_DEVELOPMENT,
                        ),
                    ),
                ),
                reason="Første utkast etter mobiliseringen",
            )
        )
    from omstilling.demo_year import seed_programme_year

    ids["batsfjord_action_plan_2025"] = seed_programme_year(runtime, programme, b, at, decided)
    demo_funds.seed_funds(runtime, ids)
    demo_assessments.seed_assessments(runtime, ids)
    from omstilling.demo_national import seed_national

    if national:  # the five programmes beside Båtsfjord, Meløy and Tinn for the comparison
        ids.update(seed_national(runtime))
    from omstilling.demo_results import seed_results

    seed_results(runtime, ids)
    from omstilling.demo_continuation import seed_continuation

    seed_continuation(runtime, ids)
    return ids


def _adopt(
    runtime: Runtime,
    who: dict[str, Principal],
    plan: UUID,
    day: date,
    case: str,
    ps: str,
    title: str,
) -> None:
    with recorded_at(at(day, 18)):
        runtime.command(
            lambda a: a.adopt_plan(
                who["clerk"], plan, decision=decided("kommunestyret", day, case, title, ps)
            )
        )
        runtime.command(lambda a: a.put_plan_into_force(who["clerk"], plan, day))


def _approve_and_adopt(
    runtime: Runtime,
    who: dict[str, Principal],
    plan: UUID,
    approved: date,
    adopted: date,
    case: str,
    ps: str,
    title: str,
) -> None:
    with recorded_at(at(approved)):
        runtime.command(lambda a: a.submit_plan(who["editor"], plan))
        runtime.command(
            lambda a: a.approve_plan(
                who["board"],
                plan,
                decision=decided("omstillingsstyret", approved, case.split("-")[0] + "-2", title),
            )
        )
    _adopt(runtime, who, plan, adopted, case, ps, title)


def demo_principals() -> dict[str, Principal]:
    """The people a demo user can act as, one per role."""
    b = principals("5632", "56")
    return {
        "Båtsfjord editor (redaktør)": b["editor"],
        "Båtsfjord board (styret)": b["board"],
        "Båtsfjord council clerk (politisk sekretariat)": b["clerk"],
        "Båtsfjord reader (leser)": b["reader"],
        "Finnmark county officer (saksbehandler)": b["officer"],
        "Finnmark county auditor (revisor)": b["auditor"],
        "Nordland county officer (saksbehandler)": principals("1837", "18")["officer"],
        "Innovasjon Norge national analyst (analytiker)": NATIONAL,
        "Innovasjon Norge national steward (forvalter)": STEWARD,
    }
