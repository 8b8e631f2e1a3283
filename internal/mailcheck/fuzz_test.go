package mailcheck

import (
	"strings"
	"testing"
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
