package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck"
)

// analysisView is what the UI shows of an analysis: every string in it
// but Verdict and the severities comes from the e-mail's author, and the
// templates escape it; addresses and links are defanged.
type analysisView struct {
	Verdict   string
	Score     int
	Findings  []mailcheck.Finding
	Reporter  string
	Originals []originalView
	Defects   []string
}

// originalView is one reported message of an analysis.
type originalView struct {
	Format, Subject, Date, FromName, FromAddress string
	SPF, DKIM, DMARC                             string
	ReplyTo                                      []string
	Defects                                      []string
	URLs                                         []string
	Attachments                                  []attachmentView
	Size                                         int
	SHA256                                       string
}

// attachmentView is one attachment of a reported message.
type attachmentView struct {
	Name, ContentType, SniffedType, SHA256 string
	Size                                   int
	Encrypted, Macros                      bool
}

// analysisViewOf is the view of a result.
func analysisViewOf(res *mailcheck.Result) *analysisView {
	v := &analysisView{Verdict: res.Verdict, Score: res.Score, Findings: res.Findings, Defects: res.Defects}
	if res.Reporter != nil {
		v.Reporter = mailcheck.Defang(res.Reporter.Address)
	}
	for _, m := range res.Originals {
		o := originalView{Format: string(m.Format), Subject: m.Subject, Date: m.Date, Size: m.Size,
			SHA256: m.SHA256, SPF: m.Authentication.SPF, DKIM: m.Authentication.DKIM,
			DMARC: m.Authentication.DMARC}
		if m.From != nil {
			o.FromName, o.FromAddress = m.From.Name, mailcheck.Defang(m.From.Address)
		}
		for _, a := range m.ReplyTo {
			o.ReplyTo = append(o.ReplyTo, mailcheck.Defang(a.Address))
		}
		o.Defects = m.Defects
		for _, u := range m.URLs {
			o.URLs = append(o.URLs, u.Defanged)
		}
		for _, a := range m.Attachments {
			o.Attachments = append(o.Attachments, attachmentView{Name: a.Name, ContentType: a.ContentType,
				SniffedType: a.SniffedType, SHA256: a.SHA256, Size: a.Size, Encrypted: a.Encrypted, Macros: a.Macros})
		}
		v.Originals = append(v.Originals, o)
	}
	return v
}

// analyze analyses a message as the partner's reports are analysed (its
// simulation header), storing nothing.
func (s *server) analyze(ctx context.Context, p *principal, raw []byte) (*mailcheck.Result, error) {
	d, err := s.st.ServiceDeskSettings(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	res, err := mailcheck.Analyze(raw, mailcheck.Options{SimulationHeader: d.SimulationHeader,
		SimulationHandling: d.SimulationHandling})
	if err != nil {
		return nil, invalidField("file", "the file cannot be analysed as an e-mail: %s", err.Error())
	}
	return res, nil
}

// analyzeData is the Analyse page.
type analyzeData struct {
	FileName string
	Analysis *analysisView
	MaxMiB   int
}

func (s *server) analyzePage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return "analyze", pageData{Title: "Analyse an e-mail", Nav: "analyze",
		Data: &analyzeData{MaxMiB: maxCSVBody >> 20}}, nil
}

// analyzeForm analyses an uploaded message and shows the findings.
func (s *server) analyzeForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	d := &analyzeData{MaxMiB: maxCSVBody >> 20}
	pd := pageData{Title: "Analyse an e-mail", Nav: "analyze", Data: d}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "analyze", pd, invalidField("file", "choose an .eml, .msg or winmail.dat file to analyse")
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return "analyze", pd, fmt.Errorf("reading the upload: %w", err)
	}
	res, err := s.analyze(r.Context(), p, raw)
	if err != nil {
		return "analyze", pd, err
	}
	d.FileName, d.Analysis = hdr.Filename, analysisViewOf(res)
	return "analyze", pd, nil
}

// apiAnalyze analyses the request body (a raw message) and answers the
// analysis; nothing is stored or sent to ConnectWise.
func (s *server) apiAnalyze(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := rawMessageBody(r); err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxReportBody+1))
	if err != nil {
		return &badRequest{"reading the message: " + err.Error()}
	}
	if len(raw) > maxReportBody {
		return errTooLarge
	}
	if len(raw) == 0 {
		return &badRequest{"the body must be the message to analyse (.eml, .msg or winmail.dat)"}
	}
	res, err := s.analyze(r.Context(), p, raw)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // attacker text: never raw HTML, even in JSON
	return enc.Encode(res)
}

// rawMessageBody refuses a request whose body is a form or JSON rather
// than a message's bytes: analysed as it is, the form's envelope would be
// the "message", and the real one an attachment of it.
func rawMessageBody(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return &badRequest{"Content-Type " + strconv.Quote(ct) + " is unreadable: send message/rfc822"}
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"), mt == "application/x-www-form-urlencoded", mt == "application/json":
		return &badRequest{"the body must be the message's own bytes (Content-Type message/rfc822, " +
			"application/vnd.ms-outlook or application/octet-stream), not " + mt +
			": with curl, --data-binary @FILE rather than -F"}
	}
	return nil
}
