"""The demo's restructuring funds (omstillingsmidler): the county's grants, the municipality's
allocation to the year's projects, quarterly spending from the accounts with co-financing
beside the county's money, and the return of what was not used.

Båtsfjord: Handlingsplans with their own projects for 2023, 2024 and 2026 beside demo_year's
2025; grants for 2023 (Troms og Finnmark, decided before the 2024 reform), 2024, 2025 and 2026
(Finnmark). Meløy: Handlingsplans, grants and spending for 2024 and 2025 (Nordland).
Every year that has ended is fully spent, or what was left released and returned within the
year. One deviation for the county's audit: in 2024 Båtsfjord moved kr 150 000 between projects
on 19 August, and the board decided the reallocation only on 12 September.

Båtsfjord's funds are told in three chapters between the plan's reviews, so each Handlingsplan
builds on the Omstillingsplan version in force when it was drafted and the log follows the
programme's own order. Commands go straight to the application; the read models catch up once
per chapter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
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
from domain.funds.use import SpendingReport
from domain.money import Money
from domain.project.mandate import DecisionPoint, Mandate, Milestone, Organisation, WorkStream
from domain.project.prioritisation import Criterion, Score, Weights
from domain.shared.clock import OSLO, recorded_at
from omstilling.demo import at, decided, principals
from omstilling.demo_year import MEASURES, PROJECTS
from omstilling.runtime import Runtime

# Båtsfjord's plan reviews (demo.py): the first chapter ends before the October review 2023
# starts, the second before the one of 2024; each starts after the review's adoption.
REVIEW_2023 = date(2023, 10, 19)
REVIEW_2024 = date(2024, 10, 17)
COUNTY_FUNDS = FundingSource.COUNTY_RESTRUCTURING_FUNDS
CRITERIA = (Criterion.EFFECT, Criterion.MONEY, Criterion.SPEED, Criterion.PERSONNEL)
WEIGHTS = Weights(effect=40, money=30, speed=20, personnel=10)
CATCH_UP_SECONDS = 60.0

Run = Callable[[OmstillingApp], object]


def funds_before_review_2023(runtime: Runtime, programme: UUID) -> None:
    """Båtsfjord's Handlingsplan 2023 (drafted in autumn 2022 on plan version 1), its grant
    from Troms og Finnmark and the year's use up to the October review."""
    _batsfjord(programme).tell(runtime, until=REVIEW_2023)


def funds_before_review_2024(runtime: Runtime, programme: UUID) -> None:
    """2023 closed (remainder returned), Handlingsplan 2024 on plan version 2, Finnmark's
    grant and the year's use up to the October review, the reallocation among it."""
    _batsfjord(programme).tell(runtime, after=REVIEW_2023, until=REVIEW_2024)


def seed_funds(runtime: Runtime, ids: dict[str, UUID]) -> None:
    """The rest: Båtsfjord's 2024 closed, 2025 granted, used and closed, 2026 under way;
    Meløy's 2024 and 2025. Needs Båtsfjord's Handlingsplan 2025 (demo_year) in place."""
    timeline = _batsfjord(ids["batsfjord"])
    timeline.drop_until(REVIEW_2024)  # told in the first two chapters
    _meloy(ids["meloy"], timeline)
    timeline.tell(runtime)


# The timeline: steps at their historical moments, told in order


@dataclass
class _Timeline:
    steps: list[tuple[datetime, int, Run]] = field(default_factory=list)
    id_key: bytes = b""  # the deployment's key for the programme ids a story registers

    def on(self, day: date, hour: int, run: Run) -> None:
        self.steps.append((at(day, hour), len(self.steps), run))

    def drop_until(self, day: date) -> None:
        self.steps = [s for s in self.steps if s[0].date() > day]

    def tell(
        self, runtime: Runtime, *, after: date | None = None, until: date | None = None
    ) -> None:
        """Run the steps from `after` (exclusive) to `until` (inclusive) in time order, each
        recorded at its moment; nothing later than now. Then wait for the read models."""
        now = datetime.now(OSLO)
        for moment, _, run in sorted(self.steps, key=lambda s: (s[0], s[1])):
            day = moment.date()
            if (after is not None and day <= after) or (until is not None and day > until):
                continue
            if moment > now:
                break
            with recorded_at(moment):
                run(runtime.app)
        runtime.wait_for_everything_written(timeout=CATCH_UP_SECONDS)


# What a programme year is made of


