package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInPlaceThenCheck(t *testing.T) {
	dir := workspace(t)
	w, d := filepath.Join(dir, "workloads.yaml"), filepath.Join(dir, "poddefaults.yaml")
	if err := os.Chmod(w, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("workloads.yaml", link); err != nil {
		t.Fatal(err)
	}
	_, expected, _ := run(t, "apply-defaults", "-f", w, "-d", d)

	if code, out, errs := run(t, "apply-defaults", "-i", "-f", link, "-d", d); code != 0 || out != "" {
		t.Fatalf("-i: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if got := string(readFile(t, w)); got != expected {
		t.Fatalf("the file holds\n%s\nwant what apply-defaults prints\n%s", got, expected)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if fi, _ := os.Stat(w); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if code, out, errs := run(t, "apply-defaults", "--check", w, "-d", d); code != 0 || out != "" {
		t.Fatalf("--check after -i: exit %d, %q %s", code, out, errs)
	}
	if code, out, _ := run(t, "apply-defaults", "--diff", "-f", w, "-d", d); code != 0 || out != "" {
		t.Fatalf("--diff after -i: exit %d, %q", code, out)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// TestInPlaceAllOrNothing: one conflicting, unparsable or unwritable file
// leaves every file as it was.
func TestInPlaceAllOrNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the extra file
		code  int
		says  string
	}{
		{"conflict", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "z-conflict.yaml")
			writeFile(t, p, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: my-sidecar, image: other}]\n", 0o644)
			return p
		}, 3, "my-sidecar"},
		{"bad YAML", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "z-bad.yaml")
			writeFile(t, p, "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n", 0o644)
			return p
		}, 2, "z-bad.yaml:3"},
		{"read-only file", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "z-readonly.yaml")
			writeFile(t, p, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n", 0o444)
			return p
		}, 2, "read-only"},
		{"read-only folder", func(t *testing.T, dir string) string {
			sub := filepath.Join(dir, "ro")
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(sub, "pod.yaml")
			writeFile(t, p, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n", 0o644)
			if err := os.Chmod(sub, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(sub, 0o755) })
			return p
		}, 2, "read-only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := workspace(t)
			w, d := filepath.Join(dir, "workloads.yaml"), filepath.Join(dir, "poddefaults.yaml")
			extra := tc.setup(t, dir)
			before := map[string]string{w: string(readFile(t, w)), extra: string(readFile(t, extra))}
			code, out, errs := run(t, "apply-defaults", "-i", "-f", w, "-f", extra, "-d", d)
			if code != tc.code || !strings.Contains(errs, tc.says) || out != "" {
				t.Fatalf("exit %d (want %d), stdout %q, stderr %s", code, tc.code, out, errs)
			}
			for f, content := range before {
				if string(readFile(t, f)) != content {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
}

func TestRecursive(t *testing.T) {
	dir := t.TempDir()
	pod := func(name string) string {
		return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: team-ml, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n"
	}
	writeFile(t, filepath.Join(dir, "top.yaml"), pod("top"), 0o644)
	writeFile(t, filepath.Join(dir, "sub", "deeper", "nested.yml"), pod("nested"), 0o644)
	writeFile(t, filepath.Join(dir, "sub", "kustomization.yaml"), "resources: [x.yaml]\n", 0o644)
	writeFile(t, filepath.Join(dir, ".hidden", "h.yaml"), pod("hidden"), 0o644)
	writeFile(t, filepath.Join(dir, "skip", "s.yaml"), pod("skipped"), 0o644)
	writeFile(t, filepath.Join(dir, "notes.txt"), "not a manifest", 0o644)
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "o.yaml"), pod("outside"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "o.yaml"), filepath.Join(dir, "sub", "out.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	d := "../../testdata/examples/poddefaults.yaml"

	_, flat, _ := run(t, "apply-defaults", "--check", "-f", dir, "-d", d)
	if strings.Count(flat, "\n") != 1 || !strings.Contains(flat, "Pod/team-ml/top") {
		t.Errorf("without -R only the folder's own files count:\n%s", flat)
	}
	code, out, errs := run(t, "apply-defaults", "--check", "-R", "--exclude", "skip", "-f", dir, "-d", d)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Pod/team-ml/top", "Pod/team-ml/nested"} {
		if !strings.Contains(out, want) {
			t.Errorf("-R misses %s:\n%s", want, out)
		}
	}
	for _, skipped := range []string{"hidden", "skipped", "outside"} {
		if strings.Contains(out, skipped) {
			t.Errorf("-R read %s:\n%s", skipped, out)
		}
	}
	if !strings.Contains(errs, "warning: ") || !strings.Contains(errs, "leads out of") {
		t.Errorf("no warning for the symlink out of the tree: %s", errs)
	}
	if !strings.Contains(errs, "loop: skipped: a symlink to a folder") {
		t.Errorf("no warning for the symlink loop: %s", errs)
	}
}

func TestDiffColor(t *testing.T) {
	dir := workspace(t)
	args := []string{"apply-defaults", "--diff", "-f", filepath.Join(dir, "workloads.yaml"), "-d", filepath.Join(dir, "poddefaults.yaml")}
	_, plain, _ := run(t, args...)
	_, colored, _ := run(t, append(args, "--color", "always")...)
	if strings.Contains(plain, "\x1b[") || !strings.Contains(colored, "\x1b[32m+") {
		t.Fatalf("color: plain has escapes %v, colored lacks them %v", strings.Contains(plain, "\x1b["), !strings.Contains(colored, "\x1b[32m+"))
	}
	t.Setenv("NO_COLOR", "1")
	if _, auto, _ := run(t, args...); strings.Contains(auto, "\x1b[") {
		t.Error("auto colored with NO_COLOR set")
	}
}
