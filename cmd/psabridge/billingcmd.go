package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

func newBillingCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "billing", Short: "Preview, push and review billable user counts"}
	cmd.AddCommand(newBillingPreviewCommand(), newBillingPushCommand(),
		newBillingHistoryCommand(), newBillingSettingsCommand(), newBillingExcludeCommand())

	return cmd
}

// billingService is the partner's billing over the stored connection.
func (a *app) billingService() *billing.Service {
	return &billing.Service{Store: a.store,
		Connect: func(ctx context.Context, _ int64) (billing.Agreements, error) {
			c, _, err := a.client(ctx)
			return integration.PSA{Client: c}, err
		}}
}

// printChanges prints changes as JSON or as one line each and a summary.
func (a *app) printChanges(changes []billing.Change) error {
	return a.printPush(billing.PushResult{Changes: changes, Summary: billing.Summarize(changes)})
}

// printPush prints a push's lines, as JSON or one a line, and its summary;
// lines a large push left out of its output are counted.
func (a *app) printPush(res billing.PushResult) error {
	if a.json {
		rows := make([]billing.Record, len(res.Changes))
		for i, c := range res.Changes {
			rows[i] = billing.RecordOf(c)
		}
		return a.printJSON(rows)
	}
	for _, c := range res.Changes {
		fmt.Fprintf(a.out, "%-32q %s\n", c.CompanyName, changeLine(c))
	}
	if res.Omitted > 0 {
		fmt.Fprintf(a.out, "(%d unchanged or not pushed lines not listed; billing preview lists every line)\n",
			res.Omitted)
	}
	s := res.Summary
	_, err := fmt.Fprintf(a.out, "%d to update, %d unchanged, %d not pushed (%d changed by hand); "+
		"%d pushed, %d failed\n", s.Update, s.Unchanged, s.Skipped, s.Drift, s.Pushed, s.Failed)

	return err
}

// unreadable is an error when ConnectWise could not be read or written for
// some lines: the command must not exit 0 as if the preview were complete.
func unreadable(changes []billing.Change) error {
	n, first := 0, error(nil)
	for _, c := range changes {
		if c.Err != nil {
			if n == 0 {
				first = c.Err
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d lines could not be read or written in ConnectWise; check the connection with "+
		"psabridge permissions and try again (first error: %w)", n, len(changes), first)
}

// changeLine describes one change for a person.
func changeLine(c billing.Change) string {
	switch {
	case c.Action == billing.ActionUpdate && c.Err != nil:
		return fmt.Sprintf("%g → %g FAILED: %v", c.Old, c.New, c.Err)
	case c.Action == billing.ActionUpdate && c.Pushed:
		return fmt.Sprintf("%g → %g pushed %s", c.Old, c.New, c.Reason)
	case c.Action == billing.ActionUpdate:
		return fmt.Sprintf("%g → %g %s", c.Old, c.New, c.Reason)
	case c.Action == billing.ActionUnchanged:
		return fmt.Sprintf("%g unchanged", c.Old)
	}

	return "not pushed: " + c.Reason
}

func newBillingPreviewCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "preview",
		Short: "Show old → new quantity per mapped addition, and what will not be pushed and why",
		Args:  cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			changes, err := a.billingService().Preview(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			if err := a.printChanges(changes); err != nil {
				return err
			}
			return unreadable(changes)
		}),
	}
	df.register(cmd)

	return cmd
}

func newBillingPushCommand() *cobra.Command {
	df := &dataFlags{}
	var o pushOptions
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Push the changed quantities to ConnectWise and record them in the history",
		Long: "Previews, asks (unless --yes), then pushes as a durable job: a push that fails part-way\n" +
			"is retried with backoff until it succeeds (each retry previews again, so nothing is pushed\n" +
			"twice) and, if it never does, is kept under psabridge jobs with its last error. The command\n" +
			"runs the job itself and waits for it; --no-wait leaves it to a running psabridge serve.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			return billingPush(cmd.Context(), a, o)
		}),
	}
	df.register(cmd)
	cmd.Flags().BoolVar(&o.yes, "yes", false, "push without asking")
	cmd.Flags().BoolVar(&o.noWait, "no-wait", false,
		"enqueue the push for a running psabridge serve and return at once")

	return cmd
}

