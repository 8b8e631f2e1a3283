package mapping

import "testing"

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Acme", "acme"},
		{"ACME Inc.", "acme"},
		{"Acme, Inc.", "acme"},
		{"Acme Incorporated", "acme"},
		{"Acme L.L.C.", "acme"},
		{"Acme LLC", "acme"},
		{"O'Brien Plumbing", "obrien plumbing"},
		{"O’Brien Plumbing Ltd", "obrien plumbing"},
		{"Smith & Sons", "smith and sons"},
		{"Smith and Sons", "smith and sons"},
		{`"Quoted" Corp`, "quoted"},
		{"«Élan» Services", "elan services"},
		{"Café Müller GmbH", "cafe muller"},
		{"Müller GmbH & Co. KG", "muller"},
		{"Société Générale S.A.", "societe generale"},
		{"Straße Bau AG", "strasse bau"},
		{"Søren Æble A/S", "soren aeble"},
		{"Nordic Oy", "nordic"},
		{"Svenska Bygg AB", "svenska bygg"},
		{"Holland Tech B.V.", "holland tech"},
		{"Widgets Pty Ltd", "widgets"},
		{"Widgets Pty. Ltd.", "widgets"},
		{"Acme Holdings PLC", "acme holdings"},
		{"The Acme Company", "acme"},
		{"The Company", "company"},
		{"Theatre Group", "theatre group"},
		{"  Acme \t  Widgets\n", "acme widgets"},
		{"Acme-Widgets/Repair!", "acme widgets repair"},
		{"A.B.C. Plumbing", "abc plumbing"},
		{"ABC Plumbing", "abc plumbing"},
		{"ＡＣＭＥ Ｉｎｃ", "acme"},
		{"Inc.", "inc"},
		{"Luxe Day Spa", "luxe day spa"},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeEquates(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"Smith & Jones, LLC", "smith and jones"},
		{"The O'Neil Group, Inc.", "ONeil Group"},
		{"Zürich Versicherung AG", "Zurich Versicherung"},
		{"Acme   Corp", "ACME Corporation"},
	}
	for _, p := range pairs {
		if a, b := Normalize(p[0]), Normalize(p[1]); a != b {
			t.Errorf("Normalize(%q) = %q but Normalize(%q) = %q", p[0], a, p[1], b)
		}
	}
}
