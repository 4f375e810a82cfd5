package manifest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// -R follows a folder named through a symlink, as kubectl -R does, and
// still skips a symlink inside it that leads out.
func TestRecursiveFollowsASymlinkedFolderItIsGiven(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{real, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(real, "a.yaml"), []byte("kind: A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "b.yaml"), []byte("kind: B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(real, "out")); err != nil {
		t.Fatal(err)
	}
	r := &Reader{Recursive: true}
	srcs, err := r.Read([]string{link})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Name != filepath.Join(link, "a.yaml") {
		var names []string
		for _, s := range srcs {
			names = append(names, s.Name)
		}
		t.Fatalf("read %v, want %s", names, filepath.Join(link, "a.yaml"))
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "leads out") {
		t.Errorf("warnings %q, want the link that leads out skipped", r.Warnings)
	}
}

// -R skips dot-files as it skips dot-folders: a repository's
// .pre-commit-config.yaml is no manifest.
func TestRecursiveSkipsDotFiles(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"a.yaml": "kind: A\n", ".pre-commit-config.yaml": "repos: []\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srcs, err := (&Reader{Recursive: true}).Read([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || filepath.Base(srcs[0].Name) != "a.yaml" {
		t.Fatalf("read %d files, want a.yaml alone", len(srcs))
	}
}

// --exclude globs match a name or the path below the folder; "**" stands
// for any number of folders.
func TestExcludeGlobs(t *testing.T) {
	for _, tc := range []struct {
		glob, rel string
		want      bool
	}{
		{"*.json", "a/b.json", true}, // by name
		{"charts/*", "charts/x", true},
		{"charts/*", "charts/x/y.yaml", false},
		{"charts/**", "charts/x/y.yaml", true},
		{"**/tests", "a/b/tests", true},
		{"**/tests/*.yaml", "tests/t.yaml", true},
		{"**/tests/*.yaml", "a/tests/t.yaml", true},
		{"a/**/z.yaml", "a/z.yaml", true},
		{"a/**/z.yaml", "b/z.yaml", false},
	} {
		r := &Reader{Exclude: []string{tc.glob}}
		root := filepath.FromSlash("/root")
		path := filepath.Join(root, filepath.FromSlash(tc.rel))
		if got := r.excluded(root, path, filepath.Base(path)); got != tc.want {
			t.Errorf("%s excludes %s: %v, want %v", tc.glob, tc.rel, got, tc.want)
		}
	}
}
