package mailcheck

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrEmpty is returned for empty input.
var ErrEmpty = errors.New("the submitted file is empty: attach the reported e-mail and try again")

// Analyze finds the reported original(s) in raw, parses them and produces
// the security results. It never panics. It returns an error only when
// nothing usable was found (empty input, no e-mail headers); the error
// says why in words a technician understands.
func Analyze(raw []byte, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = recovered(raw, r), nil
		}
	}()
	return analyze(raw, opts.withDefaults())
}

// analyze does the work of Analyze with defaults applied.
func analyze(raw []byte, opts Options) (*Result, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, ErrEmpty
	}
	var defects []string
	if int64(len(raw)) > opts.MaxMessageBytes {
		defects = append(defects, fmt.Sprintf("the file is %d bytes: only the first %d were analysed",
			len(raw), opts.MaxMessageBytes))
		raw = raw[:opts.MaxMessageBytes]
	}

	res, err := intake(raw, opts)
	if err != nil {
		return nil, err
	}
	res.Defects = append(defects, res.Defects...)
	res.judge(opts)
	return res, nil
}

// intake decides between a bare message and a report and parses the
// originals.
func intake(raw []byte, opts Options) (*Result, error) {
	if res, ok := bareInput(raw, opts); ok {
		return res, nil
	}
	outer, err := parseMessage(raw, opts)
	if err != nil {
		return nil, err
	}
	originals := attachedOriginals(outer, opts)
	if !isReport(outer, originals, opts) {
		return &Result{Originals: []*Message{outer.msg}, parsed: []*parsedMessage{outer}}, nil
	}

	res := &Result{
		IsReport: true,
		Reporter: outer.msg.From,
		Defects:  outer.msg.Defects,
		parsed:   originals,
	}
	for _, o := range originals {
		res.Originals = append(res.Originals, o.msg)
	}
	res.simulation = hasHeader(outer, opts.SimulationHeader)
	return res, nil
}

// judge computes findings, score and verdict. Each original is scored on
// its own; the result takes the highest score.
func (r *Result) judge(opts Options) {
	r.Findings = []Finding{}
	for i, p := range r.parsed {
		p.msg.Findings = p.findings()
		p.msg.Score = score(p.msg.Findings)
		r.Score = max(r.Score, p.msg.Score)
		r.Findings = append(r.Findings, numbered(p.msg.Findings, i, len(r.parsed))...)
		r.simulation = r.simulation || hasHeader(p, opts.SimulationHeader)
	}
	r.Verdict = verdict(r.Score)
	if r.simulation {
		r.Verdict = VerdictSimulation
		r.SimulationHandling = opts.SimulationHandling
		r.Findings = append([]Finding{{FindingSimulation, SeverityInfo,
			"carries the simulation header " + opts.SimulationHeader}}, r.Findings...)
	}
	r.fillEmpty()
}

// numbered prefixes evidence with the original's number when a report
// carries several originals.
func numbered(findings []Finding, i, n int) []Finding {
	if n < 2 {
		return findings
	}
	out := make([]Finding, len(findings))
	for j, f := range findings {
		f.Evidence = fmt.Sprintf("original %d: %s", i+1, f.Evidence)
		out[j] = f
	}
	return out
}

// hasHeader reports whether the message carries the named header.
func hasHeader(p *parsedMessage, name string) bool {
	if p == nil || p.env == nil {
		return false
	}
	return len(p.env.GetHeaderValues(name)) > 0
}

// panicDefect starts the defect recorded when the analysis panicked.
const panicDefect = "analysis stopped by an internal error"

// recovered builds the result for input that made the analysis panic: the
// file is kept as one unparsed original so that the report is not lost.
func recovered(raw []byte, cause any) *Result {
	m := newMessage(raw, FormatEML)
	msg := fmt.Sprint(cause)
	if len(msg) > 200 {
		msg = msg[:200]
	}
	res := &Result{
		Originals: []*Message{m},
		Verdict:   VerdictNoIndicators,
		Defects:   []string{panicDefect + ", results are incomplete: " + msg},
	}
	res.fillEmpty()
	return res
}
