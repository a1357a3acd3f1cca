"""What one GraphQL document may ask of the server, measured before anything runs: how many
operations it holds, and, with its fragments expanded, how many fields it selects, how many of
them are aliased and how deep they nest.

Strawberry's depth and alias limiters expand a fragment again at every spread, so a document of
a few hundred bytes that spreads each fragment twice, twenty fragments deep, keeps them busy for
minutes. Here each fragment is measured once, after the fragments it spreads, and its measure
is added at every spread: the work is linear in the document, whatever it expands to.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.language import BREAK, DocumentNode
from graphql.validation import NoSchemaIntrospectionCustomRule

from api.graphql.errors import BAD_USER_INPUT

CLIP = 10**9  # counts stop here: past any limit, and no number grows without bound


@dataclass(frozen=True)
class Measure:
    """`depth` as strawberry's limiter counts it: fields with a selection set on the longest
    path, introspection (`__schema`, `__type`) not counted."""

    selections: int = 0
    aliases: int = 0
    depth: int = 0

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            min(self.selections + other.selections, CLIP),
            min(self.aliases + other.aliases, CLIP),
            max(self.depth, other.depth),
        )


NOTHING = Measure()


def _spreads(selection_set: SelectionSetNode) -> set[str]:
    """The fragment names spread anywhere in a selection set (walked without recursion)."""
    names: set[str] = set()
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                names.add(selection.name.value)
            elif (
                isinstance(selection, FieldNode | InlineFragmentNode)
                and selection.selection_set is not None
            ):
                pending.append(selection.selection_set)
    return names


class DocumentMeasure:
    """Each fragment measured once, every operation measured with those measures."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self._known: dict[str, Measure] = {}
        for name in self._fragments_in_dependency_order():
            self._known[name] = self.selection_set(self.fragments[name].selection_set)

    def _fragments_in_dependency_order(self) -> list[str]:
        """Every fragment after those it spreads; a spread that closes a cycle is left out
        (graphql-core reports the cycle) and an unknown one too (likewise)."""
        spreads = {name: _spreads(f.selection_set) for name, f in self.fragments.items()}
        order: list[str] = []
        seen: set[str] = set()
        for root in self.fragments:
            if root in seen:
                continue
            seen.add(root)
            path = [(root, iter(spreads[root]))]
            while path:
                name, remaining = path[-1]
                for spread in remaining:
                    if spread in self.fragments and spread not in seen:
                        seen.add(spread)
                        path.append((spread, iter(spreads[spread])))
                        break
                else:
                    path.pop()
                    order.append(name)
        return order

    def selection_set(self, selection_set: SelectionSetNode) -> Measure:
        """Recursive within one definition only, whose nesting the parser bounds (200)."""
        total = NOTHING
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                inner = (
                    self.selection_set(selection.selection_set)
                    if selection.selection_set is not None
                    else NOTHING
                )
                counted_deeper = selection.selection_set is not None and not (
                    selection.name.value.startswith("__")
                )
                total += Measure(
                    1 + inner.selections,
                    int(selection.alias is not None) + inner.aliases,
                    1 + inner.depth if counted_deeper else 0,
                )
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._known.get(selection.name.value, NOTHING)
        return total


def _refusal(message: str, message_nb: str, rule: str, limit: int) -> GraphQLError:
    return GraphQLError(
        f"{message} (rule: {rule})",
        extensions={"code": BAD_USER_INPUT, "rule": rule, "limit": limit, "messageNb": message_nb},
    )


def _count(n: int) -> str:
    return f"more than {CLIP - 1}" if n >= CLIP else str(n)


def operation_count_rule(max_operations: int) -> type[ValidationRule]:
    """At most `max_operations` operation definitions in one document."""

    class OperationCount(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: object) -> object:
            found = sum(isinstance(d, OperationDefinitionNode) for d in node.definitions)
            if found > max_operations:
                self.report_error(
                    _refusal(
                        f"The document holds {found} operations; at most {max_operations} "
                        "are allowed in one request",
                        f"Dokumentet har {found} operasjoner; høyst {max_operations} er "
                        "tillatt i én forespørsel",
                        "maxOperations",
                        max_operations,
                    )
                )
            return BREAK

    return OperationCount


def selection_budget_rule(
    *, max_selections: int, max_aliases: int, max_depth: int
) -> type[ValidationRule]:
    """The fields the document selects, its aliases (summed over its operations) and each
    operation's depth, all with fragments expanded."""

    class SelectionBudget(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: object) -> object:
            measured = DocumentMeasure(node)
            total = NOTHING
            for operation in measured.operations:
                measure = measured.selection_set(operation.selection_set)
                total += measure
                if measure.depth > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    self.report_error(
                        _refusal(
                            f"The operation '{name}' nests fields {measure.depth} deep; at "
                            f"most {max_depth} levels are allowed",
                            f"Operasjonen '{name}' nester felt {measure.depth} nivåer dypt; "
                            f"høyst {max_depth} er tillatt",
                            "maxDepth",
                            max_depth,
                        )
                    )
            if total.selections > max_selections:
                self.report_error(
                    _refusal(
                        f"The document selects {_count(total.selections)} fields with its "
                        f"fragments expanded; at most {max_selections} are allowed in one request",
                        f"Dokumentet velger {_count(total.selections)} felt når fragmentene er "
                        f"foldet ut; høyst {max_selections} er tillatt i én forespørsel",
                        "selectionBudget",
                        max_selections,
                    )
                )
            if total.aliases > max_aliases:
                self.report_error(
                    _refusal(
                        f"The document uses {_count(total.aliases)} aliases; at most "
                        f"{max_aliases} are allowed",
                        f"Dokumentet bruker {_count(total.aliases)} aliaser; høyst "
                        f"{max_aliases} er tillatt",
                        "maxAliases",
                        max_aliases,
                    )
                )
            return BREAK

    return SelectionBudget


class NoIntrospection(NoSchemaIntrospectionCustomRule):
    """graphql-core's rule for production, refusing in both languages: clients take the
    schema from docs/schema.graphql instead."""

    def report_error(self, error: GraphQLError) -> None:
        super().report_error(
            GraphQLError(
                f"{error.message} (rule: noIntrospection)",
                error.nodes,
                extensions={
                    "code": BAD_USER_INPUT,
                    "rule": "noIntrospection",
                    "messageNb": "Introspeksjon er slått av i produksjon; skjemaet er "
                    "publisert i docs/schema.graphql",
                },
            )
        )
