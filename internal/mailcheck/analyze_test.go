package mailcheck

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const plainMessage = `
From: "Pay Pal" <service@paypal.example.com>
To: victim@example.org
Subject: =?UTF-8?B?S29udG8gZ2VzcGVycnQg4oCTIGRyaW5nZW5k?=
Date: Mon, 1 Jan 2024 10:00:00 +0000
Message-ID: <abc@paypal.example.com>
Content-Type: text/plain; charset=utf-8

Log in at https://paypal.example.com.evil.example/login now.
`

func TestAnalyzeBareMessage(t *testing.T) {
	t.Parallel()
	res := mustAnalyze(t, crlf(plainMessage), Options{})

	m := res.Originals[0]
	got := struct {
		IsReport                bool
		Subject, Date, ID, From string
		To                      []Address
		URLs                    []string
	}{res.IsReport, m.Subject, m.Date, m.MessageID, m.From.Address, m.To, nil}
	for _, u := range m.URLs {
		got.URLs = append(got.URLs, u.URL+" "+u.Defanged+" "+u.Source)
	}
	want := struct {
		IsReport                bool
		Subject, Date, ID, From string
		To                      []Address
		URLs                    []string
	}{
		false, "Konto gesperrt – dringend", "Mon, 1 Jan 2024 10:00:00 +0000",
		"<abc@paypal.example.com>", "service@paypal.example.com",
		[]Address{{Address: "victim@example.org"}},
		[]string{"https://paypal.example.com.evil.example/login " +
			"hxxps://paypal[.]example[.]com[.]evil[.]example/login text"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bare message (-want +got):\n%s", diff)
	}
}

func TestAnalyzeSubjectRFC2047Q(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nSubject: =?iso-8859-1?Q?Rechnung_f=FCr_Sie?=\n\nhi\n")
	res := mustAnalyze(t, raw, Options{})
	if got, want := res.Originals[0].Subject, "Rechnung für Sie"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
}

func TestAnalyzeEmptyInput(t *testing.T) {
	t.Parallel()
	for _, raw := range [][]byte{nil, []byte(""), []byte(" \r\n\t ")} {
		res, err := Analyze(raw, Options{})
		if !errors.Is(err, ErrEmpty) || res != nil {
			t.Errorf("Analyze(%q) = %v, %v; want nil, ErrEmpty", raw, res, err)
		}
	}
}

func TestAnalyzeNotAMessage(t *testing.T) {
	t.Parallel()
	raw := []byte(strings.Repeat("just some words without any colon\n", 300))
	if _, err := Analyze(raw, Options{}); !errors.Is(err, errNoHeaders) {
		t.Errorf("err = %v, want errNoHeaders", err)
	}
}

func TestAnalyzePrefixes(t *testing.T) {
	t.Parallel()
	body := "From: a@example.com\nSubject: prefixed\n\nbody\n"
	tests := []struct {
		name, prefix, defect string
	}{
		{"bom", "\uFEFF", "byte-order mark"},
		{"mbox", "From a@example.com Mon Jan  1 00:00:00 2024\n", "mbox"},
		{"garbage", "XCSRV-1 () by\n relay.example (x) id\n", "text before the first header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := mustAnalyze(t, crlf(tt.prefix+body), Options{})
			m := res.Originals[0]
			if m.Subject != "prefixed" || m.From == nil || m.From.Address != "a@example.com" {
				t.Errorf("got subject %q from %+v", m.Subject, m.From)
			}
			if !hasDefect(m.Defects, tt.defect) {
				t.Errorf("defects %q lack %q", m.Defects, tt.defect)
			}
		})
	}
}

func TestAnalyzeSpaceBeforeColonIsNotMbox(t *testing.T) {
	t.Parallel()
	res := mustAnalyze(t, crlf("From : x@example.com\nSubject: s\n\nb\n"), Options{})
	if hasDefect(res.Originals[0].Defects, "mbox") {
		t.Errorf("a From header was taken for an mbox line: %q", res.Originals[0].Defects)
	}
}

