package integration

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// Report statuses.
const (
	StatusReceived = store.ReportReceived
	StatusTicketed = store.ReportTicketed
	StatusRefused  = store.ReportRefused // will not be ticketed as it is: the reason says what to fix
	StatusFailed   = store.ReportFailed  // ticketing failed; retrying may succeed
	// StatusParked means ConnectWise answered 403: a right is missing. The
	// report waits, without retrying, until a permission check passes.
	StatusParked = store.ReportParked
)

// ParkedReason prefixes the reason of a parked report.
const ParkedReason = "permission missing"

// Reports receives reported e-mails for one partner and turns them into
// tickets.
type Reports struct {
	Store     store.Store
	PartnerID int64
	// Ticketer is nil while the service desk is switched off or the partner
	// is disconnected: reports are then received and stored only.
	Ticketer *servicedesk.Ticketer
	Analysis mailcheck.Options
	// Closer closes the ticket of a simulation the partner wants ticketed
	// and closed; nil leaves such tickets open.
	Closer TicketCloser
	// Queue, when set, enqueues the job that handles each new report in the
	// transaction that stores it; Store must then be a store.Transactional.
	// Nil stores the report only: the caller processes it.
	Queue Enqueuer
	// Documents, when set, uploads a new ticket's documents in a job of
	// their own, enqueued in the transaction that records the report as
	// ticketed; nil uploads them while ticketing. Store must then be a
	// store.Transactional.
	Documents DocumentsEnqueuer
}

// DocumentsEnqueuer enqueues the job that uploads the documents of a
// ticketed report (jobs.Queue implements it). fresh says the ticket was
// just created, so it holds nothing psabridge did not record.
type DocumentsEnqueuer interface {
	EnqueueDocumentsTx(ctx context.Context, tx *sql.Tx, partnerID, reportID int64, ticketID int,
		fresh bool) error
}

// Enqueuer enqueues the job that handles a report inside the transaction
// that stores the report (jobs.Queue implements it).
type Enqueuer interface {
	EnqueueReportTx(ctx context.Context, tx *sql.Tx, partnerID, reportID int64) error
}

