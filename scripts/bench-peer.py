#!/usr/bin/env python3
"""The peer benchmark: the benefits service against Quix Streams' PostgreSQLSink.

Why: a rate on its own says little on a shared 2-core machine. Storing the same backlog
with a well-known, simpler Kafka -> PostgreSQL pipeline in the same run gives a yardstick
whose noise mostly cancels out in the ratios (issue 26: steady rate >= 3x the peer's,
machine CPU per event <= 0.5x the peer's).

What it does:
  1. puts the sample city's valid events (`insurance-sample publish --valid-only`) once
     onto fresh topics of its own;
  2. runs each side from the start of those topics with its own consumer group and its
     own fresh database:
       - benefits: the release `benefits-service serve` (stores events, refusals,
         coverage and offsets, with exactly-once effects);
       - quix: Quix Streams 3 `PostgreSQLSink`, one row per event, ON CONFLICT DO NOTHING
         on (source, id), nothing computed (this script re-run as `quix-sink`);
  3. for each side prints the events/s from process start and from the first to the last
     stored row (the steady rate), and the whole machine's CPU per event (/proc/stat,
     process start to last stored row), then the ratios benefits / quix.

`--order both` (the default) runs benefits, quix, quix, benefits: either order once, so
warm-up and drift of the machine weigh on both sides alike. It stops what it started (by
PID), drops its databases and deletes its topics; every wait has a deadline; it only
talks to a broker and a PostgreSQL server on the loopback interface.

Run it through `scripts/dev bench peer [--persons N] [--order ...] [--build-dir DIR]`,
which installs the Python packages into .local/venv-peer, builds the release products
and starts the stack. Reads KAFKA_BOOTSTRAP_SERVERS, PG_HOST, PG_PORT, PG_USER,
PG_PASSWORD and PG_DATABASE (the maintenance database used to create the scratch ones).
"""

import argparse
import dataclasses
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
EVENT_STREAMS = ("enrollments", "contributions", "bindings")
POLL_SECONDS = 0.25
STOP_GRACE_SECONDS = 20
DDL_TIMEOUT_SECONDS = 30
# A side is done when its row count has not moved for this long after the first row.
# Quix stores on its checkpoint (every 5 s by default), so it needs a longer window.
QUIET_SECONDS = {"benefits": 8.0, "quix": 15.0}
# Tansu holds a JoinGroup for about half the session timeout (docs: ENVIRONMENT quirks);
# the benefits service uses 6 s, so the peer gets the same, or its "from start" rate
# would carry a 20 s wait that is the broker's, not Quix's.
SESSION_TIMEOUT_MS = 6000
GOAL_RATE_RATIO = 3.0
GOAL_CPU_RATIO = 0.5


@dataclasses.dataclass(frozen=True)
class Stack:
    """Where the local stack listens, from the environment scripts/dev exports."""

    bootstrap: str
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_maintenance_db: str

    @staticmethod
    def from_environment():
        """Read the stack's settings; refuse anything but the loopback interface."""
        stack = Stack(
            bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:59092"),
            pg_host=os.environ.get("PG_HOST", "127.0.0.1"),
            pg_port=int(os.environ.get("PG_PORT", "55432")),
            pg_user=os.environ.get("PG_USER", "insurance"),
            pg_password=os.environ.get("PG_PASSWORD", "insurance"),
            pg_maintenance_db=os.environ.get("PG_DATABASE", "insurance"),
        )
        # It creates and drops databases and topics: never against a remote server.
        hosts = [stack.pg_host] + [server.rsplit(":", 1)[0].strip("[]") for server in stack.bootstrap.split(",")]
        remote = [host for host in hosts if host not in LOOPBACK_HOSTS]
        if remote:
            sys.exit(f"bench-peer: only a local stack is allowed, got {', '.join(remote)}")
        return stack

    def connect(self, database):
        """A psycopg 3 connection in autocommit mode to one database of the stack."""
        import psycopg

        return psycopg.connect(
            host=self.pg_host, port=self.pg_port, user=self.pg_user, password=self.pg_password,
            dbname=database, autocommit=True, connect_timeout=10,
        )


