package integration

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/store"
)

// ReportJobs does the work of report jobs: it tickets a stored report with
// its partner's stored connection. Each partner's ConnectWise client and
// default board are kept for TTL, shared by every job of the partner in this
// process.
type ReportJobs struct {
	Service *Service
	// TTL is how long a partner's client and board are reused. Default 0:
	// one minute.
	TTL time.Duration
	// Documents, when set, gets a job per new ticket that uploads its
	// documents (see WorkDocuments); nil uploads them in the report's job.
	Documents DocumentsEnqueuer

	mu    sync.Mutex
	desks map[int64]desk
}

// desk is a partner's cached report processing.
type desk struct {
	reports *Reports
	at      time.Time
}

// Work processes the report as one attempt of its job. It returns nil when
// the report needs no retry (ticketed, refused, parked, or stored only
// while the service desk is off) and the error when a retry may help; on
// the last attempt a failure is recorded as StatusFailed.
func (w *ReportJobs) Work(ctx context.Context, partnerID, reportID int64, lastAttempt bool) error {
	rep, err := w.Service.Store.Report(ctx, reportID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted with its partner: nothing left to do
	}
	if err != nil {
		return fmt.Errorf("reading report %d: %w", reportID, err)
	}
	if rep.Status == StatusTicketed || rep.PartnerID != partnerID {
		return nil
	}

	reports, err := w.desk(ctx, partnerID)
	if err != nil && lastAttempt {
		failed := w.Service.Store.UpdateReport(ctx, rep.ID, StatusFailed, err.Error(), 0, nil)
		return errors.Join(err, failed)
	}
	if err != nil {
		return err
	}
	failStatus := StatusReceived
	if lastAttempt {
		failStatus = StatusFailed
	}
	_, status, err := reports.process(ctx, rep, failStatus)
	if status != failStatus {
		return nil
	}
	return err
}

// WorkDocuments uploads the documents of a ticketed report as one attempt of
// its job; reused says the ticket may hold documents psabridge did not
// record. A missing right parks the report (the permission re-check
// replays it, which uploads what is left); on the last attempt a failure
// is recorded as StatusFailed, with the ticket, so a replay finishes it.
func (w *ReportJobs) WorkDocuments(ctx context.Context, partnerID, reportID int64, ticketID int,
	reused, lastAttempt bool) error {
	rep, err := w.Service.Store.Report(ctx, reportID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted with its partner: nothing left to do
	}
	if err != nil {
		return fmt.Errorf("reading report %d: %w", reportID, err)
	}
	if rep.PartnerID != partnerID {
		return nil
	}
	reports, err := w.desk(ctx, partnerID)
	if err == nil && reports.Ticketer == nil {
		err = fmt.Errorf("documents of ticket %d wait: the service desk is off or ConnectWise is "+
			"disconnected (switch it on, or connect, then replay)", ticketID)
	}
	if err == nil {
		_, err = reports.uploadDocuments(ctx, rep, ticketID, reused)
	}
	switch {
	case err == nil && rep.Status != StatusTicketed:
		// A replayed job of a report recorded failed or parked.
		return w.Service.Store.UpdateReport(ctx, rep.ID, StatusTicketed, "", ticketID, nil)
	case err == nil:
		return nil
	case cwm.IsForbidden(err):
		reason := fmt.Sprintf("%s: %v", ParkedReason, err)
		return w.Service.Store.UpdateReport(ctx, rep.ID, StatusParked, reason, ticketID, nil)
	case lastAttempt:
		return errors.Join(err, w.Service.Store.UpdateReport(ctx, rep.ID, StatusFailed, err.Error(), ticketID, nil))
	}
	return err
}

// desk returns the partner's report processing, building it when missing
// or older than TTL.
func (w *ReportJobs) desk(ctx context.Context, partnerID int64) (*Reports, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ttl := w.TTL
	if ttl == 0 {
		ttl = time.Minute
	}
	if d, ok := w.desks[partnerID]; ok && time.Since(d.at) < ttl && w.deskOn(ctx, partnerID) {
		return d.reports, nil
	}

	reports, err := w.build(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	if reports.Ticketer == nil {
		// Storing only (service desk off, or disconnected) is not kept: the
		// job that runs just after the partner switches it on must ticket.
		return reports, nil
	}
	if w.desks == nil {
		w.desks = map[int64]desk{}
	}
	w.desks[partnerID] = desk{reports: reports, at: time.Now()}
	return reports, nil
}

// deskOn reports whether the partner's service desk is still on, so a
// report job just after it is switched off does not ticket with the kept
// desk; a failed read keeps the desk (the next job reads again).
func (w *ReportJobs) deskOn(ctx context.Context, partnerID int64) bool {
	f, err := w.Service.Store.Features(ctx, partnerID)
	return err != nil || f.ServiceDesk
}

// build makes the partner's report processing: ticketing on the API
// member's default board when the service desk is on and connected,
// storing only otherwise.
func (w *ReportJobs) build(ctx context.Context, partnerID int64) (*Reports, error) {
	s := w.Service
	// A report stored while the service desk is off completes its job
	// with ServiceDeskOffReason; Service.SetFeature tickets it when the
	// service desk is switched on again. One stored while the partner is
	// disconnected waits for `jobs replay` or the web UI's replay.
	f, err := s.Store.Features(ctx, partnerID)
	if err != nil {
		return nil, fmt.Errorf("reading features: %w", err)
	}
	if !f.ServiceDesk {
		return s.deskReports(ctx, partnerID, nil, 0)
	}
	c, err := s.Client(ctx, partnerID) // paced by the partner's one limiter
	if errors.Is(err, ErrNotConnected) {
		return s.deskReports(ctx, partnerID, nil, 0)
	}
	if err != nil {
		return nil, err
	}
	me, _, err := c.System.MyMember(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the API member's default board: %w", err)
	}
	board := 0
	if me.ServiceDefaultBoard != nil {
		board = me.ServiceDefaultBoard.ID
	}
	r, err := s.deskReports(ctx, partnerID, c, board)
	if r != nil {
		r.Documents = w.Documents
	}
	return r, err
}
