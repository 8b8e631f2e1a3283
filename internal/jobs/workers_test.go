package jobs

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/psabridge/psabridge/internal/cwm"
)

func TestThrottledSnoozesForRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		after, want time.Duration
	}{
		{7 * time.Second, 7 * time.Second},
		{0, time.Second},            // no advice: a short pause, not a spent attempt
		{48 * time.Hour, maxSnooze}, // absurd advice: ask again within the hour
	} {
		err := throttled(fmt.Errorf("creating ticket: %w", &cwm.RateLimitError{RetryAfter: tc.after}))
		var snooze *rivertype.JobSnoozeError
		if !errors.As(err, &snooze) || snooze.Duration != tc.want {
			t.Errorf("Retry-After %s: got %v, want a snooze of %s", tc.after, err, tc.want)
		}
	}
}

func TestThrottledKeepsOtherErrors(t *testing.T) {
	t.Parallel()
	cause := errors.New("connection reset")
	if err := throttled(cause); err != cause {
		t.Errorf("throttled(%v) = %v, want it unchanged", cause, err)
	}
	if err := throttled(nil); err != nil {
		t.Errorf("throttled(nil) = %v", err)
	}
}

func TestBackoffGrowsWithErrorsNotSnoozes(t *testing.T) {
	t.Parallel()
	b := backoff{unit: time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 16 * time.Second, 5: 625 * time.Second} {
		job := &rivertype.JobRow{Errors: make([]rivertype.AttemptError, n), Attempt: 99}
		got := time.Until(b.NextRetry(job))
		if got < want-time.Second || got > want {
			t.Errorf("after %d errors: retry in %s, want about %s", n, got, want)
		}
	}
}
