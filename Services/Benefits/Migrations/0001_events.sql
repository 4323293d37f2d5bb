-- Raw events as received, deduplicated on (source, event_id), and the refusals.
-- payload holds citizen ID numbers: analysts get rejected_events_redacted, never these tables' payloads.
-- Key columns use the "C" collation: byte order is all a key needs, and it keeps btree inserts
-- cheap (the cluster's C.UTF-8 default goes through strcoll on every comparison).

CREATE TABLE events (
    source        text COLLATE "C"        NOT NULL,
    event_id      text COLLATE "C"        NOT NULL,
    type          text        NOT NULL,
    person_id     text COLLATE "C"        NOT NULL,
    event_time    timestamptz NOT NULL,
    payload       text        NOT NULL,
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    kafka_offset  bigint      NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, event_id)
);
-- A person's full history is loaded on every recompute.
CREATE INDEX events_person_idx ON events (person_id, event_time);

CREATE TABLE rejected_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        text,
    event_id      text,
    type          text,
    reason        text        NOT NULL,
    payload       text        NOT NULL,
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    kafka_offset  bigint      NOT NULL,
    rejected_at   timestamptz NOT NULL DEFAULT now(),
    -- a re-delivered refusal is the same Kafka record: recorded once
    UNIQUE (topic, partition, kafka_offset)
);

CREATE TABLE persons (
    person_id     text COLLATE "C" PRIMARY KEY,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    event_count   integer     NOT NULL DEFAULT 0
);

CREATE TABLE consumer_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
