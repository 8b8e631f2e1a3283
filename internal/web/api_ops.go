package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mapping"
	"github.com/psabridge/psabridge/internal/store"
)

func (s *server) apiConnection(w http.ResponseWriter, r *http.Request, p *principal) error {
	c, err := s.st.Connection(r.Context(), p.Partner.ID)
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusOK, connectionJSON{})
		return nil
	}
	if err != nil {
		return err
	}
	at := c.ConnectedAt
	writeJSON(w, http.StatusOK, connectionJSON{Connected: true, CompanyID: c.CompanyID, LoginURL: c.LoginURL,
		APIBaseURL: c.APIBaseURL, PublicKey: c.PublicKey, ConnectedAt: &at})
	return nil
}

func (s *server) apiConnect(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in connectJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	rep, err := s.connect(r.Context(), p, integration.ConnectInput{CompanyID: in.CompanyID, URL: in.URL,
		PublicKey: in.PublicKey, PrivateKey: in.PrivateKey})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) apiDisconnect(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := s.service(p).Disconnect(r.Context(), p.Partner.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, connectionJSON{})
	return nil
}

func (s *server) apiCheck(w http.ResponseWriter, r *http.Request, p *principal) error {
	rep, err := s.check(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) apiFeatures(w http.ResponseWriter, r *http.Request, p *principal) error {
	f, err := s.st.Features(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, featuresJSON{Billing: f.Billing, ServiceDesk: f.ServiceDesk})
	return nil
}

// apiSetFeature switches billing or service_desk on (after a passing
// permission check) or off.
func (s *server) apiSetFeature(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Enabled bool `json:"enabled"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	feature := r.PathValue("feature")
	if feature != integration.FeatureBilling && feature != integration.FeatureServiceDesk {
		return &badRequest{"feature must be billing or service_desk"}
	}
	if err := s.service(p).SetFeature(r.Context(), p.Partner.ID, feature, in.Enabled); err != nil {
		return err
	}
	return s.apiFeatures(w, r, p)
}

func (s *server) apiMappings(w http.ResponseWriter, r *http.Request, p *principal) error {
	rows, err := s.mappingRows(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]mappingJSON, 0, len(rows))
	for _, row := range rows {
		if row.Mapped {
			out = append(out, row.mappingJSON)
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiAutoMap proposes mappings; with {"apply": true} it saves the certain
// ones, as map auto --apply does.
func (s *server) apiAutoMap(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Apply bool `json:"apply"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	ps, err := s.autoMap(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]proposalJSON, len(ps))
	for i, pr := range ps {
		out[i] = proposalOf(pr)
		if in.Apply && pr.Applied && pr.Method != mapping.MethodKept {
			if err := s.saveMapping(r.Context(), p, mappingOf(pr)); err != nil {
				return err
			}
			out[i].Applied = true
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func proposalOf(pr mapping.Proposal) proposalJSON {
	reason := pr.Reason
	if pr.AdditionReason != "" {
		reason = strings.TrimPrefix(reason+"; "+pr.AdditionReason, "; ")
	}
	return proposalJSON{ExternalID: pr.ExternalID, CompanyName: pr.PlatformName, CWCompanyID: pr.CWCompanyID,
		CWCompanyName: pr.CWCompanyName, AgreementID: pr.AgreementID, AdditionID: pr.AdditionID,
		Method: pr.Method, Confidence: pr.Confidence, Evidence: pr.Evidence, Certain: pr.Applied, Reason: reason}
}

func mappingOf(pr mapping.Proposal) store.Mapping {
	return store.Mapping{PlatformCompanyID: pr.PlatformCompanyID, CWCompanyID: pr.CWCompanyID,
		CWCompanyName: pr.CWCompanyName, AgreementID: pr.AgreementID, AdditionID: pr.AdditionID,
		Method: pr.Method, Confidence: pr.Confidence}
}

// apiSetMapping maps a company by hand.
func (s *server) apiSetMapping(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in mappingJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := checkText("cw_company_name", in.CWCompanyName, maxCWNameLen, false); err != nil {
		return err
	}
	c, err := s.companyByExternalID(r.Context(), p, r.PathValue("external_id"))
	if err != nil {
		return err
	}
	m := store.Mapping{PlatformCompanyID: c.ID, CWCompanyID: in.CWCompanyID, CWCompanyName: in.CWCompanyName,
		AgreementID: in.AgreementID, AdditionID: in.AdditionID, Method: "manual", Confidence: 1}
	if err := s.saveMapping(r.Context(), p, m); err != nil {
		return err
	}
	in.ExternalID, in.CompanyName, in.Method, in.Confidence = c.ExternalID, c.Name, m.Method, m.Confidence
	writeJSON(w, http.StatusOK, in)
	return nil
}

func (s *server) apiDeleteMapping(w http.ResponseWriter, r *http.Request, p *principal) error {
	c, err := s.companyByExternalID(r.Context(), p, r.PathValue("external_id"))
	if err != nil {
		return err
	}
	if err := s.unmap(r.Context(), p, c.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// cwRef is a ConnectWise record offered in a picker.
type cwRef struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func (s *server) apiCWCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	cs, err := s.searchCompanies(r.Context(), p, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := make([]cwRef, len(cs))
	for i, c := range cs {
		out[i] = cwRef{ID: c.ID, Name: c.Name}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiCWAgreements(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := s.agreements(r.Context(), p, int(id))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiCWAdditions(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := s.additions(r.Context(), p, int(id))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiBillingPreview(w http.ResponseWriter, r *http.Request, p *principal) error {
	changes, err := s.billing(p).Preview(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	return s.writeChanges(w, r, p, changes)
}

// apiBillingPush answers the push's changes (200), or 202 with its job
// when it has no outcome within Config.PushWait.
func (s *server) apiBillingPush(w http.ResponseWriter, r *http.Request, p *principal) error {
	out, err := s.push(r.Context(), p)
	if err != nil {
		return err
	}
	if out.Queued {
		writeJSON(w, http.StatusAccepted, queuedPushJSON{JobID: out.JobID, State: out.State,
			LastError: out.LastError})
		return nil
	}
	if out.JobID != 0 {
		w.Header().Set("X-Job-Id", strconv.FormatInt(out.JobID, 10))
	}
	return s.writeChanges(w, r, p, out.Changes)
}

// queuedPushJSON is a push that has no outcome yet: its job, the job's
// state and, when an attempt failed, why.
type queuedPushJSON struct {
	JobID     int64  `json:"job_id"`
	State     string `json:"state"`
	LastError string `json:"last_error,omitempty"`
}

func (s *server) writeChanges(w http.ResponseWriter, r *http.Request, p *principal, changes []billing.Change) error {
	out, err := s.changesJSON(r, p, changes)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// changesJSON is what the API and the UI show of billing changes.
func (s *server) changesJSON(r *http.Request, p *principal, changes []billing.Change) ([]changeJSON, error) {
	ext, err := s.externalByID(r, p)
	if err != nil {
		return nil, err
	}
	out := make([]changeJSON, len(changes))
	for i, c := range changes {
		out[i] = changeJSON{ExternalID: ext[c.PlatformCompanyID], CompanyName: c.CompanyName,
			AgreementID: c.AgreementID, AdditionID: c.AdditionID, Count: c.Count, Old: c.Old, New: c.New,
			Action: c.Action, Reason: c.Reason, Pushed: c.Pushed}
		if c.Err != nil {
			out[i].Error = c.Err.Error()
		}
	}
	return out, nil
}

func (s *server) externalByID(r *http.Request, p *principal) (map[int64]string, error) {
	ids, err := s.externalIDs(r, p)
	out := make(map[int64]string, len(ids))
	for ext, id := range ids {
		out[id] = ext
	}
	return out, err
}

func (s *server) apiBillingHistory(w http.ResponseWriter, r *http.Request, p *principal) error {
	hs, err := s.st.BillingChanges(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	out := make([]historyJSON, len(hs))
	for i, h := range hs {
		out[i] = historyJSON{At: h.At, Actor: h.Actor, AgreementID: h.AgreementID, AdditionID: h.AdditionID,
			Old: h.OldQuantity, New: h.NewQuantity, Result: h.Result}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiBillingSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	b, err := s.st.BillingSettings(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsOf(b))
	return nil
}

func (s *server) apiSaveBillingSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in settingsJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.saveSettings(r.Context(), p, in); err != nil {
		return err
	}
	return s.apiBillingSettings(w, r, p)
}

func settingsOf(b store.BillingSettings) settingsJSON {
	return settingsJSON{Product: b.Product, Schedule: b.Schedule, DayOfMonth: b.DayOfMonth, Hour: b.Hour,
		TimeZone: b.TimeZone, Effective: b.Effective, Prorate: b.Prorate, OverwriteDrift: b.OverwriteDrift}
}

// errSettings wraps an invalid billing setting.
func errSettings(err error) error {
	return fmt.Errorf("billing settings: %w: %w", store.ErrInvalid, err)
}
