package suggest

import "strings"

// Closest returns the name of known nearest to name, and whether it is near
// enough to be what was meant: the same but for case, or within one edit
// (two for names of eight letters or more), where swapping two neighbouring
// letters is one edit. Of names equally near, the first in known wins.
func Closest(name string, known []string) (string, bool) {
	best, bestDist := "", -1
	for _, k := range known {
		if k == name {
			continue
		}
		d := Distance(strings.ToLower(name), strings.ToLower(k))
		if d > allowed(k) {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	return best, bestDist >= 0
}

// allowed is how many edits away from a known name a misspelling may be.
func allowed(known string) int {
	switch n := len(known); {
	case n < 3:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// Distance is the number of edits between a and b: inserting, deleting or
// changing a byte, or swapping two neighbouring bytes (the optimal string
// alignment distance).
func Distance(a, b string) int {
	// rows i-2, i-1 and i of the table
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
