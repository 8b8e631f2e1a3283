package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/store"
)

// billingData is the Billing page.
type billingData struct {
	Preview  []changeJSON
	Pushed   bool
	Summary  billing.Summary
	Settings settingsJSON
	History  []historyJSON
}

func (s *server) billingPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	var changes []billing.Change
	var err error
	if r.URL.Query().Get("preview") != "" {
		changes, err = s.billing(p).Preview(r.Context(), p.Partner.ID)
	}
	return s.billingWith(r, p, changes, false, "", err)
}

func (s *server) billingWith(r *http.Request, p *principal, changes []billing.Change, pushed bool, flash string,
	opErr error) (string, pageData, error) {
	d := billingData{Pushed: pushed, Summary: billing.Summarize(changes)}
	pd := pageData{Title: "Billing", Nav: "billing", Flash: flash, Data: &d}
	var err error
	if d.Preview, err = s.changesJSON(r, p, changes); err != nil {
		return "billing", pd, err
	}
	b, err := s.st.BillingSettings(r.Context(), p.Partner.ID)
	if err != nil {
		return "billing", pd, err
	}
	d.Settings = settingsOf(b)
	hs, err := s.st.BillingChanges(r.Context(), p.Partner.ID)
	for _, h := range hs {
		d.History = append(d.History, historyJSON{At: h.At, Actor: h.Actor, AgreementID: h.AgreementID,
			AdditionID: h.AdditionID, Old: h.OldQuantity, New: h.NewQuantity, Result: h.Result})
	}
	return "billing", pd, errors.Join(opErr, err)
}

func (s *server) pushForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	out, err := s.push(r.Context(), p)
	if err != nil || out.Queued {
		return s.billingWith(r, p, nil, false, queuedFlash(out, err), err)
	}
	sum := out.Summary
	flash := "Pushed " + strconv.Itoa(sum.Pushed) + " quantities to ConnectWise; " + strconv.Itoa(sum.Failed) + " failed."
	if out.JoinedActor != "" {
		flash = "A push asked for by " + out.JoinedActor + " was pending; yours joined it (the history names " +
			"who asked first). " + flash
	}
	if out.Retrying {
		flash += " Push job " + strconv.FormatInt(out.JobID, 10) + " tries the failed ones again by itself; " +
			"the history shows each attempt, the Jobs page a push that gives up."
	}
	if out.Omitted > 0 {
		flash += " " + strconv.Itoa(out.Omitted) + " unchanged or not pushed lines are not listed; the preview lists them."
	}
	name, pd, err := s.billingWith(r, p, out.Changes, true, flash, nil)
	if d, ok := pd.Data.(*billingData); ok {
		d.Summary = sum
	}
	return name, pd, err
}

// queuedFlash tells a push with no outcome yet where its outcome will be.
func queuedFlash(out pushOutcome, err error) string {
	if err != nil {
		return ""
	}
	msg := "Push queued as job " + strconv.FormatInt(out.JobID, 10) + " (" + out.State + "): " +
		"the history below shows what it pushed once it has run; reload to see it."
	if out.LastError != "" {
		msg += " Its last attempt failed and is retried: " + out.LastError
	}
	return msg
}

func (s *server) settingsForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	in := settingsJSON{Product: r.PostFormValue("product"), Schedule: r.PostFormValue("schedule"),
		DayOfMonth: formInt(r, "day_of_month"), Hour: formInt(r, "hour"), TimeZone: r.PostFormValue("time_zone"),
		Effective: r.PostFormValue("effective"), Prorate: r.PostFormValue("prorate") == "on",
		OverwriteDrift: r.PostFormValue("overwrite_drift") == "on"}
	err := s.saveSettings(r.Context(), p, in)
	flash := ""
	if err == nil {
		flash = "Billing settings saved."
	}
	return s.billingWith(r, p, nil, false, flash, err)
}

// reportsData is the Reports page.
type reportsData struct {
	Reports  []reportView
	LoginURL string
}

func (s *server) reportsPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	d := reportsData{}
	pd := pageData{Title: "Reported e-mails", Nav: "reports", Data: &d}
	rs, err := s.st.Reports(r.Context(), p.Partner.ID)
	if err != nil {
		return "reports", pd, err
	}
	for _, rep := range rs {
		// The list omits raw messages, not the analysis.
		d.Reports = append(d.Reports, viewOf(rep))
	}
	if c, err := s.st.Connection(r.Context(), p.Partner.ID); err == nil {
		d.LoginURL = c.LoginURL
	}
	return "reports", pd, nil
}

func (s *server) reportPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.reportWith(r, p, "", nil)
}

func (s *server) reportWith(r *http.Request, p *principal, flash string, opErr error) (string, pageData, error) {
	pd := pageData{Title: "Reported e-mail", Nav: "reports", Flash: flash}
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pd, err
	}
	rep, err := s.report(r.Context(), p, id)
	if err != nil {
		return "error", pd, err
	}
	d := reportsData{Reports: []reportView{viewOf(rep)}}
	if c, err := s.st.Connection(r.Context(), p.Partner.ID); err == nil {
		d.LoginURL = c.LoginURL
	}
	pd.Data = &d
	return "report", pd, opErr
}

func (s *server) replayForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pageData{}, err
	}
	before, _ := s.report(r.Context(), p, id)
	rep, err := s.replay(r.Context(), p, id)
	if isNotFound(err) {
		return "error", pageData{Title: "Reported e-mail"}, err
	}
	flash := ""
	switch {
	case err == nil && rep.Status == before.Status && rep.UpdatedAt.Equal(before.UpdatedAt):
		flash = "Replay queued: the report's job runs shortly; reload to see its status."
	case err == nil:
		flash = "Replayed: the report is now " + rep.Status + "."
	}
	return s.reportWith(r, p, flash, err)
}

func (s *server) auditPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	es, err := s.st.AuditLog(r.Context(), p.Partner.ID)
	out := make([]store.AuditEntry, len(es))
	copy(out, es)
	return "audit", pageData{Title: "Audit log", Nav: "audit", Data: out}, err
}
