-- A refusal whose dead letter could not be sent (unknown or unauthorised dead-letter topic,
-- message too large) keeps the broker's reason here; NULL when the dead letter was acknowledged.
ALTER TABLE rejected_events ADD COLUMN dead_letter_error text;

CREATE OR REPLACE VIEW rejected_events_redacted AS
SELECT r.id, r.source, r.event_id, r.type, r.reason, r.topic, r.partition, r.kafka_offset, r.rejected_at,
       r.dead_letter_error
FROM rejected_events r;
