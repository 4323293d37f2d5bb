-- The default-renewal outlook (默认续保): per policy year Y, the persons covered in Y-1 and how
-- their renewal stands. Kept current by ingestion: person_facts is written with the other
-- derived rows of a person, in the same transaction; the view only reads derived rows.

-- What the renewal rules need beyond coverage_periods; a row only for persons with a birth date
-- (from a registration) or a stop. age_limit_on is the birthday from which default renewal no
-- longer applies (18th), computed by the domain library so SQL and Swift agree on 29 February.
CREATE TABLE person_facts (
    person_id     text COLLATE "C" PRIMARY KEY,
    birth_date    date,
    age_limit_on  date,
    last_stop_on  date
);

-- Cohort lookups by year.
CREATE INDEX coverage_periods_year_idx ON coverage_periods (policy_year, person_id);

-- One row per person covered in policy_year - 1. Must agree with RenewalOutlook in the domain
-- library (tests compare the two):
--   aged_out        age_limit_on known and on or before 1 September of policy_year
--   renewed_on_time a period of policy_year starting on or before 1 October
--   renewed_late    the first period of policy_year starts later (first_covered_on)
--   stopped         no period of policy_year and a stop after the last period of the prior year began
--   not_renewed     the others (unknown age included: never aged_out)
CREATE VIEW renewal_outlook AS
WITH prior AS (
    SELECT c.person_id, c.policy_year + 1 AS policy_year, max(c.starts_on) AS last_prior_start
    FROM coverage_periods c
    GROUP BY c.person_id, c.policy_year
), renewed AS (
    SELECT c.person_id, c.policy_year, min(c.starts_on) AS first_covered_on
    FROM coverage_periods c
    GROUP BY c.person_id, c.policy_year
)
SELECT p.policy_year, p.person_id,
       CASE
           WHEN f.age_limit_on IS NOT NULL AND f.age_limit_on <= make_date(p.policy_year, 9, 1) THEN 'aged_out'
           WHEN r.first_covered_on IS NOT NULL AND r.first_covered_on <= make_date(p.policy_year, 10, 1) THEN 'renewed_on_time'
           WHEN r.first_covered_on IS NOT NULL THEN 'renewed_late'
           WHEN f.last_stop_on IS NOT NULL AND f.last_stop_on > p.last_prior_start THEN 'stopped'
           ELSE 'not_renewed'
       END AS status,
       r.first_covered_on
FROM prior p
LEFT JOIN renewed r ON r.person_id = p.person_id AND r.policy_year = p.policy_year
LEFT JOIN person_facts f ON f.person_id = p.person_id;

GRANT SELECT ON renewal_outlook TO insurance_analyst;
