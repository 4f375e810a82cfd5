package diff

import (
	"os"
	"os/exec"
	"path/filepath"
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
