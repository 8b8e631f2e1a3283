package mapping_test

import (
	"fmt"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mapping"
)

func ExampleNormalize() {
	fmt.Println(mapping.Normalize("The O’Brien & Sons Co., L.L.C."))
	fmt.Println(mapping.Normalize("Müller GmbH & Co. KG"))
	// Output:
	// obrien and sons
	// muller
}

func ExamplePropose() {
	cw := []cwm.Company{
		{ID: 7, Identifier: "Contoso", Name: "Contoso Ltd"},
		{ID: 8, Identifier: "Fabrikam1", Name: "Fabrikam"},
		{ID: 9, Identifier: "Fabrikam2", Name: "Fabrikam, Inc."},
	}
	platform := []mapping.PlatformCompany{{ID: 1, Name: "Contoso"}, {ID: 2, Name: "Fabrikam"}}

	for _, p := range mapping.Propose(platform, cw, nil) {
		fmt.Printf("%s → %d applied=%t reason=%s\n", p.PlatformName, p.CWCompanyID, p.Applied, p.Reason)
	}
	// Output:
	// Contoso → 7 applied=true reason=
	// Fabrikam → 0 applied=false reason=ambiguous: 2 ConnectWise companies named "Fabrikam"
}
