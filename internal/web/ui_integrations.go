package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

var unixEpoch = time.Unix(0, 0)

// dummyHash is checked when an address is unknown, so that a sign-in
// takes as long whether or not the address exists.
var dummyHash, _ = HashPassword("not a password anyone has")

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// fieldHelp says where each connect field is found in ConnectWise.
var fieldHelp = []struct{ Name, Label, Help, Type string }{
	{"company_id", "Company ID", "The Company you type on the ConnectWise login screen.", "text"},
	{"url", "ConnectWise URL", "The address you log in to ConnectWise at, e.g. na.myconnectwise.net, or your own server's.", "text"},
	{"public_key", "Public key", "System › Members › API Members › your API member › API Keys: create a key and copy its public key.", "text"},
	{"private_key", "Private key", "Shown once when the API key is created, beside the public key; create a new key if it is lost.", "password"},
}

// rightRow is one line of a feature's permission checklist.
type rightRow struct {
	Right       string
	OK          bool
	Remediation string
}

// featureChecklist is one feature's checklist and switch.
type featureChecklist struct {
	Feature string
	Title   string
	OK      bool
	On      bool
	Rows    []rightRow
}

// integrationsData is the Integrations page.
type integrationsData struct {
	Connection connectionJSON
	Fields     []fieldView
	Checked    bool
	Member     string
	Role       string
	Features   []featureChecklist
}

type fieldView struct {
	Name, Label, Help, Type, Value, Error string
}

func (s *server) integrationsPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	d, err := s.integrations(r.Context(), p, nil)
	return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d}, err
}

// integrations builds the page; rep is a check just made, else the page
// reads the rights afresh without recording a check.
func (s *server) integrations(ctx context.Context, p *principal, rep *integration.PermissionReport) (integrationsData, error) {
	d := integrationsData{Fields: fields(nil, nil)}
	conn, err := s.st.Connection(ctx, p.Partner.ID)
	if errors.Is(err, store.ErrNotFound) {
		return d, nil
	}
	if err != nil {
		return d, err
	}
	at := conn.ConnectedAt
	d.Connection = connectionJSON{Connected: true, CompanyID: conn.CompanyID, LoginURL: conn.LoginURL,
		APIBaseURL: conn.APIBaseURL, PublicKey: conn.PublicKey, ConnectedAt: &at}
	if rep == nil {
		c, err := s.service(p).Client(ctx, p.Partner.ID)
		if err != nil {
			return d, err
		}
		fresh, err := integration.CheckPermissions(ctx, c)
		if err != nil {
			return d, err
		}
		rep = &fresh
	}
	f, err := s.st.Features(ctx, p.Partner.ID)
	d.Checked, d.Member, d.Role = true, rep.Member, rep.Role
	d.Features = checklists(*rep, f)
	return d, err
}

func fields(form map[string]string, err error) []fieldView {
	var fe *integration.FieldError
	errors.As(err, &fe)
	out := make([]fieldView, len(fieldHelp))
	for i, f := range fieldHelp {
		out[i] = fieldView{Name: f.Name, Label: f.Label, Help: f.Help, Type: f.Type}
		if f.Name != "private_key" {
			out[i].Value = form[f.Name]
		}
		if fe != nil && fe.Field == f.Name {
			out[i].Error = fe.Err.Error()
		}
	}
	return out
}

// checklists lists, per feature, every required right green or red, and
// for the service desk the default board.
func checklists(rep integration.PermissionReport, f store.Features) []featureChecklist {
	out := []featureChecklist{
		{Feature: integration.FeatureBilling, Title: "Billing", On: f.Billing},
		{Feature: integration.FeatureServiceDesk, Title: "Service desk", On: f.ServiceDesk},
	}
	for i := range out {
		fc := rep.Feature(out[i].Feature)
		out[i].OK = fc.OK
		missing := map[integration.Right]string{}
		for _, m := range fc.Missing {
			missing[m.Right] = m.Remediation
		}
		for _, right := range integration.RequiredRights[out[i].Feature] {
			fix, bad := missing[right]
			out[i].Rows = append(out[i].Rows, rightRow{Right: right.String(), OK: !bad, Remediation: fix})
		}
	}
	board := rightRow{Right: "A default service board on the API member", OK: rep.DefaultBoard.OK,
		Remediation: rep.DefaultBoard.Remediation}
	if board.OK {
		board.Right += ": " + rep.DefaultBoard.Name
	}
	out[1].Rows = append(out[1].Rows, board)
	return out
}

func (s *server) connectForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	form := map[string]string{}
	for _, f := range fieldHelp {
		form[f.Name] = r.PostFormValue(f.Name)
	}
	rep, err := s.connect(r.Context(), p, integration.ConnectInput{CompanyID: form["company_id"], URL: form["url"],
		PublicKey: form["public_key"], PrivateKey: form["private_key"]})
	if err != nil {
		d, _ := s.integrations(r.Context(), p, nil)
		d.Fields = fields(form, err)
		return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d}, err
	}
	d, err := s.integrations(r.Context(), p, &rep)
	return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d,
		Flash: "Connected. The permission check is below."}, err
}

func (s *server) recheckForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	rep, err := s.check(r.Context(), p)
	if err != nil {
		d, _ := s.integrations(r.Context(), p, nil)
		return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d}, err
	}
	d, err := s.integrations(r.Context(), p, &rep)
	return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d,
		Flash: "Permissions re-checked."}, err
}

func (s *server) featureForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	feature, on := r.PostFormValue("feature"), r.PostFormValue("on") == "true"
	err := s.service(p).SetFeature(r.Context(), p.Partner.ID, feature, on)
	d, derr := s.integrations(r.Context(), p, nil)
	if err == nil {
		err = derr
	}
	flash := ""
	if err == nil {
		flash = map[bool]string{true: "Switched on.", false: "Switched off."}[on]
	}
	return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d, Flash: flash}, err
}

func (s *server) disconnectPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return "disconnect", pageData{Title: "Disconnect", Nav: "integrations"}, nil
}

func (s *server) disconnectForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	if err := s.service(p).Disconnect(r.Context(), p.Partner.ID); err != nil {
		return "disconnect", pageData{Title: "Disconnect", Nav: "integrations"}, err
	}
	d, err := s.integrations(r.Context(), p, nil)
	return "integrations", pageData{Title: "Integrations", Nav: "integrations", Data: d,
		Flash: "Disconnected: the credentials are deleted; the company mapping is kept."}, err
}