// pushOptions are billing push's flags.
type pushOptions struct{ yes, noWait bool }

// billingPush previews, asks unless yes, then pushes and records as a
// durable job, which it runs and waits for unless noWait.
func billingPush(ctx context.Context, a *app, o pushOptions) error {
	changes, err := a.billingService().Preview(ctx, a.partner.ID)
	if err != nil {
		return err
	}
	if err := unreadable(changes); err != nil {
		return err
	}
	n := billing.Summarize(changes).Update
	if n == 0 && a.json {
		return a.printChanges(changes) // the same rows as a push, none of them to update
	}
	if n == 0 {
		fmt.Fprintln(a.out, "nothing to push: every mapped addition already has its count")
		return nil
	}
	if !o.yes {
		if err := a.confirm(changes, n); err != nil {
			return err
		}
	}
	q, err := a.pushQueue(ctx, !o.noWait)
	if err != nil {
		return err
	}
	defer stopPushQueue(q)
	id, joined, err := q.EnqueueBillingPush(ctx, a.partner.ID, "cli")
	if err != nil {
		return err
	}
	a.audit(ctx, "billing.push.queued", fmt.Sprintf("job %d (joined a pending push: %v)", id, joined))
	if joined && !a.json {
		fmt.Fprintf(a.errOut, "a push was already pending (job %d, asked for by %s): this one joins it, "+
			"and the history names who asked first\n", id, askedBy(ctx, q, id))
	}
	if o.noWait {
		return a.printQueued(id, joined)
	}
	return a.awaitPush(ctx, q, id)
}

// askedBy is who asked for a pending push job, as its history will name
// them.
func askedBy(ctx context.Context, q *jobs.Queue, id int64) string {
	j, err := q.Get(ctx, id)
	var a jobs.BillingPushArgs
	if err != nil || json.Unmarshal(j.Args, &a) != nil || a.Actor == "" {
		return "someone else"
	}
	return a.Actor
}

// pushQueue opens the job queue; with work it also runs billing push jobs
// (of any partner: the work is the same wherever it runs).
func (a *app) pushQueue(ctx context.Context, work bool) (*jobs.Queue, error) {
	ts, ok := a.store.(store.Transactional)
	if !ok {
		return nil, errors.New("this store keeps no jobs")
	}
	h, cfg := jobs.Handlers{}, jobs.Config{Workers: -1}
	if work {
		svc := &integration.Service{Store: a.store, Policy: a.policy, Actor: "cli"}
		h.BillingPush = func(ctx context.Context, j jobs.BillingPushArgs, _ bool) (json.RawMessage, error) {
			return svc.PushBilling(ctx, j.PartnerID, j.Actor)
		}
		cfg = jobs.Config{Workers: 1, PollInterval: 50 * time.Millisecond}
	}
	q, err := jobs.Open(ctx, ts.DB(), ts.Engine(), h, cfg)
	if err != nil {
		return nil, err
	}
	return q, q.Start(context.WithoutCancel(ctx))
}

// stopPushQueue stops the queue's worker: a push still running after the
// grace is released and runs again later (serve, or the next push).
func stopPushQueue(q *jobs.Queue) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = q.Stop(ctx)
}

// printQueued says a push was left to serve.
func (a *app) printQueued(id int64, joined bool) error {
	if a.json {
		return a.printJSON(map[string]any{"job_id": id, "state": "queued", "joined": joined})
	}
	_, err := fmt.Fprintf(a.out, "push queued as job %d: a running psabridge serve pushes it; "+
		"billing history shows the outcome, psabridge jobs a push that gave up\n", id)
	return err
}

