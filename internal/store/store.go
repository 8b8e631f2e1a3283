package store

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrNotFound reports that a record, or the record it refers to, does
	// not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists reports that a record with the same unique key exists.
	ErrExists = errors.New("already exists")
	// ErrInvalid reports input a record cannot hold, such as an empty key.
	ErrInvalid = errors.New("invalid")
)

// Store is psabridge's persistence. Every method is safe for concurrent use.
// Methods return errors wrapping ErrNotFound, ErrExists or ErrInvalid where
// those apply.
type Store interface {
	// CreatePartner creates a partner; ErrExists when the slug is taken.
	CreatePartner(ctx context.Context, slug, name string) (Partner, error)
	// PartnerBySlug returns the partner with the slug.
	PartnerBySlug(ctx context.Context, slug string) (Partner, error)
	// Partners returns all partners in creation order.
	Partners(ctx context.Context) ([]Partner, error)

	// SaveConnection creates or replaces the partner's connection, sealing
	// the private key.
	SaveConnection(ctx context.Context, c Connection) error
	// Connection returns the partner's connection with the private key
	// opened; ErrNotFound when the partner is not connected.
	Connection(ctx context.Context, partnerID int64) (Connection, error)
	// DeleteConnection disconnects the partner: the credentials are deleted,
	// mappings and history are kept. Disconnecting twice is not an error.
	DeleteConnection(ctx context.Context, partnerID int64) error

	// SetFeatures switches the partner's features on or off.
	SetFeatures(ctx context.Context, partnerID int64, f Features) error
	// Features returns the partner's features; all off until set.
	Features(ctx context.Context, partnerID int64) (Features, error)

	// UpsertPlatformCompany creates or updates the company with the same
	// partner and external id, and returns it with its id.
	UpsertPlatformCompany(ctx context.Context, c PlatformCompany) (PlatformCompany, error)
	// PlatformCompanies returns the partner's companies by id.
	PlatformCompanies(ctx context.Context, partnerID int64) ([]PlatformCompany, error)
	// DeletePlatformCompanies deletes the partner's companies with the
	// external ids, their end users, mappings and pushed counts, in one
	// transaction audited as actor; reports keep their history with no
	// company, billing changes stay. ErrNotFound, naming the unknown ids,
	// when any id is not the partner's: then nothing is deleted.
	DeletePlatformCompanies(ctx context.Context, partnerID int64, externalIDs []string,
		actor string) ([]DeletedCompany, error)

	// UpsertEndUser creates or updates the user with the same partner and
	// e-mail address, compared case-insensitively, and returns it with its id.
	UpsertEndUser(ctx context.Context, u EndUser) (EndUser, error)
	// EndUserByEmail returns the partner's user with the address, compared
	// case-insensitively.
	EndUserByEmail(ctx context.Context, partnerID int64, email string) (EndUser, error)
	// EndUsers returns the partner's users by id.
	EndUsers(ctx context.Context, partnerID int64) ([]EndUser, error)
	// BillableCounts returns, for every company of the partner, the number
	// of users both active and billable; companies without any count 0.
	BillableCounts(ctx context.Context, partnerID int64) (map[int64]int, error)

	// SaveMapping creates or replaces the mapping of a platform company.
	SaveMapping(ctx context.Context, m Mapping) error
	// Mappings returns the partner's mappings by platform company id.
	Mappings(ctx context.Context, partnerID int64) ([]Mapping, error)
	// DeleteMapping removes a platform company's mapping.
	DeleteMapping(ctx context.Context, partnerID, platformCompanyID int64) error

	// CreateReport stores a reported e-mail. When the partner already has a
	// report with the same key it stores nothing and returns the existing
	// report and false.
	CreateReport(ctx context.Context, r Report) (Report, bool, error)
	// Report returns a report with its raw message.
	Report(ctx context.Context, id int64) (Report, error)
	// Reports returns the partner's reports, newest first, without their raw
	// messages (Raw is nil): fetch one with Report for that.
	Reports(ctx context.Context, partnerID int64) ([]Report, error)
	// UpdateReport records a report's progress. A zero ticketID or a nil
	// analysis keeps the stored value, so a ticket id is never lost.
	UpdateReport(ctx context.Context, id int64, status, reason string, ticketID int,
		analysis []byte) error
	// ClaimReportGroup makes the report the first of the partner's group
	// with the key unless the group has one already, and returns the
	// group's first report: reports of one message by several people share
	// its ticket. ErrNotFound when the partner or report does not exist.
	ClaimReportGroup(ctx context.Context, partnerID int64, key string, reportID int64) (int64, error)
	// AddReportDocument records an attachment uploaded to the report's
	// ticket; ErrExists when one with the same name is recorded.
	AddReportDocument(ctx context.Context, d ReportDocument) error
	// ReportDocuments returns the documents recorded for a report, by name.
	ReportDocuments(ctx context.Context, reportID int64) ([]ReportDocument, error)

	// AddBillingChange records a billing push.
	AddBillingChange(ctx context.Context, c BillingChange) error
	// BillingChanges returns the partner's billing history, newest first.
	BillingChanges(ctx context.Context, partnerID int64) ([]BillingChange, error)

	// SaveBillingSettings creates or replaces the partner's billing
	// settings; LastRunAt is not saved (see MarkBillingRun).
	SaveBillingSettings(ctx context.Context, b BillingSettings) error
	// BillingSettings returns the partner's billing settings, or
	// DefaultBillingSettings when it saved none.
	BillingSettings(ctx context.Context, partnerID int64) (BillingSettings, error)
	// MarkBillingRun records when the partner's scheduled billing ran.
	MarkBillingRun(ctx context.Context, partnerID int64, at time.Time) error

	// SaveServiceDeskSettings creates or replaces the partner's
	// service-desk settings; ErrInvalid for an unknown simulation handling
	// or an empty header name.
	SaveServiceDeskSettings(ctx context.Context, d ServiceDeskSettings) error
	// ServiceDeskSettings returns the partner's service-desk settings, or
	// DefaultServiceDeskSettings when it saved none.
	ServiceDeskSettings(ctx context.Context, partnerID int64) (ServiceDeskSettings, error)
	// SetUserExcluded excludes an address from billing counts, or includes
	// it again; compared case-insensitively.
	SetUserExcluded(ctx context.Context, partnerID int64, email string, excluded bool) error
	// ExcludedUsers returns the partner's excluded addresses, lower-cased
	// and sorted.
	ExcludedUsers(ctx context.Context, partnerID int64) ([]string, error)
	// RosterCounts is BillableCounts without the excluded users.
	RosterCounts(ctx context.Context, partnerID int64) (map[int64]int, error)
	// SetPushedCount records a count the platform pushed for a company,
	// which replaces its roster count; a negative count removes it.
	SetPushedCount(ctx context.Context, partnerID, platformCompanyID int64, count int) error
	// PushedCounts returns the pushed counts by platform company id.
	PushedCounts(ctx context.Context, partnerID int64) (map[int64]int, error)
	// LastPushedQuantities returns the quantity of the latest successful
	// billing change of every addition.
	LastPushedQuantities(ctx context.Context, partnerID int64) (map[AdditionRef]float64, error)

	// Audit appends an entry to the audit log.
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the partner's audit entries, newest first; partner 0
	// returns the entries about the installation as a whole.
	AuditLog(ctx context.Context, partnerID int64) ([]AuditEntry, error)

	// Close releases the database.
	Close() error
}
