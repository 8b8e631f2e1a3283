package mailcheck

import (
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
)

func FuzzAnalyze(f *testing.F) {
	f.Add(crlf(plainMessage))
	f.Add(reportOf("user@example.org", plainMessage, true))
	f.Add(reportOf("user@example.org", plainMessage, false))
	f.Add(crlf("\uFEFFFrom x@y Mon\nFrom: a@b.example\nSubject: =?utf-8?q?x?=\n\nhttp://1.2.3.4/\n"))
	f.Add(crlf("Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; " +
		"boundary=b\n\n--b\nContent-Type: text/html\n\n<a href=//x.example>y</a><form>\n--b--\n--a--\n"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Add([]byte{0x78, 0x9F, 0x3E, 0x22, 0, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := Analyze(raw, Options{MaxMessageBytes: 1 << 20, MaxParts: 50})
		if err != nil {
			return
		}
		if len(res.Originals) == 0 {
			t.Fatal("a result without an original")
		}
		if res.Verdict == "" {
			t.Fatal("a result without a verdict")
		}
		for _, d := range res.Defects {
			if strings.HasPrefix(d, panicDefect) {
				t.Fatalf("Analyze panicked: %s", d)
			}
		}
	})
}

func FuzzScanHTML(f *testing.F) {
	f.Add(`<a href="https://x.example/">paypal.com</a><form action=//y.example>`)
	f.Add(`<style>a{background:url('http://1.2.3.4/i.png')}</style><meta http-equiv=refresh content="0;url=http://z.example">`)
	f.Add(`<script>var b=new Blob([atob("QUJD")]);URL.createObjectURL(b)</script>`)
	f.Fuzz(func(t *testing.T, doc string) {
		var s urlSet
		scanHTML(doc, &s)
		findSmuggling(doc)
		for _, u := range s.list {
			if !isWebURL(u.URL) {
				t.Fatalf("listed a non-web URL %q from %s", u.URL, u.Source)
			}
		}
	})
}

func FuzzDecompressRTF(f *testing.F) {
	f.Add([]byte("\x2d\x00\x00\x00\x2b\x00\x00\x00LZFu\xf1\xc5\xc7\xa7\x03\x00\x0a\x00rcpg125B2\x0a\xf3 hel\x09\x00 bw\x05\xb0ld}\x0a\x80\x0f\xa0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _ := mapi.DecompressRTF(b, 1<<16)
		if len(out) > 1<<16 {
			t.Fatalf("%d bytes past the limit", len(out))
		}
		rtfText(out)
	})
}