@dataclasses.dataclass(frozen=True)
class Topics:
    """The run's own topics, so no other consumer or earlier run shares the backlog."""

    enrollments: str
    contributions: str
    bindings: str
    deadletter: str

    @staticmethod
    def fresh(tag):
        """Topic names unique to this run."""
        return Topics(*(f"peer.{tag}.{name}" for name in EVENT_STREAMS + ("deadletter",)))

    def all(self):
        """Every topic, dead-letter included."""
        return [self.enrollments, self.contributions, self.bindings, self.deadletter]

    def events(self):
        """The three event topics both sides consume."""
        return [self.enrollments, self.contributions, self.bindings]

    def environment(self):
        """The KAFKA_TOPIC_* variables insurance-sample and benefits-service read."""
        return {
            "KAFKA_TOPIC_ENROLLMENTS": self.enrollments, "KAFKA_TOPIC_CONTRIBUTIONS": self.contributions,
            "KAFKA_TOPIC_BINDINGS": self.bindings, "KAFKA_TOPIC_DEADLETTER": self.deadletter,
        }


@dataclasses.dataclass(frozen=True)
class Side:
    """How to run one side and count what it stored."""

    name: str
    argv: list
    environment: dict
    count_query: str


@dataclasses.dataclass(frozen=True)
class Observation:
    """Rows stored and when: times are time.monotonic(), CPU in seconds."""

    rows: int
    started: float
    first_row: float
    last_row: float
    machine_cpu: float
    process_cpu: float


@dataclasses.dataclass(frozen=True)
class Result:
    """One side's figures from one run."""

    name: str
    rows: int
    seconds_from_start: float
    seconds_steady: float
    machine_cpu: float
    process_cpu: float
    busy_before: float
    note: str = ""

    @property
    def from_start_rate(self):
        """Events/s from process start to the last stored row."""
        return self.rows / max(self.seconds_from_start, 1e-9)

    @property
    def steady_rate(self):
        """Events/s from the first to the last stored row."""
        return self.rows / max(self.seconds_steady, 1e-9)

    @property
    def machine_us(self):
        """Whole-machine CPU µs per event."""
        return 1e6 * self.machine_cpu / max(self.rows, 1)

    @property
    def process_us(self):
        """The side's own process CPU µs per event (less noisy, excludes PostgreSQL)."""
        return 1e6 * self.process_cpu / max(self.rows, 1)


# ---------------------------------------------------------------- CPU and time


def machine_cpu_seconds():
    """Busy CPU seconds of the whole machine since boot (all of /proc/stat but idle and iowait)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid):
    """User + system CPU seconds of one process, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_cores(seconds=1.0):
    """How many cores other work keeps busy right now: a noise indicator printed with each run."""
    before = machine_cpu_seconds()
    time.sleep(seconds)
    return (machine_cpu_seconds() - before) / seconds


def free_port():
    """A free TCP port on the loopback interface for the benefits service's HTTP side."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- topics and databases


def create_topics(stack, topics, partitions):
    """Create the run's topics and wait for the broker to confirm them."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": stack.bootstrap})
    futures = admin.create_topics([NewTopic(name, partitions, 1) for name in topics.all()],
                                  request_timeout=DDL_TIMEOUT_SECONDS)
    for future in futures.values():
        future.result(timeout=DDL_TIMEOUT_SECONDS)


def delete_topics(stack, topics):
    """Delete the run's topics; a failure is reported, not raised (cleanup path)."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": stack.bootstrap})
    try:
        for future in admin.delete_topics(topics.all(), request_timeout=DDL_TIMEOUT_SECONDS).values():
            future.result(timeout=DDL_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001 - cleanup must go on
        print(f"warning: could not delete topics {topics.all()}: {error}", file=sys.stderr)


def create_database(stack, name):
    """A fresh, empty database for one side."""
    with stack.connect(stack.pg_maintenance_db) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(stack, name):
    """Drop one side's database, closing any session left in it (its process is stopped by now)."""
    try:
        with stack.connect(stack.pg_maintenance_db) as connection:
            connection.execute(f"SET statement_timeout = '{DDL_TIMEOUT_SECONDS}s'")
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as error:  # noqa: BLE001 - cleanup must go on
        print(f"warning: could not drop database {name}: {error}", file=sys.stderr)


# ---------------------------------------------------------------- the backlog


