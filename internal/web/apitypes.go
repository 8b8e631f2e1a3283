package web

import (
	"time"

	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/store"
)

// companyJSON is a platform company in the API.
type companyJSON struct {
	ExternalID string   `json:"external_id"`
	Name       string   `json:"name"`
	Domains    []string `json:"domains"`
}

// userJSON is an end user in the API.
type userJSON struct {
	Email             string `json:"email"`
	Name              string `json:"name"`
	CompanyExternalID string `json:"company_external_id"`
	Active            bool   `json:"active"`
	Billable          bool   `json:"billable"`
}

// reportJSON is a report's progress; its raw message is never returned.
type reportJSON struct {
	ID         int64     `json:"id"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason"`
	Reporter   string    `json:"reporter"`
	FileName   string    `json:"file_name"`
	CWTicketID int       `json:"cw_ticket_id"`
	ReceivedAt time.Time `json:"received_at"`
	Subject    string    `json:"subject"`
	Verdict    string    `json:"verdict"`
	// Findings are the analysis's findings, each with its severity and
	// evidence (attacker text).
	Findings    []mailcheck.Finding `json:"findings"`
	Attachments []string            `json:"attachments"`
}

func reportOf(r store.Report) reportJSON {
	v := viewOf(r)
	return reportJSON{ID: r.ID, Status: v.Status, Reason: r.Reason, Reporter: r.ReporterEmail,
		FileName: r.FileName, CWTicketID: r.CWTicketID, ReceivedAt: r.ReceivedAt, Subject: v.Subject,
		Verdict: v.Verdict, Findings: nonNil(v.Findings), Attachments: nonNil(v.Attachments)}
}

// mappingJSON is a company mapping in the API.
type mappingJSON struct {
	ExternalID    string  `json:"external_id"`
	CompanyName   string  `json:"company_name"`
	CWCompanyID   int     `json:"cw_company_id"`
	CWCompanyName string  `json:"cw_company_name"`
	AgreementID   int     `json:"agreement_id"`
	AdditionID    int     `json:"addition_id"`
	Method        string  `json:"method"`
	Confidence    float64 `json:"confidence"`
}

// proposalJSON is an auto-mapping proposal.
type proposalJSON struct {
	ExternalID    string  `json:"external_id"`
	CompanyName   string  `json:"company_name"`
	CWCompanyID   int     `json:"cw_company_id"`
	CWCompanyName string  `json:"cw_company_name"`
	AgreementID   int     `json:"agreement_id"`
	AdditionID    int     `json:"addition_id"`
	Method        string  `json:"method"`
	Confidence    float64 `json:"confidence"`
	Evidence      string  `json:"evidence"`
	Certain       bool    `json:"certain"`
	Reason        string  `json:"reason"`
	Applied       bool    `json:"applied"`
}

// changeJSON is one billing line previewed or pushed.
type changeJSON struct {
	ExternalID  string  `json:"external_id"`
	CompanyName string  `json:"company_name"`
	AgreementID int     `json:"agreement_id"`
	AdditionID  int     `json:"addition_id"`
	Count       int     `json:"count"`
	Old         float64 `json:"old"`
	New         float64 `json:"new"`
	Action      string  `json:"action"`
	Reason      string  `json:"reason"`
	Pushed      bool    `json:"pushed"`
	Error       string  `json:"error,omitempty"`
}

// historyJSON is one recorded billing change.
type historyJSON struct {
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	AgreementID int       `json:"agreement_id"`
	AdditionID  int       `json:"addition_id"`
	Old         float64   `json:"old"`
	New         float64   `json:"new"`
	Result      string    `json:"result"`
}

// settingsJSON is the partner's billing settings.
type settingsJSON struct {
	Product        string `json:"product"`
	Schedule       string `json:"schedule"`
	DayOfMonth     int    `json:"day_of_month"`
	Hour           int    `json:"hour"`
	TimeZone       string `json:"time_zone"`
	Effective      string `json:"effective"`
	Prorate        bool   `json:"prorate"`
	OverwriteDrift bool   `json:"overwrite_drift"`
}

// auditJSON is one audit log entry.
type auditJSON struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail"`
}

// connectionJSON describes the connection; the private key never leaves.
type connectionJSON struct {
	Connected   bool       `json:"connected"`
	CompanyID   string     `json:"company_id,omitempty"`
	LoginURL    string     `json:"login_url,omitempty"`
	APIBaseURL  string     `json:"api_base_url,omitempty"`
	PublicKey   string     `json:"public_key,omitempty"`
	ConnectedAt *time.Time `json:"connected_at,omitempty"`
}

// connectJSON is what the partner types to connect.
type connectJSON struct {
	CompanyID  string `json:"company_id"`
	URL        string `json:"url"`
	PublicKey  string `json:"public_key"`
	PrivateKey string `json:"private_key"`
}

// featuresJSON is both feature switches.
type featuresJSON struct {
	Billing     bool `json:"billing"`
	ServiceDesk bool `json:"service_desk"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
