package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// serviceDeskData is the Service desk page.
type serviceDeskData struct {
	Selects       []selectView
	Handling      string
	Handlings     []handlingView
	HandlingError string
	Header        string
	HeaderError   string
}

// selectView is one setting picked from ConnectWise's list.
type selectView struct {
	Name, Label, Help, Zero, Error string
	Selected                       int
	Options                        []choiceJSON
	// Unlisted is a selected id ConnectWise does not offer (a type of
	// another board, say): shown so the page does not silently change it.
	Unlisted bool
}

type handlingView struct{ Value, Label string }

var handlings = []handlingView{
	{store.SimulationTicket, "Ticket them like any report"},
	{store.SimulationTicketClosed, "Ticket them and close the ticket at once"},
	{store.SimulationRecordOnly, "Record them only, no ticket"},
}

func (s *server) serviceDeskPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	d, err := s.st.ServiceDeskSettings(r.Context(), p.Partner.ID)
	in := serviceDeskOf(d)
	if err == nil && r.URL.Query().Has("board") {
		in.BoardID, err = formID(r.URL.Query().Get("board"), "board_id")
	}
	return s.serviceDeskWith(r, p, in, "", err)
}

// serviceDeskForm saves the settings, or with action=reload only lists the
// chosen board's types, subtypes and items.
func (s *server) serviceDeskForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	in, err := serviceDeskForm(r)
	if err != nil || r.PostFormValue("action") == "reload" {
		return s.serviceDeskWith(r, p, in, "", err)
	}
	if err := s.saveServiceDesk(r.Context(), p, in); err != nil {
		return s.serviceDeskWith(r, p, in, "", fmt.Errorf("not saved: %w", err))
	}
	return s.serviceDeskWith(r, p, in, "Service-desk settings saved.", nil)
}

// serviceDeskForm reads the posted settings; an id that is not a number
// is a FieldError.
func serviceDeskForm(r *http.Request) (serviceDeskJSON, error) {
	in := serviceDeskJSON{SimulationHandling: r.PostFormValue("simulation_handling"),
		SimulationHeader: r.PostFormValue("simulation_header")}
	var errs []error
	for name, v := range map[string]*int{"board_id": &in.BoardID, "type_id": &in.TypeID,
		"subtype_id": &in.SubTypeID, "item_id": &in.ItemID, "priority_id": &in.PriorityID, "source_id": &in.SourceID} {
		n, err := formID(r.PostFormValue(name), name)
		*v = n
		errs = append(errs, err)
	}
	return in, errors.Join(errs...)
}

// formID reads an id field: empty is 0 (not chosen).
func formID(v, field string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &integration.FieldError{Field: field, Err: fmt.Errorf("%q is not an id (a number, 0 or more)", v)}
	}
	return n, nil
}

// serviceDeskWith renders the page with in as the current choices and
// opErr beside its field.
func (s *server) serviceDeskWith(r *http.Request, p *principal, in serviceDeskJSON, flash string,
	opErr error) (string, pageData, error) {
	o, err := s.serviceDeskOptions(r.Context(), p, in.BoardID)
	d := deskView(in, o, opErr)
	pd := pageData{Title: "Service desk", Nav: "servicedesk", Flash: flash, Data: &d}
	var fe *integration.FieldError
	if errors.As(opErr, &fe) && fe.Field != "" && err == nil {
		// The reason is beside its field; the top says only where to look.
		pd.Error = "Not saved: see the field marked below."
		return "servicedesk", pd, nil
	}
	return "servicedesk", pd, errors.Join(opErr, err)
}

func deskView(in serviceDeskJSON, o serviceDeskOptionsJSON, err error) serviceDeskData {
	fieldErr := map[string]string{}
	for _, e := range unjoin(err) {
		var fe *integration.FieldError
		if errors.As(e, &fe) {
			fieldErr[fe.Field] = fe.Err.Error()
		}
	}
	board := "The API member's default board (none set in ConnectWise)"
	for _, b := range o.Boards {
		if in.BoardID == 0 && b.ID == o.BoardID {
			board = "The API member's default board: " + b.Name
		}
	}
	d := serviceDeskData{Handling: in.SimulationHandling, Handlings: handlings, Header: in.SimulationHeader,
		HandlingError: fieldErr["simulation_handling"], HeaderError: fieldErr["simulation_header"]}
	for _, sv := range []selectView{
		{Name: "board_id", Label: "Board", Zero: board, Selected: in.BoardID, Options: o.Boards,
			Help: "Service › Service Board List. Changing it lists that board's types, subtypes and items."},
		{Name: "type_id", Label: "Type", Zero: "None", Selected: in.TypeID, Options: o.Types,
			Help: "The board's ticket types (Service Board › Types)."},
		{Name: "subtype_id", Label: "Subtype", Zero: "None", Selected: in.SubTypeID, Options: o.SubTypes,
			Help: "The board's subtypes (Service Board › Subtypes)."},
		{Name: "item_id", Label: "Item", Zero: "None", Selected: in.ItemID, Options: o.Items,
			Help: "The board's items (Service Board › Items)."},
		{Name: "priority_id", Label: "Priority", Zero: "ConnectWise's default", Selected: in.PriorityID,
			Options: o.Priorities, Help: "System › Setup Tables › Priority."},
		{Name: "source_id", Label: "Source", Zero: "ConnectWise's default", Selected: in.SourceID,
			Options: o.Sources, Help: "System › Setup Tables › Service Source."},
	} {
		sv.Error = fieldErr[sv.Name]
		sv.Unlisted = sv.Selected != 0 && !listed(sv.Options, sv.Selected)
		d.Selects = append(d.Selects, sv)
	}
	return d
}

func listed(cs []choiceJSON, id int) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

// unjoin lists the errors of an errors.Join, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // looking one level into a join
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}
