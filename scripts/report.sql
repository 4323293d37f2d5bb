-- The demo's report, printed by scripts/run.sh from the benefits service's tables.
-- :report_on is the day the "covered on" figures are for (psql -v report_on=YYYY-MM-DD).
\pset footer off
\echo
\echo '== People covered on' :'report_on' 'by basis'
SELECT basis, count(*) AS people FROM covered_on(:'report_on') GROUP BY basis ORDER BY basis;

\echo '== Coverage start months'
SELECT start_month, basis, count(*) AS periods
FROM coverage_periods GROUP BY start_month, basis ORDER BY start_month, basis;

\echo '== People covered by month'
SELECT month, sum(covered) AS people FROM coverage_by_month GROUP BY month ORDER BY month;

\echo '== Default renewals by policy year (view renewal_outlook)'
SELECT policy_year, status, count(*) AS people FROM renewal_outlook GROUP BY policy_year, status ORDER BY policy_year, status;

\echo '== Refusals by reason'
SELECT type, left(reason, 90) AS reason, rejected FROM rejections_by_reason ORDER BY rejected DESC, type LIMIT 15;

\echo '== Totals'
SELECT (SELECT count(*) FROM events) AS events_stored,
       (SELECT count(*) FROM rejected_events) AS events_refused,
       (SELECT count(DISTINCT person_id) FROM coverage_periods) AS people_with_coverage,
       (SELECT count(*) FROM coverage_gaps) AS gaps;
