"""The domain's error hierarchy: every refusal names the field or transition and the rule."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule the domain refuses; carries a stable machine code."""

    code = "DOMAIN_ERROR"


class ValidationFailed(DomainError):
    """Input that breaks a rule; `field` is a dotted path the user can find in the form."""

    code = "VALIDATION"

    def __init__(self, field: str, rule: str, message: str | None = None) -> None:
        self.field = field
        self.rule = rule
        self.message = message or f"{field}: {rule}"
        super().__init__(self.message)

    def at(self, prefix: str) -> ValidationFailed:
        """The same failure, located inside an enclosing field."""
        path = f"{prefix}.{self.field}" if self.field else prefix
        return ValidationFailed(path, self.rule, f"{path}: {self.rule}")


class InvalidTransition(DomainError):
    """A lifecycle step that is not allowed from the current state."""

    code = "INVALID_TRANSITION"

    def __init__(self, current: str, attempted: str, rule: str) -> None:
        self.current = current
        self.attempted = attempted
        self.rule = rule
        super().__init__(f"cannot {attempted} when {current}: {rule}")


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    """Deliberately vague: a principal outside its scope learns nothing of the target."""

    code = "FORBIDDEN"

    def __init__(self, message: str = "not permitted for this principal") -> None:
        super().__init__(message)


class Conflict(DomainError):
    """The aggregate moved on since the caller read it; nothing was written."""

    code = "CONFLICT"

    def __init__(self, expected: int | None, actual: int | None, message: str | None = None):
        self.expected = expected
        self.actual = actual
        super().__init__(
            message or f"stale version: expected {expected}, but the current version is {actual}"
        )
