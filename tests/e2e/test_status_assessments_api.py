"""Programme status assessments over GraphQL with real tokens: Vågan's programme leader
records the October meeting, concludes it, corrects a score and completes a follow-up; typed
refusals write nothing; the October review of the plan cites the assessment; the series is
scoped: analysts see all, a county its own programmes, a municipality its own."""

from __future__ import annotations

from typing import Any

from domain.assessment.template import TEMPLATE
from omstilling.runtime import Runtime
from tests.e2e.conftest import MELOY, NORDLAND, TELEMARK, People, bring_into_force, log_length
from tests.e2e.documents import REFUSAL, decision, plan_content, registration

FIELDS = """
fragment AssessmentFields on StatusAssessment {
  id programmeId programmeName year programmeYear heldOn templateVersion
  processWeight effectWeight processScore effectScore weightedScore
  participants { name organisation role roleNb }
  scores { indicator { code dimension nameNb nameEn } score scoreNb comment corrections
    history { version kind score reason by } }
  conclusions followUps { number what responsible dueOn doneOn doneBy }
  citedBy { planId versionNumber } version
}
"""


def mutation(name: str) -> str:
    input_type = f"{name[0].upper()}{name[1:]}Input"
    return (
        f"mutation Run($input: {input_type}!) {{ {name}(input: $input) {{ __typename "
        "... on StatusAssessmentPayload { version assessment { ...AssessmentFields } } "
        "...Refusal } }" + REFUSAL + FIELDS
    )


ONE = (
    "query($p: UUID!, $y: Int!) { statusAssessment(programmeId: $p, year: $y) "
    "{ ...AssessmentFields } }" + FIELDS
)
ALL = "query($p: UUID!) { statusAssessments(programmeId: $p) { year weightedScore } }"
SERIES = (
    "query($ids: [UUID!]) { assessmentSeries(programmeIds: $ids) { programmeId programmeName "
    "year programmeYear processScore effectScore processWeight effectWeight weightedScore "
    "heldOn } }"
)
TEMPLATE_QUERY = "{ assessmentTemplate { code dimension nameNb nameEn description } }"
HISTORY = (
    "query($p: UUID!) { planHistory(programmeId: $p) { versionNumber "
    "citedAssessment { id year heldOn weightedScore } } }"
)

PARTICIPANTS = [
    {"name": "Kari Nordmann", "organisation": "Omstilling Vågan", "role": "PROGRAMME"},
    {"name": "Ingrid Solberg", "organisation": "Nordland fylkeskommune", "role": "COUNTY"},
    {"name": "Jon Eriksen", "organisation": "Innovasjon Norge", "role": "INNOVASJON_NORGE"},
    {"name": "Marte Lund", "organisation": "Lund Prosess AS", "role": "PROCESS_LEADER"},
]


def scores(values: tuple[int, ...] = (5, 4, 4, 3, 5, 4, 2, 3, 2, 3, 3, 2)) -> list[dict[str, Any]]:
    return [
        {"indicator": i.code, "score": v, "comment": f"Om {i.name_nb.lower()}"}
        for i, v in zip(TEMPLATE, values, strict=True)
    ]


def hold_input(programme: str, year: int = 2024, **over: Any) -> dict[str, Any]:
    doc = {
        "programmeId": programme,
        "year": year,
        "heldOn": f"{year}-10-15",
        "participants": PARTICIPANTS,
        "scores": scores(),
    }
    doc.update(over)
    return doc


def run(caller: Any, name: str, doc: dict[str, Any]) -> dict[str, Any]:
    return caller.query(mutation(name), input=doc)[name]  # type: ignore[no-any-return]


