package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/servicedesk"
)

// submitReports takes every file in the reports folder as a report by an end
// user of a mapped company and tickets it.
func (r *run) submitReports(ctx context.Context, sum Summary) (Summary, error) {
	files, err := reportFiles(r.cfg.ReportsDir)
	if err != nil {
		return sum, err
	}
	reporters, err := r.reporters(ctx)
	if err != nil {
		return sum, err
	}
	if len(reporters) == 0 {
		return sum, fmt.Errorf("no end user of a mapped company can report: map at least one company")
	}
	reports := integration.Reports{Store: r.store, PartnerID: r.partner.ID, Ticketer: r.ticketer(ctx)}

	fmt.Fprintf(r.out, "reports: %d files from %s\n", len(files), r.cfg.ReportsDir)
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum = r.submitOne(ctx, &reports, f, reporters[i%len(reporters)], sum)
	}
	return sum, nil
}

func (r *run) submitOne(ctx context.Context, reports *integration.Reports, path, reporter string, sum Summary) Summary {
	name := filepath.Base(path)
	sum.Reports++
	raw, err := readBounded(path, maxReportBytes)
	if err != nil {
		sum.Refused = append(sum.Refused, Refusal{File: name, Reason: "reading the file: " + err.Error()})
		return sum
	}
	rep, _, err := reports.Receive(ctx, name, raw, reporter)
	if err != nil {
		sum.Refused = append(sum.Refused, Refusal{File: name, Reason: "storing the report: " + err.Error()})
		return sum
	}
	out := servicedesk.Outcome{TicketID: rep.CWTicketID}
	if rep.Status != integration.StatusTicketed {
		out, err = reports.Process(ctx, rep)
	}
	sum.Documents += out.DocumentsUploaded
	if err != nil {
		sum.Refused = append(sum.Refused, Refusal{File: name, Reason: err.Error()})
		fmt.Fprintf(r.out, "  %-50s refused: %v\n", name, err)
		return sum
	}
	sum.Tickets++
	fmt.Fprintf(r.out, "  %-50s ticket #%d, %d documents (reported by %s)\n", name, out.TicketID, out.DocumentsUploaded, reporter)
	return sum
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
