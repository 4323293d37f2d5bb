-- Read-only views and the analyst role. Views run with their owner's rights, so
-- analysts see what the views expose and nothing of events' payloads.

-- Who is covered on a day, and on which basis.
CREATE FUNCTION covered_on(day date)
RETURNS TABLE (person_id text, policy_year integer, basis text)
LANGUAGE sql STABLE AS $$
    SELECT c.person_id, c.policy_year, c.basis
    FROM coverage_periods c
    WHERE day BETWEEN c.starts_on AND c.ends_on
$$;

-- Covered persons per calendar month (a person counts in a month any of whose days is covered).
CREATE VIEW coverage_by_month AS
SELECT to_char(m, 'YYYY-MM') AS month, c.basis, count(DISTINCT c.person_id) AS covered
FROM coverage_periods c
CROSS JOIN LATERAL generate_series(date_trunc('month', c.starts_on), date_trunc('month', c.ends_on), interval '1 month') AS m
GROUP BY 1, 2;

-- Persons whose latest payment is not followed by any coverage (paid, pending: not yet in full, or waiting for next month).
CREATE VIEW paid_not_yet_covered AS
SELECT p.person_id, p.last_paid_at
FROM (
    SELECT e.person_id, max(e.event_time) AS last_paid_at
    FROM events e
    WHERE e.type = 'insurance.contribution.paid.v1'
    GROUP BY e.person_id
) p
WHERE NOT EXISTS (
    SELECT 1 FROM coverage_periods c
    WHERE c.person_id = p.person_id
      AND c.ends_on >= (p.last_paid_at AT TIME ZONE 'Asia/Shanghai')::date
);

-- Uncovered days between a person's consecutive periods.
CREATE VIEW coverage_gaps AS
SELECT s.person_id, s.previous_ends_on + 1 AS gap_starts_on, s.starts_on - 1 AS gap_ends_on
FROM (
    SELECT c.person_id, c.starts_on,
           max(c.ends_on) OVER (PARTITION BY c.person_id ORDER BY c.starts_on, c.ends_on
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_ends_on
    FROM coverage_periods c
) s
WHERE s.previous_ends_on IS NOT NULL AND s.starts_on > s.previous_ends_on + 1;

-- Accepted bindings in force today.
CREATE VIEW bindings_in_force AS
SELECT f.person_id, 'facility'::text AS binding, f.facility_code AS counterpart, f.bound_on, f.ends_on
FROM facility_bindings f
WHERE f.status = 'accepted' AND f.bound_on <= current_date AND (f.ends_on IS NULL OR f.ends_on >= current_date)
UNION ALL
SELECT a.person_id, 'family_account'::text, a.authoriser_id, a.bound_on, a.revoked_on
FROM family_account_bindings a
WHERE a.status = 'accepted' AND a.bound_on <= current_date AND (a.revoked_on IS NULL OR a.revoked_on > current_date);

-- Refusals without the raw payload (it carries citizen ID numbers).
CREATE VIEW rejected_events_redacted AS
SELECT r.id, r.source, r.event_id, r.type, r.reason, r.topic, r.partition, r.kafka_offset, r.rejected_at
FROM rejected_events r;

CREATE VIEW rejections_by_reason AS
SELECT r.type, r.reason, count(*) AS rejected, min(r.rejected_at) AS first_at, max(r.rejected_at) AS last_at
FROM rejected_events r
GROUP BY r.type, r.reason;

-- The role is cluster-wide and several databases may migrate at once: tolerate a concurrent creator.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'insurance_analyst') THEN
        CREATE ROLE insurance_analyst NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
-- Lets the service's login (and tests) SET ROLE insurance_analyst. Concurrent grants from
-- other databases fail with "tuple concurrently updated"; the other grant did the same thing.
DO $$
BEGIN
    GRANT insurance_analyst TO CURRENT_USER;
EXCEPTION WHEN internal_error OR unique_violation THEN
    NULL;
END
$$;

REVOKE ALL ON events, persons, rejected_events FROM insurance_analyst;
GRANT SELECT ON coverage_periods, facility_bindings, family_account_bindings,
    coverage_by_month, paid_not_yet_covered, coverage_gaps, bindings_in_force,
    rejected_events_redacted, rejections_by_reason TO insurance_analyst;
GRANT EXECUTE ON FUNCTION covered_on(date) TO insurance_analyst;
