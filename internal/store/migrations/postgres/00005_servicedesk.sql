-- Service desk, as migrations/sqlite/00005_servicedesk.sql has it, in
-- PostgreSQL's types (see 00001_initial.sql here).

-- +goose Up
-- One row per partner that saved its settings; a partner without a row
-- uses store.DefaultServiceDeskSettings. An id of 0 means "not chosen":
-- board 0 is the API member's default board.
CREATE TABLE servicedesk_settings (
    partner_id          BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    board_id            BIGINT NOT NULL CHECK (board_id >= 0),
    type_id             BIGINT NOT NULL CHECK (type_id >= 0),
    subtype_id          BIGINT NOT NULL CHECK (subtype_id >= 0),
    item_id             BIGINT NOT NULL CHECK (item_id >= 0),
    priority_id         BIGINT NOT NULL CHECK (priority_id >= 0),
    source_id           BIGINT NOT NULL CHECK (source_id >= 0),
    simulation_handling TEXT NOT NULL
        CHECK (simulation_handling IN ('ticket', 'ticket_closed', 'record_only')),
    simulation_header   TEXT NOT NULL CHECK (simulation_header <> '')
);

-- +goose Down
DROP TABLE servicedesk_settings;
