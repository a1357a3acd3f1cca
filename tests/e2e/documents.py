"""GraphQL documents and input builders the end-to-end tests share."""

from __future__ import annotations

from typing import Any

REFUSAL = """
fragment Refusal on UserError {
  message
  ... on ValidationError { field rule }
  ... on ConflictError { expectedVersion actualVersion }
  ... on InvalidTransitionError { currentState attempted rule }
}
"""

PLAN_FIELDS = """
fragment PlanFields on Plan {
  id programmeId status statusNb versionNumber inForceVersion inForceFrom warnings version
  content {
    background vision organisation resourcesAndFinancing communicationStrategy
    mainGoal { code text indicator unit baseline { value year } target { value year } }
    focusAreas { code name description
      goals { code text indicator unit baseline { value year } target { value year } } }
    sections { section titleNb text }
  }
}
"""

PROGRAMME_FIELDS = """
fragment ProgrammeFields on Programme {
  id name kind kindNb phase phaseNb periodStart periodEnd version
  leadMunicipality { number name }
  grantingCounty { number name }
  supervisingCounty { number name }
  statusDecision { body meetingDate politicalCaseNumber archiveCaseNumber title }
}
"""

_PAYLOADS = {
    "ProgrammePayload": "... on ProgrammePayload { version warnings programme { ...ProgrammeFields } }",
    "PlanPayload": "... on PlanPayload { version warnings plan { ...PlanFields } }",
}
PROGRAMME_MUTATIONS = {
    "registerProgramme",
    "advanceProgrammePhase",
    "extendProgrammePeriod",
    "addProgrammeMunicipality",
}


def mutation(name: str) -> str:
    payload = "ProgrammePayload" if name in PROGRAMME_MUTATIONS else "PlanPayload"
    fragment = PROGRAMME_FIELDS if payload == "ProgrammePayload" else PLAN_FIELDS
    input_type = f"{name[0].upper()}{name[1:]}Input"
    return (
        f"mutation Run($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ __typename {_PAYLOADS[payload]} ...Refusal }} }}" + REFUSAL + fragment
    )


