-- A family-account binding is in force only on the days its beneficiary is covered
-- (docs/rules.md, "Family account sharing"): a binding of a person without coverage today is
-- kept in family_account_bindings (it may come before the payment) but is not listed here.
-- Same columns as before, so analysts' queries keep working.
CREATE OR REPLACE VIEW bindings_in_force AS
SELECT f.person_id, 'facility'::text AS binding, f.facility_code AS counterpart, f.bound_on, f.ends_on
FROM facility_bindings f
WHERE f.status = 'accepted' AND f.bound_on <= current_date AND (f.ends_on IS NULL OR f.ends_on >= current_date)
UNION ALL
SELECT a.person_id, 'family_account'::text, a.authoriser_id, a.bound_on, a.revoked_on
FROM family_account_bindings a
WHERE a.status = 'accepted' AND a.bound_on <= current_date AND (a.revoked_on IS NULL OR a.revoked_on > current_date)
  AND EXISTS (
      SELECT 1 FROM coverage_periods c
      WHERE c.person_id = a.person_id AND c.starts_on <= current_date AND c.ends_on >= current_date
  );
