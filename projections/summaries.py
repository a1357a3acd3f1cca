"""One readable line per event for the audit trail (English, Norwegian terms beside)."""

from __future__ import annotations

from typing import Any

from domain.plan.content import SECTION_NB, Section
from domain.plan.model import Omstillingsplan
from domain.programme.model import PHASE_NB, Phase, Programme


def summarise(event: Any) -> str:
    decision = getattr(event, "decision", None)
    by = f" by {decision.label}" if decision is not None else ""
    match event:
        case Programme.Registered():
            return (
                f"Programme '{event.name}' registered (omstillingsstatus innvilget) for "
                f"{event.period_start}–{event.period_end}{by}"
            )
        case Programme.PhaseAdvanced():
            phase = Phase(event.phase)
            return f"Programme moved to phase {phase.value} ({PHASE_NB[phase]}){by}"
        case Programme.PeriodExtended():
            return f"Programme period extended to {event.period_end}{by}"
        case Programme.MunicipalityAdded():
            return f"Municipality {event.municipality_id} added to the programme{by}"
        case Omstillingsplan.Drafted():
            return "Omstillingsplan drafted (utkast), version 1"
        case Omstillingsplan.SectionRevised():
            section = Section(event.section)
            return f"Section {section.value} ({SECTION_NB[section]}) revised"
        case Omstillingsplan.MainGoalSet():
            return f"Main goal (hovedmål) {event.goal.code} set"
        case Omstillingsplan.FocusAreaPut():
            return (
                f"Focus area (innsatsområde) {event.focus_area.code} '{event.focus_area.name}' set"
            )
        case Omstillingsplan.FocusAreaRemoved():
            return f"Focus area (innsatsområde) {event.code} removed"
        case Omstillingsplan.Submitted():
            return f"Plan version {event.version_number} submitted (lagt fram)"
        case Omstillingsplan.ReturnedToDraft():
            return f"Plan version {event.version_number} returned to draft{by}"
        case Omstillingsplan.Approved():
            return f"Plan version {event.version_number} approved (godkjent){by}"
        case Omstillingsplan.Adopted():
            return f"Plan version {event.version_number} adopted (vedtatt){by}"
        case Omstillingsplan.PutIntoForce():
            return f"Plan version {event.version_number} in force (gjeldende) from {event.effective_from}"
        case Omstillingsplan.RevisionStarted():
            return f"Revision started: version {event.version_number} (rullering)"
    return type(event).__qualname__
