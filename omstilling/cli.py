"""The `omstilling` command: serve, migrate, rebuild read models, mint development tokens."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from uuid import UUID

from application.access import Principal
from domain.shared.actor import Role
from omstilling.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="omstilling", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL server")
    serve.add_argument(
        "--demo", action="store_true", help="seed the demo history into an empty store"
    )
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument(
        "--with-projections",
        action="store_true",
        help="on PostgreSQL, also keep the read models in this process (one-machine "
        "installation); the embedded SQLite store always does",
    )

    project = commands.add_parser(
        "project",
        help="run a projection worker: keeps the read models current (PostgreSQL: run one or "
        "more beside the API nodes; each read model is owned by one worker at a time)",
    )
    project.add_argument("--metrics-port", type=int, default=None, help="serve /metrics here")

    commands.add_parser("migrate", help="apply the read models' SQL migrations")

    projections = commands.add_parser("projections", help="read-model maintenance")
    projections.add_argument(
        "action",
        choices=["rebuild", "quarantine", "retry"],
        help="rebuild: empty and replay every read model (workers stopped); quarantine: list "
        "the events read models set aside; retry: apply them again",
    )
    projections.add_argument("--projection", help="retry: only this read model's events")
    projections.add_argument("--event", type=int, help="retry: only this log position")

    population = commands.add_parser(
        "import-population",
        help="import population figures (folkemengde) from a CSV file, as the national steward",
    )
    population.add_argument("file", help="CSV with the columns kommunenummer;år;folkemengde")
    population.add_argument("--source", required=True, help="where the figures come from")
    population.add_argument("--user", default="forvalter")
    population.add_argument("--name", default="Forvalter (kommandolinje)")

    token = commands.add_parser("token", help="mint a development token")
    token.add_argument("--role", required=True, choices=[r.value for r in Role])
    token.add_argument("--municipality", help="municipality number, for municipality roles")
    token.add_argument("--county", help="county number, for county roles")
    token.add_argument("--user", default="dev.user")
    token.add_argument("--name", default="Utvikler")
    token.add_argument("--hours", type=int, default=12)

    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "serve":
        return _serve(
            settings,
            demo=args.demo,
            host=args.host,
            port=args.port,
            with_projections=args.with_projections,
        )
    if args.command == "project":
        return _project(settings, args.metrics_port)
    if args.command == "migrate":
        from migrations import migrate

        applied = migrate(settings.event_store_env())
        print(f"applied: {', '.join(applied) or 'nothing (up to date)'}")
        return 0
    if args.command == "projections":
        return _projections(settings, args.action, args.projection, args.event)
    if args.command == "import-population":
        return _import_population(settings, args.file, args.source, args.user, args.name)
    if args.command == "token":
        return _token(settings, args)
    return 2


class UsageError(Exception):
    """A command line that cannot be carried out as written: said in one line, exit 2."""


def _token(settings: Settings, args: argparse.Namespace) -> int:
    from api.auth import mint_token

    role = Role(args.role)
    try:
        municipality_id, county_number = _token_scope(role, args.municipality, args.county)
        token = mint_token(
            settings,
            user_id=args.user,
            name=args.name,
            role=role,
            municipality_id=municipality_id,
            county_number=county_number,
            ttl=timedelta(hours=args.hours),
        )
    except (UsageError, RuntimeError) as error:
        print(f"omstilling token: {error}", file=sys.stderr)
        return 2
    print(token)
    return 0


def _token_scope(
    role: Role, municipality: str | None, county: str | None
) -> tuple[UUID | None, str | None]:
    """The tenant the role acts for, as of today in Norway; exactly the option it needs."""
    from application.access import COUNTY_ROLES, MUNICIPALITY_ROLES
    from domain.shared.clock import today_in_norway
    from tenants import ReferenceDataError, load_registry

    registry, today = load_registry(), today_in_norway()
    if role in MUNICIPALITY_ROLES:
        if not municipality:
            raise UsageError(
                f"--municipality is required for the role {role.value}: "
                "a municipality role acts for one municipality"
            )
        if county:
            raise UsageError(
                f"--county does not apply to the role {role.value}, which acts for a municipality"
            )
        try:
            return registry.municipality_by_number(municipality, today).id, None
        except ReferenceDataError:
            raise UsageError(
                f"--municipality {municipality}: a municipality role needs the number of a "
                f"municipality that exists today ({today.isoformat()}); none has that number"
            ) from None
    if role in COUNTY_ROLES:
        if not county:
            raise UsageError(
                f"--county is required for the role {role.value}: a county role acts for one county"
            )
        if municipality:
            raise UsageError(
                f"--municipality does not apply to the role {role.value}, which acts for a county"
            )
        try:
            found = registry.county(county)
        except ReferenceDataError:
            raise UsageError(
                f"--county {county}: a county role needs a county that exists today; "
                "no county has that number"
            ) from None
        if not found.is_valid_on(today):
            successors = ", ".join(
                f"{c.number} {c.name}" for c in registry.successor_counties(county, today)
            )
            ended = f"ended {found.valid_to.isoformat()}" if found.valid_to else "is not valid"
            raise UsageError(
                f"--county {county}: a county role needs a county that exists today "
                f"({today.isoformat()}); {found.number} {found.name} {ended}"
                + (f", succeeded by {successors}" if successors else "")
            )
        return None, found.number
    for option, given in (("--municipality", municipality), ("--county", county)):
        if given:
            raise UsageError(
                f"{option} does not apply to the role {role.value}, which acts nationally"
            )
    return None, None


def _import_population(settings: Settings, file: str, source: str, user: str, name: str) -> int:
    from pathlib import Path

    from application.app import OmstillingApp
    from domain.shared.errors import DomainError, ValidationFailed
    from migrations import migrate

    env = settings.event_store_env()
    migrate(env)
    app = OmstillingApp(env=env)
    steward = Principal(user, name, Role.NATIONAL_STEWARD)
    path = Path(file)
    try:
        result = app.import_population(
            steward, path.read_bytes(), source=source, file_name=path.name
        )
    except ValidationFailed as error:
        print(f"refused, nothing written: {error.field}: {error.rule}", file=sys.stderr)
        return 1
    except DomainError as error:
        print(f"refused, nothing written: {error}", file=sys.stderr)
        return 1
    finally:
        app.close()
    print(f"imported {path.name} as import {result.version - 1} of the population register")
    return 0


def _projections(settings: Settings, action: str, projection: str | None, event: int | None) -> int:
    env = settings.event_store_env()
    if action == "rebuild":
        from omstilling.runtime import progress_bar, rebuild

        try:
            counts = rebuild(env, progress_bar)
        except RuntimeError as error:
            print(f"not rebuilt: {error}", file=sys.stderr)
            return 1
        for name, count in counts.items():
            print(f"{name}: {count} events replayed")
        return 0
    from omstilling.engine.quarantine import open_quarantine, retry_quarantined
    from omstilling.engine.store import open_store

    if action == "quarantine":
        store = open_store(env)
        try:
            entries = open_quarantine(next(iter(store.views.values())), projection)
        finally:
            store.close()
        if not entries:
            print("no events in quarantine")
        for e in entries:
            print(
                f"{e.projection}\tposition {e.notification_id}\t{e.topic} v{e.originator_version}"
                f"\t{e.originator_id}\tsince {e.quarantined_at}\t{e.error}"
            )
        return 0
    outcomes = retry_quarantined(env, projection=projection, notification_id=event)
    for outcome in outcomes:
        state = "applied" if outcome.applied else f"still failing: {outcome.error}"
        print(f"{outcome.event.projection}\tposition {outcome.event.notification_id}\t{state}")
    if not outcomes:
        print("nothing to retry")
    return 0 if all(o.applied for o in outcomes) else 1


def _project(settings: Settings, metrics_port: int | None) -> int:
    """A projection worker until SIGTERM or Ctrl-C."""
    import signal
    import threading

    from api.observability import configure_logging
    from omstilling.engine.worker import ProjectionWorker
    from omstilling.eventstore import is_postgres

    env = settings.event_store_env()
    if not is_postgres(env):
        print(
            "the embedded SQLite store keeps its read models in the serving process "
            "(omstilling serve); projection workers run beside PostgreSQL",
            file=sys.stderr,
        )
        return 2
    configure_logging()
    if metrics_port is not None:
        from prometheus_client import start_http_server

        start_http_server(metrics_port, addr=settings.host)
    worker = ProjectionWorker(env)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.close()
    return 0


def _serve(
    settings: Settings,
    *,
    demo: bool,
    host: str | None,
    port: int | None,
    with_projections: bool = False,
) -> int:
    import uvicorn

    from api.auth import mint_token
    from api.main import create_app
    from api.observability import configure_logging
    from omstilling.runtime import Runtime

    configure_logging()
    runtime = Runtime(settings.event_store_env(), projections=with_projections or demo)
    try:
        if demo:
            from omstilling.demo import demo_principals, seed

            if runtime.app.recorder.max_notification_id():
                print("The store already holds events: the demo history is not seeded again.")
            else:
                print(
                    "Seeding the demo history (three programmes, a plan adopted and revised twice, four years of funds) ..."
                )
                seed(runtime)
            print("\nProgrammes in the demo:")
            for row in runtime.programmes.programmes():
                print(
                    f"  {row.programme_id}  {row.name}  (granted by county {row.granting_county_number})"
                )
            host_, port_ = host or settings.host, port or settings.port
            print(f"\nGraphQL: http://{host_}:{port_}/graphql   (GraphiQL in the browser)\n")
            print("Tokens, one per role (send as 'Authorization: Bearer <token>'):")
            for label, principal in demo_principals().items():
                token = mint_token(
                    settings,
                    user_id=principal.user_id,
                    name=principal.name,
                    role=principal.role,
                    municipality_id=principal.municipality_id,
                    county_number=principal.county_number,
                )
                print(f"\n# {label}\n{token}")
            print()
            sys.stdout.flush()
        uvicorn.run(
            create_app(runtime, settings),
            host=host or settings.host,
            port=port or settings.port,
            log_config=None,  # the JSON lines configured above
        )
    finally:
        runtime.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
