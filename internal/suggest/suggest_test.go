package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "spec", 4},
		{"spec", "spec", 0},
		{"spce", "spec", 1}, // a swap is one edit
		{"lables", "labels", 1},
		{"contianers", "containers", 1},
		{"volumeMount", "volumeMounts", 1},
		{"namspace", "namespace", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"metadata", "spec", "labels", "containers", "volumeMounts", "namespace", "ps", "check", "markExcluded"}
	for _, c := range []struct {
		name, want string
	}{
		{"spce", "spec"},
		{"lables", "labels"},
		{"Labels", "labels"},
		{"contianers", "containers"},
		{"containres", "containers"},
		{"volumeMount", "volumeMounts"},
		{"namspace", "namespace"},
		{"chek", "check"},
		{"mark-excluded", "markExcluded"},
		{"sp", ""},     // two letters: no guess
		{"status", ""}, // too far from anything
		{"spec", ""},   // known
		{"spex1", ""},  // two edits from a short name
		{"metdata", "metadata"},
	} {
		got, ok := Closest(c.name, known)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("Closest(%q) = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}
