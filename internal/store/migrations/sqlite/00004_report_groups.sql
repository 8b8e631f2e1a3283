-- Report groups: the reports of one message by people of one company share
-- the ticket of the first of them; later reporters are named in notes.
-- group_key is computed by the application from the partner, the company
-- and the reported message's identity.

-- +goose Up
CREATE TABLE report_groups (
    partner_id      INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    group_key       TEXT NOT NULL,
    first_report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (partner_id, group_key)
);

-- +goose Down
DROP TABLE report_groups;
