package web

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// serviceDeskJSON is the partner's service-desk settings, as the API and
// `psabridge servicedesk settings --json` show them. An id of 0 means not
// chosen: board_id 0 tickets on the API member's default board.
type serviceDeskJSON struct {
	BoardID            int    `json:"board_id"`
	TypeID             int    `json:"type_id"`
	SubTypeID          int    `json:"subtype_id"`
	ItemID             int    `json:"item_id"`
	PriorityID         int    `json:"priority_id"`
	SourceID           int    `json:"source_id"`
	SimulationHandling string `json:"simulation_handling"`
	SimulationHeader   string `json:"simulation_header"`
}

// choiceJSON is one thing ConnectWise offers to pick.
type choiceJSON struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Inactive bool   `json:"inactive,omitempty"`
}

// serviceDeskOptionsJSON is what ConnectWise offers: every board, and the
// types, subtypes and items of board_id (the one asked for, else the API
// member's default; 0 when neither).
type serviceDeskOptionsJSON struct {
	BoardID    int          `json:"board_id"`
	Boards     []choiceJSON `json:"boards"`
	Types      []choiceJSON `json:"types"`
	SubTypes   []choiceJSON `json:"subtypes"`
	Items      []choiceJSON `json:"items"`
	Priorities []choiceJSON `json:"priorities"`
	Sources    []choiceJSON `json:"sources"`
}

func serviceDeskOf(d store.ServiceDeskSettings) serviceDeskJSON {
	return serviceDeskJSON{BoardID: d.BoardID, TypeID: d.TypeID, SubTypeID: d.SubTypeID, ItemID: d.ItemID,
		PriorityID: d.PriorityID, SourceID: d.SourceID, SimulationHandling: d.SimulationHandling,
		SimulationHeader: d.SimulationHeader}
}

func (in serviceDeskJSON) settings(partnerID int64) store.ServiceDeskSettings {
	return store.ServiceDeskSettings{PartnerID: partnerID, BoardID: in.BoardID, TypeID: in.TypeID,
		SubTypeID: in.SubTypeID, ItemID: in.ItemID, PriorityID: in.PriorityID, SourceID: in.SourceID,
		SimulationHandling: in.SimulationHandling, SimulationHeader: strings.TrimSpace(in.SimulationHeader)}
}

// choices turns ConnectWise's records into choices; never nil, so that
// the JSON is a list.
func choices[T any](xs []T, of func(T) choiceJSON) []choiceJSON {
	out := make([]choiceJSON, 0, len(xs))
	for _, x := range xs {
		out = append(out, of(x))
	}
	return out
}

// serviceDeskOptions lists ConnectWise's choices for tickets; board 0 is
// the API member's default board.
func (s *server) serviceDeskOptions(ctx context.Context, p *principal, board int) (serviceDeskOptionsJSON, error) {
	o, err := s.service(p).ServiceDeskOptions(ctx, p.Partner.ID, board)
	out := serviceDeskOptionsJSON{BoardID: o.BoardID,
		Boards: choices(o.Boards, func(b cwm.Board) choiceJSON {
			return choiceJSON{ID: b.ID, Name: b.Name, Inactive: b.InactiveFlag}
		}),
		Types: choices(o.Types, func(t cwm.BoardType) choiceJSON { return choiceJSON{ID: t.ID, Name: t.Name, Inactive: t.InactiveFlag} }),
		SubTypes: choices(o.SubTypes, func(t cwm.BoardSubType) choiceJSON {
			return choiceJSON{ID: t.ID, Name: t.Name, Inactive: t.InactiveFlag}
		}),
		Items:      choices(o.Items, func(t cwm.BoardItem) choiceJSON { return choiceJSON{ID: t.ID, Name: t.Name, Inactive: t.InactiveFlag} }),
		Priorities: choices(o.Priorities, func(t cwm.Priority) choiceJSON { return choiceJSON{ID: t.ID, Name: t.Name} }),
		Sources:    choices(o.Sources, func(t cwm.Source) choiceJSON { return choiceJSON{ID: t.ID, Name: t.Name} }),
	}
	return out, err
}

// saveServiceDesk checks the settings (the header here, the choices
// against ConnectWise) and saves them; a refusal is a FieldError naming
// the input to fix, and nothing is stored.
func (s *server) saveServiceDesk(ctx context.Context, p *principal, in serviceDeskJSON) error {
	d := in.settings(p.Partner.ID)
	if d.SimulationHeader == "" || strings.ContainsAny(d.SimulationHeader, ": \t\r\n") {
		return &integration.FieldError{Field: "simulation_header", Err: fmt.Errorf(
			"%w: %q is not a header name: give one without colon or spaces, e.g. %s",
			integration.ErrSettingsRefused, d.SimulationHeader, store.DefaultSimulationHeader)}
	}
	err := s.service(p).SaveServiceDeskSettings(ctx, d)
	if errors.Is(err, integration.ErrSettingsRefused) {
		return &integration.FieldError{Field: refusedField(err), Err: err}
	}
	return err
}

// refusedField names the setting a refusal of SaveServiceDeskSettings is
// about, "" when it is about none in particular.
func refusedField(err error) string {
	var se *integration.SettingsError
	if errors.As(err, &se) {
		return se.Field
	}
	return ""
}
