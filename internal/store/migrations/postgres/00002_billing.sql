-- Billing, as migrations/sqlite/00002_billing.sql has it, in PostgreSQL's
-- types (see 00001_initial.sql here).

-- +goose Up
-- One row per partner that changed its settings; a partner without a row
-- bills with the defaults (store.DefaultBillingSettings). last_run_at is
-- NULL until the schedule first ran.
CREATE TABLE billing_settings (
    partner_id      BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    product         TEXT NOT NULL,
    schedule        TEXT NOT NULL CHECK (schedule IN ('manual', 'daily', 'monthly')),
    day_of_month    BIGINT NOT NULL,
    hour            BIGINT NOT NULL,
    time_zone       TEXT NOT NULL,
    effective       TEXT NOT NULL,
    prorate         BOOLEAN NOT NULL,
    overwrite_drift BOOLEAN NOT NULL,
    last_run_at     TIMESTAMPTZ
);

-- email_key is lower-cased by the application, as in end_users.
CREATE TABLE billing_excluded_users (
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    email_key  TEXT NOT NULL,
    PRIMARY KEY (partner_id, email_key)
);

-- A pushed count replaces the roster count of its company.
CREATE TABLE billing_pushed_counts (
    partner_id          BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    platform_company_id BIGINT NOT NULL,
    user_count          BIGINT NOT NULL CHECK (user_count >= 0),
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partner_id, platform_company_id),
    FOREIGN KEY (partner_id, platform_company_id)
        REFERENCES platform_companies (partner_id, id) ON DELETE CASCADE
);

-- Drift detection reads the last successful push of each addition.
CREATE INDEX billing_changes_addition
    ON billing_changes (partner_id, agreement_id, addition_id, changed_at);

-- +goose Down
DROP INDEX billing_changes_addition;
DROP TABLE billing_pushed_counts;
DROP TABLE billing_excluded_users;
DROP TABLE billing_settings;
