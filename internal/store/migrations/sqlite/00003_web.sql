-- The web UI and JSON API: partner users who sign in, their sessions, and
-- API tokens. Passwords, session ids and tokens are stored only as hashes
-- (argon2id for passwords, SHA-256 for random 256-bit session ids and
-- tokens, which need no slow hash).
--
-- Portable as 00001 is: see its header for the PostgreSQL equivalents.

-- +goose Up
CREATE TABLE web_users (
    id            INTEGER PRIMARY KEY,
    partner_id    INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE web_sessions;
DROP TABLE web_users;