@dataclass(frozen=True)
class _Project:
    """A project of one year's Handlingsplan and how it spends its allocation."""

    code: str
    area: str
    name: str
    purpose: str
    result_goal: str
    scores: tuple[int, int, int, int]  # effect, money, speed, personnel
    budget: str
    financing: tuple[tuple[str, str], ...]  # (source, kroner); the county's funds among them
    categories: tuple[str, ...]
    shares: tuple[int, int, int] = (20, 27, 28)  # % of the allocation spent in Q1–Q3

    def measure(self) -> ProjectMeasure:
        return ProjectMeasure(
            self.code,
            self.area,
            Money.from_kroner(self.budget),
            tuple(Financing(FundingSource(s), Money.from_kroner(a)) for s, a in self.financing),
        )

    def planned(self, source: FundingSource) -> Money:
        return self.measure().from_source(source)


@dataclass(frozen=True)
class _Grant:
    """The county's decision and what follows it: payments, allocation, the accounts."""

    body: str
    decided_on: date
    case: str
    ps: str
    county_name: str
    disbursements: tuple[tuple[date, int], ...]  # paid on, % of the grant
    allocated_on: date
    reports: tuple[tuple[int, date], ...]  # quarter, reported on; the fourth takes the rest
    amount: str | None = None  # None: what the application asks for
    allocations: tuple[tuple[str, str], ...] = ()  # per project, if not as applied for
    returned: tuple[str, str, date, str] | None = None  # project, kroner, on, why
    reason: str | None = None


@dataclass(frozen=True)
class _Year:
    """One programme year: its projects, the Handlingsplan's way through board and council,
    the grant, and the dates projects report to the board and end."""

    programme: UUID
    year: int
    who: dict[str, Principal]
    owner: str
    leader: str
    case: str  # the municipality's archive case for the year's plan
    projects: tuple[_Project, ...]
    proposed: date
    board: tuple[date, str]  # meeting, PS
    council: tuple[date, str]
    applied: date
    in_effect: date
    grant: _Grant
    final_report: date  # the projects' one milestone: the final report to the board
    closed: date | None  # fourth quarter reported and projects completed; None: still running
    strategy: tuple[str, str] | None = None
    plan_text: str = ""
    starts: tuple[tuple[str, date], ...] = ()  # projects not started as the plan takes effect

    @property
    def grant_id(self) -> UUID:
        return OmstillingApp.grant_id_for(self.programme, self.year, 1)

    @property
    def plan_id(self) -> UUID:
        return OmstillingApp.action_plan_id_for(self.programme, self.year)

    def project_id(self, code: str) -> UUID:
        return OmstillingApp.project_id_for(self.programme, code)

    def project(self, code: str) -> _Project:
        return next(p for p in self.projects if p.code == code)

    def allocation(self, p: _Project) -> Money:
        """What the project is first given of the grant."""
        given = dict(self.grant.allocations).get(p.code)
        return Money.from_kroner(given) if given else p.planned(COUNTY_FUNDS)

    def started(self, p: _Project) -> date:
        return dict(self.starts).get(p.code, self.in_effect)


def _plan_year(t: _Timeline, y: _Year, new: tuple[_Project, ...] | None = None) -> None:
    """Projects proposed (`new`, by default all) and scored, the Handlingsplan drafted, decided
    by the board with the projects' priority, approved by the council, applied for, put into
    effect and its projects started."""
    editor, board, clerk = y.who["editor"], y.who["board"], y.who["clerk"]
    for p in y.projects if new is None else new:
        t.on(y.proposed, 9, _propose(y, p))
    t.on(y.proposed, 14, lambda a: _draft(a, y))
    meeting, ps = y.board

    def decide(a: OmstillingApp) -> None:
        priority = decided(
            "omstillingsstyret",
            meeting,
            f"{y.case}-4",
            f"Prioritering av prosjekter {y.year}",
            ps,
        )
        codes = [p.code for p in y.projects]
        a.prioritise_projects(
            board, y.programme, codes, WEIGHTS, decision=priority, reason="Effekt veier tyngst"
        )
        for code in codes:
            a.approve_project(board, y.project_id(code), decision=priority)
        a.decide_action_plan(
            board,
            y.plan_id,
            decision=decided(
                "omstillingsstyret",
                meeting,
                f"{y.case}-5",
                f"Handlingsplan {y.year}",
                ps,
            ),
        )

    t.on(meeting, 12, decide)
    day, council_ps = y.council
    t.on(
        day,
        18,
        lambda a: a.approve_action_plan(
            clerk,
            y.plan_id,
            decision=decided(
                "kommunestyret",
                day,
                f"{y.case}-8",
                f"Godkjenning av handlingsplan {y.year}",
                council_ps,
            ),
        ),
    )
    t.on(
        y.applied,
        10,
        lambda a: a.apply_for_funds(
            editor, y.plan_id, y.applied, reason=f"Søknad om omstillingsmidler {y.year}"
        ),
    )
    t.on(y.in_effect, 10, lambda a: a.put_action_plan_into_effect(clerk, y.plan_id, y.in_effect))
    for p in y.projects:
        t.on(y.in_effect, 11, _start(y, p.code, y.in_effect))