func TestAnalyzeTruncates(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nSubject: big\n\n" + strings.Repeat("x", 5000) + "\n")
	res := mustAnalyze(t, raw, Options{MaxMessageBytes: 1000})
	if !hasDefect(res.Defects, "only the first 1000") {
		t.Errorf("defects %q lack the truncation", res.Defects)
	}
	if res.Originals[0].Size != 1000 {
		t.Errorf("original size = %d, want 1000", res.Originals[0].Size)
	}
}

func TestAnalyzeDamagedOutlookMsg(t *testing.T) {
	t.Parallel()
	raw := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	res := mustAnalyze(t, raw, Options{})
	m := res.Originals[0]
	if m.Format != FormatMSG || m.Size != 512 || len(m.SHA256) != 64 {
		t.Errorf("original = format %q size %d sha %q", m.Format, m.Size, m.SHA256)
	}
	if !hasDefect(m.Defects, "msg original unreadable") {
		t.Errorf("defects %q", m.Defects)
	}
}

func TestAnalyzeSimulation(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nX-PSAbridge-Simulation: campaign-7\nSubject: s\n\n" +
		"http://10.1.2.3/x\n")
	res := mustAnalyze(t, raw, Options{})
	if res.Verdict != VerdictSimulation {
		t.Errorf("verdict = %q, want simulation", res.Verdict)
	}
	res = mustAnalyze(t, raw, Options{SimulationHeader: "X-Other"})
	if res.Verdict == VerdictSimulation {
		t.Error("a renamed simulation header still matched the default one")
	}
}

// reportOf wraps original as a report from reporter, base64-encoding the
// message/rfc822 part when b64 is set.
func reportOf(reporter, original string, b64 bool) []byte {
	part := "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"o.eml\"\n\n" +
		strings.TrimPrefix(original, "\n")
	if b64 {
		enc := base64.StdEncoding.EncodeToString(crlf(original))
		part = "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + enc + "\n"
	}
	return crlf("From: End User <" + reporter + ">\nTo: soc@example.org\nSubject: FW: look\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain\n\nPlease check.\n--b1\n" + part + "--b1--\n")
}

func TestAnalyzeReportBase64RFC822(t *testing.T) {
	t.Parallel()
	res := mustAnalyze(t, reportOf("user@example.org", plainMessage, true), Options{})
	if !res.IsReport || res.Reporter == nil || res.Reporter.Address != "user@example.org" {
		t.Fatalf("IsReport %v reporter %+v", res.IsReport, res.Reporter)
	}
	if len(res.Originals) != 1 {
		t.Fatalf("%d originals, want 1", len(res.Originals))
	}
	if got := res.Originals[0].Subject; got != "Konto gesperrt – dringend" {
		t.Errorf("original subject = %q", got)
	}
}

func TestAnalyzeSelfAddressedNeedsHint(t *testing.T) {
	t.Parallel()
	original := "\nFrom: user@example.org\nSubject: FW: look\n\nI hacked you\n"
	raw := reportOf("user@example.org", original, false)
	if res := mustAnalyze(t, raw, Options{}); res.IsReport {
		t.Error("a re-wrap (same From and Subject) was taken for a report")
	}
	res := mustAnalyze(t, raw, Options{ReportedBy: "USER@example.org"})
	if !res.IsReport || res.Originals[0].Subject != "FW: look" {
		t.Errorf("with ReportedBy: IsReport %v originals %d", res.IsReport, len(res.Originals))
	}
}

func TestAnalyzeBounceIsNotAReport(t *testing.T) {
	t.Parallel()
	raw := crlf(`
From: Mail Delivery System <mailer-daemon@mx.example.net>
Subject: Undelivered Mail
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: message/delivery-status

Final-Recipient: rfc822; gone@example.com
--b
Content-Type: message/rfc822

From: someone@example.com
Subject: hello

hi
--b--
`)
	if res := mustAnalyze(t, raw, Options{}); res.IsReport {
		t.Error("a bounce was taken for a report")
	}
}
