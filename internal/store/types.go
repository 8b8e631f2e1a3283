package store

import (
	"fmt"
	"time"
)

// Report statuses.
const (
	// ReportReceived is a stored report not yet ticketed.
	ReportReceived = "received"
	// ReportTicketed is a report with its ConnectWise ticket.
	ReportTicketed = "ticketed"
	// ReportRefused is a report that will not be ticketed, with the reason.
	ReportRefused = "refused"
	// ReportFailed is a report whose ticketing gave up, with the reason.
	ReportFailed = "failed"
	// ReportParked is a report waiting for a missing ConnectWise right;
	// it is replayed once a permission check passes.
	ReportParked = "parked"
)

// Partner is an MSP using psabridge.
type Partner struct {
	ID        int64
	Slug      string
	Name      string
	CreatedAt time.Time
}

// Connection is a partner's ConnectWise Manage connection.
type Connection struct {
	PartnerID  int64
	CompanyID  string // the login company id, exactly as typed
	LoginURL   string
	APIBaseURL string
	Codebase   string
	PublicKey  string
	// PrivateKey is plaintext in memory only; it is sealed in the database.
	// Never log it.
	PrivateKey  string
	ClientID    string
	ConnectedAt time.Time // zero means now
}

// String describes the connection without its private key.
func (c Connection) String() string {
	return fmt.Sprintf("store.Connection{PartnerID:%d CompanyID:%q APIBaseURL:%q PrivateKey:redacted}",
		c.PartnerID, c.CompanyID, c.APIBaseURL)
}

// GoString describes the connection without its private key.
func (c Connection) GoString() string { return c.String() }

// Features are the integrations a partner has switched on.
type Features struct {
	Billing     bool `json:"billing"`
	ServiceDesk bool `json:"service_desk"`
}

// PlatformCompany is a client company on the security-awareness platform.
type PlatformCompany struct {
	ID         int64
	PartnerID  int64
	ExternalID string // the platform's id, unique per partner
	Name       string
	Domains    []string
}

// EndUser is a person at a platform company.
type EndUser struct {
	ID        int64
	PartnerID int64
	CompanyID int64 // platform company id; 0 when none
	Email     string
	Name      string
	Active    bool
	Billable  bool
}

// Mapping maps a platform company to a ConnectWise company and, for billing,
// to an agreement addition.
type Mapping struct {
	PartnerID         int64
	PlatformCompanyID int64
	CWCompanyID       int
	CWCompanyName     string
	AgreementID       int // 0 when billing is not mapped
	AdditionID        int // 0 when billing is not mapped
	Method            string
	Confidence        float64
	UpdatedAt         time.Time // set by SaveMapping
}

// Report is a reported e-mail and its progress towards a ticket.
type Report struct {
	ID                int64
	PartnerID         int64
	Key               string // stable key, unique per partner
	ReporterEmail     string
	PlatformCompanyID int64 // 0 when not known
	FileName          string
	Raw               []byte
	ReceivedAt        time.Time // zero means now
	Status            string    // one of the Report… constants; "" means received
	Reason            string
	CWTicketID        int
	AnalysisJSON      []byte
	UpdatedAt         time.Time
}

// ReportDocument is an attachment uploaded to a report's ticket.
type ReportDocument struct {
	ReportID     int64
	Name         string
	CWDocumentID int
}

// BillingChange is one addition quantity pushed, or attempted.
type BillingChange struct {
	ID                int64
	PartnerID         int64
	PlatformCompanyID int64
	AgreementID       int
	AdditionID        int
	OldQuantity       float64
	NewQuantity       float64
	Result            string
	Actor             string
	At                time.Time // zero means now
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID        int64
	PartnerID int64 // 0 for the installation as a whole
	Actor     string
	Action    string
	Detail    string
	At        time.Time // zero means now
}
