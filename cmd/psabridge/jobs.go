package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/riverqueue/river/rivertype"
	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

func newJobsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the jobs that gave up, with their last error",
		Long: "Lists the partner's durable jobs that exhausted their attempts (or were cancelled), with\n" +
			"their last error, and those of no partner (the billing schedule, the permission re-check).\n" +
			"psabridge jobs replay runs them again.",
		Args: cobra.NoArgs,
	}
	f := addDataFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		q, a, err := openQueue(cmd, f)
		if err != nil {
			return err
		}
		defer a.close()
		given, err := givenUpOf(cmd, q, a)
		if err != nil {
			return err
		}
		return printJobs(a, given)
	}
	cmd.AddCommand(newJobsReplayCommand())
	return cmd
}

func newJobsReplayCommand() *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "replay [ID...]",
		Short: "Run given-up jobs again, with fresh attempts",
		Long: "Replays the named given-up jobs of the partner (or of no partner), or with --all every\n" +
			"one psabridge jobs lists. Every id is checked first: when any cannot be replayed, none is.",
	}
	f := addDataFlags(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "replay every given-up job")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ids, err := replayIDs(args, all)
		if err != nil {
			return err
		}
		q, a, err := openQueue(cmd, f)
		if err != nil {
			return err
		}
		defer a.close()
		if all {
			ids, err = givenUpIDs(cmd, q, a)
		} else {
			err = checkReplayable(cmd, q, a, ids)
		}
		if err != nil {
			return err
		}
		return replay(cmd, a, q, ids)
	}
	return cmd
}

// replayIDs parses the job ids to replay: some, or --all.
func replayIDs(args []string, all bool) ([]int64, error) {
	if all && len(args) > 0 {
		return nil, &usageError{errors.New("give either job ids or --all, not both")}
	}
	if !all && len(args) == 0 {
		return nil, &usageError{errors.New("name the job ids to replay, or give --all")}
	}
	ids := make([]int64, 0, len(args))
	for _, s := range args {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, &usageError{fmt.Errorf("job id %q: want a positive number", s)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// ofPartner reports whether the command's partner may see and replay j:
// it is the partner's, or of no partner (the operator's periodic jobs).
func ofPartner(a *app, j jobs.Job) bool {
	p, _, ok := j.PartnerOf()
	return !ok || p == a.partner.ID
}

// givenUpOf returns the given-up jobs the command's partner may see.
func givenUpOf(cmd *cobra.Command, q *jobs.Queue, a *app) ([]jobs.Job, error) {
	given, err := q.GivenUp(cmd.Context())
	if err != nil {
		return nil, err
	}
	out := make([]jobs.Job, 0, len(given))
	for _, j := range given {
		if ofPartner(a, j) {
			out = append(out, j)
		}
	}
	return out, nil
}

func givenUpIDs(cmd *cobra.Command, q *jobs.Queue, a *app) ([]int64, error) {
	given, err := givenUpOf(cmd, q, a)
	ids := make([]int64, 0, len(given))
	for _, j := range given {
		ids = append(ids, j.ID)
	}
	return ids, err
}

// checkReplayable checks that every id is a given-up job the partner may
// replay, naming each one that is not and why.
func checkReplayable(cmd *cobra.Command, q *jobs.Queue, a *app, ids []int64) error {
	var bad []string
	for _, id := range ids {
		why, err := notReplayable(cmd, q, a, id)
		if err != nil {
			return err
		}
		if why != "" {
			bad = append(bad, why)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("nothing replayed: %s", strings.Join(bad, "; "))
	}
	return nil
}

// notReplayable says why job id cannot be replayed, or "" when it can. A
// job of another partner reads as an unknown id, as in the API.
func notReplayable(cmd *cobra.Command, q *jobs.Queue, a *app, id int64) (string, error) {
	j, err := q.Get(cmd.Context(), id)
	if errors.Is(err, jobs.ErrNoJob) {
		return fmt.Sprintf("no given-up job of this partner has id %d", id), nil
	}
	if err != nil {
		return "", err
	}
	switch {
	case !ofPartner(a, j):
		return fmt.Sprintf("no given-up job of this partner has id %d", id), nil
	case j.Done():
		return fmt.Sprintf("job %d completed: nothing to replay", id), nil
	case !givenUp(j):
		return fmt.Sprintf("job %d is %s, not given up: it runs, or retries, by itself", id, j.State), nil
	}
	return "", nil
}

// givenUp reports whether j exhausted its attempts or was cancelled.
func givenUp(j jobs.Job) bool {
	return j.State == string(rivertype.JobStateDiscarded) || j.State == string(rivertype.JobStateCancelled)
}

func replay(cmd *cobra.Command, a *app, q *jobs.Queue, ids []int64) error {
	for i, id := range ids {
		if err := q.Replay(cmd.Context(), id); err != nil {
			return fmt.Errorf("replaying job %d (%s replayed before it): %w", id, countJobs(i), err)
		}
		a.audit(cmd.Context(), "job.replay", strconv.FormatInt(id, 10))
	}
	if a.json {
		return a.printJSON(map[string]any{"replayed": ids})
	}
	_, err := fmt.Fprintf(a.out, "%s replayed: a running psabridge serve picks them up\n", countJobs(len(ids)))
	return err
}

// countJobs is "1 job", "2 jobs".
func countJobs(n int) string {
	if n == 1 {
		return "1 job"
	}
	return fmt.Sprintf("%d jobs", n)
}

// openQueue opens the store and the job queue on it, without workers.
func openQueue(cmd *cobra.Command, f *dataFlags) (*jobs.Queue, *app, error) {
	a, err := f.open(cmd, false)
	if err != nil {
		return nil, nil, err
	}
	ts, ok := a.store.(store.Transactional)
	if !ok {
		a.close()
		return nil, nil, errors.New("this store keeps no jobs")
	}
	q, err := jobs.Open(cmd.Context(), ts.DB(), ts.Engine(), jobs.Handlers{}, jobs.Config{Workers: -1})
	if err != nil {
		a.close()
		return nil, nil, err
	}
	return q, a, nil
}

func printJobs(a *app, given []jobs.Job) error {
	if a.json {
		return a.printJSON(map[string]any{"given_up": given})
	}
	if len(given) == 0 {
		_, err := fmt.Fprintln(a.out, "no job gave up")
		return err
	}
	for _, j := range given {
		fmt.Fprintf(a.out, "%d\t%s\t%s\tattempt %d/%d\t%s\n\t%s\n", j.ID, j.Kind, j.State,
			j.Attempt, j.MaxAttempts, string(j.Args), j.LastError)
	}
	return nil
}
