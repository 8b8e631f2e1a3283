package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/store"
)

// reportView is what the UI and the API show of a report. Every string in
// it but Status may come from the attacker who wrote the e-mail: the
// templates escape it, and it is never put in a URL, script or style.
type reportView struct {
	ID          int64
	Status      string
	Reason      string
	Reporter    string
	FileName    string
	Subject     string
	FromName    string
	FromAddress string
	Verdict     string
	Findings    []mailcheck.Finding
	Attachments []string
	URLs        []string
	TicketID    int
	Received    string
	CanReplay   bool
}

// viewOf reads what the analysis found; a report not yet analysed shows
// its file name only.
func viewOf(r store.Report) reportView {
	v := reportView{ID: r.ID, Status: r.Status, Reason: r.Reason, Reporter: r.ReporterEmail,
		FileName: r.FileName, TicketID: r.CWTicketID, Received: r.ReceivedAt.Format("2006-01-02 15:04Z")}
	if v.Status == "" {
		v.Status = store.ReportReceived
	}
	v.CanReplay = v.Status == store.ReportFailed || v.Status == store.ReportParked || v.Status == store.ReportReceived
	var res mailcheck.Result
	if len(r.AnalysisJSON) == 0 || json.Unmarshal(r.AnalysisJSON, &res) != nil {
		return v
	}
	v.Verdict, v.Findings = res.Verdict, res.Findings
	for i, m := range res.Originals {
		if i == 0 {
			v.Subject = m.Subject
			if m.From != nil {
				v.FromName, v.FromAddress = m.From.Name, m.From.Address
			}
		}
		for _, a := range m.Attachments {
			v.Attachments = append(v.Attachments, a.Name)
		}
		for _, u := range m.URLs {
			v.URLs = append(v.URLs, u.Defanged)
		}
	}
	return v
}

// ticketURL links a ticket in the partner's ConnectWise UI.
func ticketURL(loginURL string, ticketID int) string {
	base := strings.TrimRight(loginURL, "/")
	if !strings.Contains(base, "://") {
		base = "https://" + base
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return fmt.Sprintf("%s://%s/v4_6_release/services/system_io/Service/fv_sr100_request.rdl?service_recid=%d",
		u.Scheme, u.Host, ticketID)
}
