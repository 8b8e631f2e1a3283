package cwm

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// apiPrefix is where the test servers mount the API, like an on-premise
// instance's codebase.
const apiPrefix = "/v4_6_release/apis/3.0"

const secretKey = "SECRET-KEY-123"

var testCreds = Credentials{
	CompanyID: "acme", PublicKey: "pub123", PrivateKey: secretKey, ClientID: "client-guid",
}

// setup starts a server for mux and returns a client of it with fast
// retries.
func setup(t *testing.T) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		BaseURL:        srv.URL + apiPrefix,
		Credentials:    testCreds,
		RetryBaseDelay: time.Millisecond,
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mux
}

// handle registers h for method and an API path such as "/company/companies".
func handle(mux *http.ServeMux, method, path string, h http.HandlerFunc) {
	mux.HandleFunc(method+" "+apiPrefix+path, h)
}

func writeJSON(t *testing.T, w http.ResponseWriter, status int, v any) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Errorf("encoding answer: %v", err)
	}
}

// row is a list row with just an id.
type row struct {
	ID int `json:"id"`
}

// pagedRows serves total rows with ids 1..total the way ConnectWise pages:
// page and pageSize from the query (default 25, at most 1000) and a Link
// header with rel="next" while rows remain. It counts requests in calls.
func pagedRows(t *testing.T, total int, calls *atomic.Int32) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page := queryInt(r, "page", 1)
		size := min(queryInt(r, "pageSize", 25), 1000)
		first := (page-1)*size + 1
		rows := []row{}
		for id := first; id <= total && id < first+size; id++ {
			rows = append(rows, row{ID: id})
		}
		if first+size <= total {
			self := "http://x" + r.URL.Path
			next := fmt.Sprintf("%s?fields=id,name&pageSize=%d&page=%d", self, size, page+1)
			w.Header().Set("Link", fmt.Sprintf(`<%s?page=1>; rel="first", <%s>; rel="next"`, self, next))
		}
		writeJSON(t, w, http.StatusOK, rows)
	}
}

func queryInt(r *http.Request, key string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(key))
	if err != nil {
		return def
	}
	return n
}
