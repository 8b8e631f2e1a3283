package cwsandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// ControlPrefix is where the sandbox's control API lives, outside
// ConnectWise's own paths. It lets a test or the demo do what a ConnectWise
// administrator does in ConnectWise's UI: change the API member's security
// role and default service board while the sandbox runs.
const ControlPrefix = "/_sandbox/"

// RightChange is one change of the API member's role, as the control API
// takes it: PUT /_sandbox/role/rights.
type RightChange struct {
	Module   string `json:"module"`
	Function string `json:"function"`
	Level    string `json:"level"` // add, edit, delete or inquire
	Value    string `json:"value"` // None, My or All
}

// FaultsChange is the fault plan in the --faults form, as the control API
// takes and returns it: PUT /_sandbox/faults, GET /_sandbox/faults. An
// empty plan stops random faults.
type FaultsChange struct {
	Faults string `json:"faults"`
}

// SetDefaultBoard makes board id the API member's default service board;
// 0 removes it. An unknown board is an error.
func (s *Sandbox) SetDefaultBoard(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == 0 {
		s.defaultBoard = nil
	} else if b := s.coll("service/boards").find(id); b != nil {
		s.defaultBoard = b
	} else {
		return fmt.Errorf("no service board %d", id)
	}
	s.syncAPIMemberBoard()
	return nil
}

// SetRole gives the API member another security role: AdminRoleID or
// IntegrationRoleID.
func (s *Sandbox) SetRole(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.coll("system/securityroles").find(id) == nil {
		return fmt.Errorf("no security role %d", id)
	}
	s.roleID = id
	if rec := s.coll("system/apiMembers").find(apiMemberID); rec != nil {
		rec["securityRole"] = refTo(s.coll("system/securityroles").find(id))
	}
	return nil
}

// SetBoardInactive marks a service board inactive or active again.
func (s *Sandbox) SetBoardInactive(id int, inactive bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.coll("service/boards").find(id)
	if b == nil {
		return fmt.Errorf("no service board %d", id)
	}
	b["inactiveFlag"] = inactive
	return nil
}

// SetExcludedBoards hides service boards from the API member.
func (s *Sandbox) SetExcludedBoards(ids ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.excluded = append([]int(nil), ids...)
	if rec := s.coll("system/apiMembers").find(apiMemberID); rec != nil {
		rec["excludedServiceBoardIds"] = s.excludedBoards()
	}
}

func (s *Sandbox) excludedBoards() []any {
	out := []any{}
	for _, id := range s.excluded {
		out = append(out, float64(id))
	}
	return out
}

// syncAPIMemberBoard keeps the apiMembers record in step with the default
// board.
func (s *Sandbox) syncAPIMemberBoard() {
	rec := s.coll("system/apiMembers").find(apiMemberID)
	if rec == nil {
		return
	}
	delete(rec, "serviceDefaultBoard")
	if s.defaultBoard != nil {
		rec["serviceDefaultBoard"] = refTo(s.defaultBoard)
	}
}

// newControlToken makes the secret the control API demands.
func newControlToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("cwsandbox: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// controlHandler serves the control API, authenticated by
// "Authorization: Bearer <token>".
func (s *Sandbox) controlHandler(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sandbox/role", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		rows := s.mySecurityRows()
		s.mu.Unlock()
		writeControl(w, http.StatusOK, rows)
	})
	mux.HandleFunc("PUT /_sandbox/role/rights", func(w http.ResponseWriter, r *http.Request) {
		var ch RightChange
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&ch); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": "body: " + err.Error()})
			return
		}
		s.mu.Lock()
		err := s.setRight(ch.Module, ch.Function, ch.Level, ch.Value)
		s.mu.Unlock()
		if err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeControl(w, http.StatusOK, ch)
	})
	mux.HandleFunc("PUT /_sandbox/role", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ID int `json:"id"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": "body: " + err.Error()})
			return
		}
		if err := s.SetRole(body.ID); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeControl(w, http.StatusOK, body)
	})
	mux.HandleFunc("PUT /_sandbox/default-board", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ID int `json:"id"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": "body: " + err.Error()})
			return
		}
		if err := s.SetDefaultBoard(body.ID); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeControl(w, http.StatusOK, body)
	})
	mux.HandleFunc("GET /_sandbox/faults", func(w http.ResponseWriter, _ *http.Request) {
		writeControl(w, http.StatusOK, FaultsChange{Faults: s.Faults().String()})
	})
	mux.HandleFunc("PUT /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		var ch FaultsChange
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&ch); err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": "body: " + err.Error()})
			return
		}
		plan, err := ParseFaults(ch.Faults)
		if err != nil {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFaults(plan)
		writeControl(w, http.StatusOK, FaultsChange{Faults: plan.String()})
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			writeControl(w, http.StatusUnauthorized, map[string]string{"error": "control token required"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func writeControl(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
