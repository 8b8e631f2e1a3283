package mailcheck

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// maxAnchorText bounds the anchor text kept for one link.
const maxAnchorText = 200

// htmlScan is what one walk over an HTML document found.
type htmlScan struct {
	forms []string // action of each <form>, "" when it has none

	urls    *urlSet
	anchor  *URL // the open <a>, collecting its text
	text    strings.Builder
	inStyle bool // inside <style>, whose text is CSS
}

// cssURLRE finds url(...) references in CSS.
var cssURLRE = regexp.MustCompile(`url\(\s*['"]?([^'")\s]+)['"]?\s*\)`)

// addCSS records the web URLs of CSS url() references.
func (f *htmlScan) addCSS(css string) {
	if !strings.Contains(css, "url(") {
		return
	}
	for _, m := range cssURLRE.FindAllStringSubmatch(css, 50) {
		if isWebURL(m[1]) {
			f.urls.add(URL{URL: m[1], Source: SourceCSS})
		}
	}
}

// scanHTML walks an HTML document with a tokenizer (no DOM, no scripts,
// nothing fetched) and records its links into s.
func scanHTML(doc string, s *urlSet) *htmlScan {
	f := &htmlScan{urls: s}
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			f.closeAnchor()
			return f
		case html.TextToken:
			if f.inStyle {
				f.addCSS(string(z.Text()))
			}
			if f.anchor != nil && f.text.Len() < maxAnchorText {
				f.text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			f.startTag(z.Token(), tt)
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "a":
				f.closeAnchor()
			case "style":
				f.inStyle = false
			}
		}
	}
}

// startTag handles an opening tag: anchors start collecting text, other
// tags have their URL attributes recorded.
func (f *htmlScan) startTag(tok html.Token, tt html.TokenType) {
	f.addCSS(attr(tok, "style"))
	if tok.Data != "a" && tok.Data != "area" {
		f.addTag(tok, f.urls)
		return
	}
	f.closeAnchor()
	f.anchor = startAnchor(tok)
	if tok.Data == "area" || tt == html.SelfClosingTagToken {
		f.closeAnchor()
	}
}

// closeAnchor records the open anchor, if any, with its text.
func (f *htmlScan) closeAnchor() {
	if f.anchor == nil {
		return
	}
	f.urls.add(finishAnchor(f.anchor, &f.text))
	f.anchor = nil
}

// startAnchor begins a link for an <a> or <area> tag with a web href.
func startAnchor(tok html.Token) *URL {
	href := attr(tok, "href")
	if !isWebURL(href) {
		return nil
	}
	return &URL{URL: href, Source: SourceHTMLHref}
}

// finishAnchor attaches the collected, whitespace-collapsed anchor text.
func finishAnchor(u *URL, text *strings.Builder) URL {
	t := strings.Join(strings.Fields(text.String()), " ")
	if len(t) > maxAnchorText {
		t = t[:maxAnchorText]
	}
	text.Reset()
	out := *u
	out.Text = t
	return out
}

// addTag records the URL-bearing attributes of a non-anchor tag.
func (f *htmlScan) addTag(tok html.Token, s *urlSet) {
	switch tok.Data {
	case "style":
		f.inStyle = true
	case "form":
		action := attr(tok, "action")
		f.forms = append(f.forms, action)
		if isWebURL(action) {
			s.add(URL{URL: action, Source: SourceHTMLForm})
		}
	case "img", "iframe", "frame", "script", "embed", "source":
		if src := attr(tok, "src"); isWebURL(src) {
			s.add(URL{URL: src, Source: SourceHTMLSrc})
		}
	case "meta":
		if strings.EqualFold(attr(tok, "http-equiv"), "refresh") {
			if target := refreshTarget(attr(tok, "content")); isWebURL(target) {
				s.add(URL{URL: target, Source: SourceMetaRefresh})
			}
		}
	}
}

// refreshTarget returns the URL in a meta refresh content value such as
// "0; url='https://example.com/'".
func refreshTarget(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimLeft(strings.TrimSpace(rest[3:]), "= ")
	}
	return strings.Trim(rest, `'" `)
}

// attr returns the value of the named attribute, or "".
func attr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}
