package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/store"
)

// hostileLure is a phishing message whose subject, sender name and
// attachment name carry markup.
const hostileLure = "From: \"<img src=x onerror=alert(1)>\" <it@paypa1-secure.example>\r\n" +
	"To: alex@acme-corp.example\r\nSubject: <script>alert('subject')</script> mailbox full\r\n" +
	"Message-ID: <lure@paypa1-secure.example>\r\nDate: Thu, 03 Dec 2026 09:00:00 +0000\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
	"--b\r\nContent-Type: text/plain\r\n\r\nVerify at https://paypa1-secure.example/login now.\r\n" +
	"--b\r\nContent-Type: application/octet-stream\r\n" +
	"Content-Disposition: attachment; filename=\"<b>invoice</b>.pdf.exe\"\r\n\r\nMZ\r\n--b--\r\n"

// TestAnalyzeAPI: the API analyses a message and stores nothing; a viewer
// token may not, an empty body is refused.
func TestAnalyzeAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "a")
	res, body := apiCall(t, e.srv.URL, token, "POST", "/api/v1/analyze", "message/rfc822", []byte(hostileLure))
	var got mailcheck.Result
	if res.StatusCode != http.StatusOK || json.Unmarshal(body, &got) != nil {
		t.Fatalf("analyze = %d %s", res.StatusCode, body)
	}
	if got.Verdict != mailcheck.VerdictLikelyPhishing || len(got.Findings) == 0 || len(got.Originals) != 1 {
		t.Errorf("analysis = %s with %d findings; want likely_phishing with findings", got.Verdict, len(got.Findings))
	}
	if bytes.Contains(body, []byte("<script>")) {
		t.Errorf("the JSON carries raw markup: %s", body)
	}
	if reps, _ := e.st.Reports(t.Context(), p.ID); len(reps) != 0 {
		t.Errorf("analysing stored %d reports", len(reps))
	}
	if res, _ := apiCall(t, e.srv.URL, token, "POST", "/api/v1/analyze", "message/rfc822", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an empty body = %d, want 400", res.StatusCode)
	}
	viewer := viewerToken(t, e, p.ID)
	if res, _ := apiCall(t, e.srv.URL, viewer, "POST", "/api/v1/analyze", "message/rfc822", []byte(hostileLure)); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer token = %d, want 403", res.StatusCode)
	}
}

// viewerToken creates a viewer API token of the partner.
func viewerToken(t *testing.T, e *env, partnerID int64) string {
	t.Helper()
	token, hash, err := NewToken()
	must(t, err)
	_, err = e.st.CreateAPIToken(t.Context(), store.APIToken{PartnerID: partnerID, Name: "viewer", Hash: hash,
		Role: store.RoleViewer})
	must(t, err)
	return token
}

// TestAnalyzePage: an administrator uploads a message and sees its verdict
// and findings, its markup as text.
func TestAnalyzePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	e.partner(t, "a")
	b := e.signIn(t, "a-admin@example.com")

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	must(t, mw.WriteField("csrf", b.csrf))
	fw, err := mw.CreateFormFile("file", "lure.eml")
	must(t, err)
	_, _ = fw.Write([]byte(hostileLure))
	must(t, mw.Close())
	req, err := http.NewRequest("POST", b.base+"/analyze", &buf)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.base)
	res, err := b.c.Do(req)
	must(t, err)
	defer res.Body.Close()
	var page bytes.Buffer
	_, _ = page.ReadFrom(res.Body)

	for _, want := range []string{"lure.eml: likely_phishing", `id="findings"`,
		"&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;", "&lt;b&gt;invoice&lt;/b&gt;.pdf.exe",
		"hxxps://paypa1-secure[.]example/login"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("the analysis page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>invoice"} {
		if strings.Contains(page.String(), bad) {
			t.Errorf("the analysis page carries raw %q", bad)
		}
	}
}

// TestMessageBodiesMustBeRaw: a form or JSON sent where a message's bytes
// belong is refused, saying how to send the file, rather than analysed as
// a harmless envelope.
func TestMessageBodiesMustBeRaw(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "a")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "lure.eml")
	_, _ = fw.Write([]byte(hostileLure))
	must(t, mw.Close())
	for _, path := range []string{"/api/v1/analyze", "/api/v1/reports?reporter=alex@acme-corp.example"} {
		for _, ct := range []string{mw.FormDataContentType(), "application/json", "application/x-www-form-urlencoded"} {
			res, body := apiCall(t, e.srv.URL, token, "POST", path, ct, buf.Bytes())
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "--data-binary") {
				t.Errorf("POST %s as %s = %d %s; want 400 saying how to send the file", path, ct, res.StatusCode, body)
			}
		}
	}
	if reps, _ := e.st.Reports(t.Context(), p.ID); len(reps) != 0 {
		t.Errorf("a refused body stored %d reports", len(reps))
	}
}
