package cwsandbox

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// FaultKind names one way the sandbox misbehaves at random.
type FaultKind string

// The fault kinds a FaultPlan rolls for, as --faults names them.
const (
	// Fault429 throttles: 429 with Retry-After and, at random, ConnectWise's
	// {"error":…} body or its CDN's plain-text page.
	Fault429 FaultKind = "429"
	// Fault500 answers a JSON 500 without carrying the call out.
	Fault500 FaultKind = "500"
	// Fault502 answers the edge's HTML 502 without carrying the call out.
	Fault502 FaultKind = "502"
	// Fault503 answers the edge's HTML 503 without carrying the call out.
	Fault503 FaultKind = "503"
	// FaultReset resets the connection before the call is carried out.
	FaultReset FaultKind = "reset"
	// FaultTimeoutAfterCreate carries a write out, holds the answer for the
	// plan's Hang and then drops the connection: the client times out not
	// knowing the record exists. Reads are not affected.
	FaultTimeoutAfterCreate FaultKind = "timeout-after-create"
	// FaultRedirectAfterPost carries a POST out and answers 302 to the
	// http:// form of the same URL, as ConnectWise's cloud proxy has done.
	FaultRedirectAfterPost FaultKind = "redirect-after-post"
	// FaultCodebase moves the API to the next codebase (v2025_1/ →
	// v2025_2/) before the call, which then gets 404 like every call on
	// the old codebase until the client re-reads companyinfo.
	FaultCodebase FaultKind = "codebase"
)

var faultKinds = []FaultKind{Fault429, Fault500, Fault502, Fault503, FaultReset,
	FaultTimeoutAfterCreate, FaultRedirectAfterPost, FaultCodebase}

// FaultKinds returns every kind a plan can roll for.
func FaultKinds() []FaultKind { return append([]FaultKind(nil), faultKinds...) }

// FaultRule is one kind of fault with the share of matching calls it hits.
type FaultRule struct {
	Kind FaultKind
	// Method and Path narrow the rule to some calls: an HTTP method and a
	// list path such as "service/tickets" or
	// "finance/agreements/{id}/additions/{id}" (numbers match {id}).
	// Empty matches any.
	Method, Path string
	// Rate is the probability, 0 to 1, that a matching call is hit.
	Rate float64
}

// FaultPlan is the random misbehaviour of a sandbox. The zero value is a
// well-behaved sandbox. Rolls come from a generator seeded with Seed, so a
// test that sends the same calls in the same order sees the same faults.
type FaultPlan struct {
	// Rules are rolled in order for each API call; the first hit applies.
	Rules []FaultRule
	// Latency is added to every API call that Latencies do not narrow.
	Latency time.Duration
	// RetryAfter is the Retry-After of a 429, in seconds. ConnectWise
	// advises 30 or more; the default 0 keeps tests fast (a client then
	// falls back to its own backoff).
	RetryAfter int
	// Hang is how long a timeout-after-create holds the answer before
	// dropping the connection; 0 drops it at once.
	Hang time.Duration
	// Seed seeds the rolls.
	Seed uint64
}

// ParseFaults reads the --faults form of a plan: comma-separated items
// kind[@scope]=rate, where scope is METHOD, a path or METHOD/path, plus
// latency=DURATION, retry-after=SECONDS, hang=DURATION and seed=N. Example:
// "429=0.1,503@POST/service/tickets=0.2,reset=0.05,latency=20ms".
func ParseFaults(spec string) (FaultPlan, error) {
	var p FaultPlan
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, value, ok := strings.Cut(item, "=")
		if !ok {
			return p, fmt.Errorf("fault %q: want kind=rate", item)
		}
		if err := p.set(strings.TrimSpace(key), strings.TrimSpace(value)); err != nil {
			return p, fmt.Errorf("fault %q: %w", item, err)
		}
	}
	return p, nil
}

func (p *FaultPlan) set(key, value string) error {
	var err error
	switch strings.ToLower(key) {
	case "latency":
		p.Latency, err = time.ParseDuration(value)
	case "hang":
		p.Hang, err = time.ParseDuration(value)
	case "retry-after":
		p.RetryAfter, err = strconv.Atoi(value)
	case "seed":
		p.Seed, err = strconv.ParseUint(value, 10, 64)
	default:
		return p.addRule(key, value)
	}
	return err
}

