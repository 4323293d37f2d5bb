#!/usr/bin/env python3
"""Where the benefits pipeline's CPU goes: `insurance-bench benefits` under `perf`, pipeline phase only.

Runs the release `insurance-bench benefits` (arguments passed through) and attaches
`perf record` to it for exactly the backlog phase (from the line that announces the storage
floor, printed right before the pipeline starts, to the line that reports the stored backlog),
so the producing of the backlog and the raw baselines do not count. Then prints:
  - the bench's own figures (end to end, storage floor, CPU per event);
  - a table of the pipeline process's CPU by stage: each sampled function is put in the
    stage its name belongs to (self time, not inclusive), as a share and in µs per event
    (the share times the process's CPU per event that the bench measured);
  - the top functions.
Why self time by name: Swift's async frames break call chains, so inclusive time by caller
is unreliable; a function's own samples are not. The Swift runtime's work (retain/release,
allocation) is its own stage: it is the cost of the code's shape, not of one step.

Usage: bench-profile.py [--build-dir DIR] [--keep FILE] -- [insurance-bench benefits options]
Needs `perf` (linux-perf) and `swift demangle`. Bounded: the bench's own --timeout applies.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict

# Stage → patterns on the demangled function name (first match wins, in this order).
STAGES = [
    ("Swift runtime: retain/release", r"swift_(retain|release|bridgeObjectRetain|bridgeObjectRelease|unknownObject)|swift_.*[Rr]etain|swift_.*[Rr]elease"),
    ("Swift runtime: allocation", r"swift_(allocObject|deallocObject|slowAlloc|slowDealloc|allocBox|deallocClassInstance)|^(malloc|free|_int_malloc|_int_free|cfree|realloc|calloc|malloc_consolidate|tcache|__libc_malloc)"),
    ("Swift runtime: other", r"^swift_|swift::|value witness|initializeWithCopy|assignWithCopy|destroy value|outlined (copy|destroy|retain|release)|__swift_|_swift_"),
    ("JSON parse", r"InsuranceDomain\.(JSON|JSONReader|JSONScan|JSONValue|JSONParser)"),
    ("event validation", r"InsuranceDomain\.(EventIntake|EventField|TextRules|CitizenID|Timestamp|LocalDate|DataObject|ControlCharacter|InsuranceEvent|ValidatedEvent|ContributionPaid|EnrollmentRegistered|FacilityBinding|FamilyAccount|EventIdentity|ContractIdentifier)|RecordDecoder"),
    ("coverage rules", r"InsuranceDomain\.(CoverageEngine|PaymentLedger|StartRules|Eligibility|FacilityRules|PersonCoverage|PersonEvents|EventSet|ConflictBlocks|CoverageFacts|PolicyBook|PolicyYear|NewbornFacts)|CoverageRecomputation"),
    ("PostgreSQL client (PostgresNIO)", r"PostgresNIO|PSQL|Postgres[A-Z]"),
    ("libpq", r"^(PQ|pq|libpq)"),
    ("storing: rows and SQL (Benefits)", r"Benefits\.(BatchWriter|StoredTables|BulkRows|BulkColumn|BenefitsStore|IngestWriter|LaneTransaction|HistoryCache|CopyRows)"),
    ("pipeline (Benefits, other)", r"^Benefits\.|\(extension in Benefits\)"),
    ("Kafka (librdkafka and our layer)", r"rd_kafka|rd_|^Kafka\.|\(extension in Kafka\)"),
    ("SwiftNIO", r"NIOCore|NIOPosix|NIOConcurrency|NIOSSL|_NIO"),
    ("Foundation, strings, collections (stdlib)", r"^(Swift\.|Foundation|FoundationEssentials|\(extension in Swift\)|generic specialization|specialized|merged|partial apply|closure #|reabstraction|protocol witness)"),
    ("libc, kernel, compression", r"^(\[k\]|__memmove|__memcpy|memcpy|memmove|memcmp|__memcmp|__strlen|strlen|__memset|memset|pthread|__lll|futex|epoll|syscall|__GI_|_dl_|LZ4|ZSTD|crc32|inflate|deflate)"),
]


def run_bench(bench, bench_args, perf_out):
    """Runs the bench, attaching perf for the pipeline phase; returns its output lines."""
    cmd = ["stdbuf", "-oL", bench, "benefits", *bench_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    perf = None
    lines = []
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            lines.append(line)
            if perf is None and "storage floor" in line:
                perf = subprocess.Popen(
                    ["perf", "record", "-F", "499", "-g", "-p", str(proc.pid), "-o", perf_out],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )
            elif perf is not None and re.match(r"\s*stored \d+ events", line):
                perf.send_signal(signal.SIGINT)
                perf.wait(timeout=120)
        proc.wait(timeout=60)
    finally:
        if perf is not None and perf.poll() is None:
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=120)
        if proc.poll() is None:
            proc.kill()
    if proc.returncode != 0:
        sys.exit(f"bench-profile: insurance-bench exited {proc.returncode}")
    if perf is None:
        sys.exit("bench-profile: the bench never reached the pipeline phase; nothing profiled")
    return lines


# Named steps of the pipeline → pattern on the demangled name of the step's outermost function.
# Inclusive time (the function and what it calls, on the same thread): the synchronous steps
# are exact; awaiting the database or the broker is not CPU and takes no samples. Indented
# steps are part of the one above.
STEPS = [
    ("decode and validate records (prepare)", r"IngestionPipeline\.prepare\("),
    ("  of which JSON parse", r"JSONParser\.parse\("),
    ("recompute persons (in the lanes)", r"BatchWriter\.recomputePersons"),
    ("  of which validating stored histories again", r"CoverageRecomputation\.validatedHistory"),
    ("  of which the coverage rules", r"CoverageEngine\.evaluate\(personId"),
    ("  of which building derived rows", r"CoverageRecomputation\.rows\("),
    ("bulk rows as text (StoredTables)", r"StoredTables\.(eventRows|derivedRows|refusalRows)"),
    ("SQL parameters (PostgresNIO encoding)", r"PostgresDynamicTypeEncodable\.encodeRaw"),
    ("result rows (PostgresNIO decoding)", r"PostgresRow\.decode<"),
    ("PostgreSQL wire (PostgresNIO channel)", r"PostgresChannelHandler\.channelRead"),
    ("Kafka (librdkafka's threads)", r"rd_kafka_broker_thread_main|rd_kafka_thread_main"),
]


def perf_symbols(perf_out, inclusive):
    """(share %, demangled name) of every sampled symbol: inclusive (`--children`) or self time.

    Kernel symbols are marked `[k] `."""
    mode, limit = ("--children", "0.05") if inclusive else ("--no-children", "0.01")
    report = subprocess.run(
        ["perf", "report", "-i", perf_out, mode, "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", limit],
        capture_output=True, text=True, check=True,
    ).stdout
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input=report, capture_output=True, text=True, check=True).stdout
    # `--children` prints two columns (inclusive, self); the first is the one wanted either way.
    pattern = r"\s*([\d.]+)%\s+(?:[\d.]+%\s+)?\[(.)\]\s+(.*)$"
    symbols = []
    for line in demangled.splitlines():
        m = re.match(pattern, line)
        if m:
            name = m.group(3).strip()
            symbols.append((float(m.group(1)), "[k] " + name if m.group(2) == "k" else name))
    return symbols


def inclusive_steps(perf_out):
    """(step, inclusive share) for each named step: the largest inclusive share among its functions."""
    rows = perf_symbols(perf_out, inclusive=True)
    return [(step, max((p for p, name in rows if re.search(pattern, name)), default=0.0)) for step, pattern in STEPS]


def symbol_shares(perf_out):
    """(percentage, demangled name) of every symbol with its own samples, largest first."""
    return perf_symbols(perf_out, inclusive=False)


def stage_of(name):
    for stage, pattern in STAGES:
        if re.search(pattern, name):
            return stage
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=".build/release")
    parser.add_argument("--keep", help="keep perf.data at this path")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--from-data", help="report on this perf.data of an earlier run instead of running the bench")
    parser.add_argument("--per-event", type=float, help="with --from-data: that run's process CPU per event, µs")
    parser.add_argument("bench_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    bench_args = [a for a in args.bench_args if a != "--"]
    bench = os.path.join(args.build_dir, "insurance-bench")
    perf_out = args.keep or os.path.join(tempfile.mkdtemp(prefix="bench-profile-"), "perf.data")

    if args.from_data:
        perf_out, lines = args.from_data, []
    else:
        lines = run_bench(bench, bench_args, perf_out)
    per_event = args.per_event
    for line in lines:
        m = re.search(r"CPU per event: pipeline \(this process\) ([\d.]+) µs", line)
        if m:
            per_event = float(m.group(1))
    shares = symbol_shares(perf_out)
    total = sum(p for p, _ in shares) or 1.0
    by_stage = defaultdict(float)
    for percent, name in shares:
        by_stage[stage_of(name)] += percent
    print("\nwhere the pipeline process's CPU goes, by the function that spends it (self time, pipeline phase only):")
    print(f"  {'stage':44} {'share':>7} {'µs/event':>9}")
    for stage, percent in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        share = percent / total
        us = f"{share * per_event:9.1f}" if per_event is not None else "        -"
        print(f"  {stage:44} {share * 100:6.1f}% {us}")
    if per_event is not None:
        print(f"  {'total':44} {100.0:6.1f}% {per_event:9.1f}")
    print("\nnamed steps of the pipeline (inclusive: the step and what it calls; indented = part of the step above):")
    print(f"  {'step':52} {'share':>7} {'µs/event':>9}")
    for step, share in inclusive_steps(perf_out):
        us = f"{share / 100 * per_event:9.1f}" if per_event is not None else "        -"
        print(f"  {step:52} {share:6.1f}% {us}")
    print(f"\ntop {args.top} functions:")
    for percent, name in shares[: args.top]:
        print(f"  {percent / total * 100:5.1f}%  {name[:140]}  [{stage_of(name)}]")
    if args.keep:
        print(f"\nperf data kept in {args.keep} (perf report -i {args.keep})")


if __name__ == "__main__":
    main()
