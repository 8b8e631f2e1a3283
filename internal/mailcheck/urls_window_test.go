package mailcheck

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSchemeWindowsFindWhatTheWholeTextDoes: looking for URLs only around
// each "://" finds what the pattern finds in the whole text, at the edges,
// between binary bytes and in long runs too.
func TestSchemeWindowsFindWhatTheWholeTextDoes(t *testing.T) {
	t.Parallel()
	long := "https://cdn.example/" + strings.Repeat("a", 3000) + "?x=1"
	texts := []string{
		"https://start.example/x at the start",
		"ends with http://end.example/path",
		"two: http://a.example/1 and ftp://b.example/2\r\nthen (https://c.example/p).",
		"<a href=\"https://quoted.example/q\">x</a>",
		"glued:http://glued.example/g http://a.example/x://y",
		string(garbage(5000)) + " https://in.garbage.example/p " + string(garbage(5000)),
		"no url here, only www.example.com and mailto:someone@example.com",
		long,
		"x://" + strings.Repeat(":// ", 100),
	}
	for _, text := range texts {
		var whole, windowed urlSet
		for _, m := range strictURLs.FindAllString(text, -1) {
			if isWebURL(m) {
				whole.add(URL{URL: m, Source: SourceText})
			}
		}
		windowed.addText(text)
		if diff := cmp.Diff(whole.list, windowed.list); diff != "" {
			t.Errorf("%.60q: (-whole +windowed)\n%s", text, diff)
		}
	}
}
