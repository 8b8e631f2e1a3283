package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

func newJobsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the jobs that gave up, with their last error",
		Long: "Lists the durable jobs that exhausted their attempts (or were cancelled), with their\n" +
			"last error. psabridge jobs replay runs them again.",
		Args: cobra.NoArgs,
	}
	f := addDataFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		q, a, err := openQueue(cmd, f)
		if err != nil {
			return err
		}
		defer a.close()
		given, err := q.GivenUp(cmd.Context())
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
			if ids, err = givenUpIDs(cmd, q); err != nil {
				return err
			}
		}
		return replay(cmd, a, q, ids)
	}
	return cmd
}

// replayIDs parses the job ids to replay: some, or --all.
func replayIDs(args []string, all bool) ([]int64, error) {
	if all == (len(args) > 0) {
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

func givenUpIDs(cmd *cobra.Command, q *jobs.Queue) ([]int64, error) {
	given, err := q.GivenUp(cmd.Context())
	ids := make([]int64, 0, len(given))
	for _, j := range given {
		ids = append(ids, j.ID)
	}
	return ids, err
}

func replay(cmd *cobra.Command, a *app, q *jobs.Queue, ids []int64) error {
	for _, id := range ids {
		if err := q.Replay(cmd.Context(), id); err != nil {
			return err
		}
		a.audit(cmd.Context(), "job.replay", strconv.FormatInt(id, 10))
	}
	if a.json {
		return a.printJSON(map[string]any{"replayed": ids})
	}
	_, err := fmt.Fprintf(a.out, "%d jobs replayed: a running psabridge serve picks them up\n",
		len(ids))
	return err
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
