package runtime

import "testing"

func TestExpandFollowsTheKubeletsRules(t *testing.T) {
	vars := map[string]string{"A": "1", "PATH_X": "/p", "EMPTY": ""}
	lookup := func(n string) (string, bool) { v, ok := vars[n]; return v, ok }
	cases := map[string]string{
		"$(A)":               "1",
		"x$(A)y$(PATH_X)z":   "x1y/pz",
		"$(MISSING)":         "$(MISSING)",
		"$$(A)":              "$(A)",
		"$$":                 "$",
		"$":                  "$",
		"a$b":                "a$b",
		"$(A":                "$(A",
		"$(EMPTY)-":          "-",
		"--base=$(A)/$$HOME": "--base=1/$HOME",
	}
	for in, want := range cases {
		if got := expand(in, lookup); got != want {
			t.Errorf("expand(%q) = %q, want %q", in, got, want)
		}
	}
}
