package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// pushEnv is a server whose billing pushes are durable jobs, and a
// partner connected to a sandbox with one company mapped to an addition
// holding 40 while the roster counts 1.
type pushEnv struct {
	*env
	partner store.Partner
	token   string
}

// newPushEnv builds it; work says whether the queue runs push jobs.
func newPushEnv(t *testing.T, work bool) *pushEnv {
	t.Helper()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "pusher")
	policy := &outbound.Policy{}
	policy.Allow(strings.TrimPrefix(e.sandbox.URL, "http://"))
	svc := &integration.Service{Store: e.st, Policy: policy, Actor: "test",
		Limits: cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}}
	ctx := t.Context()
	_, _, _, client := e.sandbox.Sandbox.Credentials()
	in := e.connect
	in.ClientID = client
	if _, err := svc.Connect(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	must(t, svc.SetFeature(ctx, p.ID, integration.FeatureBilling, true))
	mapOneAddition(t, e.st, svc, p.ID)

	h, cfg := jobs.Handlers{}, jobs.Config{Workers: -1}
	if work {
		h.BillingPush = func(ctx context.Context, a jobs.BillingPushArgs, _ bool) (json.RawMessage, error) {
			return svc.PushBilling(ctx, a.PartnerID, a.Actor)
		}
		cfg = jobs.Config{Workers: 1, PollInterval: 20 * time.Millisecond}
	}
	q, err := jobs.Open(ctx, e.st.DB(), e.st.Engine(), h, cfg)
	must(t, err)
	must(t, q.Start(ctx))
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	web, err := New(Config{Store: e.st, Policy: policy, ClientID: client, Jobs: q, Pusher: q, PushWait: pushWaitFor(work),
		Limits: svc.Limits})
	must(t, err)
	srv := httptest.NewServer(web)
	t.Cleanup(srv.Close)
	e.srv = srv
	return &pushEnv{env: e, partner: p, token: token}
}

// pushWaitFor waits long for a worker that will answer (a guard, not a
// speed check), briefly for one that never comes.
func pushWaitFor(work bool) time.Duration {
	if work {
		return 2 * time.Minute
	}
	return time.Second
}

// mapOneAddition maps a platform company with one billable user to an
// addition of the sandbox's company 2 holding 40.
func mapOneAddition(t *testing.T, st *store.SQLite, svc *integration.Service, partnerID int64) {
	t.Helper()
	ctx := t.Context()
	c, err := st.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: partnerID,
		ExternalID: "p-1", Name: "Acme Corp"})
	must(t, err)
	_, err = st.UpsertEndUser(ctx, store.EndUser{PartnerID: partnerID, CompanyID: c.ID,
		Email: "alex@acme-corp.example", Active: true, Billable: true})
	must(t, err)
	cl, err := svc.Client(ctx, partnerID)
	must(t, err)
	ags, err := cwm.Collect(cl.Agreements.All(ctx, &cwm.ListOptions{Conditions: "company/id=2"}))
	must(t, err)
	for _, ag := range ags {
		ads, err := cwm.Collect(cl.Agreements.AllAdditions(ctx, ag.ID, nil))
		must(t, err)
		if len(ads) == 0 {
			continue
		}
		_, _, err = cl.Agreements.UpdateAddition(ctx, ag.ID, ads[0].ID,
			[]cwm.PatchOperation{{Op: "replace", Path: "quantity", Value: 40}})
		must(t, err)
		must(t, st.SaveMapping(ctx, store.Mapping{PartnerID: partnerID, PlatformCompanyID: c.ID,
			CWCompanyID: 2, CWCompanyName: "Acme Corporation", AgreementID: ag.ID, AdditionID: ads[0].ID,
			Method: "manual", Confidence: 1}))
		return
	}
	t.Fatal("the sandbox's company 2 has no agreement addition")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestAPIBillingPushRunsAsAJob: the API's push is a job, answered with
// its changes and its id once it has run.
func TestAPIBillingPushRunsAsAJob(t *testing.T) {
	t.Parallel()
	e := newPushEnv(t, true)
	res, body := apiCall(t, e.srv.URL, e.token, "POST", "/api/v1/billing/push", "", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("X-Job-Id") == "" {
		t.Fatalf("push = %d, X-Job-Id %q: %s", res.StatusCode, res.Header.Get("X-Job-Id"), body)
	}
	var changes []changeJSON
	must(t, json.Unmarshal(body, &changes))
	if len(changes) != 1 || !changes[0].Pushed || changes[0].Old != 40 || changes[0].New != 1 ||
		changes[0].ExternalID != "p-1" {
		t.Errorf("changes = %+v; want p-1 40 → 1 pushed", changes)
	}
	hist, err := e.st.BillingChanges(t.Context(), e.partner.ID)
	must(t, err)
	if len(hist) != 1 || hist[0].Result != store.BillingResultOK || !strings.Contains(hist[0].Actor, "pusher") {
		t.Errorf("history = %+v; want one ok change by the token", hist)
	}
}

// TestBillingPushWithoutAWorkerIsQueued: with no process running push
// jobs, the API answers 202 with the job and the page says it is queued;
// asking twice joins the pending push rather than queueing a second.
func TestBillingPushWithoutAWorkerIsQueued(t *testing.T) {
	t.Parallel()
	e := newPushEnv(t, false)
	res, body := apiCall(t, e.srv.URL, e.token, "POST", "/api/v1/billing/push", "", nil)
	var queued queuedPushJSON
	if res.StatusCode != http.StatusAccepted || json.Unmarshal(body, &queued) != nil || queued.JobID == 0 ||
		queued.State != "available" {
		t.Fatalf("push = %d %s; want 202 with an available job", res.StatusCode, body)
	}
	_, raw := apiCall(t, e.srv.URL, "", "GET", "/api/openapi.json", "", nil)
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	must(t, err)
	checkAgainstDoc(t, doc, e.srv.URL, e.token, "POST /api/v1/billing/push", call{method: "POST",
		path: "/api/v1/billing/push"}) // the 202 as documented; this push joins the first
	b := e.signIn(t, "pusher-admin@example.com")
	_, page := b.do(t, "POST", "/billing/push", url.Values{})
	if want := "Push queued as job " + jsonInt(queued.JobID); !strings.Contains(page, want) {
		t.Errorf("billing page after push lacks %q", want)
	}
	var n int
	must(t, e.st.DB().QueryRow(`SELECT count(*) FROM river_job WHERE kind = ?`, jobs.KindBillingPush).Scan(&n))
	if n != 1 {
		t.Errorf("%d push jobs queued, want 1 (the second push joins the first)", n)
	}
	if hist, _ := e.st.BillingChanges(t.Context(), e.partner.ID); len(hist) != 0 {
		t.Errorf("history = %+v; nothing may be pushed without a worker", hist)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }
