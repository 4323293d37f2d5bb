-- A digest per derived table of what a person's rows were last written from (periods, facility
-- bindings, family-account bindings, facts; FNV-1a of the rows as text, see DerivedDigest), so
-- that a lane rewrites only the tables whose rows changed: most new events change one table of
-- a person (a payment their periods, a facility choice their facility bindings), and every
-- deleted and re-inserted row costs PostgreSQL a dead tuple and its index entries. NULL: not
-- known (rows written before this migration, or by hand): everything is rewritten once.
ALTER TABLE persons ADD COLUMN derived_digests bigint[];
