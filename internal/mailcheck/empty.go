package mailcheck

// fillEmpty replaces nil slices by empty ones so that JSON consumers see
// [] rather than null.
func (r *Result) fillEmpty() {
	r.Findings = nonNil(r.Findings)
	r.Defects = nonNil(r.Defects)
	if r.Originals == nil {
		r.Originals = []*Message{}
	}
	for _, m := range r.Originals {
		m.fillEmpty()
	}
}

// fillEmpty does the same for one message.
func (m *Message) fillEmpty() {
	m.ReplyTo = nonNil(m.ReplyTo)
	m.To = nonNil(m.To)
	m.URLs = nonNil(m.URLs)
	m.Attachments = nonNil(m.Attachments)
	m.Findings = nonNil(m.Findings)
	m.Defects = nonNil(m.Defects)
	m.Authentication.Raw = nonNil(m.Authentication.Raw)
	m.Authentication.DKIMSignatures = nonNil(m.Authentication.DKIMSignatures)
	m.Path.Hops = nonNil(m.Path.Hops)
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
