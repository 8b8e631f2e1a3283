package cwsandbox

import (
	"testing"
)

// TestSchemaMatchesSpec checks the embedded compact schema against the
// shared OpenAPI subset, so a re-derived spec cannot drift from it.
func TestSchemaMatchesSpec(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	for name, ref := range doc.Components.Schemas {
		s := schemas[name]
		if s == nil {
			t.Errorf("embedded schema lacks %s", name)
			continue
		}
		for prop, p := range ref.Value.Properties {
			got, ok := s.Props[prop]
			if !ok {
				t.Errorf("%s.%s missing from the embedded schema", name, prop)
				continue
			}
			if p.Value.MaxLength != nil && uint64(got.MaxLength) != *p.Value.MaxLength {
				t.Errorf("%s.%s maxLength = %d, spec says %d", name, prop, got.MaxLength, *p.Value.MaxLength)
			}
			if p.Ref != "" && "#/components/schemas/"+got.Ref != p.Ref {
				t.Errorf("%s.%s ref = %q, spec says %q", name, prop, got.Ref, p.Ref)
			}
		}
		if len(ref.Value.Properties) != len(s.Props) {
			t.Errorf("%s has %d properties, spec has %d", name, len(s.Props), len(ref.Value.Properties))
		}
	}
}
