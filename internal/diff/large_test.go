//go:build large

package diff

import (
	"strings"
	"testing"
)

// TestLargeDiffs: a diff of many changes over a long text stays within
// memory (each step of the Myers trace keeps what it needs, not the whole
// text's width), and git reads it.
func TestLargeDiffs(t *testing.T) {
	_, a, b := documents(20000, 10) // 140,000 lines, 2,000 documents changed
	if d := Unified("f", []byte(a), []byte(b)); !strings.Contains(d, "+  added: 19990\n") {
		t.Fatalf("the diff lacks the last change")
	}
	parts, _, _ := documents(20000, 10)
	if d := UnifiedParts("f", parts); strings.Count(d, "@@ -") != 2000 {
		t.Fatalf("%d hunks, want 2000", strings.Count(d, "@@ -"))
	}
}
