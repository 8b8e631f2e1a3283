package mailcheck

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAuthenticationResults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers string
		want    Authentication
	}{
		{
			name: "with authserv-id",
			headers: "Authentication-Results: mx.example.net; spf=softfail smtp.mailfrom=x.example;\n" +
				" dkim=pass header.d=x.example; dmarc=fail header.from=bank.example\n",
			want: Authentication{SPF: "softfail", DKIM: "pass", DMARC: "fail"},
		},
		{
			name: "microsoft without authserv-id",
			headers: "Authentication-Results: spf=fail (sender IP is 192.0.2.1)\n" +
				" smtp.mailfrom=evil.example; dkim=none (message not signed)\n" +
				" header.d=none;dmarc=fail action=oreject header.from=bank.example;compauth=fail\n" +
				" reason=000\n",
			want: Authentication{SPF: "fail", DKIM: "none", DMARC: "fail", CompAuth: "fail"},
		},
		{
			name: "only the top-most group counts",
			headers: "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a.example\n" +
				"Received: from relay.example by mx.example.net\n" +
				"Authentication-Results: forged.example; spf=fail; dmarc=fail\n",
			want: Authentication{SPF: "pass"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			raw := crlf("From: a@bank.example\nSubject: s\n" + tt.headers + "\nbody\n")
			got := mustAnalyze(t, raw, Options{}).Originals[0].Authentication
			got.Raw, got.DKIMSignatures = nil, nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("authentication (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthenticationFindings(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@bank.example\nSubject: s\nAuthentication-Results: spf=fail " +
		"smtp.mailfrom=e.example;dkim=fail header.d=e.example;dmarc=fail header.from=bank.example\n\nb\n")
	res := mustAnalyze(t, raw, Options{})
	want := []string{FindingSPFFail, FindingDKIMFail, FindingDMARCFail}
	if diff := cmp.Diff(want, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Score != 9 || res.Verdict != VerdictLikelyPhishing {
		t.Errorf("score %d verdict %q, want 9 likely_phishing", res.Score, res.Verdict)
	}
}

func TestSenderFindings(t *testing.T) {
	t.Parallel()
	raw := crlf(`
From: "billing@bank.example" <x@mail.evil.example>
Reply-To: help@other.example
Return-Path: <bounce@evil.example>
Subject: s

b
`)
	res := mustAnalyze(t, raw, Options{})
	want := []string{FindingReplyToMismatch, FindingDisplayNameAddress}
	if diff := cmp.Diff(want, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestReturnPathMismatch(t *testing.T) {
	t.Parallel()
	raw := crlf("Return-Path: <b@bulk.example.net>\nFrom: a@shop.example.co.uk\nSubject: s\n\nb\n")
	res := mustAnalyze(t, raw, Options{})
	if diff := cmp.Diff([]string{FindingReturnPathMismatch}, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Verdict != VerdictNoIndicators {
		t.Errorf("a lone return-path mismatch scored %q", res.Verdict)
	}
}

func TestHTMLFindings(t *testing.T) {
	t.Parallel()
	raw := crlf(`
From: a@shop.example
Subject: s
Content-Type: text/html

<html><head><meta http-equiv="refresh" content="5; url='https://land.example/r'"></head><body>
<a href="https://login.evil.example/x">https://www.bank.example/login</a>
<a href="http://0x7f000001/p">here</a>
<a href="mailto:x@example.com">mail</a>
<img src="https://cdn.example/i.png">
<form action="https://collect.evil.example/post"><input name="pw"></form>
</body></html>
`)
	res := mustAnalyze(t, raw, Options{})
	var got []string
	for _, u := range res.Originals[0].URLs {
		got = append(got, u.Source+" "+u.URL+" ["+u.Text+"]")
	}
	want := []string{
		"html_meta_refresh https://land.example/r []",
		"html_href https://login.evil.example/x [https://www.bank.example/login]",
		"html_href http://0x7f000001/p [here]",
		"html_src https://cdn.example/i.png []",
		"html_form https://collect.evil.example/post []",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("urls (-want +got):\n%s", diff)
	}
	wantIDs := []string{FindingLinkTextMismatch, FindingIPLiteralURL, FindingHTMLForm}
	if diff := cmp.Diff(wantIDs, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestAttachmentFindings(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nSubject: s\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n" +
		attachmentPart("invoice.pdf.exe", "application/octet-stream", []byte("MZ\x90\x00rest")) +
		attachmentPart("docs.zip", "application/zip", encryptedZip(t)) +
		attachmentPart("notes.txt", "text/plain", []byte("harmless")) + "--b--\n")
	res := mustAnalyze(t, raw, Options{})

	want := []string{FindingExecutableAttachment, FindingDoubleExtension, FindingEncryptedAttachment}
	if diff := cmp.Diff(want, findingIDs(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	atts := res.Originals[0].Attachments
	if len(atts) != 3 {
		t.Fatalf("%d attachments, want 3", len(atts))
	}
	sum, md, s1 := sha256.Sum256([]byte("harmless")), md5.Sum([]byte("harmless")), sha1.Sum([]byte("harmless"))
	got := atts[2]
	got.Content = nil
	wantAtt := Attachment{Name: "notes.txt", ContentType: "text/plain", SniffedType: "text/plain",
		Size: 8, SHA256: hex.EncodeToString(sum[:]), MD5: hex.EncodeToString(md[:]),
		SHA1: hex.EncodeToString(s1[:])}
	if diff := cmp.Diff(wantAtt, got); diff != "" {
		t.Errorf("attachment (-want +got):\n%s", diff)
	}
}

// attachmentPart builds one base64 MIME part for the test messages.
func attachmentPart(name, ctype string, content []byte) string {
	return "--b\nContent-Type: " + ctype + "; name=\"" + name + "\"\n" +
		"Content-Disposition: attachment; filename=\"" + name + "\"\n" +
		"Content-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString(content) + "\n"
}

// encryptedZip builds a ZIP whose only entry has the encryption flag set.
func encryptedZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "a.docm", Flags: 0x1, Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("junk")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDisguisedName(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"invoice.pdf.exe":         true,
		"scan.jpg      .js":       true,
		"report.pdf":              false,
		"setup.exe":               false,
		"archive.tar.gz":          false,
		"photo\u202egpj.exe":      true,
		"statement.docx.html":     true,
		strings.Repeat("a.", 100): false,
	}
	for name, want := range tests {
		if got := disguisedName(name) != ""; got != want {
			t.Errorf("disguisedName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRegistrableComparesPunycode(t *testing.T) {
	t.Parallel()
	if a, b := registrable("mail.robínhood.com"), registrable("xn--robnhood-e2a.com"); a != b {
		t.Errorf("registrable: %q != %q", a, b)
	}
	if got := registrable("a.b.example.co.uk"); got != "example.co.uk" {
		t.Errorf("registrable(a.b.example.co.uk) = %q", got)
	}
}

func TestUnquotedAddressAsDisplayName(t *testing.T) {
	t.Parallel()
	raw := crlf("From: alice@example.com <bob@example.net>\nSubject: s\n\nb\n")
	res := mustAnalyze(t, raw, Options{})
	want := &Address{Name: "alice@example.com", Address: "bob@example.net"}
	if diff := cmp.Diff(want, res.Originals[0].From); diff != "" {
		t.Errorf("From (-want +got):\n%s", diff)
	}
	if !hasFinding(res.Findings, FindingDisplayNameAddress) {
		t.Errorf("findings %v lack display_name_address", findingIDs(res.Findings))
	}
}

func TestAddressListWithComma(t *testing.T) {
	t.Parallel()
	raw := crlf("From: a@example.com\nTo: x@example.com, Name <y@example.net>\nSubject: s\n\nb\n")
	res := mustAnalyze(t, raw, Options{})
	want := []Address{{Address: "x@example.com"}, {Name: "Name", Address: "y@example.net"}}
	if diff := cmp.Diff(want, res.Originals[0].To); diff != "" {
		t.Errorf("To (-want +got):\n%s", diff)
	}
}

func TestEvidenceIsDefanged(t *testing.T) {
	t.Parallel()
	raw := crlf("From: \"boss@corp.example\" <x@evil.example>\nReply-To: r@other.example\n" +
		"Return-Path: <b@bounce.example>\nSubject: s\nContent-Type: text/html\n\n" +
		"<a href=\"http://192.0.2.7/a\">www.bank.example</a>\n")
	for _, f := range mustAnalyze(t, raw, Options{}).Findings {
		bare := strings.NewReplacer("[@]", "", "[.]", "").Replace(f.Evidence)
		if strings.Contains(bare, "http") || strings.Contains(bare, "@") ||
			strings.Contains(bare, ".example") {
			t.Errorf("%s evidence is not defanged: %s", f.ID, f.Evidence)
		}
	}
}
