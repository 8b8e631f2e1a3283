-- When each API token last authenticated, as
-- migrations/sqlite/00006_token_last_used.sql has it, in PostgreSQL's types.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN last_used_at;
