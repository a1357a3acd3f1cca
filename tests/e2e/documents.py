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