// awaitPush waits for the push job's first outcome and prints its changes.
// A push whose failed lines will be retried is an error (exit 1) that says
// so.
func (a *app) awaitPush(ctx context.Context, q *jobs.Queue, id int64) error {
	j, err := q.WaitSettled(ctx, id, 50*time.Millisecond)
	if err != nil {
		return fmt.Errorf("waiting for billing push job %d (it stays queued): %w", id, err)
	}
	res, derr := billing.DecodeChanges(j.Output)
	if len(j.Output) > 0 && derr == nil {
		if err := a.printPush(res); err != nil {
			return err
		}
	}
	if j.Done() {
		return unreadable(res.Changes)
	}
	return fmt.Errorf("billing push job %d is %s after attempt %d of %d: %s; it is retried with "+
		"backoff by psabridge serve (or the next billing push), and psabridge jobs lists it if it gives up",
		id, j.State, j.Attempt, j.MaxAttempts, j.LastError)
}

// confirm shows the preview and asks on a terminal; elsewhere --yes is
// required.
func (a *app) confirm(changes []billing.Change, n int) error {
	st, err := os.Stdin.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 || a.json {
		return &usageError{fmt.Errorf("%d changes to push: run billing preview to see them, "+
			"then billing push --yes", n)}
	}
	if err := a.printChanges(changes); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "push %d changes to ConnectWise? [y/N] ", n)
	answer, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	if !strings.EqualFold(strings.TrimSpace(answer), "y") {
		return fmt.Errorf("push cancelled: nothing was changed")
	}

	return nil
}

func newBillingHistoryCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List every quantity change pushed: who, when, old, new, result",
		Args:  cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			return billingHistory(cmd.Context(), a)
		}),
	}
	df.register(cmd)

	return cmd
}

// billingHistory prints the partner's billing changes, newest first,
// each with the company name billing preview shows.
func billingHistory(ctx context.Context, a *app) error {
	hs, err := a.store.BillingChanges(ctx, a.partner.ID)
	if err != nil {
		return err
	}
	companies, err := a.companiesByID(ctx)
	if err != nil {
		return err
	}
	if a.json {
		return a.printJSON(historyRows(hs, companies))
	}
	for _, h := range hs {
		fmt.Fprintf(a.out, "%s  %-12s %-32q agreement %d addition %d: %g → %g %s\n",
			h.At.Format("2006-01-02 15:04:05Z"), h.Actor, companyLabel(companies, h.PlatformCompanyID),
			h.AgreementID, h.AdditionID, h.OldQuantity, h.NewQuantity, h.Result)
	}

	return nil
}

// historyRows is billing history --json: the ids, and the company's name
// and external id when the company is still known.
func historyRows(hs []store.BillingChange, companies map[int64]store.PlatformCompany) []map[string]any {
	rows := make([]map[string]any, len(hs))
	for i, h := range hs {
		c := companies[h.PlatformCompanyID]
		rows[i] = map[string]any{"at": h.At, "actor": h.Actor,
			"platform_company_id": h.PlatformCompanyID, "external_id": c.ExternalID,
			"company_name": c.Name, "agreement_id": h.AgreementID,
			"addition_id": h.AdditionID, "old": h.OldQuantity, "new": h.NewQuantity,
			"result": h.Result}
	}
	return rows
}

// companyLabel is the company's name, or its id when it is gone.
func companyLabel(companies map[int64]store.PlatformCompany, id int64) string {
	if c, ok := companies[id]; ok {
		return c.Name
	}
	return fmt.Sprintf("company %d", id)
}

// companiesByID maps the partner's platform companies by their id.
func (a *app) companiesByID(ctx context.Context) (map[int64]store.PlatformCompany, error) {
	cs, err := a.store.PlatformCompanies(ctx, a.partner.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.PlatformCompany, len(cs))
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}
