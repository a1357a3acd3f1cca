"""Commands and reads of Videreføring (continuation), mixed into `OmstillingApp`: the
municipality's programme leader starts and completes the stages, records their deliverables,
outcomes and costs. Access and the programme's current period come from the programme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from application.access import Action, Principal, Target, require_read, require_write
from domain.continuation.model import Continuation, Period, continuation_id_for
from domain.continuation.stages import CostEntry, Deliverable, Outcome, Owner, Stage
from domain.programme.model import Programme
from domain.shared.decisions import DecisionRef
from domain.shared.errors import Conflict, InvalidTransition

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

A = TypeVar("A", bound=Aggregate)


class ContinuationCommands(_AppBase):
    """Forstudie, forprosjekt og hovedprosjekt (Videreføring av omstillingsarbeidet)."""

    if TYPE_CHECKING:  # provided by OmstillingApp

        def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A: ...

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

        @staticmethod
        def _check_version(aggregate: Aggregate, expected_version: int | None) -> None: ...

        @staticmethod
        def programme_target(programme: Programme) -> Target: ...

    def start_continuation_stage(
        self,
        principal: Principal,
        programme_id: UUID,
        stage: Stage | str,
        started_on: date,
        planned_end: date,
        owners: tuple[Owner, ...],
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        """The forstudie opens the programme's Videreføring; later stages follow in order."""
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, period: c.start_stage(
                stage,
                started_on,
                planned_end,
                tuple(owners),
                period,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            ),
            may_open=True,
        )

    def record_continuation_deliverable(
        self,
        principal: Principal,
        programme_id: UUID,
        deliverable: Deliverable,
        *,
        expected_version: int | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, period: c.record_deliverable(
                deliverable, period, actor=principal.actor(), reason=reason
            ),
        )

    def record_continuation_outcome(
        self,
        principal: Principal,
        programme_id: UUID,
        outcome: Outcome,
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, period: c.record_outcome(
                outcome, period, actor=principal.actor(), decision=decision, reason=reason
            ),
        )

    def complete_continuation_stage(
        self,
        principal: Principal,
        programme_id: UUID,
        stage: Stage | str,
        completed_on: date,
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, period: c.complete_stage(
                stage,
                completed_on,
                period,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            ),
        )

    def record_continuation_cost(
        self,
        principal: Principal,
        programme_id: UUID,
        entry: CostEntry,
        *,
        expected_version: int | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, period: c.record_cost(entry, period, actor=principal.actor(), reason=reason),
        )

    def reverse_continuation_cost(
        self,
        principal: Principal,
        programme_id: UUID,
        number: int,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_continuation(
            principal,
            programme_id,
            expected_version,
            lambda c, _: c.reverse_cost(number, actor=principal.actor(), reason=reason),
        )

    def continuation(self, principal: Principal, programme_id: UUID) -> Continuation | None:
        """The programme's Videreføring, None before its forstudie started."""
        programme = self._load(Programme, programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return self._existing_continuation(programme_id)

    @staticmethod
    def continuation_id_for(programme_id: UUID) -> UUID:
        return continuation_id_for(programme_id)

    def _existing_continuation(self, programme_id: UUID) -> Continuation | None:
        try:
            found: Aggregate = self.repository.get(continuation_id_for(programme_id))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Continuation) else None

    def _change_continuation(
        self,
        principal: Principal,
        programme_id: UUID,
        expected_version: int | None,
        change: Callable[[Continuation, Period], None],
        *,
        may_open: bool = False,
    ) -> CommandResult:
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.MANAGE_CONTINUATION, self.programme_target(programme))
        continuation = self._existing_continuation(programme_id)
        is_new = continuation is None
        if continuation is None:
            if expected_version not in (None, 0):
                raise Conflict(expected_version, None)
            if not may_open:
                raise InvalidTransition(
                    "not started", "change Videreføring", "the forstudie has not started"
                )
            continuation = Continuation.open(
                programme_id=programme.id, tenant_id=programme.tenant_id, actor=principal.actor()
            )
        else:
            self._check_version(continuation, expected_version)
        change(continuation, Period(programme.period_start, programme.period_end))
        return self._save(continuation, expected_new=is_new)
