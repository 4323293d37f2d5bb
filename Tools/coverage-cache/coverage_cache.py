#!/usr/bin/env python3
"""Example downstream consumer of the coverage change feed (docs/coverage-feed.md).

Reads insurance.coverage.v1 from the beginning with a consumer group of its own and keeps the
highest revision of every person in a JSON file. Offsets are committed only after that file is
written, so a crash loses nothing: what is read again is a repeat, and a revision not higher
than the one kept is ignored.

  python3 coverage_cache.py --cache coverage.json --idle-exit 10 --covered-on 2025-03-01
"""
import argparse, datetime, json, os, re, signal, sys, tempfile, time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException

EVENT_TYPE = "insurance.coverage.changed.v1"
PERSON_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SAVE_EVERY_SECONDS = 5  # the whole file is rewritten each time: not after every poll
JOIN_GRACE_SECONDS = 30  # joining the group can take a few session timeouts: --idle-exit counts from then


class Malformed(Exception):
    """A record that breaks the contract, as `field: rule`."""


def require(condition, problem):
    if not condition:
        raise Malformed(problem)


def day(value, field):
    require(isinstance(value, str) and DATE.match(value), f"{field}: must be a date YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{field}: is not a calendar date") from None


def parse(key, value):
    """(personId, revision, periods) of one record; Malformed names the first bad field."""
    try:
        event = json.loads(value or b"")
    except (ValueError, UnicodeDecodeError):
        raise Malformed("value: is not JSON") from None
    require(isinstance(event, dict), "value: is not a JSON object")
    require(event.get("type") == EVENT_TYPE, f"type: must be {EVENT_TYPE}")
    data = event.get("data")
    require(isinstance(data, dict), "data: must be an object")
    person, revision, periods = data.get("personId"), data.get("revision"), data.get("periods")
    require(isinstance(person, str) and PERSON_ID.match(person), "data.personId: must be 1-64 characters [A-Za-z0-9_-]")
    require(key is None or key == person.encode(), "key: does not equal data.personId")
    require(type(revision) is int and revision >= 1, "data.revision: must be an integer of at least 1")
    require(isinstance(periods, list), "data.periods: must be an array (empty: not covered)")
    for index, period in enumerate(periods):
        where = f"data.periods[{index}]"
        require(isinstance(period, dict), f"{where}: must be an object")
        starts, ends = day(period.get("startsOn"), f"{where}.startsOn"), day(period.get("endsOn"), f"{where}.endsOn")
        require(starts <= ends, f"{where}.endsOn: is before startsOn")
    return person, revision, periods


def keep(cache, person, revision, periods):
    """Keeps the change unless the cache has this revision or a later one already (a resend, or
    an older revision repeated after a newer one by a retried batch). True when kept."""
    if revision <= cache.get(person, {}).get("revision", 0):
        return False
    cache[person] = {"revision": revision, "periods": periods}
    return True


def covered_on(cache, on):
    """Persons with a period where startsOn <= on <= endsOn (ISO dates compare as text)."""
    on = on.isoformat()
    return sum(1 for entry in cache.values() if any(p["startsOn"] <= on <= p["endsOn"] for p in entry["periods"]))


def save(path, cache):
    """Temp file + rename in the same folder: a reader, or the next run after a crash, finds the
    old file or the new one, never half of one."""
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".coverage-cache-", delete=False, encoding="utf-8") as file:
        json.dump({"persons": cache}, file, separators=(",", ":"))
        file.flush()
        os.fsync(file.fileno())
    os.replace(file.name, path)


def follow(args, cache, fresh):
    """Reads until --idle-exit, SIGTERM or Ctrl-C; False after a fatal consumer error."""
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap, "group.id": args.group, "client.id": "coverage-cache",
        "auto.offset.reset": "earliest", "enable.auto.commit": False,
        "session.timeout.ms": 6000,  # the local broker (Tansu) wants at most 6 s
    })
    last_activity = time.monotonic() + JOIN_GRACE_SECONDS

    def assigned(consumer, partitions):
        nonlocal last_activity
        last_activity = time.monotonic()
        if fresh:  # no cache file yet: read from the start, whatever the group committed before
            for partition in partitions:
                partition.offset = OFFSET_BEGINNING
        consumer.assign(partitions)

    def checkpoint():
        nonlocal fresh
        save(args.cache, cache)
        fresh = False
        try:
            consumer.commit(asynchronous=False)  # only now: what the offsets cover is on disk
        except KafkaException as error:  # nothing committed: the records are read again, harmlessly
            print(f"coverage-cache: commit failed: {error}", file=sys.stderr)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append("SIGTERM"))
    consumer.subscribe([args.topic], on_assign=assigned)
    read = kept = refused = unsaved = 0
    saved_at = time.monotonic()
    try:
        while not stop:
            records = consumer.consume(num_messages=500, timeout=0.5)
            for record in records:
                if record.error():  # e.g. the topic does not exist yet: librdkafka keeps trying
                    print(f"coverage-cache: {record.error()}", file=sys.stderr)
                    if record.error().fatal():
                        stop.append("fatal")
                    continue
                unsaved += 1
                try:
                    kept += keep(cache, *parse(record.key(), record.value()))
                    read += 1
                except Malformed as problem:  # one bad record never stops the cache
                    refused += 1
                    print(f"coverage-cache: refused {record.topic()}/{record.partition()}@{record.offset()}: {problem}",
                          file=sys.stderr)
            now = time.monotonic()
            if records:
                last_activity = now
            if unsaved and (not records or now - saved_at >= SAVE_EVERY_SECONDS):
                checkpoint()
                unsaved, saved_at = 0, now
            if args.idle_exit is not None and now - last_activity >= args.idle_exit:
                break
    except KeyboardInterrupt:
        pass
    finally:
        if unsaved:
            checkpoint()
        consumer.close()
    print(f"coverage-cache: {read} events read ({kept} newer than the cache had), {refused} refused; "
          f"{len(cache)} persons in {args.cache}", file=sys.stderr)
    return "fatal" not in stop


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", required=True, metavar="FILE", help="the JSON file of every person's latest coverage")
    parser.add_argument("--bootstrap", default="127.0.0.1:59092", help="Kafka bootstrap servers (default: the local stack's)")
    parser.add_argument("--topic", default="insurance.coverage.v1", help="the feed's topic (KAFKA_TOPIC_COVERAGE)")
    parser.add_argument("--group", default="coverage-cache", help="this consumer's own group id; one per downstream system")
    parser.add_argument("--idle-exit", type=float, metavar="SECONDS", help="stop once nothing arrived for this long")
    parser.add_argument("--covered-on", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="once reading stops, print how many persons are covered on that day")
    args = parser.parse_args()
    if args.covered_on and args.idle_exit is None:
        parser.error("--covered-on needs --idle-exit: without it the reading never ends")
    fresh = not os.path.exists(args.cache)
    if fresh:
        cache = {}
    else:
        with open(args.cache, encoding="utf-8") as file:
            cache = json.load(file)["persons"]
    healthy = follow(args, cache, fresh)
    if args.covered_on:
        print(covered_on(cache, args.covered_on))
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
