-- The family-account limit (beneficiaries per authoriser) spans persons: after each batch the
-- service looks up the authorisers of the batch's persons and their other beneficiaries.
CREATE INDEX family_account_bindings_authoriser_idx ON family_account_bindings (authoriser_id);
