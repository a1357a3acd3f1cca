"""A throwaway PostgreSQL server for the test suite and the benchmarks.

Runs initdb and pg_ctl as the `postgres` user when started as root (they refuse root),
with durability switched off: fast, and the data is thrown away anyway.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

POSTGRES_URL_ENV = "OMSTILLING_TEST_POSTGRES_URL"
_SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
)


class PostgresUnavailable(RuntimeError):
    """The server could not be found or started; the message says what to install or set."""


@dataclass(frozen=True)
class _PostgresBinaries:
    initdb: str
    pg_ctl: str


def _find_postgres_binaries() -> _PostgresBinaries | None:
    """initdb/pg_ctl from PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return _PostgresBinaries(initdb, pg_ctl)

    def version(bindir: str) -> tuple[int, ...]:
        name = Path(bindir).parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        initdb, pg_ctl = f"{bindir}/initdb", f"{bindir}/pg_ctl"
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK):
            return _PostgresBinaries(initdb, pg_ctl)
    return None


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root, so run them as `postgres` then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _run(argv: list[str], *, timeout: float = 120) -> None:
    result = subprocess.run(
        _as_server_user(argv), capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _make_server_dir() -> Path:
    # As root, pytest's own temp dirs are 0700 root-owned and the `postgres`
    # user cannot traverse them; /tmp can be traversed by everyone.
    base = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None
    root = Path(tempfile.mkdtemp(prefix="omstilling-pg-", dir=base))
    (root / "sock").mkdir()
    if os.geteuid() == 0:
        for path in (root, root / "sock"):
            shutil.chown(path, user="postgres", group="postgres")
    return root


@dataclass
class PostgresCluster:
    """A server of the test's own, which the test may stop and start again on the same port."""

    url: str
    pg_ctl: str
    datadir: Path
    sockdir: Path
    logfile: Path
    port: int

    def start(self) -> None:
        result = subprocess.run(
            _as_server_user(
                [
                    self.pg_ctl,
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-k {self.sockdir} -c listen_addresses=127.0.0.1 -p {self.port} "
                    + _SERVER_OPTIONS,
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            log = self.logfile.read_text() if self.logfile.exists() else ""
            raise PostgresUnavailable(
                f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}"
            )
        wait_until_ready(self.url)

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([self.pg_ctl, "-D", str(self.datadir), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            timeout=120,
            check=False,
        )


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A new server (superuser `postgres`) on a free port, removed afterwards."""
    binaries = _find_postgres_binaries()
    if binaries is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH nor under "
            "/usr/lib/postgresql/*/bin. Install them (Debian: apt-get install postgresql) "
            f"or set {POSTGRES_URL_ENV} to an existing server's URL."
        )
    root = _make_server_dir()
    datadir, sockdir, logfile = root / "data", root / "sock", root / "server.log"
    cluster: PostgresCluster | None = None
    try:
        _run(
            [
                binaries.initdb,
                "-D",
                str(datadir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--encoding",
                "UTF8",
                "--no-locale",
            ]
        )
        for attempt in range(3):  # The free port may be taken before the server binds it.
            port = _free_port()
            candidate = PostgresCluster(
                f"postgresql://postgres@127.0.0.1:{port}/postgres",
                binaries.pg_ctl,
                datadir,
                sockdir,
                logfile,
                port,
            )
            try:
                candidate.start()
            except PostgresUnavailable:
                if attempt == 2:
                    raise
                continue
            cluster = candidate
            break
        assert cluster is not None
        yield cluster
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """URL of a new server (superuser `postgres`), or of ``OMSTILLING_TEST_POSTGRES_URL`` if set."""
    external = os.environ.get(POSTGRES_URL_ENV)
    if external:
        wait_until_ready(external)
        yield external
        return
    with postgres_cluster() as cluster:
        yield cluster.url
