package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/testbin"
)

// preCommitHook is a hook of .pre-commit-hooks.yaml.
type preCommitHook struct {
	ID            string `yaml:"id"`
	Name          string `yaml:"name"`
	Description   string `yaml:"description"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
}

// TestPreCommitHooks: .pre-commit-hooks.yaml parses; its hooks run on the
// folders named in args, whenever a YAML or JSON file is staged, so that a
// commit of PodDefaults alone is checked; run as pre-commit runs them
// (entry, then the args of docs/ci.md's example), podctl-check fails on a
// manifest that lacks what a PodDefault adds, and podctl-apply writes it.
func TestPreCommitHooks(t *testing.T) {
	var hooks []preCommitHook
	decodeStrict(t, filepath.Join(moduleRoot, ".pre-commit-hooks.yaml"), &hooks)
	byID := map[string]preCommitHook{}
	for _, h := range hooks {
		byID[h.ID] = h
		if h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %s: want language golang and pass_filenames false (the hook reads the folders of its args)", h.ID)
		}
		files, err := regexp.Compile(h.Files)
		if err != nil {
			t.Fatalf("hook %s: files: %v", h.ID, err)
		}
		for name, want := range map[string]bool{"m/a.yaml": true, "poddefaults/pd.yml": true, "c.json": true, "d.txt": false, "e.yaml.bak": false} {
			if files.MatchString(name) != want {
				t.Errorf("hook %s: files %q matches %s: %v, want %v", h.ID, h.Files, name, !want, want)
			}
		}
	}
	want := map[string][]string{
		"podctl-check": {"podctl", "apply-defaults", "--check"},
		"podctl-apply": {"podctl", "apply-defaults", "-i"},
	}
	for id, entry := range want {
		if got := strings.Fields(byID[id].Entry); !slices.Equal(got, entry) {
			t.Errorf("hook %s: entry %q, want %q", id, byID[id].Entry, strings.Join(entry, " "))
		}
	}
	if len(hooks) != len(want) {
		t.Errorf("%d hooks, want %d", len(hooks), len(want))
	}

	// the repository's .pre-commit-config.yaml as docs/ci.md shows it
	var config struct {
		Repos []struct {
			Repo  string `yaml:"repo"`
			Rev   string `yaml:"rev"`
			Hooks []struct {
				ID    string   `yaml:"id"`
				Args  []string `yaml:"args"`
				Files string   `yaml:"files"`
			} `yaml:"hooks"`
		} `yaml:"repos"`
	}
	if err := yaml.Unmarshal(docBlock(t, "docs/ci.md", "repos:"), &config); err != nil {
		t.Fatal(err)
	}
	if len(config.Repos) != 1 || len(config.Repos[0].Hooks) != 1 || !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(config.Repos[0].Rev) {
		t.Fatalf("docs/ci.md's .pre-commit-config.yaml: want one repo pinned to a release tag, with one hook; got %+v", config)
	}
	shown := config.Repos[0].Hooks[0]
	files := regexp.MustCompile(shown.Files)
	if !files.MatchString("poddefaults/pd.yaml") || !files.MatchString("manifests/deploy.yaml") {
		t.Errorf("docs/ci.md's files %q: want it to match poddefaults/pd.yaml and manifests/deploy.yaml, so a change to either runs the hook", shown.Files)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "manifests", "deploy.yaml"), string(readFile(t, filepath.Join(moduleRoot, "testdata/examples/workloads.yaml"))), 0o644)
	writeFile(t, filepath.Join(dir, "poddefaults", "pd.yaml"), string(readFile(t, filepath.Join(moduleRoot, "testdata/examples/poddefaults.yaml"))), 0o644)
	hook := func(id string) (string, int) {
		t.Helper()
		entry := strings.Fields(byID[id].Entry)
		args := append(entry[1:], shown.Args...)
		if err := checkDocCommand(args); err != nil {
			t.Fatalf("hook %s with the args of docs/ci.md: %v", id, err)
		}
		out, errs, code := runScript(t, dir, nil, nil, testbin.Podctl(t), args...)
		return out + errs, code
	}
	if out, code := hook("podctl-check"); code != ExitChanges || !strings.Contains(out, "Job/team-ml/data-prep") {
		t.Fatalf("podctl-check: exit %d, want %d and the objects that would change:\n%s", code, ExitChanges, out)
	}
	if out, code := hook("podctl-apply"); code != ExitOK {
		t.Fatalf("podctl-apply: exit %d, want 0:\n%s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "manifests", "deploy.yaml")); !strings.Contains(string(b), "my-sidecar") {
		t.Fatalf("podctl-apply did not write the sidecar into manifests/deploy.yaml")
	}
	if out, code := hook("podctl-check"); code != ExitOK {
		t.Fatalf("podctl-check after podctl-apply: exit %d, want 0:\n%s", code, out)
	}
}
