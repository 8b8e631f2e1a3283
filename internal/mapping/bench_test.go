package mapping

import (
	"fmt"
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
)

// scaleSet builds n ConnectWise companies and m platform companies: every
// other platform company has an exact namesake with a matching website,
// the rest are spelled differently or have no counterpart.
func scaleSet(n, m int) ([]cwm.Company, []PlatformCompany) {
	words := []string{"Amber", "Birch", "Cedar", "Delta", "Ember", "Falcon", "Garnet", "Harbor",
		"Indigo", "Juniper", "Kestrel", "Linden", "Maple", "Northgate", "Orchard", "Pine"}
	trades := []string{"Dental", "Plumbing", "Legal", "Realty", "Clinic", "Motors", "Media",
		"Travel", "Bakery", "Storage"}
	name := func(i int) string {
		return fmt.Sprintf("%s %s %d", words[i%len(words)], trades[(i/len(words))%len(trades)], i)
	}
	cw := make([]cwm.Company, n)
	for i := range cw {
		cw[i] = cwm.Company{ID: i + 2, Identifier: fmt.Sprintf("C%06d", i), Name: name(i) + " LLC",
			Website: fmt.Sprintf("https://www.c%d.example", i),
			Status:  &cwm.Reference{Name: "Active"}, Types: []cwm.Reference{{Name: "Client"}}}
	}
	platform := make([]PlatformCompany, m)
	for i := range platform {
		pc := PlatformCompany{ID: int64(i + 1), ExternalID: fmt.Sprintf("P%06d", i), Name: name(2 * i)}
		if i%2 == 0 {
			pc.Domains = []string{fmt.Sprintf("c%d.example", 2*i)}
		} else {
			pc.Name = "The " + pc.Name + ", Inc."
		}
		platform[i] = pc
	}

	return cw, platform
}

// BenchmarkPropose10kAgainst20k is the scale the issue names: a partner
// with 10,000 client companies against 20,000 ConnectWise companies.
func BenchmarkPropose10kAgainst20k(b *testing.B) {
	cw, platform := scaleSet(20000, 10000)
	b.ReportAllocs()
	applied := 0
	for b.Loop() {
		applied = 0
		for _, p := range Propose(platform, cw, nil) {
			if p.Applied {
				applied++
			}
		}
	}
	b.ReportMetric(float64(applied), "applied")
}