def publish_backlog(build_dir, stack, topics, persons, timeout):
    """Publish the sample city's valid events once; return insurance-sample's summary line."""
    environment = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=stack.bootstrap, LOG_LEVEL="warning", **topics.environment())
    completed = subprocess.run(
        [str(build_dir / "insurance-sample"), "publish", "--persons", str(persons), "--valid-only"],
        env=environment, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"insurance-sample publish failed: {completed.stderr.strip()[-2000:]}")
    return completed.stdout.strip().splitlines()[-1]


# ---------------------------------------------------------------- the two sides


def benefits_side(build_dir, stack, topics, database, group):
    """The release benefits service on its own database and consumer group."""
    environment = {key: value for key, value in os.environ.items() if key != "KAFKA_GROUP_ID"}
    environment.update(topics.environment())
    environment.update(
        KAFKA_BOOTSTRAP_SERVERS=stack.bootstrap, PG_HOST=stack.pg_host, PG_PORT=str(stack.pg_port),
        PG_USER=stack.pg_user, PG_PASSWORD=stack.pg_password, PG_DATABASE=database,
        BENEFITS_GROUP_ID=group, BENEFITS_HOST="127.0.0.1", BENEFITS_PORT=str(free_port()),
        LOG_LEVEL="warning", INSURANCE_DEV_MODE="1",  # loopback only, no tokens (docs/security.md)
    )
    return Side(
        name="benefits",
        argv=[str(build_dir / "benefits-service"), "serve"],
        environment=environment,
        # A valid event that the domain refuses is stored as a refusal: it counts as handled.
        count_query="SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM rejected_events)",
    )


def quix_side(stack, topics, database, group):
    """Quix Streams' PostgreSQLSink, run by this script's `quix-sink` command."""
    environment = dict(
        os.environ, KAFKA_BOOTSTRAP_SERVERS=stack.bootstrap, PG_HOST=stack.pg_host, PG_PORT=str(stack.pg_port),
        PG_USER=stack.pg_user, PG_PASSWORD=stack.pg_password,
    )
    return Side(
        name="quix",
        argv=[sys.executable, str(Path(__file__).resolve()), "quix-sink", "--database", database, "--group", group,
              *topics.events()],
        environment=environment,
        count_query="SELECT count(*) FROM events",
    )


