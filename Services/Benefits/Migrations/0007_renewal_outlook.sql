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

-- Cohort lookups by year: the view filters the renewal year on policy_year and the prior year
-- on policy_year + 1 (the planner pushes `policy_year = Y` down as both).
CREATE INDEX coverage_periods_year_idx ON coverage_periods (policy_year);
CREATE INDEX coverage_periods_next_year_idx ON coverage_periods ((policy_year + 1));

-- One row per person covered in policy_year - 1. Must agree with RenewalOutlook in the domain
-- library (tests compare the two):
--   aged_out        age_limit_on known and on or before 1 September of policy_year
--   renewed_on_time a period of policy_year starting on or before 1 October
--   renewed_late    the first period of policy_year starts later (first_covered_on)
--   stopped         no period of policy_year and a stop after the last period of the prior year began
--   not_renewed     the others (unknown age included: never aged_out)
-- One aggregation over both years' rows (prior-year rows shifted by one year, UNION ALL) rather
-- than a join of two aggregates: a filter on policy_year reaches both branches' indexes and the
-- planner's row estimate stays sane.
CREATE VIEW renewal_outlook AS
SELECT g.policy_year, g.person_id,
       CASE
           WHEN f.age_limit_on IS NOT NULL AND f.age_limit_on <= make_date(g.policy_year, 9, 1) THEN 'aged_out'
           WHEN g.first_covered_on IS NOT NULL AND g.first_covered_on <= make_date(g.policy_year, 10, 1) THEN 'renewed_on_time'
           WHEN g.first_covered_on IS NOT NULL THEN 'renewed_late'
           WHEN f.last_stop_on IS NOT NULL AND f.last_stop_on > g.last_prior_start THEN 'stopped'
           ELSE 'not_renewed'
       END AS status,
       g.first_covered_on
FROM (
    SELECT u.policy_year, u.person_id,
           max(u.starts_on) FILTER (WHERE u.prior) AS last_prior_start,
           min(u.starts_on) FILTER (WHERE NOT u.prior) AS first_covered_on
    FROM (
        SELECT c.person_id, c.policy_year + 1 AS policy_year, c.starts_on, true AS prior FROM coverage_periods c
        UNION ALL
        SELECT c.person_id, c.policy_year, c.starts_on, false AS prior FROM coverage_periods c
    ) u
    GROUP BY u.policy_year, u.person_id
    HAVING bool_or(u.prior)
) g
LEFT JOIN person_facts f ON f.person_id = g.person_id;

GRANT SELECT ON renewal_outlook TO insurance_analyst;
