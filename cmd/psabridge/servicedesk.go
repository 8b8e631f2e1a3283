package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

func newServiceDeskCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "servicedesk",
		Short: "Choose where and how reported e-mails are ticketed",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newServiceDeskSettingsCommand(), newServiceDeskOptionsCommand())
	return cmd
}

// serviceDeskIDFlags maps each id flag to its setting.
func serviceDeskIDFlags(d *store.ServiceDeskSettings) map[string]*int {
	return map[string]*int{"board": &d.BoardID, "type": &d.TypeID, "subtype": &d.SubTypeID,
		"item": &d.ItemID, "priority": &d.PriorityID, "source": &d.SourceID}
}

func newServiceDeskSettingsCommand() *cobra.Command {
	df := &dataFlags{}
	var in store.ServiceDeskSettings
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show or change the board, type, subtype, item, priority, source and simulation handling",
		Long: "Flags given change the setting; the others keep their value. An id of 0 means not\n" +
			"chosen: --board 0 tickets on the API member's default board. Choices are checked\n" +
			"against ConnectWise before saving (see psabridge servicedesk options). --simulation\n" +
			"is ticket, ticket_closed or record_only, for reports carrying --simulation-header.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			cur, err := a.store.ServiceDeskSettings(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			if cmd.Flags().NFlag() > countDataFlags(cmd) {
				if cur, err = mergeServiceDesk(cmd, cur, in); err != nil {
					return err
				}
				err := a.service().SaveServiceDeskSettings(cmd.Context(), cur)
				if errors.Is(err, integration.ErrSettingsRefused) {
					return fmt.Errorf("not saved: %w", err)
				}
				if err != nil {
					return err
				}
			}
			return a.printServiceDesk(cur)
		}),
	}
	df.register(cmd)
	f := cmd.Flags()
	ids := serviceDeskIDFlags(&in)
	f.IntVar(ids["board"], "board", 0, "service board id; 0 is the API member's default board")
	f.IntVar(ids["type"], "type", 0, "ticket type id of the board; 0 for none")
	f.IntVar(ids["subtype"], "subtype", 0, "ticket subtype id of the board; 0 for none")
	f.IntVar(ids["item"], "item", 0, "ticket item id of the board; 0 for none")
	f.IntVar(ids["priority"], "priority", 0, "priority id; 0 for ConnectWise's default")
	f.IntVar(ids["source"], "source", 0, "source id; 0 for ConnectWise's default")
	f.StringVar(&in.SimulationHandling, "simulation", "", "ticket, ticket_closed or record_only")
	f.StringVar(&in.SimulationHeader, "simulation-header", "", "header that marks the platform's simulations")
	return cmd
}

// mergeServiceDesk applies the flags that were set to cur and checks what
// needs no ConnectWise.
func mergeServiceDesk(cmd *cobra.Command, cur, in store.ServiceDeskSettings) (store.ServiceDeskSettings, error) {
	set := cmd.Flags().Changed
	curIDs := serviceDeskIDFlags(&cur)
	for name, v := range serviceDeskIDFlags(&in) {
		if set(name) {
			if *v < 0 {
				return cur, &usageError{fmt.Errorf("--%s %d: an id is 0 or more", name, *v)}
			}
			*curIDs[name] = *v
		}
	}
	if set("simulation") {
		cur.SimulationHandling = in.SimulationHandling
	}
	if set("simulation-header") {
		cur.SimulationHeader = strings.TrimSpace(in.SimulationHeader)
	}
	switch cur.SimulationHandling {
	case store.SimulationTicket, store.SimulationTicketClosed, store.SimulationRecordOnly:
	default:
		return cur, &usageError{fmt.Errorf("--simulation %q: ticket, ticket_closed or record_only", cur.SimulationHandling)}
	}
	if cur.SimulationHeader == "" || strings.ContainsAny(cur.SimulationHeader, ": \t\r\n") {
		return cur, &usageError{fmt.Errorf("--simulation-header %q: a header name, without colon or spaces", cur.SimulationHeader)}
	}
	return cur, nil
}

