package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
)

// mapAddition maps the rig's company to the first addition of one of its
// ConnectWise agreements, sets the addition's quantity to a value the
// roster does not have, and returns the agreement and addition ids.
func (r *rig) mapAddition(t *testing.T) (agreementID, additionID int) {
	t.Helper()
	ctx := t.Context()
	c, err := r.svc.Client(ctx, r.partner.ID)
	must(t, err)
	ags, err := cwm.Collect(c.Agreements.All(ctx, &cwm.ListOptions{Conditions: "company/id=2"}))
	must(t, err)
	for _, ag := range ags {
		ads, err := cwm.Collect(c.Agreements.AllAdditions(ctx, ag.ID, nil))
		must(t, err)
		if len(ads) == 0 {
			continue
		}
		_, _, err = c.Agreements.UpdateAddition(ctx, ag.ID, ads[0].ID,
			[]cwm.PatchOperation{{Op: "replace", Path: "quantity", Value: 40}})
		must(t, err)
		ms, err := r.store.Mappings(ctx, r.partner.ID)
		must(t, err)
		m := ms[0]
		m.AgreementID, m.AdditionID = ag.ID, ads[0].ID
		must(t, r.store.SaveMapping(ctx, m))
		return ag.ID, ads[0].ID
	}
	t.Fatal("the sandbox's company 2 has no agreement addition")
	return 0, 0
}

// pushQueue opens a queue on the rig that runs billing pushes, retrying
// at once.
func (r *rig) pushQueue(t *testing.T) *jobs.Queue {
	t.Helper()
	h := jobs.Handlers{BillingPush: func(ctx context.Context, a jobs.BillingPushArgs, _ bool) (json.RawMessage, error) {
		return r.svc.PushBilling(ctx, a.PartnerID, a.Actor)
	}}
	q, err := jobs.Open(t.Context(), r.store.DB(), r.store.Engine(), h, jobs.Config{Workers: 1,
		BackoffUnit: time.Millisecond, PollInterval: 20 * time.Millisecond})
	must(t, err)
	must(t, q.Start(t.Context()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

// TestBillingPushRetriesWhatFailed: a push whose addition update meets a
// ConnectWise outage keeps what it did as its output, records the failure
// in the history, retries by itself and then sets the quantity once.
func TestBillingPushRetriesWhatFailed(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	must(t, r.svc.SetFeature(t.Context(), r.partner.ID, integration.FeatureBilling, true))
	agreementID, additionID := r.mapAddition(t)
	// The PATCH is tried four times in one attempt (it only replaces, so
	// the client retries it): the whole first attempt fails.
	r.srv.Sandbox.InjectFault(cwsandbox.Fault{Method: "PATCH",
		Path: "finance/agreements/{id}/additions/{id}", Status: 503, Times: 4})
	q := r.pushQueue(t)

	id, joined, err := q.EnqueueBillingPush(t.Context(), r.partner.ID, "alice@msp.example")
	must(t, err)
	if joined {
		t.Fatal("the first push joined another")
	}
	j := waitDone(t, q, id)
	if j.Attempt != 2 || len(j.Output) == 0 {
		t.Fatalf("push job = %+v; want completed on its second attempt with its changes", j)
	}
	res, err := billing.DecodeChanges(j.Output)
	must(t, err)
	changes := res.Changes
	if len(changes) != 1 || !changes[0].Pushed || changes[0].Old != 40 || changes[0].New != 1 {
		t.Errorf("the completed push's changes = %+v; want 40 → 1 pushed", changes)
	}

	adds := r.srv.Sandbox.Records(fmt.Sprintf("finance/agreements/%d/additions", agreementID))
	for _, a := range adds {
		if fmt.Sprint(a["id"]) == fmt.Sprint(additionID) && fmt.Sprint(a["quantity"]) != "1" {
			t.Errorf("addition %d quantity = %v, want 1", additionID, a["quantity"])
		}
	}
	hist, err := r.store.BillingChanges(t.Context(), r.partner.ID)
	must(t, err)
	var results []string
	for _, h := range hist {
		if h.Actor != "alice@msp.example" {
			t.Errorf("history actor = %q, want the user who asked", h.Actor)
		}
		results = append(results, h.Result)
	}
	ok, failed := 0, 0
	for _, res := range results {
		switch {
		case res == "ok":
			ok++
		case strings.HasPrefix(res, "failed: "):
			failed++
		}
	}
	if ok != 1 || failed != 1 {
		t.Errorf("history results = %q; want one failed attempt and one ok", results)
	}

	// Asked again with nothing left to push: a new job that changes nothing.
	again, _, err := q.EnqueueBillingPush(t.Context(), r.partner.ID, "alice@msp.example")
	must(t, err)
	j = waitDone(t, q, again)
	res, err = billing.DecodeChanges(j.Output)
	must(t, err)
	if s := res.Summary; s.Update != 0 || s.Unchanged != 1 || len(res.Changes) != 1 {
		t.Errorf("second push = %+v; want the addition unchanged", s)
	}
}

// waitDone waits for a job to complete, failing the test if it gives up.
func waitDone(t *testing.T, q *jobs.Queue, id int64) jobs.Job {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute) // a guard against a hang
	defer cancel()
	for {
		j, err := q.Get(ctx, id)
		must(t, err)
		switch j.State {
		case "completed":
			return j
		case "discarded", "cancelled":
			t.Fatalf("job %d gave up: %s", id, j.LastError)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("job %d still %s: %v", id, j.State, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