def quix_sink_main(argv):
    """The peer: consume the event topics from the start and store one row per event."""
    import logging

    from quixstreams import Application
    from quixstreams.sinks.community.postgresql import PostgreSQLSink

    parser = argparse.ArgumentParser(prog="bench-peer.py quix-sink")
    parser.add_argument("--database", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("topics", nargs="+")
    options = parser.parse_args(argv)
    stack = Stack.from_environment()
    # Quix keeps local state in ./state by default: keep it out of the project.
    with tempfile.TemporaryDirectory(prefix="bench-peer-quix-") as state_dir:
        app = Application(
            broker_address=stack.bootstrap, consumer_group=options.group, auto_offset_reset="earliest",
            loglevel=logging.WARNING, state_dir=state_dir,
            consumer_extra_config={"session.timeout.ms": SESSION_TIMEOUT_MS,
                                   "heartbeat.interval.ms": SESSION_TIMEOUT_MS // 3},
        )
        sink = PostgreSQLSink(
            host=stack.pg_host, port=stack.pg_port, dbname=options.database, user=stack.pg_user,
            password=stack.pg_password, table_name="events", primary_key_columns=["source", "id"],
            on_conflict_do_nothing=True, schema_auto_update=True,
        )
        for topic in options.topics:
            app.dataframe(app.topic(topic, value_deserializer="json")).sink(sink)
        app.run()  # until SIGTERM: Quix stops gracefully on it


# ---------------------------------------------------------------- running a side


def stop_process(process):
    """Stop a process we started: SIGTERM, then SIGKILL after the grace period."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_GRACE_SECONDS)


def watch_rows(stack, database, side, process, started, machine_cpu_at_start, timeout):
    """Poll the side's row count until it has stood still for the side's quiet window.

    CPU is read at every poll and kept from the poll where the count last moved, so the
    quiet window (and whatever else the shared machine does meanwhile) is not charged.
    """
    import psycopg

    quiet = QUIET_SECONDS[side.name]
    deadline = started + timeout
    rows, first_row, last_row, machine_cpu, process_cpu = 0, None, None, 0.0, 0.0
    with stack.connect(database) as connection:
        while True:
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(f"{side.name}: {rows} rows and not finished after {timeout:g} s (--timeout)")
            if process.poll() is not None:
                raise RuntimeError(f"{side.name} exited with status {process.returncode} after {rows} rows")
            try:
                count = connection.execute(side.count_query).fetchone()[0]
            except psycopg.errors.UndefinedTable:  # not migrated / not created yet
                count = 0
            if count != rows:
                rows, last_row = count, now
                machine_cpu = machine_cpu_seconds() - machine_cpu_at_start
                process_cpu = process_cpu_seconds(process.pid)
                if first_row is None:
                    first_row = now
            elif first_row is not None and now - last_row >= quiet:
                return Observation(rows, started, first_row, last_row, machine_cpu, process_cpu)
            time.sleep(POLL_SECONDS)


def tail(path, lines=15):
    """The last lines of a log file, for an error message."""
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def coverage_periods(stack, database):
    """How many coverage periods the benefits service computed: the work Quix does not do."""
    with stack.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM coverage_periods").fetchone()[0]


def run_side(side, stack, database, timeout, log_dir):
    """Run one side on its fresh database and return its figures; always stops it and drops the database."""
    busy_before = busy_cores()
    create_database(stack, database)
    log_path = Path(log_dir) / f"{database}.log"
    process = None
    try:
        with open(log_path, "w") as log:
            machine_cpu_at_start = machine_cpu_seconds()
            started = time.monotonic()
            process = subprocess.Popen(side.argv, env=side.environment, cwd=PROJECT_DIR, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            try:
                seen = watch_rows(stack, database, side, process, started, machine_cpu_at_start, timeout)
            except (RuntimeError, TimeoutError) as error:
                raise RuntimeError(f"{error}\n--- last lines of its output ---\n{tail(log_path)}") from None
        note = f"coverage periods {coverage_periods(stack, database):,}" if side.name == "benefits" else ""
        return Result(side.name, seen.rows, seen.last_row - seen.started, seen.last_row - seen.first_row,
                      seen.machine_cpu, seen.process_cpu, busy_before, note)
    finally:
        if process is not None:
            stop_process(process)
        drop_database(stack, database)


# ---------------------------------------------------------------- report


def print_result(run_number, result):
    """One line per side and run."""
    note = f"; {result.note}" if result.note else ""
    print(f"run {run_number}  {result.name:<8}  rows {result.rows:>9,}  steady {result.steady_rate:>8,.0f} ev/s  "
          f"from start {result.from_start_rate:>8,.0f} ev/s  machine CPU {result.machine_us:6.1f} µs/event  "
          f"process CPU {result.process_us:6.1f} µs/event  (busy before: {result.busy_before:.2f} cores{note})",
          flush=True)


def combined(results):
    """One side's runs as one: rows, seconds and CPU summed, so the rates and CPU are totals over totals."""
    return Result(
        results[0].name, sum(r.rows for r in results), sum(r.seconds_from_start for r in results),
        sum(r.seconds_steady for r in results), sum(r.machine_cpu for r in results),
        sum(r.process_cpu for r in results), statistics.mean(r.busy_before for r in results),
    )


def verdict(value, goal, at_least):
    """'met' / 'not met' for a ratio against its goal."""
    met = value >= goal if at_least else value <= goal
    return "met" if met else "not met"


def print_summary(benefits_runs, quix_runs):
    """Each side over all its runs, the ratios benefits/quix and the issue's goals."""
    benefits, quix = combined(benefits_runs), combined(quix_runs)
    runs = len(benefits_runs)
    print(f"\nsummary ({runs} run{'s' if runs > 1 else ''} a side; rows, seconds and CPU summed over runs)")
    print(f"  {'side':<8}  {'rows':>9}  {'steady ev/s':>11}  {'from start ev/s':>15}  "
          f"{'machine µs/event':>16}  {'process µs/event':>16}")
    for result in (benefits, quix):
        print(f"  {result.name:<8}  {result.rows:>9,}  {result.steady_rate:>11,.0f}  {result.from_start_rate:>15,.0f}  "
              f"{result.machine_us:>16.1f}  {result.process_us:>16.1f}")
    rate_ratio = benefits.steady_rate / quix.steady_rate
    cpu_ratio = benefits.machine_us / quix.machine_us
    print("ratios benefits / quix:")
    print(f"  steady rate           {rate_ratio:5.2f}   goal >= {GOAL_RATE_RATIO:g}: "
          f"{verdict(rate_ratio, GOAL_RATE_RATIO, True)}")
    print(f"  machine CPU per event {cpu_ratio:5.2f}   goal <= {GOAL_CPU_RATIO:g}: "
          f"{verdict(cpu_ratio, GOAL_CPU_RATIO, False)}")
    print(f"  rate from start       {benefits.from_start_rate / quix.from_start_rate:5.2f}")
    print(f"  process CPU per event {benefits.process_us / quix.process_us:5.2f}   (each side's own process only)")
    if runs > 1:
        per_run = ", ".join(f"{b.steady_rate / q.steady_rate:.2f} / {b.machine_us / q.machine_us:.2f}"
                            for b, q in zip(benefits_runs, quix_runs))
        print(f"  per round (steady rate / machine CPU): {per_run}")
    counts = {r.rows for r in benefits_runs + quix_runs}
    if len(counts) > 1:
        print(f"warning: the runs stored different row counts {sorted(counts)}: check the logs", file=sys.stderr)


# ---------------------------------------------------------------- main


def schedule(order):
    """The sides in running order: 'both' mirrors the pair so either goes first once."""
    return {
        "benefits-first": ["benefits", "quix"],
        "quix-first": ["quix", "benefits"],
        "both": ["benefits", "quix", "quix", "benefits"],
    }[order]


def parse_arguments(argv):
    """The benchmark's command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/dev bench peer",
        description="The benefits service against Quix Streams' PostgreSQLSink on the same backlog, same run.",
    )
    parser.add_argument("--persons", type=int, default=60000,
                        help="persons of the sample city (about 3.5 valid events each; default 60000)")
    parser.add_argument("--order", choices=["benefits-first", "quix-first", "both"], default="both",
                        help="which side runs first; 'both' runs benefits, quix, quix, benefits (default)")
    parser.add_argument("--build-dir", default=".build/release",
                        help="folder of the release benefits-service and insurance-sample, "
                             "relative to the project root (default .build/release)")
    parser.add_argument("--partitions", type=int, default=int(os.environ.get("KAFKA_PARTITIONS", "6")),
                        help="partitions of each topic (default KAFKA_PARTITIONS or 6)")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed for publishing and for each side's run (default 900)")
    options = parser.parse_args(argv)
    if options.persons < 1 or options.partitions < 1 or options.timeout <= 0:
        parser.error("--persons, --partitions and --timeout must be positive")
    return options


def main(argv):
    """Publish once, run the sides in the chosen order, clean up, print the figures."""
    if argv[:1] == ["quix-sink"]:
        quix_sink_main(argv[1:])
        return 0
    options = parse_arguments(argv)
    build_dir = PROJECT_DIR / options.build_dir  # an absolute --build-dir stays as given
    for product in ("benefits-service", "insurance-sample"):
        if not os.access(build_dir / product, os.X_OK):
            sys.exit(f"bench-peer: {build_dir / product} is missing: build it (swift build -c release --product {product})")
    stack = Stack.from_environment()
    tag = uuid.uuid4().hex[:8]
    topics = Topics.fresh(tag)
    results = {"benefits": [], "quix": []}
    print(f"peer benchmark: broker {stack.bootstrap}, PostgreSQL {stack.pg_host}:{stack.pg_port}, "
          f"{os.cpu_count()} cores, build {build_dir}, order {' -> '.join(schedule(options.order))}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-peer-logs-") as log_dir:
        try:
            create_topics(stack, topics, options.partitions)
            print(f"backlog: {publish_backlog(build_dir, stack, topics, options.persons, options.timeout)} "
                  f"({options.persons:,} persons, valid events only, topics peer.{tag}.*)", flush=True)
            for run_number, name in enumerate(schedule(options.order), start=1):
                database, group = f"peer_{name}_{tag}_{run_number}", f"peer-{name}-{tag}-{run_number}"
                side = (benefits_side(build_dir, stack, topics, database, group) if name == "benefits"
                        else quix_side(stack, topics, database, group))
                result = run_side(side, stack, database, options.timeout, log_dir)
                results[name].append(result)
                print_result(run_number, result)
        finally:
            delete_topics(stack, topics)
    print_summary(results["benefits"], results["quix"])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (RuntimeError, subprocess.TimeoutExpired) as failure:
        sys.exit(f"bench-peer: {failure}")
