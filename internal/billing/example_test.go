package billing_test

import (
	"context"
	"fmt"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/cwm"
)

// memoryAgreements keeps additions in memory, keyed by addition id.
type memoryAgreements map[int]*cwm.Addition

func (m memoryAgreements) Addition(_ context.Context, _, additionID int) (*cwm.Addition, error) {
	ad := *m[additionID]
	return &ad, nil
}

func (m memoryAgreements) SetAdditionQuantity(_ context.Context, _, additionID int,
	quantity float64) (*cwm.Addition, error) {
	m[additionID].Quantity = quantity
	return m.Addition(context.Background(), 0, additionID)
}

func ExamplePush() {
	ctx := context.Background()
	cw := memoryAgreements{10: {ID: 10, Quantity: 40}, 20: {ID: 20, Quantity: 12}}
	lines := []billing.Line{
		{CompanyName: "Contoso", AgreementID: 1, AdditionID: 10, Count: 42},
		{CompanyName: "Fabrikam", AgreementID: 2, AdditionID: 20, Count: 12},
		{CompanyName: "Northwind", Count: 5},
	}

	changes, err := billing.Preview(ctx, cw, lines)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range billing.Push(ctx, cw, changes) {
		fmt.Printf("%s: %s %v → %v pushed=%t reason=%s\n", c.CompanyName, c.Action, c.Old, c.New,
			c.Pushed, c.Reason)
	}
	// Output:
	// Contoso: update 40 → 42 pushed=true reason=
	// Fabrikam: unchanged 12 → 12 pushed=false reason=
	// Northwind: skipped 0 → 0 pushed=false reason=not mapped to an agreement addition
}
