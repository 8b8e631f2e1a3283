package mailcheck

import (
	"fmt"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// partWalk carries the bounds while walking a part tree.
type partWalk struct {
	opts      Options
	urls      urlSet
	seen      int
	tooDeep   bool
	tooMany   bool
	collected *parsedMessage
	inspector *inspector
}

// walk visits the part tree within MaxDepth and MaxParts and collects
// URLs, forms and attachments.
func (p *parsedMessage) walk(root *enmime.Part, opts Options) {
	w := &partWalk{opts: opts, collected: p}
	w.inspector = newInspector(opts, &w.urls)
	w.visit(root, 0)
	m := p.msg
	m.URLs = w.urls.list
	m.Defects = append(m.Defects, w.inspector.defects...)
	p.qrURLs = w.inspector.qrURLs
	if w.urls.dropped > 0 {
		m.Defects = append(m.Defects, fmt.Sprintf("%d more links not listed", w.urls.dropped))
	}
	if w.tooDeep {
		m.Defects = append(m.Defects,
			fmt.Sprintf("parts nested deeper than %d were not read", opts.MaxDepth))
	}
	if w.tooMany {
		m.Defects = append(m.Defects,
			fmt.Sprintf("parts after the first %d were not read", opts.MaxParts))
	}
}

// visit handles one part and, within the bounds, its children.
func (w *partWalk) visit(part *enmime.Part, depth int) {
	for ; part != nil; part = part.NextSibling {
		if w.seen >= w.opts.MaxParts {
			w.tooMany = true
			return
		}
		w.seen++
		if part.FirstChild == nil {
			w.leaf(part)
			continue
		}
		if depth >= w.opts.MaxDepth {
			w.tooDeep = true
			continue
		}
		w.visit(part.FirstChild, depth+1)
	}
}

// leaf reads a part without children: body text or an attachment.
func (w *partWalk) leaf(part *enmime.Part) {
	p := w.collected
	if strings.HasPrefix(part.ContentType, "multipart/") {
		return
	}
	p.leaves = append(p.leaves, part)
	switch {
	case isBodyPart(part) && part.ContentType == "text/html":
		p.forms = append(p.forms, scanHTML(string(part.Content), &w.urls).forms...)
		p.smuggling = append(p.smuggling, findSmuggling(string(part.Content))...)
		w.inspector.scanDataImages(string(part.Content))
	case isBodyPart(part):
		w.urls.addText(string(part.Content))
	default:
		p.msg.Attachments = append(p.msg.Attachments, w.inspector.newAttachment(part))
		if isHTMLFile(part) {
			p.forms = append(p.forms, scanHTML(string(part.Content), &w.urls).forms...)
		}
	}
}

// isHTMLFile reports whether an attachment is an HTML document, which
// phishing uses to carry credential forms past link scanners.
func isHTMLFile(part *enmime.Part) bool {
	name := strings.ToLower(part.FileName)
	return part.ContentType == "text/html" ||
		strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm") ||
		strings.HasSuffix(name, ".shtml")
}