def _propose(y: _Year, p: _Project) -> Run:
    def run(a: OmstillingApp) -> None:
        editor = y.who["editor"]
        project = a.propose_project(
            editor,
            y.programme,
            p.code,
            p.area,
            _mandate(y, p),
            (
                Milestone(
                    "M1",
                    "Sluttrapport",
                    date(y.year, 12, 20),
                    "Sluttrapport med regnskap behandlet i omstillingsstyret",
                ),
            ),
            reason=f"Forslag til Handlingsplan {y.year}",
        ).aggregate_id
        a.score_project(
            editor,
            project,
            tuple(
                Score(c, v, "Omstillingsstyret", y.proposed)
                for c, v in zip(CRITERIA, p.scores, strict=True)
            ),
            reason="Styreseminar om prioritering",
        )

    return run


def _mandate(y: _Year, p: _Project) -> Mandate:
    return Mandate(
        name=p.name,
        owner=y.owner,
        starts_on=y.in_effect,
        ends_on=date(y.year, 12, 31),
        project_leader=y.leader,
        background=f"Omstillingsplanen i kraft og programstatusvurderingen før {y.year}.",
        purpose=p.purpose,
        organisation=Organisation(
            steering_group=("Daglig leder i omstillingsprogrammet", "Næringssjef"),
            work_streams=(WorkStream("Arbeidsstrøm 1", "Gjennomføring"),),
        ),
        result_goals=(p.result_goal,),
        effect_goals=("Flere arbeidsplasser i kommunen",),
        gains=("Økt sysselsetting",),
        constraints=("Innenfor vedtatt budsjett",),
        decision_points=(DecisionPoint("Mandat besluttet", y.board[0]),),
    )


def _draft(a: OmstillingApp, y: _Year) -> None:
    editor = y.who["editor"]
    a.draft_action_plan(editor, y.programme, y.year, reason=f"Handlingsplan {y.year}")
    for p in y.projects:
        a.put_action_plan_measure(editor, y.plan_id, p.measure(), reason=f"Tiltak {y.year}")
    if y.strategy is not None:
        a.put_action_plan_strategy(editor, y.plan_id, Strategy(*y.strategy), reason="Strategi")
    a.revise_action_plan_section(
        editor, y.plan_id, "resources_and_financing", y.plan_text, reason=f"Finansiering {y.year}"
    )
    a.set_action_plan_communication_plan(
        editor,
        y.plan_id,
        (
            CommunicationActivity(
                "Folkemøte om handlingsplanen",
                "Innbyggere og næringsliv",
                date(y.year, 2, 14),
                "Folkemøte",
                "Daglig leder",
            ),
        ),
        reason=f"Kommunikasjonsplan {y.year}",
    )


def _start(y: _Year, code: str, on: date) -> Run:
    return lambda a: a.start_project(y.who["editor"], y.project_id(code), on)


def _use_year(t: _Timeline, y: _Year, *, milestones: bool = True) -> None:
    """The county grants and pays; the municipality allocates, reports each quarter from the
    accounts, returns what is left and completes the projects once the year is accounted for."""
    g, officer, editor = y.grant, y.who["officer"], y.who["editor"]

    def grant(a: OmstillingApp) -> None:
        applied = a.action_plan(editor, y.plan_id).applications[-1].total
        a.grant_funds(
            officer,
            y.programme,
            y.year,
            applied if g.amount is None else Money.from_kroner(g.amount),
            conditions=(
                f"Midlene brukes til tiltakene i Handlingsplan {y.year} slik kommunestyret "
                "godkjente den",
                f"Ubrukte midler tilbakeføres fylkeskommunen innen 31.12.{y.year}",
                f"Regnskap og sluttrapport sendes fylkeskommunen innen 1. mars {y.year + 1}",
            ),
            use_by=date(y.year, 12, 31),
            decision=decided(
                g.body,
                g.decided_on,
                g.case,
                f"Tilsagn om omstillingsmidler {y.year} – {y.owner} ({g.county_name})",
                g.ps,
            ),
            reason=g.reason,
        )

    t.on(g.decided_on, 15, grant)
    for number, (paid_on, percent) in enumerate(g.disbursements, start=1):
        t.on(paid_on, 11, _disburse(y, number, paid_on, percent))

    def allocate(a: OmstillingApp) -> None:
        for p in y.projects:
            a.allocate_funds(
                editor,
                y.grant_id,
                p.code,
                y.allocation(p),
                reason=f"Fordeling etter godkjent Handlingsplan {y.year}",
            )

    t.on(g.allocated_on, 13, allocate)
    for quarter, reported_on in g.reports:
        t.on(reported_on, 14, _report(y, quarter))
    if g.returned is not None:
        code, kroner, returned_on, why = g.returned

        def give_back(a: OmstillingApp) -> None:
            amount = Money.from_kroner(kroner)
            a.release_allocation(editor, y.grant_id, code, amount, reason=why)
            a.return_funds(editor, y.grant_id, amount, returned_on, reason=why)

        t.on(returned_on, 12, give_back)
    if milestones:
        for p in y.projects:
            t.on(
                y.final_report,
                16,
                _milestone(y, p.code, "M1", y.final_report, "Sluttrapport behandlet i styret"),
            )
    if y.closed is not None:
        t.on(y.closed, 10, _report(y, 4))
        for p in y.projects:
            t.on(y.closed + timedelta(days=1), 10, _complete(y, p.code))


