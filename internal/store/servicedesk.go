package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Simulation handlings: what is done with a report of one of the
// platform's own phishing simulations (the values of mailcheck's
// Simulation constants).
const (
	SimulationTicket       = "ticket"
	SimulationTicketClosed = "ticket_closed"
	SimulationRecordOnly   = "record_only"
)

// DefaultSimulationHeader is the header that marks a simulation unless
// the partner names another.
const DefaultSimulationHeader = "X-PSAbridge-Simulation"

// ServiceDeskSettings are the partner's choices for tickets. A zero id
// means "not chosen": BoardID 0 tickets on the API member's default
// board, the others leave the field to ConnectWise's defaults.
type ServiceDeskSettings struct {
	PartnerID  int64
	BoardID    int
	TypeID     int
	SubTypeID  int
	ItemID     int
	PriorityID int
	SourceID   int
	// SimulationHandling is SimulationTicket, SimulationTicketClosed or
	// SimulationRecordOnly.
	SimulationHandling string
	// SimulationHeader names the header that marks a simulation.
	SimulationHeader string
}

// DefaultServiceDeskSettings are the settings of a partner that saved
// none.
func DefaultServiceDeskSettings(partnerID int64) ServiceDeskSettings {
	return ServiceDeskSettings{PartnerID: partnerID, SimulationHandling: SimulationTicket,
		SimulationHeader: DefaultSimulationHeader}
}

// SaveServiceDeskSettings creates or replaces the partner's service-desk
// settings.
func (s *sqlStore) SaveServiceDeskSettings(ctx context.Context, d ServiceDeskSettings) error {
	if err := d.check(); err != nil {
		return fmt.Errorf("saving service-desk settings of partner %d: %w", d.PartnerID, err)
	}
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO servicedesk_settings (partner_id, board_id, type_id, subtype_id, item_id,
			priority_id, source_id, simulation_handling, simulation_header)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (partner_id) DO UPDATE SET
			board_id = excluded.board_id, type_id = excluded.type_id,
			subtype_id = excluded.subtype_id, item_id = excluded.item_id,
			priority_id = excluded.priority_id, source_id = excluded.source_id,
			simulation_handling = excluded.simulation_handling,
			simulation_header = excluded.simulation_header`,
		d.PartnerID, d.BoardID, d.TypeID, d.SubTypeID, d.ItemID, d.PriorityID, d.SourceID,
		d.SimulationHandling, d.SimulationHeader)
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("saving service-desk settings: partner %d: %w", d.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("saving service-desk settings of partner %d: %w", d.PartnerID, err)
	}
	return nil
}

func (d ServiceDeskSettings) check() error {
	switch d.SimulationHandling {
	case SimulationTicket, SimulationTicketClosed, SimulationRecordOnly:
	default:
		return fmt.Errorf("simulation handling %q is not ticket, ticket_closed or record_only: %w",
			d.SimulationHandling, ErrInvalid)
	}
	if d.SimulationHeader == "" {
		return fmt.Errorf("the simulation header name is empty: %w", ErrInvalid)
	}
	for _, id := range []int{d.BoardID, d.TypeID, d.SubTypeID, d.ItemID, d.PriorityID, d.SourceID} {
		if id < 0 {
			return fmt.Errorf("a negative ConnectWise id (%d): %w", id, ErrInvalid)
		}
	}
	return nil
}

// ServiceDeskSettings returns the partner's service-desk settings, or the
// defaults when it saved none.
func (s *sqlStore) ServiceDeskSettings(ctx context.Context, partnerID int64) (ServiceDeskSettings, error) {
	d := ServiceDeskSettings{PartnerID: partnerID}
	err := s.db.QueryRowContext(ctx, `
		SELECT board_id, type_id, subtype_id, item_id, priority_id, source_id,
			simulation_handling, simulation_header
		FROM servicedesk_settings WHERE partner_id = $1`, partnerID).Scan(&d.BoardID, &d.TypeID,
		&d.SubTypeID, &d.ItemID, &d.PriorityID, &d.SourceID, &d.SimulationHandling, &d.SimulationHeader)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultServiceDeskSettings(partnerID), nil
	}
	if err != nil {
		return d, fmt.Errorf("reading service-desk settings of partner %d: %w", partnerID, err)
	}
	return d, nil
}
