package cwsandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Control calls a running sandbox's control API over HTTP, as a person
// changing the API member's role in ConnectWise's UI would.
type Control struct {
	URL   string // the sandbox's login URL
	Token string // the control token it printed
	// HTTPClient sends the calls; nil means http.DefaultClient. An HTTPS
	// sandbox needs one that trusts its certificate (Server.CertPool).
	HTTPClient *http.Client
}

// SetRight changes one level of the API member's role.
func (c Control) SetRight(ctx context.Context, ch RightChange) error {
	return c.put(ctx, "role/rights", ch)
}

// SetDefaultBoard sets the API member's default service board; 0 removes it.
func (c Control) SetDefaultBoard(ctx context.Context, id int) error {
	return c.put(ctx, "default-board", map[string]int{"id": id})
}

// SetFaults replaces the sandbox's fault plan, written as for --faults
// ("503=0.1,latency=20ms,seed=7"); "" stops random faults.
func (c Control) SetFaults(ctx context.Context, faults string) error {
	return c.put(ctx, "faults", FaultsChange{Faults: faults})
}

func (c Control) put(ctx context.Context, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	url := strings.TrimRight(c.URL, "/") + ControlPrefix + path
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("calling the sandbox control API: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("sandbox control API %s: %s: %s", path, resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
