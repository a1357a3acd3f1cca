"""More programmes for the national comparison: five restructuring programmes in five more
counties, of both status kinds, in different phases, sizes and spending patterns, told through
the same commands users run; and the national steward importing the demo population file.

- Sunndal (Møre og Romsdal): sudden loss, large, three funded years, industry and competence.
- Årdal (Vestland): sudden loss, medium, two funded years, spread over business and start-ups.
- Engerdal with Rendalen (Innlandet): long-term decline, small grants for a small population,
  attractiveness and development capacity: the most per inhabitant.
- Meråker (Trøndelag): long-term decline, started 2025, one funded year, half spent.
- Kvænangen (Troms; granted by Troms og Finnmark in 2020): sudden loss, period ended 2025,
  in Videreføring; its last year has no Handlingsplan, so the year wheel shows it late.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from uuid import UUID

from application.access import Principal
from application.app import OmstillingApp
from domain.plan.content import FocusArea, FocusAreaKind, Goal, Measure, PlanContent
from domain.plan.model import plan_id_for
from domain.programme.model import programme_id_for
from omstilling.demo import decided, principals
from omstilling.demo_funds import (
    Run,
    _Grant,
    _plan_year,
    _programme_year,
    _Project,
    _Timeline,
    _use_year,
)
from omstilling.runtime import Runtime
from tenants import load_registry

POPULATION_FILE = "folkemengde-demo.csv"
POPULATION_SOURCE = (
    "Illustrative figures for the demo, approximating SSB table 07459; "
    "replace with the published table"
)
K = FocusAreaKind


def seed_national(runtime: Runtime) -> dict[str, UUID]:
    """The five programmes and the population import; returns their programme ids."""
    t = _Timeline(id_key=runtime.app.id_key)
    ids = {
        "sunndal": _sunndal(t),
        "ardal": _ardal(t),
        "engerdal": _engerdal(t),
        "meraker": _meraker(t),
        "kvaenangen": _kvaenangen(t),
    }
    t.tell(runtime)
    import_demo_population(runtime)
    return ids


def import_demo_population(runtime: Runtime) -> None:
    from omstilling.demo import STEWARD

    content = resources.files("tenants").joinpath("data", POPULATION_FILE).read_bytes()
    runtime.command(
        lambda a: a.import_population(
            STEWARD, content, source=POPULATION_SOURCE, file_name=POPULATION_FILE
        )
    )


# Helpers


def _goal(code: str, text: str, base: tuple[str, int], target: tuple[str, int]) -> Goal:
    return Goal(
        code,
        text,
        text,
        "antall",
        Measure(Decimal(base[0]), base[1]),
        Measure(Decimal(target[0]), target[1]),
    )


def _plan(
    background: str, vision: str, start: int, areas: tuple[tuple[str, str, K, str], ...]
) -> PlanContent:
    return PlanContent(
        background=background,
        vision=vision,
        main_goal=_goal("H1", "Nye eller sikrede arbeidsplasser", ("0", start), ("80", start + 6)),
        focus_areas=tuple(
            FocusArea(
                code,
                name,
                "",
                (_goal(f"D{code[1:]}", goal, ("0", start), ("10", start + 6)),),
                kind,
            )
            for code, name, kind, goal in areas
        ),
        organisation="Omstillingsstyre med fem medlemmer; daglig leder i full stilling.",
        resources_and_financing="Omstillingsmidler fra fylkeskommunen; kommunen bidrar med 25 %.",
        communication_strategy="Folkemøter, nettside og årlig rapport til kommunestyret.",
    )


def _start(
    t: _Timeline,
    *,
    number: str,
    county: str,
    granting: str,
    name: str,
    kind: str,
    period: tuple[date, date],
    status_on: date,
    case: str,
    plan: PlanContent,
    plan_on: date,
    adopted_on: date,
    phases: tuple[tuple[str, date], ...] = (),
    partners: tuple[str, ...] = (),
) -> UUID:
    """Status granted, the plan drafted, approved, adopted and in force, phases advanced."""
    who = principals(number, county)
    lead = load_registry().municipality_by_number(number).id
    programme = programme_id_for(t.id_key, granting, lead, period[0])
    plan_id = plan_id_for(programme)
    status = decided("fylkesutvalget", status_on, f"{case}-2", f"Omstillingsstatus for {name}")
    t.on(
        status_on,
        15,
        lambda a: a.register_programme(
            who["officer"],
            granting_county_number=granting,
            name=f"Omstilling {name}",
            kind=kind,
            lead_municipality_number=number,
            other_municipality_numbers=partners,
            period_start=period[0],
            period_end=period[1],
            decision=status,
        ),
    )

    def adopt(a: OmstillingApp) -> None:
        a.draft_plan(who["editor"], programme, plan, reason="Utkast etter utviklingsanalysen")
        a.submit_plan(who["editor"], plan_id)
        a.approve_plan(
            who["board"],
            plan_id,
            decision=decided(
                "prosjektstyringsgruppen", plan_on, f"{case}-9", "Godkjenning av omstillingsplan"
            ),
        )

    t.on(plan_on, 12, adopt)

    def in_force(a: OmstillingApp) -> None:
        a.adopt_plan(
            who["clerk"],
            plan_id,
            decision=decided("kommunestyret", adopted_on, f"{case}-12", f"Omstillingsplan {name}"),
        )
        a.put_plan_into_force(who["clerk"], plan_id, adopted_on)

    t.on(adopted_on, 18, in_force)
    for phase, day in phases:
        t.on(day, 13, _advance(who["board"], programme, phase, day, case))
    return programme


def _advance(board: Principal, programme: UUID, phase: str, day: date, case: str) -> Run:
    decision = decided("omstillingsstyret", day, f"{case}-{day.year}", f"Fase: {phase}")
    return lambda a: a.advance_programme_phase(board, programme, phase, decision=decision)


def _project(
    code: str, area: str, name: str, county_kroner: int, other: tuple[tuple[str, int], ...] = ()
) -> _Project:
    total = county_kroner + sum(k for _, k in other)
    return _Project(
        code,
        area,
        name,
        name,
        f"{name}: resultatmål nådd",
        (4, 3, 3, 3),
        str(total),
        (("county_restructuring_funds", str(county_kroner)), *((s, str(k)) for s, k in other)),
        ("personnel", "external_consultants", "purchases"),
    )


def _year(
    t: _Timeline,
    programme: UUID,
    number: str,
    county: str,
    owner: str,
    body: str,
    county_name: str,
    year: int,
    projects: tuple[_Project, ...],
    *,
    amount: str | None = None,
    allocations: tuple[tuple[str, str], ...] = (),
    closed: bool = True,
    reports: int = 3,
) -> None:
    """A programme year told the standard way: planned in the autumn before, granted in
    January, paid in two halves, reported quarterly, closed in January after."""
    make = _programme_year(programme, principals(number, county), owner, "Daglig leder")
    y = make(
        year=year,
        case=f"{year - 1}/{number}",
        projects=projects,
        proposed=date(year - 1, 10, 20),
        board=(date(year - 1, 11, 14), f"PS 14/{(year - 1) % 100:02d}"),
        council=(date(year - 1, 12, 5), f"PS 91/{(year - 1) % 100:02d}"),
        applied=date(year - 1, 12, 8),
        in_effect=date(year, 1, 9),
        grant=_Grant(
            body=body,
            decided_on=date(year, 1, 28),
            case=f"{year}/{number}-3",
            ps=f"PS 12/{year % 100:02d}",
            county_name=county_name,
            amount=amount,
            allocations=allocations,
            disbursements=((date(year, 2, 10), 50), (date(year, 8, 25), 50)),
            allocated_on=date(year, 2, 12),
            reports=tuple(
                (q, d)
                for q, d in (
                    (1, date(year, 4, 14)),
                    (2, date(year, 7, 10)),
                    (3, date(year, 10, 13)),
                )
                if q <= reports
            ),
        ),
        final_report=date(year, 12, 8),
        closed=date(year + 1, 1, 14) if closed else None,
        plan_text=f"Omstillingsmidler fra {county_name} for {year}; kommunen bidrar.",
    )
    _plan_year(t, y)
    _use_year(t, y, milestones=closed)


# The programmes


def _sunndal(t: _Timeline) -> UUID:
    number, county = "1563", "15"
    programme = _start(
        t,
        number=number,
        county=county,
        granting=county,
        name="Sunndal",
        kind="sudden_employment_loss",
        period=(date(2022, 7, 1), date(2028, 6, 30)),
        status_on=date(2022, 4, 26),
        case="2022/1563",
        plan=_plan(
            "Nedbemanning i aluminiumsverket tok 250 arbeidsplasser.",
            "Sunndal – industri i verdensklasse, flere bein å stå på",
            2022,
            (
                ("I1", "Industri og leverandører", K.BUSINESS_DEVELOPMENT, "Nye industribedrifter"),
                ("I2", "Kompetanse og fagbrev", K.COMPETENCE, "Fagbrev tatt"),
                ("I3", "Næringsareal", K.INFRASTRUCTURE, "Ferdig regulert areal"),
            ),
        ),
        plan_on=date(2022, 9, 22),
        adopted_on=date(2022, 10, 6),
        phases=(("strategy_and_anchoring", date(2022, 9, 1)),),
    )
    t.on(
        date(2023, 1, 5),
        13,
        lambda a: a.advance_programme_phase(
            principals(number, county)["board"],
            programme,
            "implementation",
            decision=decided(
                "omstillingsstyret", date(2023, 1, 5), "2022/1563-30", "Gjennomføring"
            ),
        ),
    )
    args = (
        t,
        programme,
        number,
        county,
        "Sunndal kommune",
        "fylkesutvalget",
        "Møre og Romsdal fylkeskommune",
    )
    _year(
        *args,
        2023,
        (
            _project("S23-1", "I1", "Leverandørutvikling", 1_800_000, (("private", 600_000),)),
            _project("S23-2", "I2", "Fagbrev i industrien", 900_000, (("municipality", 300_000),)),
        ),
    )
    _year(
        *args,
        2024,
        (
            _project(
                "S24-1", "I1", "Industriinkubator", 2_000_000, (("innovasjon_norge", 500_000),)
            ),
            _project("S24-2", "I3", "Næringsareal Øra", 1_200_000, (("municipality", 400_000),)),
        ),
    )
    _year(
        *args,
        2025,
        (
            _project("S25-1", "I1", "Nye industrietableringer", 1_600_000),
            _project("S25-2", "I2", "Rekruttering av ingeniører", 700_000),
        ),
    )
    return programme


def _ardal(t: _Timeline) -> UUID:
    number, county = "4643", "46"
    programme = _start(
        t,
        number=number,
        county=county,
        granting=county,
        name="Årdal",
        kind="sudden_employment_loss",
        period=(date(2023, 7, 1), date(2029, 6, 30)),
        status_on=date(2023, 5, 9),
        case="2023/4643",
        plan=_plan(
            "Nedleggelse av en produksjonslinje i verket og færre arbeidsplasser i industrien.",
            "Årdal – skapende industrisamfunn",
            2023,
            (
                ("I1", "Næringsutvikling", K.BUSINESS_DEVELOPMENT, "Nye arbeidsplasser"),
                ("I2", "Gründerskap", K.ENTREPRENEURSHIP, "Nye bedrifter"),
                ("I3", "Bolyst", K.ATTRACTIVENESS, "Netto tilflytting"),
            ),
        ),
        plan_on=date(2023, 9, 14),
        adopted_on=date(2023, 10, 5),
        phases=(
            ("strategy_and_anchoring", date(2023, 8, 30)),
            ("implementation", date(2023, 10, 10)),
        ),
    )
    args = (
        t,
        programme,
        number,
        county,
        "Årdal kommune",
        "fylkesutvalget",
        "Vestland fylkeskommune",
    )
    _year(
        *args,
        2024,
        (
            _project("A24-1", "I1", "Vekstprogram for bedrifter", 900_000),
            _project(
                "A24-2", "I2", "Gründerhus Årdalstangen", 500_000, (("municipality", 100_000),)
            ),
            _project("A24-3", "I3", "Velkommen til Årdal", 300_000),
        ),
    )
    _year(
        *args,
        2025,
        (
            _project("A25-1", "I1", "Eksportsatsing", 1_000_000),
            _project("A25-2", "I2", "Etablererfond", 600_000),
        ),
        amount="1400000",
        allocations=(("A25-1", "900000"), ("A25-2", "500000")),
    )
    return programme


def _engerdal(t: _Timeline) -> UUID:
    number, county = "3425", "34"
    programme = _start(
        t,
        number=number,
        county=county,
        granting=county,
        name="Engerdal og Rendalen",
        kind="long_term_decline",
        period=(date(2023, 1, 1), date(2028, 12, 31)),
        status_on=date(2022, 10, 18),
        case="2022/3425",
        plan=_plan(
            "Langvarig nedgang i folketall og arbeidsplasser i to fjellkommuner.",
            "Fjellbygder med framtid",
            2023,
            (
                ("I1", "Bolyst og tilflytting", K.ATTRACTIVENESS, "Netto tilflytting"),
                ("I2", "Utviklingskapasitet", K.DEVELOPMENT_CAPACITY, "Nye utviklingsprosjekter"),
            ),
        ),
        plan_on=date(2023, 5, 4),
        adopted_on=date(2023, 6, 15),
        phases=(
            ("strategy_and_anchoring", date(2023, 2, 1)),
            ("implementation", date(2023, 8, 15)),
        ),
        partners=("3424",),
    )
    args = (
        t,
        programme,
        number,
        county,
        "Engerdal kommune",
        "fylkesutvalget",
        "Innlandet fylkeskommune",
    )
    for year in (2024, 2025):
        _year(
            *args,
            year,
            (
                _project(f"E{year % 100}-1", "I1", f"Bo i fjellet {year}", 450_000),
                _project(f"E{year % 100}-2", "I2", f"Utviklingsressurs {year}", 350_000),
            ),
        )
    return programme


def _meraker(t: _Timeline) -> UUID:
    number, county = "5034", "50"
    programme = _start(
        t,
        number=number,
        county=county,
        granting=county,
        name="Meråker",
        kind="long_term_decline",
        period=(date(2024, 9, 1), date(2030, 8, 31)),
        status_on=date(2024, 6, 18),
        case="2024/5034",
        plan=_plan(
            "Færre arbeidsplasser og eldre befolkning.",
            "Meråker – grensesprengende muligheter",
            2024,
            (
                ("I1", "Reiseliv og næring", K.BUSINESS_DEVELOPMENT, "Nye arbeidsplasser"),
                ("I2", "Kompetanse", K.COMPETENCE, "Kvalifiserte arbeidstakere"),
            ),
        ),
        plan_on=date(2024, 9, 20),
        adopted_on=date(2024, 10, 10),
        phases=(("strategy_and_anchoring", date(2024, 10, 1)),),
    )
    # One year under way, the spending behind plan: only the first two quarters reported.
    _year(
        t,
        programme,
        number,
        county,
        "Meråker kommune",
        "fylkesutvalget",
        "Trøndelag fylkeskommune",
        2025,
        (
            _project("R25-1", "I1", "Destinasjonsutvikling", 500_000),
            _project("R25-2", "I2", "Kompetanseløft", 300_000),
        ),
        closed=False,
        reports=2,
    )
    return programme


def _kvaenangen(t: _Timeline) -> UUID:
    number, county = "5546", "55"
    programme = _start(
        t,
        number=number,
        county=county,
        granting="54",
        name="Kvænangen",
        kind="sudden_employment_loss",
        period=(date(2020, 7, 1), date(2025, 12, 31)),
        status_on=date(2020, 5, 12),
        case="2020/5546",
        plan=_plan(
            "Nedleggelse av fiskemottaket tok 40 arbeidsplasser.",
            "Kvænangen – kystsamfunn i vekst",
            2020,
            (
                ("I1", "Sjømat og kystnæring", K.BUSINESS_DEVELOPMENT, "Arbeidsplasser i sjømat"),
                ("I2", "Gründere", K.ENTREPRENEURSHIP, "Nye bedrifter"),
                ("I3", "Annet", K.OTHER, "Andre tiltak"),
            ),
        ),
        plan_on=date(2020, 10, 8),
        adopted_on=date(2020, 11, 19),
        phases=(
            ("strategy_and_anchoring", date(2020, 8, 20)),
            ("implementation", date(2020, 12, 1)),
            ("continuation", date(2024, 1, 10)),
        ),
    )
    args = (
        t,
        programme,
        number,
        county,
        "Kvænangen kommune",
        "fylkesutvalget",
        "Troms og Finnmark fylkeskommune",
    )
    _year(
        *args,
        2022,
        (
            _project("K22-1", "I1", "Kystnæringsprogram", 700_000),
            _project("K22-2", "I2", "Etablererstøtte", 300_000),
            _project("K22-3", "I3", "Stedsutvikling Burfjord", 200_000),
        ),
    )
    _year(
        *args,
        2023,
        (
            _project("K23-1", "I1", "Sjømatsatsing", 800_000),
            _project("K23-2", "I2", "Gründerveiledning", 250_000),
        ),
    )
    return programme
