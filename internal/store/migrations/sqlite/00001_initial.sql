-- The first schema: partners, their ConnectWise connection, platform data,
-- company mappings, reported e-mails and history.
--
-- Kept portable so migrations/postgres can mirror it: INTEGER PRIMARY KEY
-- becomes an identity column, BLOB becomes BYTEA, REAL becomes DOUBLE
-- PRECISION, TIMESTAMP becomes TIMESTAMPTZ. Booleans are BOOLEAN (0/1 in
-- SQLite). Times are written in UTC by the application.

-- +goose Up
CREATE TABLE partners (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One row per connected partner; deleting it disconnects the partner.
-- private_key_sealed is secret.Keyring output bound to the partner id.
CREATE TABLE connections (
    partner_id         INTEGER PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    company_id         TEXT NOT NULL,
    login_url          TEXT NOT NULL,
    api_base_url       TEXT NOT NULL,
    codebase           TEXT NOT NULL,
    public_key         TEXT NOT NULL,
    private_key_sealed TEXT NOT NULL,
    client_id          TEXT NOT NULL,
    connected_at       TIMESTAMP NOT NULL
);

CREATE TABLE partner_features (
    partner_id   INTEGER PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    billing      BOOLEAN NOT NULL,
    service_desk BOOLEAN NOT NULL
);

-- UNIQUE (partner_id, id) lets child tables reference a company together
-- with its partner, so no row can point at another partner's company.
CREATE TABLE platform_companies (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    domains     TEXT NOT NULL, -- JSON array of strings
    UNIQUE (partner_id, external_id),
    UNIQUE (partner_id, id)
);

-- email_key is the address lower-cased by the application, the upsert key.
CREATE TABLE end_users (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    company_id INTEGER,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,
    name       TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    billable   BOOLEAN NOT NULL,
    UNIQUE (partner_id, email_key),
    FOREIGN KEY (partner_id, company_id) REFERENCES platform_companies (partner_id, id)
);

CREATE INDEX end_users_company ON end_users (partner_id, company_id);

-- agreement_id and addition_id are 0 while billing is not mapped.
CREATE TABLE company_mappings (
    partner_id          INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    platform_company_id INTEGER NOT NULL,
    cw_company_id       INTEGER NOT NULL,
    cw_company_name     TEXT NOT NULL,
    agreement_id        INTEGER NOT NULL,
    addition_id         INTEGER NOT NULL,
    method              TEXT NOT NULL,
    confidence          REAL NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (partner_id, platform_company_id),
    FOREIGN KEY (partner_id, platform_company_id)
        REFERENCES platform_companies (partner_id, id) ON DELETE CASCADE
);

-- report_key is the stable key that makes delivery idempotent and that the
-- ticket carries in externalXRef.
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY,
    partner_id          INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    report_key          TEXT NOT NULL,
    reporter_email      TEXT NOT NULL,
    platform_company_id INTEGER,
    file_name           TEXT NOT NULL,
    raw                 BLOB NOT NULL,
    received_at         TIMESTAMP NOT NULL,
    status              TEXT NOT NULL
        CHECK (status IN ('received', 'ticketed', 'refused', 'failed', 'parked')),
    reason              TEXT NOT NULL,
    cw_ticket_id        INTEGER NOT NULL,
    analysis_json       BLOB,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (partner_id, report_key),
    FOREIGN KEY (partner_id, platform_company_id) REFERENCES platform_companies (partner_id, id)
);

CREATE INDEX reports_partner_received ON reports (partner_id, received_at);

CREATE TABLE report_documents (
    report_id      INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    cw_document_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, name)
);

-- History keeps the company id without a foreign key: it outlives the
-- company.
CREATE TABLE billing_changes (
    id                  INTEGER PRIMARY KEY,
    partner_id          INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    platform_company_id INTEGER NOT NULL,
    agreement_id        INTEGER NOT NULL,
    addition_id         INTEGER NOT NULL,
    old_quantity        REAL NOT NULL,
    new_quantity        REAL NOT NULL,
    result              TEXT NOT NULL,
    actor               TEXT NOT NULL,
    changed_at          TIMESTAMP NOT NULL
);

CREATE INDEX billing_changes_partner ON billing_changes (partner_id, changed_at);

-- partner_id is NULL for entries about the installation as a whole.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX audit_log_partner ON audit_log (partner_id, created_at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE billing_changes;
DROP TABLE report_documents;
DROP TABLE reports;
DROP TABLE company_mappings;
DROP TABLE end_users;
DROP TABLE platform_companies;
DROP TABLE partner_features;
DROP TABLE connections;
DROP TABLE partners;
