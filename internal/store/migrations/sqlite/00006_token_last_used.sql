-- When each API token last authenticated, so an administrator can tell an
-- unused token from a busy one before revoking it. NULL until first used.
-- The web server writes it at most once a minute per token, not on every
-- request, so it may lag a token's latest use by up to a minute.
--
-- Portable as 00001 is: see its header for the PostgreSQL equivalents.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN last_used_at;