PROGRAMME = "query($id: UUID!) { programme(id: $id) { ...ProgrammeFields } }" + PROGRAMME_FIELDS
PROGRAMMES = (
    "query($county: String, $phase: Phase) { programmes(countyNumber: $county, phase: $phase) "
    "{ ...ProgrammeFields } }" + PROGRAMME_FIELDS
)
PLAN = "query($id: UUID!) { plan(programmeId: $id) { ...PlanFields } }" + PLAN_FIELDS
PLAN_AS_OF = (
    "query($id: UUID!, $at: DateTime!) { planAsOf(programmeId: $id, at: $at) { ...PlanFields } }"
    + PLAN_FIELDS
)
PLAN_HISTORY = """
query($id: UUID!) {
  planHistory(programmeId: $id) {
    versionNumber status statusNb startedAt startedReason effectiveFrom supersededFrom
    approvedBy { body meetingDate archiveCaseNumber politicalCaseNumber title }
    adoptedBy { body meetingDate archiveCaseNumber politicalCaseNumber title }
    changes { eventType description reason at aggregateVersion actor { userId name role roleNb } }
  }
}
"""
PLAN_DIFF = """
query($id: UUID!, $from: Int!, $to: Int!) {
  planDiff(programmeId: $id, fromVersion: $from, toVersion: $to) { path before after kind }
}
"""
AUDIT_TRAIL = """
query($filter: AuditTrailFilter, $first: Int, $after: String) {
  auditTrail(filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      position aggregateId aggregateType aggregateVersion eventType occurredAt occurredAtLocal
      reason summary
      tenant { number name }
      actor { userId name role tenant tenantName }
      decision { body meetingDate archiveCaseNumber politicalCaseNumber title }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
COUNTIES = """
query($on: Date) {
  counties(validOn: $on) {
    number name
    municipalities { number name }
    programmes { id name leadMunicipality { number } }
  }
}
"""
MUNICIPALITY = """
query($number: String!) { municipality(number: $number) { id number name countyNumber programmes { id name } } }
"""


def decision(
    body: str,
    meeting_date: str,
    archive_case_number: str,
    title: str,
    political_case_number: str | None = None,
) -> dict[str, Any]:
    found = {
        "body": body.upper(),
        "meetingDate": meeting_date,
        "archiveCaseNumber": archive_case_number,
        "title": title,
    }
    if political_case_number:
        found["politicalCaseNumber"] = political_case_number
    return found


def goal(code: str, target: str = "120", *, baseline: str = "0") -> dict[str, Any]:
    return {
        "code": code,
        "text": "Skape eller sikre arbeidsplasser",
        "indicator": "Arbeidsplasser",
        "unit": "antall",
        "baseline": {"value": baseline, "year": 2023},
        "target": {"value": target, "year": 2029},
    }


def focus_area(code: str, name: str, *goals: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "description": f"Satsing på {name.lower()}",
        "goals": list(goals) or [goal(f"D{code}")],
    }


def plan_content(areas: int = 3) -> dict[str, Any]:
    names = ["Reiseliv", "Havbruk", "Kompetanse", "Grønn energi", "Bolyst"]
    return {
        "background": "Nedleggelse av hjørnesteinsbedriften tok 120 arbeidsplasser.",
        "vision": "Vågan – et livskraftig samfunn ved havet",
        "mainGoal": goal("H1", "150"),
        "focusAreas": [focus_area(f"I{i + 1}", names[i]) for i in range(areas)],
        "organisation": "Omstillingsstyre med fem medlemmer; daglig leder i full stilling.",
        "resourcesAndFinancing": "Omstillingsmidler fra fylkeskommunen, 5 mill. kr per år.",
        "communicationStrategy": "Folkemøter, nyhetsbrev og årlig rapport til kommunestyret.",
    }


STATUS_DECISION = decision(
    "fylkesutvalget", "2023-05-02", "2023/4411-3", "Omstillingsstatus Vågan", "PS 44/23"
)
APPROVAL = decision(
    "prosjektstyringsgruppen", "2024-01-10", "2024/12-1", "Godkjenning av omstillingsplan"
)
ADOPTION = decision("kommunestyret", "2024-02-01", "2024/12-4", "Vedtak omstillingsplan", "PS 5/24")
ADOPTION_V2 = decision(
    "kommunestyret", "2024-11-28", "2024/12-19", "Revidert omstillingsplan", "PS 71/24"
)


def registration(number: str = "1865", **changes: Any) -> dict[str, Any]:
    found = {
        "name": "Omstilling Vågan",
        "kind": "SUDDEN_EMPLOYMENT_LOSS",
        "leadMunicipalityNumber": number,
        "periodStart": "2023-07-01",
        "periodEnd": "2029-06-30",
        "decision": STATUS_DECISION,
    }
    found.update(changes)
    return found


# Handlingsplan and projects

MONEY = "{ ore kroner formatted }"
ACTION_PLAN_FIELDS = f"""
fragment ActionPlanFields on ActionPlan {{
  id programmeId year status statusNb revisionNumber inEffectRevision inEffectFrom
  boardDecidedOn putIntoEffectOn version
  current {{
    revision status statusNb earlierResults resourcesAndFinancing
    plan {{ planId versionNumber focusAreaCodes }}
    strategies {{ focusAreaCode text }}
    measures {{ projectCode focusAreaCode budget {MONEY} financed {MONEY} fundingGap {MONEY}
      financing {{ source sourceNb amount {MONEY} }} }}
    totalBudget {MONEY} totalFinancing {MONEY} fundingGap {MONEY}
    financingBySource {{ source sourceNb amount {MONEY} }}
    budgetByFocusArea {{ focusAreaCode budget {MONEY} }}
    communicationPlan {{ what audience plannedOn channel responsible }}
    decidedBy {{ body meetingDate archiveCaseNumber }}
    approvedBy {{ body meetingDate archiveCaseNumber }}
    effectiveFrom supersededFrom
    changes {{ eventType reason actor {{ userId role }} }}
  }}
  revisions {{ revision status effectiveFrom supersededFrom totalBudget {MONEY} }}
  fundApplications {{ number appliedOn revision total {MONEY}
    lines {{ projectCode amount {MONEY} }} actor {{ userId role }} }}
}}
"""
PROJECT_FIELDS = """
fragment ProjectFields on Project {
  id programmeId code name focusAreaCode planVersion status statusNb version on
  mandate {
    name owner startsOn endsOn projectLeader background purpose description
    organisation { steeringGroup workStreams { name scope } }
    resultGoals effectGoals gains constraints
    decisionPoints { name dueOn }
  }
  milestones { number order name criterion dueOn completedOn completedBy evidence late daysLate }
  lateMilestones { number daysLate }
  scores { criterion criterionNb value scoredBy scoredOn note }
  weights { effect money speed personnel }
  weightedScore
  prioritisedBy { body archiveCaseNumber }
  approvedBy { body archiveCaseNumber }
  startedOn endedOn endReason
}
"""
PRIORITISATION_FIELDS = """
fragment PrioritisationFields on Prioritisation {
  id decidedOn decision { body meetingDate archiveCaseNumber }
  weights { effect money speed personnel }
  ranking { position projectCode points weightedScore }
}
"""
_NEW_PAYLOADS = {
    "ActionPlanPayload": (
        "... on ActionPlanPayload { version warnings actionPlan { ...ActionPlanFields } }",
        ACTION_PLAN_FIELDS,
    ),
    "ProjectPayload": (
        "... on ProjectPayload { version warnings project { ...ProjectFields } }",
        PROJECT_FIELDS,
    ),
    "PrioritisationPayload": (
        "... on PrioritisationPayload { prioritisation { ...PrioritisationFields } "
        "projects { ...ProjectFields } }",
        PRIORITISATION_FIELDS + PROJECT_FIELDS,
    ),
}


def mutation_with(name: str, payload: str) -> str:
    """A mutation of the Handlingsplan or project contexts, with its payload's fields."""
    selection, fragments = _NEW_PAYLOADS[payload]
    input_type = f"{name[0].upper()}{name[1:]}Input"
    return (
        f"mutation Run($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ __typename {selection} ...Refusal }} }}" + REFUSAL + fragments
    )