def test_the_programme_leader_records_concludes_and_corrects(
    people: People, vagan: str, runtime: Runtime
) -> None:
    editor = people.editor()
    template = editor.query(TEMPLATE_QUERY)["assessmentTemplate"]
    assert len(template) == 12 and template[0]["nameNb"] == "Forankring"

    held = run(editor, "holdStatusAssessment", hold_input(vagan))
    assert held["__typename"] == "StatusAssessmentPayload", held
    a = held["assessment"]
    assert (a["year"], a["programmeYear"], a["processWeight"], a["effectWeight"]) == (
        2024,
        2,
        "0.60",
        "0.40",
    )
    assert (a["processScore"], a["effectScore"], a["weightedScore"]) == ("4.17", "2.50", "3.50")
    assert {p["role"] for p in a["participants"]} == {
        "PROGRAMME",
        "COUNTY",
        "INNOVASJON_NORGE",
        "PROCESS_LEADER",
    }

    concluded = run(
        editor,
        "concludeStatusAssessment",
        {
            "assessmentId": a["id"],
            "conclusions": "Mobiliseringen må styrkes.",
            "followUps": [
                {"what": "Næringsforum", "responsible": "Programleder", "dueOn": "2025-01-31"}
            ],
            "expectedVersion": 1,
        },
    )
    assert concluded["__typename"] == "StatusAssessmentPayload", concluded
    corrected = run(
        editor,
        "correctAssessmentScore",
        {
            "assessmentId": a["id"],
            "indicator": "E1",
            "score": 5,
            "comment": "12 nye arbeidsplasser",
            "reason": "Feiltast i møtereferatet",
            "expectedVersion": 2,
        },
    )
    e1 = next(s for s in corrected["assessment"]["scores"] if s["indicator"]["code"] == "E1")
    assert [(h["kind"], h["score"]) for h in e1["history"]] == [("held", 2), ("correction", 5)]
    assert corrected["assessment"]["weightedScore"] == "3.70"
    done = run(
        editor,
        "completeFollowUp",
        {"assessmentId": a["id"], "number": 1, "doneOn": "2025-01-20", "doneBy": "Kari"},
    )
    assert done["assessment"]["followUps"][0]["doneOn"] == "2025-01-20"

    # Stale version and invalid input: typed refusals, nothing written.
    head = log_length(runtime)
    stale = run(
        editor,
        "correctAssessmentScore",
        {
            "assessmentId": a["id"],
            "indicator": "E1",
            "score": 4,
            "comment": "x",
            "reason": "y",
            "expectedVersion": 1,
        },
    )
    assert stale["__typename"] == "ConflictError"
    bad = scores()
    bad[3]["score"] = 7
    invalid = run(editor, "holdStatusAssessment", hold_input(vagan, 2025, scores=bad))
    assert invalid["__typename"] == "ValidationError"
    assert invalid["field"] == "scores[3].score" and "from 1" in invalid["rule"]
    missing = run(
        editor, "holdStatusAssessment", hold_input(vagan, 2025, participants=PARTICIPANTS[:3])
    )
    assert (missing["__typename"], missing["field"]) == ("ValidationError", "participants")
    again = run(editor, "holdStatusAssessment", hold_input(vagan, 2024))
    assert again["__typename"] == "ConflictError"
    assert log_length(runtime) == head

    one = people.reader().query(ONE, p=vagan, y=2024)["statusAssessment"]
    assert one["version"] == 4 and one["conclusions"] == "Mobiliseringen må styrkes."
    assert people.national_analyst().query(ALL, p=vagan)["statusAssessments"] == [
        {"year": 2024, "weightedScore": "3.70"}
    ]


def test_only_the_programmes_editor_writes(people: People, vagan: str, runtime: Runtime) -> None:
    head = log_length(runtime)
    for caller in (
        people.national_analyst(),
        people.county_officer(NORDLAND),
        people.editor(MELOY),
        people.board(),
    ):
        result = run(caller, "holdStatusAssessment", hold_input(vagan))
        expected = "NotFoundError" if caller.label.endswith(MELOY) else "ForbiddenError"
        assert result["__typename"] == expected, (caller.label, result)
    assert log_length(runtime) == head


def test_the_series_is_scoped_and_the_october_review_cites_the_assessment(
    people: People, vagan: str
) -> None:
    meloy_payload = people.county_officer(NORDLAND).mutate(
        "registerProgramme", **registration(MELOY, name="Omstilling Meløy")
    )
    meloy = meloy_payload["programme"]["id"]
    tinn = people.county_officer(TELEMARK).mutate(
        "registerProgramme",
        **registration(
            "4026",
            name="Omstilling Tinn",
            periodStart="2024-09-01",
            periodEnd="2030-08-31",
            decision=decision("fylkesutvalget", "2024-06-11", "2024/3390-3", "Status Tinn"),
        ),
    )["programme"]["id"]
    own = run(people.editor(), "holdStatusAssessment", hold_input(vagan))["assessment"]["id"]
    other = run(
        people.editor(MELOY),
        "holdStatusAssessment",
        hold_input(meloy, scores=scores((3,) * 6 + (2,) * 6)),
    )["assessment"]["id"]
    run(people.editor("4026"), "holdStatusAssessment", hold_input(tinn, 2025, heldOn="2025-10-01"))

    analyst = people.national_analyst().query(SERIES)["assessmentSeries"]
    assert {r["programmeId"] for r in analyst} == {vagan, meloy, tinn}
    county = people.county_officer(NORDLAND).query(SERIES)["assessmentSeries"]
    assert {r["programmeId"] for r in county} == {vagan, meloy}
    municipality = people.reader().query(SERIES)["assessmentSeries"]
    assert {r["programmeId"] for r in municipality} == {vagan}
    errors = people.reader().errors(SERIES, ids=[meloy])
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    scores_by = {r["programmeId"]: r["weightedScore"] for r in county}
    assert scores_by[vagan] != scores_by[meloy]

    editor = people.editor()
    editor.mutate("draftPlan", programmeId=vagan, content=plan_content())
    bring_into_force(people, vagan)
    refused = editor.mutate(
        "startPlanRevision", programmeId=vagan, reason="Oktoberrullering", assessmentId=other
    )
    assert (refused["__typename"], refused["field"]) == ("ValidationError", "assessmentId")
    revised = editor.mutate(
        "startPlanRevision", programmeId=vagan, reason="Oktoberrullering", assessmentId=own
    )
    assert revised["__typename"] == "PlanPayload", revised
    history = editor.query(HISTORY, p=vagan)["planHistory"]
    cited = {v["versionNumber"]: v["citedAssessment"] for v in history}
    assert cited[1] is None
    assert cited[2]["id"] == own and cited[2]["year"] == 2024
