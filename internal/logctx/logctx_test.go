package logctx

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHandlerAddsTheContextsAttributes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil))).With("component", "test")
	ctx := With(With(t.Context(), slog.String("request_id", "r1")), slog.Int64("job_id", 7))
	log.InfoContext(ctx, "working", "step", 1)
	log.Info("no context")

	dec := json.NewDecoder(&buf)
	var first, second map[string]any
	if err := dec.Decode(&first); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&second); err != nil {
		t.Fatal(err)
	}
	delete(first, "time")
	want := map[string]any{"level": "INFO", "msg": "working", "component": "test", "step": 1.0,
		"request_id": "r1", "job_id": 7.0}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("line with context (-want +got):\n%s", diff)
	}
	if _, ok := second["request_id"]; ok {
		t.Errorf("a line without the context has a request_id: %v", second)
	}
	if got := Attrs(context.Background()); got != nil {
		t.Errorf("Attrs(background) = %v", got)
	}
}
