package cwsandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config configures a Sandbox. The zero value is a demo instance.
type Config struct {
	// CompanyID is the login company id; default "psabridge-demo".
	CompanyID string
	// PublicKey and PrivateKey are the API member's keys; random by default.
	PublicKey, PrivateKey string
	// ClientID is the integration's clientId header value; default a fixed
	// GUID (DefaultClientID).
	ClientID string
	// Codebase is the path prefix before apis/3.0, with its trailing
	// slash; default "v2025_1/".
	Codebase string
	// Seed is "demo" (default) for the demo MSP's data or "empty" for
	// boards, catalog and security setup only.
	Seed string
	// Deny removes rights from the API member's role, each written
	// "Module/Function/level" such as "Finance/Agreements/edit".
	Deny []string
	// NoDefaultBoard leaves the API member without serviceDefaultBoard.
	NoDefaultBoard bool
	// Now is the clock for dates written by the sandbox; default time.Now.
	Now func() time.Time
	// SeedData is loaded after Seed: a collection it names replaces what
	// Seed put there (see SeedFile and ReadSeedFile).
	SeedData SeedFile
	// Faults is the random misbehaviour to start with (see ParseFaults);
	// the zero plan misbehaves never. SetFaults changes it while running.
	Faults FaultPlan
}

// DefaultClientID is the clientId a zero Config accepts.
const DefaultClientID = "5f0d1e6c-7a2b-4c3d-9e8f-0a1b2c3d4e5f"

// Sandbox is an in-memory ConnectWise Manage instance. It implements
// http.Handler and is safe for concurrent use.
type Sandbox struct {
	cfg Config

	mu        sync.Mutex
	colls     map[string]*collection
	docs      []*document
	nextDocID int
	roleID    int
	rights    map[int][]*setting
	calls     map[string]int
	faults    []*Fault
	roller    *roller

	defaultBoard map[string]any
	excluded     []int // service boards hidden from the API member
}

// collection is the records behind one list endpoint, ordered by id.
type collection struct {
	schema   string
	resource string
	parent   []string
	rows     []map[string]any
	nextID   int
}

// New returns a sandbox seeded as cfg asks.
func New(cfg Config) (*Sandbox, error) {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	s := &Sandbox{cfg: cfg, colls: newCollections(), rights: map[int][]*setting{}, calls: map[string]int{}}
	s.SetFaults(cfg.Faults)
	s.seedSetup()
	if cfg.Seed == "demo" {
		s.seedDemo()
	}
	if err := s.loadSeedFile(cfg.SeedData); err != nil {
		return nil, err
	}
	for _, d := range cfg.Deny {
		parts := strings.Split(d, "/")
		if len(parts) != 3 {
			return nil, fmt.Errorf("parsing deny entry %q: want Module/Function/level", d)
		}
		if err := s.setRight(parts[0], parts[1], parts[2], "None"); err != nil {
			return nil, fmt.Errorf("applying deny entry %q: %w", d, err)
		}
	}
	return s, nil
}

func withDefaults(cfg Config) (Config, error) {
	if cfg.CompanyID == "" {
		cfg.CompanyID = "psabridge-demo"
	}
	if cfg.PublicKey == "" {
		cfg.PublicKey = randomKey(8)
	}
	if cfg.PrivateKey == "" {
		cfg.PrivateKey = randomKey(16)
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.Codebase == "" {
		cfg.Codebase = "v2025_1/"
	}
	if !strings.HasSuffix(cfg.Codebase, "/") || strings.HasPrefix(cfg.Codebase, "/") {
		return cfg, fmt.Errorf("checking codebase %q: want a trailing and no leading slash", cfg.Codebase)
	}
	if cfg.Seed == "" {
		cfg.Seed = "demo"
	}
	if cfg.Seed != "demo" && cfg.Seed != "empty" {
		return cfg, fmt.Errorf("checking seed %q: want demo or empty", cfg.Seed)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg, nil
}

func randomKey(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// Credentials returns what a client needs to log in.
func (s *Sandbox) Credentials() (companyID, publicKey, privateKey, clientID string) {
	return s.cfg.CompanyID, s.cfg.PublicKey, s.cfg.PrivateKey, s.cfg.ClientID
}

// Codebase returns the codebase the sandbox serves, such as "v2025_1/".
func (s *Sandbox) Codebase() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Codebase
}

// SetFaults replaces the fault plan, restarting its random sequence from
// the plan's seed. The zero plan stops random faults; faults queued with
// InjectFault still apply.
func (s *Sandbox) SetFaults(p FaultPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roller = nil
	if len(p.Rules) > 0 || p.Latency > 0 {
		s.roller = newRoller(p)
	}
}

// Faults returns the fault plan in force.
func (s *Sandbox) Faults() FaultPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roller == nil {
		return FaultPlan{}
	}
	return s.roller.plan
}

// moveCodebase switches to the next codebase, v2025_1/ → v2025_2/.
func (s *Sandbox) moveCodebase() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Codebase = nextCodebase(s.cfg.Codebase)
}

