package integration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// ErrSettingsRefused wraps the reason service-desk settings were not
// saved: a choice ConnectWise would refuse on every ticket.
var ErrSettingsRefused = errors.New("service-desk settings refused")

// SettingsError is a refused service-desk setting and the field it is
// about (board_id, type_id, subtype_id, item_id, priority_id, source_id),
// so a form can show the reason beside the field. It wraps
// ErrSettingsRefused.
type SettingsError struct {
	Field string
	Err   error
}

func (e *SettingsError) Error() string { return e.Err.Error() }
func (e *SettingsError) Unwrap() error { return e.Err }

// refused is a SettingsError about field.
func refused(field, format string, args ...any) error {
	return &SettingsError{Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrSettingsRefused}, args...)...)}
}

// SimulationRecordedReason is the reason of a report of one of the
// platform's own simulations that the partner chose to record only.
const SimulationRecordedReason = "stored, not ticketed: a phishing simulation, and the simulation handling is record_only"

var errSimulationRecorded = errors.New(SimulationRecordedReason)

// ServiceDeskOptions are the choices ConnectWise offers for tickets: the
// boards, and the types, subtypes and items of one of them.
type ServiceDeskOptions struct {
	Boards []cwm.Board `json:"boards"`
	// BoardID is the board the types, subtypes and items belong to: the
	// one asked for, else the API member's default; 0 when neither.
	BoardID    int                `json:"board_id"`
	Types      []cwm.BoardType    `json:"types"`
	SubTypes   []cwm.BoardSubType `json:"subtypes"`
	Items      []cwm.BoardItem    `json:"items"`
	Priorities []cwm.Priority     `json:"priorities"`
	Sources    []cwm.Source       `json:"sources"`
}

// ServiceDeskOptions lists what the partner can choose from in
// ConnectWise; boardID 0 lists the API member's default board's choices.
func (s *Service) ServiceDeskOptions(ctx context.Context, partnerID int64, boardID int) (ServiceDeskOptions, error) {
	c, err := s.Client(ctx, partnerID)
	if err != nil {
		return ServiceDeskOptions{}, err
	}
	return ListServiceDeskOptions(ctx, c, boardID)
}

// ListServiceDeskOptions is ServiceDeskOptions through c.
func ListServiceDeskOptions(ctx context.Context, c *cwm.Client, boardID int) (ServiceDeskOptions, error) {
	var o ServiceDeskOptions
	var err error
	if o.Boards, err = cwm.Collect(c.Boards.All(ctx, &cwm.ListOptions{OrderBy: "name asc"})); err != nil {
		return o, fmt.Errorf("listing service boards: %w", err)
	}
	if o.Priorities, err = cwm.Collect(c.Priorities.All(ctx, nil)); err != nil {
		return o, fmt.Errorf("listing priorities: %w", err)
	}
	if o.Sources, err = cwm.Collect(c.Sources.All(ctx, nil)); err != nil {
		return o, fmt.Errorf("listing sources: %w", err)
	}
	if o.BoardID, err = effectiveBoard(ctx, c, boardID); err != nil || o.BoardID == 0 {
		return o, err
	}
	return o, boardChoices(ctx, c, &o)
}

func boardChoices(ctx context.Context, c *cwm.Client, o *ServiceDeskOptions) error {
	var err error
	if o.Types, err = cwm.Collect(c.Boards.AllTypes(ctx, o.BoardID, nil)); err != nil {
		return fmt.Errorf("listing the types of board %d: %w", o.BoardID, err)
	}
	// TODO: an instance (or the sandbox) that does not serve subtypes or
	// items answers 404; they are listed as none, so nothing can be picked.
	if o.SubTypes, err = cwm.Collect(c.Boards.AllSubTypes(ctx, o.BoardID, nil)); err != nil && !cwm.IsNotFound(err) {
		return fmt.Errorf("listing the subtypes of board %d: %w", o.BoardID, err)
	}
	if o.Items, err = cwm.Collect(c.Boards.AllItems(ctx, o.BoardID, nil)); err != nil && !cwm.IsNotFound(err) {
		return fmt.Errorf("listing the items of board %d: %w", o.BoardID, err)
	}
	return nil
}

// effectiveBoard is boardID, or the API member's default board when it
// is 0 (0 again when the member has none).
func effectiveBoard(ctx context.Context, c *cwm.Client, boardID int) (int, error) {
	if boardID != 0 {
		return boardID, nil
	}
	me, _, err := c.System.MyMember(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the API member's default board: %w", err)
	}
	if me.ServiceDefaultBoard == nil {
		return 0, nil
	}
	return me.ServiceDefaultBoard.ID, nil
}

