-- The coverage change feed (docs/coverage-feed.md): a transactional outbox.
--
-- The statement that writes coverage_periods (Statements.ReplaceDerivedRows) also bumps the
-- person's revision here and queues the periods after the change in coverage_outbox, in the
-- same transaction: a change is queued if and only if it was committed. The relay
-- (CoverageFeedRelay) publishes the queue in id order and deletes what the broker acknowledged.

-- Each person's current coverage revision: 1 for the first change the feed records, +1 for
-- every later one. Kept after the outbox row is published and pruned.
CREATE TABLE coverage_revisions (
    person_id text COLLATE "C" PRIMARY KEY,
    revision bigint NOT NULL CHECK (revision > 0)
);

-- Changes not yet acknowledged by the broker. `periods` is json, not jsonb, so that the text
-- published keeps the key order it was built with (the same content on every resend).
CREATE TABLE coverage_outbox (
    id bigserial PRIMARY KEY,
    person_id text COLLATE "C" NOT NULL,
    revision bigint NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    periods json NOT NULL
);

-- Persons covered before the feed existed get revision 1 with their current periods, so that a
-- downstream system reading the feed from the beginning sees every covered person.
INSERT INTO coverage_revisions (person_id, revision)
SELECT person_id, 1 FROM coverage_periods GROUP BY person_id;

INSERT INTO coverage_outbox (person_id, revision, periods)
SELECT person_id, 1,
       json_agg(json_build_object(
           'policyYear', policy_year, 'startsOn', starts_on, 'endsOn', ends_on,
           'startMonth', start_month, 'basis', basis
       ) ORDER BY starts_on, policy_year, ends_on, basis)
FROM coverage_periods
GROUP BY person_id
ORDER BY person_id;

-- Analysts may see each person's current revision (to match a downstream cache against); the
-- outbox is the service's own queue.
GRANT SELECT ON coverage_revisions TO insurance_analyst;