def _disburse(y: _Year, number: int, paid_on: date, percent: int) -> Run:
    def run(a: OmstillingApp) -> None:
        grant = a.grant(y.who["officer"], y.grant_id)
        payments = y.grant.disbursements
        last = number == len(payments) and sum(p for _, p in payments) == 100
        share = grant.amount - grant.disbursed if last else Money(grant.amount.ore * percent // 100)
        a.disburse_grant(
            y.who["officer"],
            y.grant_id,
            share,
            paid_on,
            reason=f"Utbetaling {number} av tilsagnet for {y.year}"
            + (" etter framdriftsrapport" if number > 1 else " ved oppstart"),
        )

    return run


def _report(y: _Year, quarter: int) -> Run:
    """The quarter's lines from the accounts, one per project: a share of the project's
    allocation (the fourth quarter: what is left of it), co-financed as the plan has it."""

    def run(a: OmstillingApp) -> None:
        editor = y.who["editor"]
        use = a.grant_use(editor, y.grant_id) if quarter == 4 else None
        for index, p in enumerate(y.projects):
            seed = sum(map(ord, p.code)) * 7919 + quarter * 104729 + y.year
            if use is not None:
                amount = use.allocation_of(p.code) - use.spent_on(p.code)
            else:
                jitter = seed % 700_000 - 350_000  # ± kr 3 500, in øre
                kroner = y.allocation(p).ore * p.shares[quarter - 1] // 10_000
                amount = Money(kroner * 100 + jitter)
            if amount.is_negative:
                raise AssertionError(f"{p.code} {y.year}: more spent than allocated")
            if amount.is_zero:
                continue
            first = date(y.year, 3 * quarter - 2, 1)
            last = date(y.year + quarter // 4, 3 * quarter % 12 + 1, 1) - timedelta(days=1)
            co_financing = []
            for source, planned in p.financing:
                if FundingSource(source) is not COUNTY_FUNDS:
                    # in proportion to the county's funds, to whole kroner
                    ratio = (Money.from_kroner(planned).ore, p.planned(COUNTY_FUNDS).ore)
                    part = Money(amount.ore * ratio[0] // ratio[1] // 100 * 100)
                    co_financing.append(Financing(FundingSource(source), part))
            voucher = 250 * quarter - 190 + 47 * index + (seed * 13 + quarter) % 41
            a.report_spending(
                editor,
                y.grant_id,
                SpendingReport(
                    p.code,
                    amount,
                    max(first, y.started(p)),
                    last,
                    p.categories[(quarter - 1) % len(p.categories)],
                    f"Bilag {y.year}-{voucher:04d}",
                    tuple(f for f in co_financing if not f.amount.is_zero),
                    comment="Årsoppgjør" if quarter == 4 else None,
                ),
                reason=f"Regnskap {quarter}. kvartal {y.year}",
            )

    return run


def _milestone(y: _Year, code: str, number: str, on: date, evidence: str) -> Run:
    return lambda a: a.complete_milestone(y.who["editor"], y.project_id(code), number, on, evidence)


def _complete(y: _Year, code: str) -> Run:
    return lambda a: a.complete_project(
        y.who["editor"],
        y.project_id(code),
        date(y.year, 12, 31),
        reason=f"Prosjektet avsluttet med sluttrapport og regnskap for {y.year}",
    )


# Båtsfjord (Finnmark; Troms og Finnmark until 2024)


def _batsfjord(programme: UUID) -> _Timeline:
    t = _Timeline()
    year = _programme_year(
        programme, principals("5632", "56"), "Båtsfjord kommune", "Kari Nordmann"
    )
    y2023 = year(
        year=2023,
        case="2022/1840",
        projects=(
            _Project(
                "B23-1",
                "I1",
                "Sjømatklynge Båtsfjord",
                "Samarbeid om videreforedling av hvitfisk og kongekrabbe",
                "Felles produksjonslinje for kongekrabbe i drift",
                (5, 3, 3, 4),
                "1400000",
                (
                    ("county_restructuring_funds", "800000"),
                    ("municipality", "250000"),
                    ("innovasjon_norge", "250000"),
                    ("private", "100000"),
                ),
                ("personnel", "external_consultants", "purchases"),
            ),
            _Project(
                "B23-2",
                "I2",
                "Arktiske opplevelser – produktutvikling",
                "Nye vinterprodukter for grupper og cruisegjester",
                "Fem nye opplevelsesprodukter i salg",
                (4, 4, 3, 3),
                "650000",
                (
                    ("county_restructuring_funds", "450000"),
                    ("private", "150000"),
                    ("municipality", "50000"),
                ),
                ("purchases", "travel_and_meetings", "external_consultants"),
            ),
            _Project(
                "B23-3",
                "I3",
                "Etablererskolen Båtsfjord",
                "Kurs og veiledning for nye gründere",
                "Tolv deltakere gjennom etablererskolen",
                (3, 5, 4, 4),
                "420000",
                (("county_restructuring_funds", "350000"), ("municipality", "70000")),
                ("personnel", "business_grants"),
            ),
        ),
        proposed=date(2022, 10, 27),
        board=(date(2022, 11, 24), "PS 21/22"),
        council=(date(2022, 12, 15), "PS 98/22"),
        applied=date(2022, 12, 16),
        in_effect=date(2023, 1, 16),
        grant=_Grant(
            body="fylkesutvalget",
            decided_on=date(2023, 1, 24),
            case="2023/402-3",
            ps="PS 7/23",
            county_name="Troms og Finnmark fylkeskommune",
            disbursements=((date(2023, 2, 10), 50), (date(2023, 9, 5), 50)),
            allocated_on=date(2023, 2, 14),
            reports=((1, date(2023, 4, 20)), (2, date(2023, 7, 14)), (3, date(2023, 10, 12))),
            returned=(
                "B23-3",
                "38400",
                date(2023, 12, 15),
                "Etablererskolen fikk ti deltakere, ikke tolv; ubrukte midler tilbakeføres",
            ),
            reason="Søknaden innvilges i sin helhet",
        ),
        final_report=date(2023, 12, 18),
        closed=date(2024, 1, 9),
        strategy=("I1", "Videreforedling av råstoff som i dag sendes ubearbeidet ut"),
        plan_text=(
            "Omstillingsmidler fra Troms og Finnmark fylkeskommune 1,6 mill. kr; kommunen "
            "0,37 mill. kr; Innovasjon Norge og private."
        ),
    )
    y2024 = year(
        year=2024,
        case="2023/2398",
        projects=(
            _Project(
                "B24-1",
                "I1",
                "Landbasert havbruk – rekruttering og kompetanse",
                "Rekruttere og lære opp fagfolk til det landbaserte havbruket",
                "Femten nye fagarbeidere i havbruket",
                (5, 3, 4, 3),
                "1300000",
                (
                    ("county_restructuring_funds", "850000"),
                    ("municipality", "200000"),
                    ("innovasjon_norge", "250000"),
                ),
                ("personnel", "external_consultants", "travel_and_meetings"),
            ),
            _Project(
                "B24-2",
                "I2",
                "Reiselivsnettverk Varanger",
                "Felles markedsføring og booking for reiselivet i Varanger",
                "Felles bookingløsning for ti bedrifter",
                (4, 4, 3, 3),
                "700000",
                (
                    ("county_restructuring_funds", "450000"),
                    ("private", "200000"),
                    ("municipality", "50000"),
                ),
                ("purchases", "external_consultants", "travel_and_meetings"),
            ),
            _Project(
                "B24-3",
                "I3",
                "Gründerhus – forprosjekt",
                "Avklare lokaler, drift og finansiering av et gründerhus",
                "Beslutningsgrunnlag for gründerhus lagt fram for styret",
                (3, 4, 4, 4),
                "450000",
                (("county_restructuring_funds", "350000"), ("municipality", "100000")),
                ("external_consultants", "personnel"),
                shares=(12, 10, 17),  # the premises were late; kr 150 000 moved to B24-1
            ),
        ),
        proposed=date(2023, 12, 15),
        board=(date(2023, 12, 18), "PS 25/23"),
        council=(date(2023, 12, 21), "PS 79/23"),
        applied=date(2023, 12, 22),
        in_effect=date(2024, 1, 15),
        grant=_Grant(
            body="fylkesutvalget",
            decided_on=date(2024, 2, 6),
            case="2024/515-2",
            ps="PS 14/24",
            county_name="Finnmark fylkeskommune",
            disbursements=((date(2024, 2, 20), 50), (date(2024, 9, 3), 50)),
            allocated_on=date(2024, 2, 22),
            reports=((1, date(2024, 4, 18)), (2, date(2024, 7, 15)), (3, date(2024, 10, 10))),
            reason="Første tilsagn fra Finnmark fylkeskommune etter regionreformen",
        ),
        final_report=date(2024, 12, 16),
        closed=date(2025, 1, 9),
        strategy=("I1", "Kompetanse og rekruttering til landbasert havbruk"),
        plan_text=(
            "Omstillingsmidler fra Finnmark fylkeskommune 1,65 mill. kr; kommunen 0,35 mill. kr; "
            "Innovasjon Norge 0,25 mill. kr; private."
        ),
    )
    for y in (y2023, y2024):
        _plan_year(t, y)
        _use_year(t, y)
    _reallocation_2024(t, y2024)
    _batsfjord_2025(t, year)
    _batsfjord_2026(t, year)
    return t


def _programme_year(
    programme: UUID, who: dict[str, Principal], owner: str, leader: str
) -> Callable[..., _Year]:
    def year(**fields: Any) -> _Year:
        return _Year(programme=programme, who=who, owner=owner, leader=leader, **fields)

    return year


def _reallocation_2024(t: _Timeline, y: _Year) -> None:
    """The deviation: booked in the accounts on 19 August, decided by the board on 12 September."""

    def reallocate(a: OmstillingApp) -> None:
        a.reallocate_funds(
            y.who["board"],
            y.grant_id,
            "B24-3",
            "B24-1",
            Money.from_kroner("150000"),
            date(2024, 8, 19),
            decision=decided(
                "omstillingsstyret",
                date(2024, 9, 12),
                "2023/2398-21",
                "Omdisponering fra gründerhus til rekruttering i havbruket",
                "PS 18/24",
            ),
            reason=(
                "Lokalene til gründerhuset er ikke klare før 2025, mens rekrutteringen til "
                "havbruket går raskere enn planlagt. Beløpet ble ført over i regnskapet "
                "19.08.2024 etter avtale mellom daglig leder og styreleder; styret godkjente "
                "omdisponeringen i møtet 12.09.2024."
            ),
        )

    t.on(date(2024, 9, 12), 19, reallocate)


def _batsfjord_2025_projects() -> tuple[_Project, ...]:
    """demo_year's projects with county funds in the Handlingsplan 2025 (B1–B3), as planned there."""
    categories = {
        "B1": ("personnel", "external_consultants", "purchases"),
        "B2": ("purchases", "travel_and_meetings"),
        "B3": ("business_grants", "personnel"),
    }
    return tuple(
        _Project(
            code,
            area,
            name,
            purpose,
            purpose,
            scores,
            MEASURES[code][0],
            tuple(MEASURES[code][1].items()),
            categories[code],
        )
        for code, area, name, purpose, scores in PROJECTS
        if code in MEASURES
    )


def _batsfjord_2025(t: _Timeline, year: Callable[..., _Year]) -> None:
    """demo_year's Handlingsplan 2025 granted and used; B3 starts, the projects report on
    their milestones (B1's second one late, as the wheel shows) and end with the year."""
    y = year(
        year=2025,
        case="2024/1934",
        projects=_batsfjord_2025_projects(),
        proposed=date(2024, 12, 13),
        board=(date(2024, 12, 16), "PS 11/24"),
        council=(date(2024, 12, 19), "PS 95/24"),
        applied=date(2024, 12, 20),
        in_effect=date(2025, 1, 15),
        grant=_Grant(
            body="fylkesutvalget",
            decided_on=date(2025, 1, 28),
            case="2025/377-2",
            ps="PS 9/25",
            county_name="Finnmark fylkeskommune",
            disbursements=((date(2025, 2, 11), 50), (date(2025, 9, 2), 50)),
            allocated_on=date(2025, 2, 13),
            reports=((1, date(2025, 4, 22)), (2, date(2025, 7, 15)), (3, date(2025, 10, 14))),
            returned=(
                "B2",
                "64200",
                date(2025, 12, 12),
                "Vinterfestivalen i mars ble avlyst; ubrukte midler tilbakeføres",
            ),
        ),
        final_report=date(2025, 12, 10),
        closed=date(2026, 1, 13),
        starts=(("B3", date(2025, 2, 3)),),
    )
    _use_year(t, y, milestones=False)
    t.on(date(2025, 2, 3), 10, _start(y, "B3", date(2025, 2, 3)))
    for code, number, on, evidence in (
        ("B2", "M1", date(2025, 3, 28), "Avtaler med fire reiselivsbedrifter"),
        ("B3", "M1", date(2025, 3, 31), "Leieavtale for lokalene signert"),
        ("B2", "M2", date(2025, 6, 26), "Vinterpakker i salg hos to turoperatører"),
        ("B3", "M2", date(2025, 6, 30), "Gründerhuset åpnet med seks leietakere"),
        ("B1", "M2", date(2025, 8, 29), "Første kull i gang ved kompetansesenteret"),
        ("B1", "M3", date(2025, 12, 10), "Sluttrapport behandlet i styret"),
        ("B2", "M3", date(2025, 12, 10), "Sluttrapport behandlet i styret"),
        ("B3", "M3", date(2025, 12, 10), "Sluttrapport behandlet i styret"),
    ):
        t.on(on, 16, _milestone(y, code, number, on, evidence))


def _batsfjord_2026(t: _Timeline, year: Callable[..., _Year]) -> None:
    """The year under way: B4 (hydrogen, held back in 2024) gets its 2026 mandate, two new
    projects; granted in February, paid in part, spent through the third quarter."""
    y = year(
        year=2026,
        case="2025/2107",
        projects=(
            _Project(
                "B4",
                "I4",
                "Hydrogen i havna – forstudie",
                "Avklare grunnlaget for hydrogenproduksjon",
                "Forstudie med anbefaling lagt fram for styret",
                (4, 2, 2, 3),
                "900000",
                (
                    ("county_restructuring_funds", "400000"),
                    ("innovasjon_norge", "300000"),
                    ("municipality", "100000"),
                    ("private", "100000"),
                ),
                ("external_consultants", "travel_and_meetings"),
            ),
            _Project(
                "B5",
                "I1",
                "Havbruksskolen",
                "Fagbrev i havbruk for voksne arbeidstakere",
                "Tjue kandidater i gang med fagbrev",
                (5, 3, 3, 4),
                "1200000",
                (
                    ("county_restructuring_funds", "800000"),
                    ("municipality", "250000"),
                    ("private", "150000"),
                ),
                ("personnel", "purchases"),
            ),
            _Project(
                "B6",
                "I2",
                "Helårsreiseliv i Båtsfjord",
                "Flere gjestedøgn utenom sommersesongen",
                "Tre nye helårsprodukter i salg",
                (4, 4, 3, 3),
                "500000",
                (("county_restructuring_funds", "300000"), ("private", "200000")),
                ("purchases", "travel_and_meetings"),
            ),
        ),
        proposed=date(2025, 11, 20),
        board=(date(2025, 12, 4), "PS 21/25"),
        council=(date(2025, 12, 11), "PS 84/25"),
        applied=date(2025, 12, 12),
        in_effect=date(2026, 1, 12),
        grant=_Grant(
            body="fylkesutvalget",
            decided_on=date(2026, 2, 3),
            case="2026/298-2",
            ps="PS 11/26",
            county_name="Finnmark fylkeskommune",
            disbursements=((date(2026, 2, 17), 50), (date(2026, 9, 8), 30)),
            allocated_on=date(2026, 2, 19),
            reports=((1, date(2026, 4, 21)), (2, date(2026, 7, 14)), (3, date(2026, 10, 13))),
        ),
        final_report=date(2026, 12, 15),
        closed=None,
        strategy=("I4", "Grunnlag for hydrogenproduksjon i havna"),
        plan_text=(
            "Omstillingsmidler fra Finnmark fylkeskommune 1,5 mill. kr; kommunen 0,35 mill. kr; "
            "Innovasjon Norge 0,3 mill. kr til forstudien; private."
        ),
    )
    b4 = y.project("B4")
    # B4 was proposed for 2025 (demo_year) and held back: its mandate and milestones move to
    # 2026; B5 and B6 are proposed as new.
    t.on(y.proposed, 8, lambda a: _replan_b4(a, y, b4))
    _plan_year(t, y, new=y.projects[1:])
    _use_year(t, y)


def _replan_b4(a: OmstillingApp, y: _Year, p: _Project) -> None:
    editor, project = y.who["editor"], y.project_id(p.code)
    why = "Forstudien gjennomføres i 2026 med delfinansiering fra Innovasjon Norge"
    for number in ("M3", "M2", "M1"):
        a.remove_project_milestone(editor, project, number, reason=why)
    a.revise_project_mandate(editor, project, _mandate(y, p), reason=why)
    a.put_project_milestone(
        editor,
        project,
        Milestone("M1", "Sluttrapport", date(2026, 12, 20), "Sluttrapport behandlet i styret"),
        reason=why,
    )


# Meløy (Nordland)


def _meloy(programme: UUID, t: _Timeline) -> None:
    year = _programme_year(programme, principals("1837", "18"), "Meløy kommune", "Ingrid Johansen")
    y2024 = year(
        year=2024,
        case="2024/318",
        projects=(
            _Project(
                "M24-1",
                "I1",
                "Grønn industripark Glomfjord – forprosjekt",
                "Tilrettelegge industriareal og kraft for nye etableringer",
                "Reguleringsplan og kraftavtale for industriparken",
                (5, 3, 3, 3),
                "1100000",
                (
                    ("county_restructuring_funds", "800000"),
                    ("municipality", "150000"),
                    ("private", "150000"),
                ),
                ("external_consultants", "personnel", "purchases"),
                shares=(0, 30, 35),
            ),
            _Project(
                "M24-2",
                "I2",
                "Bo i Meløy",
                "Tilflytting: boliger, velkomstprogram og jobbmatching",
                "Velkomstprogram for nye innbyggere i drift",
                (4, 4, 4, 3),
                "550000",
                (("county_restructuring_funds", "400000"), ("municipality", "150000")),
                ("personnel", "travel_and_meetings"),
                shares=(0, 25, 30),
            ),
        ),
        proposed=date(2024, 3, 20),
        board=(date(2024, 4, 9), "PS 3/24"),
        council=(date(2024, 4, 25), "PS 31/24"),
        applied=date(2024, 4, 26),
        in_effect=date(2024, 5, 2),
        grant=_Grant(
            body="fylkesradet",
            decided_on=date(2024, 5, 28),
            case="2024/3110-4",
            ps="PS 141/24",
            county_name="Nordland fylkeskommune",
            disbursements=((date(2024, 6, 11), 50), (date(2024, 9, 10), 50)),
            allocated_on=date(2024, 6, 13),
            reports=((2, date(2024, 7, 12)), (3, date(2024, 10, 15))),
            returned=(
                "M24-2",
                "55000",
                date(2024, 12, 13),
                "Velkomstprogrammet startet først i september; ubrukte midler tilbakeføres",
            ),
            reason="Første tilsagn til omstillingsprogrammet i Meløy",
        ),
        final_report=date(2024, 12, 10),
        closed=date(2025, 1, 14),
        plan_text="Omstillingsmidler fra Nordland fylkeskommune 1,2 mill. kr; kommunen 0,3 mill. kr.",
    )
    y2025 = year(
        year=2025,
        case="2024/1466",
        projects=(
            _Project(
                "M25-1",
                "I1",
                "Grønn industripark Glomfjord – etablering",
                "Få de første industribedriftene på plass i parken",
                "To bedrifter med signert leieavtale",
                (5, 2, 3, 3),
                "1500000",
                (
                    ("county_restructuring_funds", "900000"),
                    ("innovasjon_norge", "300000"),
                    ("private", "300000"),
                ),
                ("external_consultants", "purchases", "personnel"),
            ),
            _Project(
                "M25-2",
                "I3",
                "Fagbrev i industrien",
                "Voksne arbeidstakere tar fagbrev i prosessindustrien",
                "Tolv kandidater oppmeldt til fagprøve",
                (4, 4, 3, 4),
                "700000",
                (("county_restructuring_funds", "500000"), ("municipality", "200000")),
                ("personnel", "purchases"),
            ),
        ),
        proposed=date(2024, 11, 5),
        board=(date(2024, 11, 26), "PS 14/24"),
        council=(date(2024, 12, 12), "PS 102/24"),
        applied=date(2024, 12, 13),
        in_effect=date(2025, 1, 10),
        grant=_Grant(
            body="fylkesradet",
            decided_on=date(2025, 2, 4),
            case="2025/640-2",
            ps="PS 22/25",
            county_name="Nordland fylkeskommune",
            amount="1300000",
            allocations=(("M25-1", "800000"), ("M25-2", "500000")),
            disbursements=((date(2025, 2, 18), 50), (date(2025, 9, 9), 50)),
            allocated_on=date(2025, 2, 20),
            reports=((1, date(2025, 4, 15)), (2, date(2025, 7, 11)), (3, date(2025, 10, 14))),
            reason="Fylkets ramme for 2025 er redusert; industriparken får kr 100 000 mindre",
        ),
        final_report=date(2025, 12, 9),
        closed=date(2026, 1, 15),
        plan_text=(
            "Omstillingsmidler fra Nordland fylkeskommune 1,4 mill. kr; kommunen 0,2 mill. kr; "
            "Innovasjon Norge og private."
        ),
    )
    for y in (y2024, y2025):
        _plan_year(t, y)
        _use_year(t, y)
