-- What the coverage engine derives from a person's history; replaced as a whole per person.

CREATE TABLE coverage_periods (
    person_id    text COLLATE "C" NOT NULL,
    policy_year  integer NOT NULL,
    starts_on    date    NOT NULL,
    ends_on      date    NOT NULL,
    start_month  text    NOT NULL,
    basis        text    NOT NULL CHECK (basis IN ('annual', 'newborn', 'month_after_payment')),
    CHECK (starts_on <= ends_on)
);
CREATE INDEX coverage_periods_person_idx ON coverage_periods (person_id);
CREATE INDEX coverage_periods_dates_idx ON coverage_periods (starts_on, ends_on);

-- Chosen outpatient facility: in force (ends_on NULL) and history, accepted or refused.
CREATE TABLE facility_bindings (
    person_id       text COLLATE "C" NOT NULL,
    facility_code   text    NOT NULL,
    facility_kind   text    NOT NULL,
    hospital_level  integer,
    bound_on        date    NOT NULL,
    ends_on         date,
    status          text    NOT NULL CHECK (status IN ('accepted', 'refused')),
    reason          text
);
CREATE INDEX facility_bindings_person_idx ON facility_bindings (person_id);

-- Family account sharing: authorisers of a beneficiary, used in rank order.
CREATE TABLE family_account_bindings (
    person_id      text COLLATE "C" NOT NULL,
    authoriser_id  text    NOT NULL,
    relationship   text    NOT NULL,
    bound_on       date    NOT NULL,
    revoked_on     date,
    rank           integer,
    status         text    NOT NULL CHECK (status IN ('accepted', 'refused')),
    reason         text
);
CREATE INDEX family_account_bindings_person_idx ON family_account_bindings (person_id);
