package servicedesk

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/psabridge/psabridge/internal/mailcheck"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"short ascii kept", "Invoice overdue", 100, "Invoice overdue"},
		{"exact length kept", strings.Repeat("a", 100), 100, strings.Repeat("a", 100)},
		{"ascii cut with ellipsis", strings.Repeat("a", 101), 100, strings.Repeat("a", 99) + "…"},
		{"two-byte accents count once", strings.Repeat("é", 100), 100, strings.Repeat("é", 100)},
		{"accents cut on a character", strings.Repeat("é", 150), 100, strings.Repeat("é", 99) + "…"},
		{"cjk cut on a character", strings.Repeat("請", 120), 100, strings.Repeat("請", 99) + "…"},
		{"emoji count as two units", strings.Repeat("🎣", 60), 100, strings.Repeat("🎣", 49) + "…"},
		{"trailing space trimmed before ellipsis", strings.Repeat("ab ", 40), 10, "ab ab ab…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Truncate(tt.in, tt.limit)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Truncate produced invalid UTF-8: %q", got)
			}
			if n := utf16Len(got); n > tt.limit {
				t.Errorf("Truncate length %d UTF-16 units, over %d", n, tt.limit)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	long := "Ваш почтовый ящик переполнен — подтвердите учётную запись немедленно, иначе доступ будет закрыт навсегда"
	tests := []struct {
		name string
		res  *mailcheck.Result
		want string
	}{
		{"verdict prefix", result("likely_phishing", "Your parcel is waiting"), "[Phishing] Your parcel is waiting"},
		{"no subject", result("suspicious", ""), "[Suspicious] (no subject)"},
		{"line breaks folded", result("no_indicators", "Pay\r\n now\tplease"), "[Reported] Pay now please"},
		{"unknown verdict", result("", "x"), "[Reported] x"},
		{"multibyte subject cut", result("likely_phishing", long), Truncate("[Phishing] "+long, 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Summary(tt.res)
			if got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
			if utf16Len(got) > MaxSummary {
				t.Errorf("Summary is %d units, over %d", utf16Len(got), MaxSummary)
			}
		})
	}
}

func TestSummaryLongMultibyteEndsWithEllipsis(t *testing.T) {
	t.Parallel()
	got := Summary(result("likely_phishing", strings.Repeat("Zürich Überweisung ", 20)))
	if !strings.HasSuffix(got, "…") || utf16Len(got) != MaxSummary {
		t.Errorf("Summary = %q (%d units), want exactly %d units ending in an ellipsis", got, utf16Len(got), MaxSummary)
	}
}

func TestSafeFileName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"invoice.pdf":                      "invoice.pdf",
		"../../etc/passwd":                 "passwd",
		`C:\Users\x\payload.exe`:           "payload.exe",
		"report\u202Efdp.exe":              "report_fdp.exe",
		"a\x00b\nc.txt":                    "a_b_c.txt",
		"":                                 "attachment",
		" . ":                              "attachment",
		strings.Repeat("x", 300) + ".docx": strings.Repeat("x", 94) + "….docx",
	}
	for in, want := range tests {
		if got := SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func result(verdict, subject string) *mailcheck.Result {
	return &mailcheck.Result{Verdict: verdict, Originals: []*mailcheck.Message{{Subject: subject}}}
}
