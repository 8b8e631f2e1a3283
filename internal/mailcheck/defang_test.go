package mailcheck

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefang(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"http://evil.example.com/login", "hxxp://evil[.]example[.]com/login"},
		{"HTTPS://Evil.example.com/a.php?x=1", "hxxpS://Evil[.]example[.]com/a.php?x=1"},
		{"https://user@evil.example/", "hxxps://user[@]evil[.]example/"},
		{"ftp://10.0.0.1/file", "fxp://10[.]0[.]0[.]1/file"},
		{"victim@example.org", "victim[@]example[.]org"},
		{"www.example.com/path", "www[.]example[.]com/path"},
		{"example.com:8080/x", "example[.]com:8080/x"},
		{"https://a.example/r?u=https://b.example/", "hxxps://a[.]example/r?u=hxxps://b.example/"},
		{"hxxps://evil[.]example[.]com/", "hxxps://evil[.]example[.]com/"},
		{"mailto:boss@example.com", "mailto:boss[@]example[.]com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Defang(tt.in); got != tt.want {
			t.Errorf("Defang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefangTwiceIsStable(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"https://a.b.example/x@y", "x@y.example", "http://[::1]:80/"} {
		once := Defang(s)
		if diff := cmp.Diff(once, Defang(once)); diff != "" {
			t.Errorf("Defang not stable for %q (-once +twice):\n%s", s, diff)
		}
	}
}
