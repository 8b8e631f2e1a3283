package integration

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// reporterNote is the ledger name under which a later reporter's note on
// the group's ticket is recorded, so it is added once.
const reporterNote = "note:reporter"

// Noter adds a note to a ticket; the ConnectWise adapter PSA implements it.
type Noter interface {
	AddNote(ctx context.Context, ticketID int, text string) (int, error)
}

// AddNote implements Noter: an internal analysis note on the ticket.
func (p PSA) AddNote(ctx context.Context, ticketID int, text string) (int, error) {
	n, _, err := p.Client.Tickets.AddNote(ctx, ticketID, &cwm.ServiceNote{
		Text: text, InternalAnalysisFlag: true,
	})
	if err != nil {
		return 0, err
	}
	return n.ID, nil
}

// groupKey identifies the reported message within the reporter's company:
// its Message-ID, or its bytes when it has none. "" when the report holds
// no message.
func groupKey(rep store.Report, res *mailcheck.Result) string {
	if res == nil || len(res.Originals) == 0 || rep.PlatformCompanyID == 0 {
		return ""
	}
	m := res.Originals[0]
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%d\x00", rep.PartnerID, rep.PlatformCompanyID)
	if id := strings.ToLower(strings.Trim(strings.TrimSpace(m.MessageID), "<>")); id != "" {
		fmt.Fprintf(h, "id\x00%s", id)
	} else {
		fmt.Fprintf(h, "raw\x00")
		h.Write(m.Raw)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// groupTicket tickets a later report of an already reported message on the
// first report's ticket; handled is false for the first report of its
// message, which creates the ticket. The same person reporting the message
// again is a duplicate; another person is named in a note.
func (r *Reports) groupTicket(ctx context.Context, rep store.Report,
	res *mailcheck.Result) (servicedesk.Outcome, bool, error) {
	key := groupKey(rep, res)
	if key == "" {
		return servicedesk.Outcome{}, false, nil
	}
	reporter := key + ":" + strings.ToLower(strings.TrimSpace(rep.ReporterEmail))
	dup, err := r.Store.ClaimReportGroup(ctx, rep.PartnerID, reporter, rep.ID)
	if err != nil || dup != rep.ID {
		out, err := r.ticketOf(ctx, dup, err)
		return out, true, err
	}
	first, err := r.Store.ClaimReportGroup(ctx, rep.PartnerID, key, rep.ID)
	if err != nil || first != rep.ID {
		out, err := r.ticketOf(ctx, first, err)
		if err == nil {
			err = r.noteReporter(ctx, rep, out.TicketID)
		}
		return out, true, err
	}
	return servicedesk.Outcome{}, false, nil
}

// ticketOf returns the ticket of an earlier report of the message.
func (r *Reports) ticketOf(ctx context.Context, reportID int64,
	claimErr error) (servicedesk.Outcome, error) {
	if claimErr != nil {
		return servicedesk.Outcome{}, fmt.Errorf("grouping the report: %w", claimErr)
	}
	first, err := r.Store.Report(ctx, reportID)
	if err != nil {
		return servicedesk.Outcome{}, fmt.Errorf("reading report %d: %w", reportID, err)
	}
	if first.CWTicketID == 0 {
		return servicedesk.Outcome{}, fmt.Errorf("report %d: %w", reportID, errFirstNotTicketed)
	}
	return servicedesk.Outcome{TicketID: first.CWTicketID}, nil
}

// errFirstNotTicketed means a later report waits for the first report of
// its message to be ticketed; its job retries.
var errFirstNotTicketed = errors.New("the first report of this message has no ticket yet")

// noteReporter adds the note naming a later reporter, unless the ledger
// says it was added.
func (r *Reports) noteReporter(ctx context.Context, rep store.Report, ticketID int) error {
	docs, err := r.Store.ReportDocuments(ctx, rep.ID)
	if err != nil {
		return fmt.Errorf("reading the report's ledger: %w", err)
	}
	if slices.ContainsFunc(docs, func(d store.ReportDocument) bool { return d.Name == reporterNote }) {
		return nil
	}
	noter, ok := r.Ticketer.PSA.(Noter)
	if !ok {
		return errors.New("the service desk cannot add notes")
	}
	// TODO: a crash between the note and its record adds the note again on
	// retry; costs a duplicate note naming the same reporter, not a ticket.
	id, err := noter.AddNote(ctx, ticketID, fmt.Sprintf(
		"Also reported by %s (psabridge report %s).", rep.ReporterEmail, rep.Key))
	if err != nil {
		return fmt.Errorf("adding the reporter's note to ticket %d: %w", ticketID, err)
	}
	return r.Store.AddReportDocument(ctx, store.ReportDocument{
		ReportID: rep.ID, Name: reporterNote, CWDocumentID: id,
	})
}
