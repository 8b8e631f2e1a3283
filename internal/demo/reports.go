package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// submitReports takes every file in the reports folder as a report by an end
// user of a mapped company. Each report is stored with its job in one
// transaction; the jobs ticket them, and the summary is read back once they
// settle. Reports of an earlier run are not received twice, and their
// unfinished jobs resume.
func (r *run) submitReports(ctx context.Context, q *jobs.Queue, sum Summary) (Summary, error) {
	files := r.files
	reporters, err := r.reporters(ctx)
	if err != nil {
		return sum, err
	}
	if len(reporters) == 0 {
		return sum, fmt.Errorf("no end user of a mapped company can report: map at least one company")
	}
	r.ticketer(ctx) // says so when the service desk is off

	reports := integration.Reports{Store: r.store, PartnerID: r.partner.ID, Queue: q}
	fmt.Fprintf(r.out, "reports: %d files from %s\n", len(files), r.cfg.ReportsDir)
	var subs []submission
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		subs = append(subs, r.submitOne(ctx, &reports, q, f, reporters[i%len(reporters)]))
	}
	if err := r.settle(ctx, q); err != nil {
		return sum, err
	}
	for _, s := range subs {
		sum = r.tally(ctx, s, sum)
	}
	return sum, nil
}

// submission is one submitted file: its report, or why it has none.
type submission struct {
	name, reporter string
	reportID       int64
	wasTicketed    bool // ticketed by an earlier run
	refusal        string
}

func (r *run) submitOne(ctx context.Context, reports *integration.Reports, q *jobs.Queue, path, reporter string) submission {
	s := submission{name: filepath.Base(path), reporter: reporter}
	raw, err := readBounded(path, maxReportBytes)
	if err != nil {
		s.refusal = "reading the file: " + err.Error()
		return s
	}
	rep, created, err := reports.Receive(ctx, s.name, raw, reporter)
	if err != nil {
		s.refusal = "storing the report: " + err.Error()
		return s
	}
	s.reportID, s.wasTicketed = rep.ID, rep.Status == integration.StatusTicketed
	if !created && rep.Status == integration.StatusReceived {
		// Received by a run from before reports had jobs: give it one (a
		// report with a pending job is not enqueued twice).
		if err := q.EnqueueReport(ctx, r.partner.ID, rep.ID); err != nil {
			s.refusal = err.Error()
		}
	}
	return s
}

// tally adds a settled submission to the summary and prints its line.
func (r *run) tally(ctx context.Context, s submission, sum Summary) Summary {
	sum.Reports++
	rep, err := r.store.Report(ctx, s.reportID)
	if s.refusal == "" && err != nil {
		s.refusal = "reading the report: " + err.Error()
	}
	if s.refusal == "" && rep.Status != integration.StatusTicketed {
		s.refusal = notTicketed(rep)
	}
	if s.refusal != "" {
		sum.Refused = append(sum.Refused, Refusal{File: s.name, Reason: s.refusal})
		fmt.Fprintf(r.out, "  %-50s refused: %s\n", shown(s.name), s.refusal)
		return sum
	}
	sum.Tickets++
	if s.wasTicketed {
		sum.AlreadyTicketed++
		fmt.Fprintf(r.out, "  %-50s ticket #%d, already ticketed by an earlier run\n", shown(s.name), rep.CWTicketID)
		return sum
	}
	ds, _ := r.store.ReportDocuments(ctx, rep.ID)
	sum.Documents += len(ds)
	fmt.Fprintf(r.out, "  %-50s ticket #%d, %d documents (reported by %s)\n", shown(s.name), rep.CWTicketID, len(ds), s.reporter)
	return sum
}

// shown is a file name fit for a terminal line: a name with control,
// invisible or direction-changing characters is quoted with escapes, so it
// cannot break or forge the report table.
func shown(name string) string {
	if strings.IndexFunc(name, func(r rune) bool {
		return !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Cf, r)
	}) < 0 {
		return name
	}
	return strconv.QuoteToASCII(name)
}

// notTicketed says why a settled report has no ticket.
func notTicketed(rep store.Report) string {
	if rep.Status == integration.StatusReceived {
		if rep.Reason == "" {
			return "not ticketed yet: its job is queued"
		}
		return "not ticketed yet, its job retries: " + rep.Reason
	}
	return rep.Reason
}

func (r *run) ticketer(ctx context.Context) *servicedesk.Ticketer {
	f, err := r.store.Features(ctx, r.partner.ID)
	if err != nil || !f.ServiceDesk {
		fmt.Fprintln(r.out, "service desk is off: reports are stored, not ticketed")
		return nil
	}
	return &servicedesk.Ticketer{
		PSA:      integration.PSA{Client: r.client},
		Ledger:   integration.Ledger{Store: r.store},
		Settings: servicedesk.Settings{BoardID: r.boardID},
	}
}

// reporters are the e-mail addresses of active end users of mapped
// companies, taking one company after another so reports spread over the
// companies; the order is stable from run to run.
func (r *run) reporters(ctx context.Context) ([]string, error) {
	ms, err := r.store.Mappings(ctx, r.partner.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	mapped := map[int64]bool{}
	for _, m := range ms {
		mapped[m.PlatformCompanyID] = true
	}
	users, err := r.store.EndUsers(ctx, r.partner.ID)
	if err != nil {
		return nil, fmt.Errorf("reading end users: %w", err)
	}
	var companies []int64
	byCompany := map[int64][]string{}
	for _, u := range users {
		if !u.Active || !mapped[u.CompanyID] {
			continue
		}
		if byCompany[u.CompanyID] == nil {
			companies = append(companies, u.CompanyID)
		}
		byCompany[u.CompanyID] = append(byCompany[u.CompanyID], u.Email)
	}
	return interleave(companies, byCompany), nil
}

func interleave(keys []int64, lists map[int64][]string) []string {
	var out []string
	for i := 0; ; i++ {
		added := false
		for _, k := range keys {
			if i < len(lists[k]) {
				out = append(out, lists[k][i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// maxReportBytes bounds a submitted file: far above any real e-mail, far
// below what would exhaust memory.
const maxReportBytes = 64 << 20

// readBounded reads a file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("larger than %d MiB: not an e-mail a person reported", limit>>20)
	}
	return raw, nil
}

// reportFiles lists the files of dir to submit, in name order: regular
// files, and symbolic links to regular files; hidden files, sub-folders and
// the notes shipped beside samples are left out.
func reportFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the reports folder: %w (pass --reports DIR)", err)
	}
	var files []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") || isDoc(e.Name()) || !isFile(path) {
			continue
		}
		files = append(files, path)
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("the reports folder %s has no files", dir)
	}
	return files, nil
}

// isFile reports a regular file, following a symbolic link. A link to
// something that is not there is listed, so it is refused with a reason
// rather than dropped silently.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err != nil || fi.Mode().IsRegular()
}

// isDoc skips the attribution and licence notes shipped beside samples.
func isDoc(name string) bool {
	ext := filepath.Ext(name)
	return ext == ".md" || ext == ".txt" || ext == ".csv"
}
