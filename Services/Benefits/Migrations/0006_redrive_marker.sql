-- `benefits-service redrive` stores refused records that the current policy and rules accept.
-- A refusal is never deleted: its row stays, marked with when a redrive found its event stored.
-- A nullable column without a default: no table rewrite, safe beside a running service.
-- Numbered 0006: 0005 (the dead-letter error column) is taken on another line of work. Nothing
-- here depends on it, nor it on this, so the two apply in either order: this file leaves
-- rejected_events_redacted alone (a view only grows at its end, and 0005 grows it).
ALTER TABLE rejected_events ADD COLUMN redriven_at timestamptz;

-- Redriven refusals for analysts, without the payload (join rejected_events_redacted on id).
CREATE VIEW rejected_events_redriven AS
SELECT r.id, r.type, r.reason, r.topic, r.partition, r.kafka_offset, r.rejected_at, r.redriven_at
FROM rejected_events r
WHERE r.redriven_at IS NOT NULL;

-- Per reason, how many were redriven (CREATE OR REPLACE keeps the grants; new columns go last).
CREATE OR REPLACE VIEW rejections_by_reason AS
SELECT r.type, r.reason, count(*) AS rejected, min(r.rejected_at) AS first_at, max(r.rejected_at) AS last_at,
       count(r.redriven_at) AS redriven
FROM rejected_events r
GROUP BY r.type, r.reason;

GRANT SELECT ON rejected_events_redriven TO insurance_analyst;