// SaveServiceDeskSettings checks the settings against ConnectWise and
// saves them. A choice ConnectWise would refuse is an error wrapping
// ErrSettingsRefused that says which.
func (s *Service) SaveServiceDeskSettings(ctx context.Context, d store.ServiceDeskSettings) error {
	c, err := s.Client(ctx, d.PartnerID)
	if err != nil {
		return err
	}
	if err := ValidateServiceDeskSettings(ctx, c, d); err != nil {
		return err
	}
	if err := s.Store.SaveServiceDeskSettings(ctx, d); err != nil {
		if errors.Is(err, store.ErrInvalid) {
			return fmt.Errorf("%w: %w", ErrSettingsRefused, err)
		}
		return err
	}
	s.audit(ctx, d.PartnerID, "servicedesk.settings", fmt.Sprintf(
		"board=%d type=%d subtype=%d item=%d priority=%d source=%d simulation=%s header=%s",
		d.BoardID, d.TypeID, d.SubTypeID, d.ItemID, d.PriorityID, d.SourceID,
		d.SimulationHandling, d.SimulationHeader))
	return nil
}

// ValidateServiceDeskSettings checks that the chosen board exists and is
// active, that the type, subtype and item belong to it (ConnectWise
// answers 400 on every ticket otherwise), and that the priority and
// source exist.
func ValidateServiceDeskSettings(ctx context.Context, c *cwm.Client, d store.ServiceDeskSettings) error {
	if err := checkSimulation(d); err != nil {
		return err
	}
	board, err := checkChosenBoard(ctx, c, d.BoardID)
	if err != nil {
		return err
	}
	if board == 0 && (d.TypeID != 0 || d.SubTypeID != 0 || d.ItemID != 0) {
		return refused("board_id", "a type, subtype or item needs a board, and the API member has no default board: choose one")
	}
	if err := checkBoardChildren(ctx, c, board, d); err != nil {
		return err
	}
	return checkPriorityAndSource(ctx, c, d)
}

// checkSimulation checks the simulation choices before anything is asked
// of ConnectWise.
func checkSimulation(d store.ServiceDeskSettings) error {
	switch d.SimulationHandling {
	case mailcheck.SimulationTicket, mailcheck.SimulationTicketClosed, mailcheck.SimulationRecordOnly:
	default:
		return refused("simulation_handling", "simulation handling %q: ticket, ticket_closed or record_only", d.SimulationHandling)
	}
	h := strings.TrimSpace(d.SimulationHeader)
	if h == "" || strings.ContainsAny(h, ": \t\r\n") {
		return refused("simulation_header", "simulation header %q: a header name, such as X-PSAbridge-Simulation", d.SimulationHeader)
	}
	return nil
}

// checkChosenBoard returns the board tickets go to: the chosen one once it is
// known to exist and be active, else the API member's default.
func checkChosenBoard(ctx context.Context, c *cwm.Client, boardID int) (int, error) {
	if boardID == 0 {
		return effectiveBoard(ctx, c, 0)
	}
	b, _, err := c.Boards.Get(ctx, boardID)
	if cwm.IsNotFound(err) {
		return 0, refused("board_id", "ConnectWise has no service board %d", boardID)
	}
	if err != nil {
		return 0, fmt.Errorf("reading service board %d: %w", boardID, err)
	}
	if b.InactiveFlag {
		return 0, refused("board_id", "service board %d (%s) is inactive", boardID, b.Name)
	}
	return boardID, nil
}

func checkBoardChildren(ctx context.Context, c *cwm.Client, board int, d store.ServiceDeskSettings) error {
	if d.TypeID != 0 {
		types, err := cwm.Collect(c.Boards.AllTypes(ctx, board, nil))
		if err != nil {
			return fmt.Errorf("listing the types of board %d: %w", board, err)
		}
		if !slices.ContainsFunc(types, func(t cwm.BoardType) bool { return t.ID == d.TypeID }) {
			return refused("type_id", "type %d is not a type of service board %d", d.TypeID, board)
		}
	}
	if d.SubTypeID != 0 {
		subs, err := cwm.Collect(c.Boards.AllSubTypes(ctx, board, nil))
		if err != nil {
			return fmt.Errorf("listing the subtypes of board %d: %w", board, err)
		}
		if !slices.ContainsFunc(subs, func(t cwm.BoardSubType) bool { return t.ID == d.SubTypeID }) {
			return refused("subtype_id", "subtype %d is not a subtype of service board %d", d.SubTypeID, board)
		}
	}
	if d.ItemID != 0 {
		items, err := cwm.Collect(c.Boards.AllItems(ctx, board, nil))
		if err != nil {
			return fmt.Errorf("listing the items of board %d: %w", board, err)
		}
		if !slices.ContainsFunc(items, func(t cwm.BoardItem) bool { return t.ID == d.ItemID }) {
			return refused("item_id", "item %d is not an item of service board %d", d.ItemID, board)
		}
	}
	return nil
}