func (p *FaultPlan) addRule(key, value string) error {
	kind, scope, _ := strings.Cut(key, "@")
	k := FaultKind(strings.ToLower(kind))
	if !containsKind(k) {
		return fmt.Errorf("unknown kind %q: want one of %s, latency, retry-after, hang or seed",
			kind, joinKinds())
	}
	rate, err := strconv.ParseFloat(value, 64)
	if err != nil || rate < 0 || rate > 1 {
		return fmt.Errorf("rate %q: want a number from 0 to 1", value)
	}
	method, path := splitScope(scope)
	p.Rules = append(p.Rules, FaultRule{Kind: k, Method: method, Path: path, Rate: rate})
	return nil
}

// splitScope reads METHOD, path or METHOD/path.
func splitScope(scope string) (method, path string) {
	scope = strings.TrimSpace(scope)
	first, rest, _ := strings.Cut(strings.TrimPrefix(scope, "/"), "/")
	if first != "" && first == strings.ToUpper(first) && !strings.ContainsAny(first, "0123456789{") {
		return first, rest
	}
	return "", strings.Trim(scope, "/")
}

func containsKind(k FaultKind) bool {
	for _, known := range faultKinds {
		if known == k {
			return true
		}
	}
	return false
}

func joinKinds() string {
	names := make([]string, len(faultKinds))
	for i, k := range faultKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// String writes the plan back in the --faults form.
func (p FaultPlan) String() string {
	var items []string
	for _, r := range p.Rules {
		key := string(r.Kind)
		if scope := strings.Trim(r.Method+"/"+r.Path, "/"); scope != "" {
			key += "@" + scope
		}
		items = append(items, key+"="+strconv.FormatFloat(r.Rate, 'g', -1, 64))
	}
	for _, kv := range [][2]string{{"latency", durationOrEmpty(p.Latency)},
		{"hang", durationOrEmpty(p.Hang)}, {"retry-after", intOrEmpty(p.RetryAfter)},
		{"seed", intOrEmpty(int(p.Seed))}} {
		if kv[1] != "" {
			items = append(items, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(items, ",")
}

func durationOrEmpty(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// roller is a plan with its random generator.
type roller struct {
	plan FaultPlan
	rng  *rand.Rand
}

func newRoller(p FaultPlan) *roller {
	return &roller{plan: p, rng: rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))}
}

// roll decides what happens to one call of method on the templated path;
// nil means nothing.
func (r *roller) roll(method, path string) *Fault {
	var f *Fault
	for _, rule := range r.plan.Rules {
		if !rule.matches(method, path) || r.rng.Float64() >= rule.Rate {
			continue
		}
		if f = r.fault(rule.Kind, method); f != nil {
			break
		}
	}
	if r.plan.Latency > 0 {
		if f == nil {
			f = &Fault{}
		}
		f.Delay = r.plan.Latency
	}
	return f
}

func (rule FaultRule) matches(method, path string) bool {
	if rule.Method != "" && !strings.EqualFold(rule.Method, method) {
		return false
	}
	return rule.Path == "" || strings.EqualFold(templatePath(rule.Path), path)
}

// fault turns a hit into what the call gets; nil when the kind does not
// apply to the method.
func (r *roller) fault(kind FaultKind, method string) *Fault {
	write := method != "GET" && method != "HEAD"
	switch kind {
	case Fault429:
		return &Fault{Status: 429, RetryAfter: r.plan.RetryAfter, EdgeBody: r.rng.IntN(2) == 0}
	case Fault500, Fault502, Fault503:
		n, _ := strconv.Atoi(string(kind))
		return &Fault{Status: n}
	case FaultReset:
		return &Fault{Reset: true}
	case FaultCodebase:
		return &Fault{MoveCodebase: true}
	case FaultTimeoutAfterCreate:
		if write {
			return &Fault{AfterHandling: true, Reset: true, Hang: r.plan.Hang}
		}
	case FaultRedirectAfterPost:
		if method == "POST" {
			return &Fault{AfterHandling: true, Redirect: redirectToHTTP}
		}
	}
	return nil
}
