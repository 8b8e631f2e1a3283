package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress reports a long operation: a bar redrawn in place on a terminal,
// a plain log line every tenth of the way otherwise.
type progress struct {
	w        io.Writer
	label    string
	terminal bool
	lastTen  int
}

// newProgress returns a progress report for label on w, standard error.
func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label, lastTen: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}

	return p
}

// update shows done out of total.
func (p *progress) update(done, total int) {
	if total <= 0 {
		return
	}
	if p.terminal {
		const width = 30
		n := done * width / total
		fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", n),
			strings.Repeat(" ", width-n), done, total)
		if done == total {
			fmt.Fprintln(p.w)
		}
		return
	}
	if ten := done * 10 / total; ten != p.lastTen {
		p.lastTen = ten
		fmt.Fprintf(p.w, "%s: %d/%d\n", p.label, done, total)
	}
}
