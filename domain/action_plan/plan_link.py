"""A link to the Omstillingsplan version in force: plan id, version number and focus-area codes."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.plan.content import short_code as short_code  # re-exported: projects use it
from domain.plan.model import InForceVersion, plan_id_for
from domain.shared.errors import ValidationFailed


@dataclass(frozen=True)
class PlanLink:
    """Which plan version a Handlingsplan or project builds on; goals are read through it,
    never copied."""

    plan_id: UUID
    version_number: int
    focus_area_codes: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.plan_id, UUID):
            raise ValidationFailed("plan.planId", "must be the id of an Omstillingsplan")
        number = self.version_number
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValidationFailed("plan.versionNumber", "must be a version number from 1")
        codes = tuple(
            short_code(f"plan.focusAreaCodes[{i}]", c) for i, c in enumerate(self.focus_area_codes)
        )
        if not codes:
            raise ValidationFailed("plan.focusAreaCodes", "the plan in force has no focus areas")
        if len(set(codes)) != len(codes):
            raise ValidationFailed("plan.focusAreaCodes", "focus area codes must be unique")
        object.__setattr__(self, "focus_area_codes", codes)

    @classmethod
    def to_version(cls, plan_id: UUID, in_force: InForceVersion) -> PlanLink:
        """The link to an Omstillingsplan's version in force, as the application passes it in."""
        codes = tuple(area.code for area in in_force.content.focus_areas)
        return cls(plan_id, in_force.number, codes)

    def require_focus_area(self, field: str, code: str) -> str:
        """A project or measure on a focus area the plan in force does not have is refused."""
        code = short_code(field, code)
        if code not in self.focus_area_codes:
            known = ", ".join(self.focus_area_codes)
            raise ValidationFailed(
                field,
                f"the Omstillingsplan in force (version {self.version_number}) has no focus "
                f"area {code!r}; it has {known}",
            )
        return code


def require_programme_plan(programme_id: UUID, plan: object) -> PlanLink:
    """The link is to this programme's own Omstillingsplan (one per programme)."""
    if not isinstance(plan, PlanLink):
        raise ValidationFailed("plan", "must link the Omstillingsplan version in force")
    if plan.plan_id != plan_id_for(programme_id):
        raise ValidationFailed("plan.planId", "must be this programme's Omstillingsplan")
    return plan
