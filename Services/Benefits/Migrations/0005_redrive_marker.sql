-- `benefits-service redrive` stores refused records that the current policy and rules accept.
-- A refusal is never deleted: its row stays, marked with when a redrive found its event stored.
-- A nullable column without a default: no table rewrite, safe beside a running service.
ALTER TABLE rejected_events ADD COLUMN redriven_at timestamptz;

-- Analysts see the mark beside each refusal, and per reason how many were redriven
-- (CREATE OR REPLACE keeps the grants; new columns go last).
CREATE OR REPLACE VIEW rejected_events_redacted AS
SELECT r.id, r.source, r.event_id, r.type, r.reason, r.topic, r.partition, r.kafka_offset, r.rejected_at,
       r.redriven_at
FROM rejected_events r;

CREATE OR REPLACE VIEW rejections_by_reason AS
SELECT r.type, r.reason, count(*) AS rejected, min(r.rejected_at) AS first_at, max(r.rejected_at) AS last_at,
       count(r.redriven_at) AS redriven
FROM rejected_events r
GROUP BY r.type, r.reason;
