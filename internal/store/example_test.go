package store_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/psabridge/psabridge/internal/store"
)

// Example connects a partner and stores a reported e-mail twice: the second
// delivery finds the first.
func Example() {
	dir, err := os.MkdirTemp("", "psabridge-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	s, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	p, err := s.CreatePartner(ctx, "acme", "Acme MSP")
	if err != nil {
		log.Fatal(err)
	}

	err = s.SaveConnection(ctx, store.Connection{PartnerID: p.ID, CompanyID: "acme",
		PublicKey: "public", PrivateKey: "private"})
	if err != nil {
		log.Fatal(err)
	}
	c, err := s.Connection(ctx, p.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("private key opened:", c.PrivateKey)

	report := store.Report{PartnerID: p.ID, Key: "msg-1", Raw: []byte("Subject: hi\r\n\r\n")}
	first, created, _ := s.CreateReport(ctx, report)
	again, createdAgain, _ := s.CreateReport(ctx, report)
	fmt.Println(created, createdAgain, first.ID == again.ID)
	// Output:
	// private key opened: private
	// true false true
}
