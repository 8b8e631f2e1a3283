package mailcheck

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLookalike(t *testing.T) {
	t.Parallel()
	protected := protectedDomains([]string{"contoso-dental.com"})
	tests := map[string]bool{
		"paypa1.com":               true,
		"xn--pypal-4ve.com":        true, // Cyrillic а in "pаypal"
		"rnicrosoft.com":           true,
		"contoso-dentai.com":       true,
		"paypal.com.login.example": true,
		"paypal.com":               false,
		"mail.contoso-dental.com":  false,
		"unrelated-shop.example":   false,
		"192.0.2.1":                false,
	}
	for host, want := range tests {
		if got := lookalike(host, protected); (got != "") != want {
			t.Errorf("lookalike(%q) = %q, want flagged %v", host, got, want)
		}
	}
}

func TestUnwrapURL(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2Fa&data=x": "https://evil.example/a",
		"https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_a&d=x":                   "https://evil.example/a",
		"https://urldefense.com/v3/__https://evil.example/a__;!!x":                                  "https://evil.example/a",
		"https://www.google.com/url?q=https://evil.example/a&sa=D":                                  "https://evil.example/a",
		"https://example.com/?url=https://evil.example/":                                            "",
	}
	for in, want := range tests {
		if got := unwrapURL(in); got != want {
			t.Errorf("unwrapURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDKIMBodyHash(t *testing.T) {
	t.Parallel()
	// bh of the relaxed canonical body "hello world\r\n" (sha256).
	const sig = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=mail.bank.example; s=s1; " +
		"bh=VyqV/unA8yADB4nkiDcHr/4SSC+7HqBLPqgmfIeokPs=; h=From; b=AAAA"
	body := "hello   world \n\n"
	raw := crlf("DKIM-Signature: " + sig + "\nFrom: a@bank.example\nSubject: s\n\n" + body)
	got := mustAnalyze(t, []byte(raw), Options{}).Originals[0].Authentication.DKIMSignatures
	want := []DKIMSignature{{Domain: "mail.bank.example", Selector: "s1", Algorithm: "rsa-sha256",
		Aligned: true, BodyHash: BodyHashIntact}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("signatures (-want +got):\n%s", diff)
	}
	changed := strings.Replace(string(raw), "hello", "HELLO", 1)
	got = mustAnalyze(t, []byte(changed), Options{}).Originals[0].Authentication.DKIMSignatures
	if got[0].BodyHash != BodyHashChanged {
		t.Errorf("altered body: %q", got[0].BodyHash)
	}
}

func TestDeliveryPath(t *testing.T) {
	t.Parallel()
	raw := crlf("Received: from mail-eopbgr.outbound.protection.outlook.com (mail-x.outlook.com [40.107.1.1])\n" +
		" by mx.tenant.example with ESMTPS; Tue, 2 Jan 2024 10:05:00 +0000\n" +
		"Received: from evil-host (unknown [203.0.113.9]) by mail-eopbgr.outbound.protection.outlook.com\n" +
		" with SMTP; Tue, 2 Jan 2024 10:00:00 +0000\n" +
		"From: a@b.example\nSubject: s\n\nx\n")
	p := mustAnalyze(t, raw, Options{}).Originals[0].Path
	if len(p.Hops) != 2 || p.Hops[0].IP != "203.0.113.9" || p.OriginatingIP != "203.0.113.9" {
		t.Errorf("path %+v", p)
	}
	if d := p.Hops[1].DelaySeconds; d == nil || *d != 300 {
		t.Errorf("delay %v, want 300", d)
	}
}

func TestContentFindings(t *testing.T) {
	t.Parallel()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("word/vbaProject.bin")
	_, _ = w.Write([]byte("vba"))
	w, _ = zw.Create("word/_rels/settings.xml.rels")
	_, _ = w.Write([]byte(`<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/` +
		`officeDocument/2006/relationships/attachedTemplate" Target="http://198.51.100.2/t.dotm" ` +
		`TargetMode="External"/></Relationships>`))
	_ = zw.Close()
	pdf := []byte("%PDF-1.7\n1 0 obj << /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> >>\nendobj\n")
	smuggle := []byte(`<html><script>var d=atob("TVqQ");var b=new Blob([d]);` +
		`a.href=URL.createObjectURL(b);a.download="x.iso";</script></html>`)
	raw := crlf("From: a@example.com\nSubject: s\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n" +
		attachmentPart("report.docm", "application/octet-stream", zbuf.Bytes()) +
		attachmentPart("scan.pdf", "application/pdf", pdf) +
		attachmentPart("view.htm", "text/html", smuggle) + "--b--\n")
	res := mustAnalyze(t, raw, Options{})
	want := []string{FindingMacroDocument, FindingExternalReference, FindingPDFActiveContent,
		FindingHTMLAttachment, FindingHTMLSmuggling}
	if diff := cmp.Diff(want, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestSimulationHandling(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nX-PSAbridge-Simulation: c1\nSubject: s\n\nhi\n")
	res := mustAnalyze(t, raw, Options{SimulationHandling: SimulationRecordOnly})
	if res.SimulationHandling != SimulationRecordOnly || !hasFinding(res.Findings, FindingSimulation) {
		t.Errorf("handling %q findings %v", res.SimulationHandling, findingIDs(res.Findings))
	}
}