func checkPriorityAndSource(ctx context.Context, c *cwm.Client, d store.ServiceDeskSettings) error {
	if d.PriorityID != 0 {
		ps, err := cwm.Collect(c.Priorities.All(ctx, nil))
		if err != nil {
			return fmt.Errorf("listing priorities: %w", err)
		}
		if !slices.ContainsFunc(ps, func(p cwm.Priority) bool { return p.ID == d.PriorityID }) {
			return refused("priority_id", "ConnectWise has no priority %d", d.PriorityID)
		}
	}
	if d.SourceID != 0 {
		ss, err := cwm.Collect(c.Sources.All(ctx, nil))
		if err != nil {
			return fmt.Errorf("listing sources: %w", err)
		}
		if !slices.ContainsFunc(ss, func(s cwm.Source) bool { return s.ID == d.SourceID }) {
			return refused("source_id", "ConnectWise has no source %d", d.SourceID)
		}
	}
	return nil
}

// deskReports builds the partner's report processing from its stored
// service-desk settings, ticketing through c on the chosen board, else on
// defaultBoard (the API member's default). A nil c stores reports only.
func (s *Service) deskReports(ctx context.Context, partnerID int64, c *cwm.Client, defaultBoard int) (*Reports, error) {
	d, err := s.Store.ServiceDeskSettings(ctx, partnerID)
	if err != nil {
		return nil, fmt.Errorf("reading the service-desk settings: %w", err)
	}
	r := &Reports{Store: s.Store, PartnerID: partnerID, Analysis: mailcheck.Options{
		SimulationHandling: d.SimulationHandling, SimulationHeader: d.SimulationHeader,
	}}
	if c == nil {
		return r, nil
	}
	board := d.BoardID
	if board == 0 {
		board = defaultBoard
	}
	psa := PSA{Client: c}
	r.Closer = psa
	r.Ticketer = &servicedesk.Ticketer{PSA: psa, Ledger: Ledger{Store: s.Store}, Settings: servicedesk.Settings{
		BoardID: board, TypeID: d.TypeID, SubTypeID: d.SubTypeID, ItemID: d.ItemID,
		PriorityID: d.PriorityID, SourceID: d.SourceID,
	}}
	return r, nil
}

// TicketCloser closes a ticket on its board.
type TicketCloser interface {
	CloseTicket(ctx context.Context, ticketID, boardID int) error
}

// CloseTicket implements TicketCloser: it moves the ticket to the board's
// closed status (flagged closedStatus, else the first named ">…").
func (p PSA) CloseTicket(ctx context.Context, ticketID, boardID int) error {
	statuses, err := cwm.Collect(p.Client.Boards.AllStatuses(ctx, boardID, nil))
	if err != nil {
		return fmt.Errorf("listing the statuses of board %d: %w", boardID, err)
	}
	closed := closedStatus(statuses)
	if closed == 0 {
		return fmt.Errorf("service board %d has no closed status: add one (a status marked closed) in ConnectWise", boardID)
	}
	ops := []cwm.PatchOperation{{Op: "replace", Path: "status", Value: cwm.Reference{ID: closed}}}
	if _, _, err := p.Client.Tickets.Update(ctx, ticketID, ops); err != nil {
		return fmt.Errorf("closing ticket %d: %w", ticketID, err)
	}
	return nil
}

// closedStatus prefers a status ConnectWise flags closed over one only
// named like it; inactive statuses are skipped.
func closedStatus(statuses []cwm.BoardStatus) int {
	for _, flagged := range []bool{true, false} {
		for _, st := range statuses {
			if !st.Inactive && st.Closed() && (st.ClosedStatus || !flagged) {
				return st.ID
			}
		}
	}
	return 0
}

// simulationHandling is what the partner chose for a simulation report,
// or "" when the report is not one.
func simulationHandling(res *mailcheck.Result) string {
	if res == nil || res.Verdict != mailcheck.VerdictSimulation {
		return ""
	}
	return res.SimulationHandling
}

// recordOnly stores the analysis of a simulation the partner chose only
// to record; it is not ticketed, now or on a replay.
func (r *Reports) recordOnly(ctx context.Context, rep store.Report, analysis []byte) error {
	err := r.finish(ctx, rep, StatusReceived, errSimulationRecorded, 0, analysis)
	if err == errSimulationRecorded { //nolint:errorlint // the reason was recorded; only a failure to record it is an error
		return nil
	}
	return err
}