// nextCodebase increments the last number of a codebase, or appends one.
func nextCodebase(cb string) string {
	base := strings.TrimSuffix(cb, "/")
	i := len(base)
	for i > 0 && base[i-1] >= '0' && base[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(base[i:])
	if err != nil {
		return base + "_2/"
	}
	return base[:i] + strconv.Itoa(n+1) + "/"
}

// count records one call of method on an API path in Calls.
func (s *Sandbox) count(method, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := strings.Index(path, "/apis/3.0/"); i >= 0 {
		path = "/" + path[i+len("/apis/3.0/"):]
	}
	s.calls[method+" "+templatePath(path)]++
}

// SetCodebase switches the served codebase, as a ConnectWise release does:
// calls on the old prefix get 404 until the client re-reads companyinfo.
func (s *Sandbox) SetCodebase(codebase string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Codebase = codebase
}

var idSegment = regexp.MustCompile(`/\d+(/|$)`)

// templatePath replaces numeric path segments with {id}.
func templatePath(p string) string {
	p = "/" + strings.Trim(p, "/")
	for idSegment.MatchString(p) {
		p = idSegment.ReplaceAllString(p, "/{id}$1")
	}
	return strings.TrimPrefix(p, "/")
}

// Records returns deep copies of a collection's records in id order. The
// name is the list path: "service/tickets", "company/companies",
// "finance/agreements/{id}/additions" (all additions) or
// "finance/agreements/7/additions" (those of agreement 7).
func (s *Sandbox) Records(collection string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := templatePath(collection)
	c := s.colls[strings.ToLower(key)]
	if c == nil {
		return nil
	}
	parentID, hasParent := parentOf(collection)
	var out []map[string]any
	for _, rec := range c.rows {
		if hasParent && !c.childOf(rec, parentID) {
			continue
		}
		out = append(out, deepCopy(rec))
	}
	return out
}

// parentOf returns the first numeric segment of a path.
func parentOf(p string) (int, bool) {
	for _, seg := range strings.Split(p, "/") {
		if n, err := strconv.Atoi(seg); err == nil {
			return n, true
		}
	}
	return 0, false
}

// Calls returns how often each method and templated path was called, for
// example "GET /company/companies" or "PATCH /finance/agreements/{id}/additions/{id}".
func (s *Sandbox) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// ResetCalls forgets the call counts.
func (s *Sandbox) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
}

func (c *collection) childOf(rec map[string]any, parentID int) bool {
	id, ok := intOf(lookup(rec, c.parent))
	return ok && id == parentID
}

func (c *collection) find(id int) map[string]any {
	i, ok := slices.BinarySearchFunc(c.rows, id, func(rec map[string]any, id int) int {
		rid, _ := intOf(rec["id"])
		return rid - id
	})
	if !ok {
		return nil
	}
	return c.rows[i]
}

// insert stores rec under the next id and returns the stored record.
func (c *collection) insert(rec map[string]any) map[string]any {
	c.nextID++
	rec = normalize(rec)
	rec["id"] = float64(c.nextID)
	c.rows = append(c.rows, rec)
	return rec
}

func (c *collection) remove(id int) {
	c.rows = slices.DeleteFunc(c.rows, func(rec map[string]any) bool {
		rid, _ := intOf(rec["id"])
		return rid == id
	})
}

func intOf(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), x == float64(int(x))
	case int:
		return x, true
	}
	return 0, false
}
