package cwm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Conditions are built, not concatenated: values are quoted, field names
// checked.
func ExampleAnd() {
	cond := cwm.And(
		cwm.Eq("company/id", 250),
		cwm.Eq("deletedFlag", false),
		cwm.Or(cwm.Eq("name", `O'Brien "IT"`), cwm.Like("identifier", "OBR*")),
	)
	expr, err := cond.Build()
	fmt.Println(expr, err)
	// Output:
	// company/id = 250 and deletedFlag = false and (name = "O'Brien \"IT\"" or identifier like "OBR*") <nil>
}

// A ticket is created once: look its external reference up first.
func ExampleTicketsService_FindByExternalXRef() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet: // no ticket carries the key yet
			fmt.Fprint(w, "[]")
		case http.MethodPost:
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(cwm.Ticket{ID: 1001, Summary: "Reported phishing"})
		}
	}))
	defer srv.Close()
	client, err := cwm.NewClient(cwm.Config{
		BaseURL: srv.URL + "/v4_6_release/apis/3.0",
		Credentials: cwm.Credentials{CompanyID: "acme", PublicKey: "pub",
			PrivateKey: "priv", ClientID: "00000000-0000-0000-0000-000000000000"},
	})
	if err != nil {
		panic(err)
	}

	ctx := context.Background()
	existing, err := client.Tickets.FindByExternalXRef(ctx, "phishreport:42")
	if err != nil || existing != nil {
		fmt.Println(existing, err)
		return
	}
	created, _, err := client.Tickets.Create(ctx, &cwm.Ticket{
		Summary: "Reported phishing", ExternalXRef: "phishreport:42", Board: &cwm.Reference{ID: 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.ID)
	// Output:
	// 1001
}
