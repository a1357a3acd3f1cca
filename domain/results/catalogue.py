"""The national indicator catalogue (indikatorkatalog) and a programme's local indicators
(lokale indikatorer). Both are versioned registers: an indicator is added, revised into a new
version (earlier versions stay readable, a series names the version it was measured by) or
retired; every change raises the register's version by one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.results.indicators import NATIONAL_TENANT, RESULTS_NAMESPACE, Indicator, require_code
from domain.shared.actor import Actor
from domain.shared.decisions import DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import optional_reason, required_reason

CATALOGUE_ID = uuid5(RESULTS_NAMESPACE, "indikatorkatalog")


def local_indicators_id_for(programme_id: UUID) -> UUID:
    """One register of local indicators per programme."""
    return uuid5(RESULTS_NAMESPACE, f"lokale-indikatorer:{programme_id}")


class _Register:
    """The rules both registers share; state is `versions` (code → its versions, oldest
    first) and `retired` (code → reason)."""

    versions: dict[str, tuple[Indicator, ...]]
    retired: dict[str, str]
    register_version: int

    def current(self, code: str) -> Indicator | None:
        found = self.versions.get(code)
        return found[-1] if found else None

    def version_of(self, code: str) -> int:
        return len(self.versions.get(code, ()))

    def is_active(self, code: str) -> bool:
        return code in self.versions and code not in self.retired

    @property
    def active(self) -> list[Indicator]:
        return [v[-1] for code, v in self.versions.items() if code not in self.retired]

    def _check_new(self, indicator: Indicator) -> None:
        if not isinstance(indicator, Indicator):
            raise ValidationFailed("indicator", "must be an indicator")
        if indicator.code in self.versions:
            raise ValidationFailed("code", f"indicator {indicator.code} is already defined")

    def _check_revision(self, indicator: Indicator, reason: str | None) -> str:
        if not isinstance(indicator, Indicator):
            raise ValidationFailed("indicator", "must be an indicator")
        current = self.current(indicator.code)
        if current is None:
            raise ValidationFailed("code", f"there is no indicator {indicator.code} to revise")
        if indicator.code in self.retired:
            raise InvalidTransition("retired", "revise", "a retired indicator is not revised")
        if indicator == current:
            raise ValidationFailed("indicator", "the revision changes nothing")
        return required_reason(reason)

    def _check_retirement(self, code: str, reason: str | None) -> tuple[str, str]:
        """The checked code and reason of a retirement."""
        code = require_code("code", code)
        if code not in self.versions:
            raise ValidationFailed("code", f"there is no indicator {code} to retire")
        if code in self.retired:
            raise InvalidTransition("retired", "retire", "the indicator is already retired")
        return code, required_reason(reason)

    def _apply_added(self, indicator: Indicator) -> None:
        self.versions = {**self.versions, indicator.code: (indicator,)}
        self.register_version += 1

    def _apply_revised(self, indicator: Indicator) -> None:
        self.versions = {
            **self.versions,
            indicator.code: (*self.versions[indicator.code], indicator),
        }
        self.register_version += 1

    def _apply_retired(self, code: str, reason: str) -> None:
        self.retired = {**self.retired, code: reason}
        self.register_version += 1


class IndicatorCatalogue(_Register, Aggregate):
    """The one national catalogue; only the national steward writes it."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"versions": dict, "retired": dict}

    class Established(Event, Aggregate.Created):
        pass

    class IndicatorAdded(Event):
        indicator: Indicator
        catalogue_version: int

    class IndicatorRevised(Event):
        indicator: Indicator
        indicator_version: int
        catalogue_version: int

    class IndicatorRetired(Event):
        code: str
        catalogue_version: int

    @staticmethod
    def create_id(**_: object) -> UUID:
        return CATALOGUE_ID

    @event(Established)
    def __init__(
        self, *, tenant_id: UUID, actor: Actor, reason: str | None, decision: DecisionRef | None
    ) -> None:
        self.tenant_id = tenant_id
        self.versions = {}
        self.retired = {}
        self.register_version = 0

    @classmethod
    def establish(cls, *, actor: Actor) -> IndicatorCatalogue:
        return cls(
            tenant_id=NATIONAL_TENANT,
            actor=actor,
            reason="Nasjonal indikatorkatalog opprettet",
            decision=None,
        )

    @property
    def catalogue_version(self) -> int:
        return self.register_version

    def add(self, indicator: Indicator, *, actor: Actor, reason: str | None = None) -> None:
        self._check_new(indicator)
        self._add(
            indicator=indicator,
            catalogue_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    def add_missing(
        self, indicators: Iterable[Indicator], *, actor: Actor, reason: str | None = None
    ) -> list[str]:
        """Add those not yet in the catalogue (retired ones stay retired); the codes added."""
        missing = [i for i in indicators if i.code not in self.versions]
        if not missing:
            raise ValidationFailed(
                "catalogue", "every indicator of the standard catalogue is already in it"
            )
        for indicator in missing:
            self.add(indicator, actor=actor, reason=reason)
        return [i.code for i in missing]

    @event(IndicatorAdded)
    def _add(
        self,
        indicator: Indicator,
        catalogue_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_added(indicator)

    def revise(self, indicator: Indicator, *, actor: Actor, reason: str | None) -> None:
        text = self._check_revision(indicator, reason)
        self._revise(
            indicator=indicator,
            indicator_version=self.version_of(indicator.code) + 1,
            catalogue_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(IndicatorRevised)
    def _revise(
        self,
        indicator: Indicator,
        indicator_version: int,
        catalogue_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_revised(indicator)

    def retire(self, code: str, *, actor: Actor, reason: str | None) -> None:
        code, text = self._check_retirement(code, reason)
        self._retire(
            code=code,
            catalogue_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(IndicatorRetired)
    def _retire(
        self,
        code: str,
        catalogue_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_retired(code, reason or "")


class LocalIndicators(_Register, Aggregate):
    """A programme's own indicators, defined by its municipality; a code never shadows one
    of the national catalogue (the application checks that)."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"versions": dict, "retired": dict}

    class Opened(Event, Aggregate.Created):
        programme_id: UUID

    class Defined(Event):
        indicator: Indicator
        register_version: int

    class Revised(Event):
        indicator: Indicator
        indicator_version: int
        register_version: int

    class Retired(Event):
        code: str
        register_version: int

    @staticmethod
    def create_id(programme_id: UUID, **_: object) -> UUID:
        return local_indicators_id_for(programme_id)

    @event(Opened)
    def __init__(
        self,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.programme_id = programme_id
        self.tenant_id = tenant_id
        self.versions = {}
        self.retired = {}
        self.register_version = 0

    @classmethod
    def open(cls, *, programme_id: UUID, tenant_id: UUID, actor: Actor) -> LocalIndicators:
        return cls(
            programme_id=programme_id, tenant_id=tenant_id, actor=actor, reason=None, decision=None
        )

    def define(self, indicator: Indicator, *, actor: Actor, reason: str | None = None) -> None:
        self._check_new(indicator)
        self._define(
            indicator=indicator,
            register_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(Defined)
    def _define(
        self,
        indicator: Indicator,
        register_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_added(indicator)

    def revise(self, indicator: Indicator, *, actor: Actor, reason: str | None) -> None:
        text = self._check_revision(indicator, reason)
        self._revise(
            indicator=indicator,
            indicator_version=self.version_of(indicator.code) + 1,
            register_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(Revised)
    def _revise(
        self,
        indicator: Indicator,
        indicator_version: int,
        register_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_revised(indicator)

    def retire(self, code: str, *, actor: Actor, reason: str | None) -> None:
        code, text = self._check_retirement(code, reason)
        self._retire(
            code=code,
            register_version=self.register_version + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(Retired)
    def _retire(
        self,
        code: str,
        register_version: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._apply_retired(code, reason or "")
