package diff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"insert in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nnew\n5\n6\n7\n8\n",
			"--- a/f\n+++ b/f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n"},
		{"change", "a\nb\nc\n", "a\nB\nc\n", "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"into an empty file", "", "a\n", "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n"},
		{"no final newline", "a\nb", "a\nb\nc", "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n",
			"--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -10,3 +11,4 @@\n 10\n 11\n 12\n+13\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unified("f", []byte(tc.a), []byte(tc.b)); got != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestAppliesWithGitApply: git apply accepts the diff and gives the new text.
func TestAppliesWithGitApply(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	var a, b strings.Builder
	for i := 0; i < 200; i++ {
		a.WriteString("line " + string(rune('a'+i%26)) + "\n")
		if i%37 == 5 {
			b.WriteString("inserted\n")
		}
		if i%53 != 7 {
			b.WriteString("line " + string(rune('a'+i%26)) + "\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte(a.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	patch := filepath.Join(dir, "p.diff")
	if err := os.WriteFile(patch, []byte(Unified("f", []byte(a.String()), []byte(b.String()))), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(git, "apply", patch)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "f"))
	if string(got) != b.String() {
		t.Fatal("applying the diff does not give the new text")
	}
}

// documents builds a stream of n small documents, and a copy in which
// every step-th one gained a line and lost another.
func documents(n, step int) (parts []Part, old, new string) {
	var a, b strings.Builder
	for i := 0; i < n; i++ {
		doc := fmt.Sprintf("---\nkind: Thing\nmetadata:\n  name: thing-%d\nspec:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n", i)
		changed := doc
		if i%step == 0 {
			changed = strings.Replace(doc, "  a: 1\n", "  a: 1\n  added: "+strconv.Itoa(i)+"\n", 1)
			changed = strings.Replace(changed, "  b: 2\n", "", 1)
		}
		parts = append(parts, Part{[]byte(doc), []byte(changed)})
		a.WriteString(doc)
		b.WriteString(changed)
	}
	return parts, a.String(), b.String()
}

// TestUnifiedParts: diffing a stream document by document gives the diff
// of the whole, hunks that span documents included.
func TestUnifiedParts(t *testing.T) {
	for _, step := range []int{1, 2, 3, 7} {
		parts, a, b := documents(40, step)
		if got, want := UnifiedParts("f", parts), Unified("f", []byte(a), []byte(b)); got != want {
			t.Fatalf("step %d: by parts\n%s\nwhole\n%s", step, got, want)
		}
		// a last document without a final line break
		last := &parts[len(parts)-1]
		last.Old, last.New = append(last.Old, "  e: 5"...), append(last.New, "  e: 5"...)
		if got, want := UnifiedParts("f", parts), Unified("f", []byte(a+"  e: 5"), []byte(b+"  e: 5")); got != want {
			t.Fatalf("step %d, no final line break: by parts\n%s\nwhole\n%s", step, got, want)
		}
	}
	parts, _, _ := documents(5, 1)
	for i := range parts {
		parts[i].New = parts[i].Old
	}
	if got := UnifiedParts("f", parts); got != "" {
		t.Fatalf("unchanged parts give %q", got)
	}
}
