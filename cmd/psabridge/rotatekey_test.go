package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/secret"
	"github.com/psabridge/psabridge/internal/store"
)

// seedConnections stores n partners with connections in a new data folder
// and returns the folder and each partner's private key.
func seedConnections(t *testing.T, n int) (string, map[int64]string) {
	t.Helper()
	data := t.TempDir()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := map[int64]string{}
	for i := range n {
		p, err := st.CreatePartner(t.Context(), fmt.Sprintf("p%d", i), "Partner")
		if err != nil {
			t.Fatal(err)
		}
		want[p.ID] = fmt.Sprintf("private-key-%d", i)
		err = st.SaveConnection(t.Context(), store.Connection{PartnerID: p.ID, CompanyID: "c",
			LoginURL: "https://x", APIBaseURL: "https://x/api", PublicKey: "pub", PrivateKey: want[p.ID]})
		if err != nil {
			t.Fatal(err)
		}
	}
	return data, want
}

// readSecrets opens the store and returns every partner's private key and
// the key ids their sealed values carry.
func readSecrets(ctx context.Context, t *testing.T, data string) (map[int64]string, map[string]int) {
	t.Helper()
	st, err := store.Open(ctx, store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	partners, err := st.Partners(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	for _, p := range partners {
		c, err := st.Connection(ctx, p.ID)
		if err != nil {
			t.Fatalf("reading partner %d's secret: %v", p.ID, err)
		}
		got[p.ID] = c.PrivateKey
	}
	ids := map[string]int{}
	rows, err := st.DB().QueryContext(ctx, `SELECT private_key_sealed FROM connections`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sealed string
		if err := rows.Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		ids[strings.Split(sealed, ":")[1]]++
	}
	return got, ids
}

func currentKeyID(t *testing.T, data string) (string, int) {
	t.Helper()
	keys, err := secret.ReadKeys(filepath.Join(data, store.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	k, err := secret.KeyringFromBase64(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	return k.ID(), len(keys)
}

func TestRotateKeyReSealsEverySecretAndReadsThemBack(t *testing.T) {
	t.Parallel()
	data, want := seedConnections(t, 3)
	oldID, _ := currentKeyID(t, data)

	code, out, errOut := cli(t, "rotate-key", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("rotate-key = %d\n%s%s", code, out, errOut)
	}
	newID, nKeys := currentKeyID(t, data)
	var res struct {
		store.ResealResult
		Retired int `json:"retired_keys"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	wantRes := store.ResealResult{Secrets: 3, Resealed: 3, KeyID: newID}
	if diff := cmp.Diff(wantRes, res.ResealResult); diff != "" || newID == oldID || nKeys != 2 {
		t.Errorf("rotate-key result (-want +got):\n%s\nold key %s, new %s, %d keys in the file", diff, oldID, newID, nKeys)
	}

	got, ids := readSecrets(t.Context(), t, data)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("secrets after rotation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{newID: 3}, ids); diff != "" {
		t.Errorf("key ids of sealed values (-want +got):\n%s", diff)
	}

	code, out, errOut = cli(t, "rotate-key", "--data", data, "--retire")
	if code != 0 {
		t.Fatalf("rotate-key --retire = %d\n%s%s", code, out, errOut)
	}
	if kept, nKeys := currentKeyID(t, data); nKeys != 1 || kept != newID {
		t.Errorf("after --retire the key file holds %d keys, current %s; want only the rotated key %s", nKeys, kept, newID)
	}
	got, _ = readSecrets(t.Context(), t, data)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("secrets after retiring the old key (-want +got):\n%s", diff)
	}
	for _, k := range want {
		if strings.Contains(out+errOut, k) {
			t.Error("rotate-key printed a secret")
		}
	}
}

func TestRotateKeyWithoutAKeyFileSaysSo(t *testing.T) {
	t.Parallel()
	code, _, errOut := cli(t, "rotate-key", "--data", t.TempDir())
	if code != 1 || !strings.Contains(errOut, "nothing to rotate") {
		t.Errorf("rotate-key on an empty folder = %d, %q", code, errOut)
	}
}