// ReportKey is the stable key of a report: the same bytes reported by the
// same person are one report.
func ReportKey(partnerID int64, reporterEmail string, raw []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00", partnerID, strings.ToLower(strings.TrimSpace(reporterEmail)))
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Receive stores a reported e-mail before anything else happens to it. A
// report received before is returned as it is, with created false.
func (r *Reports) Receive(ctx context.Context, fileName string, raw []byte, reporterEmail string) (store.Report, bool, error) {
	rep := store.Report{
		PartnerID: r.PartnerID, Key: ReportKey(r.PartnerID, reporterEmail, raw),
		ReporterEmail: strings.TrimSpace(reporterEmail), FileName: fileName, Raw: raw, Status: StatusReceived,
	}
	user, err := r.Store.EndUserByEmail(ctx, r.PartnerID, rep.ReporterEmail)
	switch {
	case err == nil:
		rep.PlatformCompanyID = user.CompanyID
	case !errors.Is(err, store.ErrNotFound):
		return store.Report{}, false, fmt.Errorf("finding reporter %s: %w", rep.ReporterEmail, err)
	}
	if r.Queue == nil {
		return r.Store.CreateReport(ctx, rep)
	}
	return r.receiveWithJob(ctx, rep)
}

// receiveWithJob stores a new report and enqueues its job in one
// transaction, so a report is never stored without the job that handles it.
func (r *Reports) receiveWithJob(ctx context.Context, rep store.Report) (store.Report, bool, error) {
	ts, ok := r.Store.(store.Transactional)
	if !ok {
		return store.Report{}, false, errors.New("receiving a report: the store cannot enqueue jobs in a transaction")
	}
	tx, err := ts.DB().BeginTx(ctx, nil)
	if err != nil {
		return store.Report{}, false, fmt.Errorf("receiving a report: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	got, created, err := ts.CreateReportTx(ctx, tx, rep)
	if err != nil || !created {
		return got, false, err
	}
	if err := r.Queue.EnqueueReportTx(ctx, tx, r.PartnerID, got.ID); err != nil {
		return store.Report{}, false, err
	}
	if err := tx.Commit(); err != nil {
		return store.Report{}, false, fmt.Errorf("committing report %d: %w", got.ID, err)
	}
	return got, true, nil
}

// Process analyses a stored report and tickets it. The report's status
// afterwards says what happened; the error is returned too for callers that
// retry.
func (r *Reports) Process(ctx context.Context, rep store.Report) (servicedesk.Outcome, error) {
	out, _, err := r.process(ctx, rep, StatusFailed)
	return out, err
}

// process is Process recording a ticketing failure as failStatus, and
// returning the status it recorded.
func (r *Reports) process(ctx context.Context, rep store.Report, failStatus string) (servicedesk.Outcome, string, error) {
	res, analysis, err := r.analyse(rep)
	if err != nil {
		return servicedesk.Outcome{}, StatusRefused, r.finish(ctx, rep, StatusRefused, err, 0, nil)
	}
	if simulationHandling(res) == mailcheck.SimulationRecordOnly {
		return servicedesk.Outcome{}, StatusReceived, r.recordOnly(ctx, rep, analysis)
	}
	if r.Ticketer == nil {
		// Stored and analysed; nothing to retry until the partner switches
		// the service desk on, which replays it (Service.SetFeature).
		err := r.finish(ctx, rep, StatusReceived, errServiceDeskOff, 0, analysis)
		if err == errServiceDeskOff { //nolint:errorlint // the reason was recorded; only a failure to record it is an error
			err = nil
		}
		return servicedesk.Outcome{}, StatusReceived, err
	}
	companyID, err := r.cwCompany(ctx, rep)
	if err != nil {
		return servicedesk.Outcome{}, StatusRefused, r.finish(ctx, rep, StatusRefused, err, 0, analysis)
	}

	out, deferred, err := r.ticket(ctx, rep, companyID, res, analysis)
	if err == nil && simulationHandling(res) == mailcheck.SimulationTicketClosed && r.Closer != nil {
		err = r.Closer.CloseTicket(ctx, out.TicketID, r.Ticketer.Settings.BoardID)
	}
	status := StatusTicketed
	switch {
	case cwm.IsForbidden(err):
		status, err = StatusParked, fmt.Errorf("%s: %w", ParkedReason, err)
	case err != nil:
		status = failStatus
	case deferred:
		if err = r.finishTicketed(ctx, rep, out, analysis); err == nil {
			return out, status, nil
		}
		status = failStatus // not recorded: the next attempt finds the ticket again
	}
	return out, status, r.finish(ctx, rep, status, err, out.TicketID, analysis)
}

// ticket tickets the first report of a message; a later report of the
// same message in the same company joins the first one's ticket. deferred
// is true when the ticket's documents are left to a job of their own,
// which finish enqueues.
func (r *Reports) ticket(ctx context.Context, rep store.Report, companyID int,
	res *mailcheck.Result, analysis []byte) (out servicedesk.Outcome, deferred bool, err error) {
	if out, handled, err := r.groupTicket(ctx, rep, res); handled {
		return out, false, err
	}
	job := servicedesk.Job{
		ReportID: rep.ID, Key: rep.Key, ReporterEmail: rep.ReporterEmail,
		CWCompanyID: companyID, Result: res, AnalysisJSON: analysis,
	}
	if r.Documents == nil {
		out, err = r.Ticketer.Ticket(ctx, job)
		return out, false, err
	}
	out, err = r.Ticketer.EnsureTicket(ctx, job)
	return out, err == nil, err
}

// finishTicketed records the report as ticketed and enqueues the job that
// uploads its documents, in one transaction: a report is never ticketed
// without the job that completes it.
func (r *Reports) finishTicketed(ctx context.Context, rep store.Report, out servicedesk.Outcome,
	analysis []byte) error {
	ts, ok := r.Store.(store.Transactional)
	if !ok {
		return errors.New("recording a ticket: the store cannot enqueue jobs in a transaction")
	}
	tx, err := ts.DB().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("recording ticket %d: %w", out.TicketID, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	if err := ts.UpdateReportTx(ctx, tx, rep.ID, StatusTicketed, "", out.TicketID, analysis); err != nil {
		return fmt.Errorf("recording ticket %d: %w", out.TicketID, err)
	}
	if err := r.Documents.EnqueueDocumentsTx(ctx, tx, rep.PartnerID, rep.ID, out.TicketID, out.Created); err != nil {
		return fmt.Errorf("ticket %d: enqueueing its documents: %w", out.TicketID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("recording ticket %d: %w", out.TicketID, err)
	}
	return nil
}

// uploadDocuments uploads the documents of a report whose ticket exists:
// the job that KindDocuments runs.
func (r *Reports) uploadDocuments(ctx context.Context, rep store.Report, ticketID int, reused bool) (int, error) {
	res, analysis, err := r.analyse(rep)
	if err != nil {
		return 0, err
	}
	if len(rep.AnalysisJSON) > 0 {
		analysis = rep.AnalysisJSON // the analysis the ticket's description was written from
	}
	return r.Ticketer.UploadDocuments(ctx, servicedesk.Job{
		ReportID: rep.ID, Key: rep.Key, ReporterEmail: rep.ReporterEmail, Result: res,
		AnalysisJSON: analysis,
	}, ticketID, reused)
}

// Replay processes again every report in one of the given statuses, and
// returns how many became tickets.
func (r *Reports) Replay(ctx context.Context, statuses ...string) (int, error) {
	return r.ReplayWhere(ctx, func(rep store.Report) bool { return slices.Contains(statuses, rep.Status) })
}

// ServiceDeskOffReason is the reason of a report stored while the service
// desk was off.
const ServiceDeskOffReason = "stored, not ticketed: the service desk is off (switch it on to ticket the report)"

var errServiceDeskOff = errors.New(ServiceDeskOffReason)

// ReplayWhere processes again every report that match selects, and returns
// how many became tickets.
func (r *Reports) ReplayWhere(ctx context.Context, match func(store.Report) bool) (int, error) {
	all, err := r.Store.Reports(ctx, r.PartnerID)
	if err != nil {
		return 0, fmt.Errorf("listing reports: %w", err)
	}
	n := 0
	for _, listed := range all {
		if !match(listed) {
			continue
		}
		rep, err := r.Store.Report(ctx, listed.ID) // the list leaves the message out
		if err != nil {
			return n, fmt.Errorf("reading report %d: %w", listed.ID, err)
		}
		if _, err := r.Process(ctx, rep); err == nil {
			n++
		}
	}
	return n, nil
}

func (r *Reports) analyse(rep store.Report) (*mailcheck.Result, []byte, error) {
	opts := r.Analysis
	opts.ReportedBy = rep.ReporterEmail
	res, err := mailcheck.Analyze(rep.Raw, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("analysing the report: %w", err)
	}
	analysis, err := json.Marshal(res)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding the analysis: %w", err)
	}
	return res, analysis, nil
}

// cwCompany is the ConnectWise company of the reporter's client company.
func (r *Reports) cwCompany(ctx context.Context, rep store.Report) (int, error) {
	if rep.PlatformCompanyID == 0 {
		return 0, fmt.Errorf("reporter %s is not an end user of any client company: add them to the platform", rep.ReporterEmail)
	}
	mappings, err := r.Store.Mappings(ctx, r.PartnerID)
	if err != nil {
		return 0, fmt.Errorf("reading the company mapping: %w", err)
	}
	for _, m := range mappings {
		if m.PlatformCompanyID == rep.PlatformCompanyID && m.CWCompanyID != 0 {
			return m.CWCompanyID, nil
		}
	}
	return 0, fmt.Errorf("the reporter's client company is not mapped to a ConnectWise company: map it, then replay the report")
}

func (r *Reports) finish(ctx context.Context, rep store.Report, status string, cause error, ticketID int, analysis []byte) error {
	reason := ""
	if cause != nil {
		reason = cause.Error()
	}
	if err := r.Store.UpdateReport(ctx, rep.ID, status, reason, ticketID, analysis); err != nil {
		return errors.Join(cause, fmt.Errorf("recording report %d as %s: %w", rep.ID, status, err))
	}
	return cause
}

// Ledger records uploaded documents of reports in the store.
type Ledger struct{ Store store.Store }

// UploadedDocuments implements servicedesk.Ledger.
func (l Ledger) UploadedDocuments(ctx context.Context, reportID int64) (map[string]bool, error) {
	docs, err := l.Store.ReportDocuments(ctx, reportID)
	if err != nil {
		return nil, err
	}
	done := make(map[string]bool, len(docs))
	for _, d := range docs {
		done[d.Name] = true
	}
	return done, nil
}

// RecordDocument implements servicedesk.Ledger.
func (l Ledger) RecordDocument(ctx context.Context, reportID int64, name string, cwDocumentID int) error {
	return l.Store.AddReportDocument(ctx, store.ReportDocument{ReportID: reportID, Name: name, CWDocumentID: cwDocumentID})
}