func (a *app) printServiceDesk(d store.ServiceDeskSettings) error {
	if a.json {
		return a.printJSON(map[string]any{"board_id": d.BoardID, "type_id": d.TypeID,
			"subtype_id": d.SubTypeID, "item_id": d.ItemID, "priority_id": d.PriorityID,
			"source_id": d.SourceID, "simulation_handling": d.SimulationHandling,
			"simulation_header": d.SimulationHeader})
	}
	board := fmt.Sprint(d.BoardID)
	if d.BoardID == 0 {
		board = "the API member's default"
	}
	_, err := fmt.Fprintf(a.out, "board %s; type %s; subtype %s; item %s; priority %s; source %s; "+
		"simulations (%s) %s\n", board, idOrNone(d.TypeID), idOrNone(d.SubTypeID), idOrNone(d.ItemID),
		idOrNone(d.PriorityID), idOrNone(d.SourceID), d.SimulationHeader, d.SimulationHandling)
	return err
}

func idOrNone(id int) string {
	if id == 0 {
		return "none"
	}
	return fmt.Sprint(id)
}

func newServiceDeskOptionsCommand() *cobra.Command {
	df := &dataFlags{}
	var board int
	cmd := &cobra.Command{
		Use:   "options",
		Short: "List the boards, types, subtypes, items, priorities and sources ConnectWise offers",
		Long: "Types, subtypes and items are those of --board, else of the API member's default\n" +
			"board. Use the ids with psabridge servicedesk settings.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			if board < 0 {
				return &usageError{fmt.Errorf("--board %d: an id is 0 or more", board)}
			}
			o, err := a.service().ServiceDeskOptions(cmd.Context(), a.partner.ID, board)
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(emptyNotNull(o))
			}
			return a.printOptions(o)
		}),
	}
	df.register(cmd)
	cmd.Flags().IntVar(&board, "board", 0, "board whose types, subtypes and items to list; 0 is the API member's default")
	return cmd
}

// emptyNotNull makes each list of o non-nil, so that --json prints [] for
// a board without subtypes or items rather than null.
func emptyNotNull(o integration.ServiceDeskOptions) integration.ServiceDeskOptions {
	o.Boards = nonNil(o.Boards)
	o.Types = nonNil(o.Types)
	o.SubTypes = nonNil(o.SubTypes)
	o.Items = nonNil(o.Items)
	o.Priorities = nonNil(o.Priorities)
	o.Sources = nonNil(o.Sources)
	return o
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *app) printOptions(o integration.ServiceDeskOptions) error {
	var b strings.Builder
	b.WriteString("boards:\n")
	for _, x := range o.Boards {
		state := ""
		if x.InactiveFlag {
			state = " (inactive)"
		}
		fmt.Fprintf(&b, "  %d  %q%s\n", x.ID, x.Name, state)
	}
	fmt.Fprintf(&b, "types of board %d:\n", o.BoardID)
	for _, x := range o.Types {
		fmt.Fprintf(&b, "  %d  %q\n", x.ID, x.Name)
	}
	fmt.Fprintf(&b, "subtypes of board %d:\n", o.BoardID)
	for _, x := range o.SubTypes {
		fmt.Fprintf(&b, "  %d  %q\n", x.ID, x.Name)
	}
	fmt.Fprintf(&b, "items of board %d:\n", o.BoardID)
	for _, x := range o.Items {
		fmt.Fprintf(&b, "  %d  %q\n", x.ID, x.Name)
	}
	b.WriteString("priorities:\n")
	for _, x := range o.Priorities {
		fmt.Fprintf(&b, "  %d  %q\n", x.ID, x.Name)
	}
	b.WriteString("sources:\n")
	for _, x := range o.Sources {
		fmt.Fprintf(&b, "  %d  %q\n", x.ID, x.Name)
	}
	_, err := fmt.Fprint(a.out, b.String())
	return err
}