ACTION_PLAN = (
    "query($id: UUID!, $year: Int!) { actionPlan(programmeId: $id, year: $year) "
    "{ ...ActionPlanFields } }" + ACTION_PLAN_FIELDS
)
ACTION_PLANS = (
    "query($id: UUID!) { actionPlans(programmeId: $id) { ...ActionPlanFields } }"
    + ACTION_PLAN_FIELDS
)
PROJECT = (
    "query($id: UUID!, $code: String!, $on: Date) { project(programmeId: $id, code: $code, "
    "on: $on) { ...ProjectFields } }" + PROJECT_FIELDS
)
PROJECTS = (
    "query($id: UUID!, $on: Date) { projects(programmeId: $id, on: $on) { ...ProjectFields } }"
    + PROJECT_FIELDS
)
PROJECT_RANKING = (
    "query($id: UUID!) { projectRanking(programmeId: $id) { ...PrioritisationFields } }"
    + PRIORITISATION_FIELDS
)
WHEEL = "programmeId programmeName year on lateSteps daysLate steps { step state doneOn daysLate }"
YEAR_WHEEL = (
    "query($id: UUID!, $year: Int!, $on: Date) { yearWheel(programmeId: $id, year: $year, "
    f"on: $on) {{ {WHEEL} }} }}"
)
COUNTY_YEAR_WHEEL = (
    "query($county: String!, $year: Int!, $on: Date) { countyYearWheel(countyNumber: $county, "
    f"year: $year, on: $on) {{ {WHEEL} }} }}"
)
NATIONAL_YEAR_WHEEL = (
    f"query($year: Int!, $on: Date) {{ nationalYearWheel(year: $year, on: $on) {{ {WHEEL} }} }}"
)

BOARD_DECISION = decision(
    "omstillingsstyret", "2024-11-20", "2024/77-3", "Handlingsplan 2025", "PS 12/24"
)
COUNCIL_APPROVAL = decision(
    "kommunestyret", "2024-12-12", "2024/77-6", "Godkjenning av handlingsplan 2025", "PS 80/24"
)
PRIORITISATION = decision(
    "omstillingsstyret", "2024-10-15", "2024/77-1", "Prioritering av tiltak 2025"
)
PROJECT_APPROVAL = decision("omstillingsstyret", "2024-10-30", "2024/77-2", "Vedtak om tiltak")


def mandate(name: str, starts_on: str = "2025-01-01", **changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": name,
        "owner": "Vågan kommune",
        "startsOn": starts_on,
        "endsOn": "2025-12-31",
        "projectLeader": "Line Berg",
        "purpose": f"Gjennomføre {name.lower()}",
        "resultGoals": ["Ti nye bedrifter"],
        "effectGoals": ["Flere arbeidsplasser"],
    }
    found.update(changes)
    return found


def milestone(number: str, due_on: str, name: str | None = None) -> dict[str, Any]:
    return {"number": number, "name": name or f"Milepæl {number}", "dueOn": due_on}


def scores(effect: int, money: int, speed: int, personnel: int) -> list[dict[str, Any]]:
    values = {"EFFECT": effect, "MONEY": money, "SPEED": speed, "PERSONNEL": personnel}
    return [
        {"criterion": c, "value": v, "scoredBy": "Omstillingsstyret", "scoredOn": "2024-10-15"}
        for c, v in values.items()
    ]


def activity(what: str = "Folkemøte om handlingsplanen") -> dict[str, Any]:
    return {
        "what": what,
        "audience": "Innbyggere",
        "plannedOn": "2025-03-01",
        "channel": "Folkemøte",
        "responsible": "Daglig leder",
    }
