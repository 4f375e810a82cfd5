package internal_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/testbin"
)

// action is the part of action.yml (a composite GitHub Action) that the
// tests read.
type action struct {
	Inputs map[string]struct {
		Description string `json:"description"`
		Default     string `json:"default"`
	} `json:"inputs"`
	Outputs map[string]struct {
		Value string `json:"value"`
	} `json:"outputs"`
	Runs struct {
		Using string       `json:"using"`
		Steps []actionStep `json:"steps"`
	} `json:"runs"`
}

type actionStep struct {
	Name  string            `json:"name"`
	ID    string            `json:"id"`
	If    string            `json:"if"`
	Shell string            `json:"shell"`
	Env   map[string]string `json:"env"`
	Run   string            `json:"run"`
	Uses  string            `json:"uses"`
	With  map[string]string `json:"with"`
}

func readAction(t *testing.T) action {
	t.Helper()
	var a action
	if err := yaml.UnmarshalStrict(readRepoFile(t, "action.yml"), &a, yaml.DisallowUnknownFields); err != nil {
		// name, description, author and branding are not read here
		a = action{}
		if err := yaml.Unmarshal(readRepoFile(t, "action.yml"), &a); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func (a action) step(t *testing.T, id string) actionStep {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("action.yml has no step %q", id)
	return actionStep{}
}

var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// TestActionDefinition: action.yml is a composite Action whose steps use
// only inputs it defines and outputs its steps write, uses every input,
// keeps expressions out of scripts (an input reaches a script only through
// env, never spliced into its text), and pins the Actions it calls.
func TestActionDefinition(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", a.Runs.Using)
	}
	text := string(readRepoFile(t, "action.yml"))
	used := map[string]bool{}
	ids := map[string]actionStep{}
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			ids[s.ID] = s
		}
	}
	for _, m := range expression.FindAllStringSubmatch(text, -1) {
		for _, ref := range regexp.MustCompile(`\b(inputs|steps)\.([a-z0-9-]+)(?:\.outputs\.([a-z0-9-]+))?`).FindAllStringSubmatch(m[1], -1) {
			switch ref[1] {
			case "inputs":
				used[ref[2]] = true
				if _, ok := a.Inputs[ref[2]]; !ok {
					t.Errorf("action.yml uses inputs.%s, which it does not define", ref[2])
				}
			case "steps":
				s, ok := ids[ref[2]]
				if !ok {
					t.Errorf("action.yml uses steps.%s, which is no step", ref[2])
				} else if ref[3] != "" && !strings.Contains(s.Run, ref[3]+"=") {
					t.Errorf("action.yml uses steps.%s.outputs.%s, which that step never writes", ref[2], ref[3])
				}
			}
		}
	}
	for name, in := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is defined but not used", name)
		}
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for _, s := range a.Runs.Steps {
		switch {
		case s.Run != "":
			if s.Shell != "bash" {
				t.Errorf("step %q: shell %q, want bash (a composite step must name its shell)", s.Name, s.Shell)
			}
			if expression.MatchString(s.Run) {
				t.Errorf("step %q: an expression in the script; pass it through env", s.Name)
			}
		case s.Uses != "":
			if !regexp.MustCompile(`^[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$`).MatchString(s.Uses) {
				t.Errorf("step %q: uses %s, not pinned to a version or commit", s.Name, s.Uses)
			}
		default:
			t.Errorf("step %q runs nothing", s.Name)
		}
	}
}

// TestActionExample: the example workflow uses the Action at a release tag
// and gives it only inputs it has.
func TestActionExample(t *testing.T) {
	a := readAction(t)
	var wf struct {
		Jobs map[string]struct {
			Steps []actionStep `json:"steps"`
		} `json:"jobs"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, "docs/examples/github-workflow.yaml"), &wf); err != nil {
		t.Fatal(err)
	}
	n := 0
	for job, j := range wf.Jobs {
		for _, s := range j.Steps {
			if !strings.HasPrefix(s.Uses, "podctl/podctl@") {
				continue
			}
			n++
			if !regexp.MustCompile(`@v\d+\.\d+\.\d+$`).MatchString(s.Uses) {
				t.Errorf("job %s: uses %s, not a release tag", job, s.Uses)
			}
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("job %s: with %s, which the Action does not take", job, k)
				}
			}
			if m := s.With["mode"]; m != "check" && m != "lint" {
				t.Errorf("job %s: mode %q", job, m)
			}
		}
	}
	if n < 2 {
		t.Errorf("the example uses the Action %d times, want check and lint", n)
	}
}

// runStep runs a run step of action.yml with bash as the runner would:
// its env, then the test's, GITHUB_OUTPUT, GITHUB_PATH and
// GITHUB_STEP_SUMMARY files, and RUNNER_TEMP, from folder dir.
func runStep(t *testing.T, s actionStep, dir string, env map[string]string) (outputs map[string]string, summary, log string, code int) {
	t.Helper()
	tmp := t.TempDir()
	files := map[string]string{}
	for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"} {
		files[f] = filepath.Join(tmp, f)
		if err := os.WriteFile(files[f], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run) // as the runner runs shell: bash
	cmd.Dir = dir
	cmd.Env = os.Environ()
	for k, v := range files {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "RUNNER_TEMP="+t.TempDir())
	for k, v := range s.Env {
		if expression.MatchString(v) {
			v = "" // what the runner would put there comes from the test
		}
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	outputs = map[string]string{}
	for _, line := range strings.Split(string(readFileAbs(t, files["GITHUB_OUTPUT"])), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outputs[k] = v
		}
	}
	if p := strings.TrimSpace(string(readFileAbs(t, files["GITHUB_PATH"]))); p != "" {
		outputs["PATH"] = p
	}
	return outputs, string(readFileAbs(t, files["GITHUB_STEP_SUMMARY"])), out.String(), cmd.ProcessState.ExitCode()
}

func readFileAbs(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestActionInstalls: the install step downloads the release archive for
// the runner's platform and checksums.txt (here from a folder, through
// curl's file://), installs podctl only when the archive has the checksum
// checksums.txt gives and the input sha256, if any, and takes the version
// from the tag the Action is used at.
func TestActionInstalls(t *testing.T) {
	if testing.Short() {
		t.Skip("installs from a release laid out on disk: make test-large runs it")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl, which GitHub's runners have, is not installed here")
	}
	a := readAction(t)
	install := a.step(t, "install")

	// a release v1.2.3 as goreleaser lays it out
	release := t.TempDir()
	name := fmt.Sprintf("podctl_1.2.3_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	archive := tarGz(t, map[string][]byte{"podctl": readFileAbs(t, testbin.Podctl(t)), "LICENSE": readRepoFile(t, "LICENSE")})
	sum := sha256.Sum256(archive)
	writeRelease := func(archive []byte, checksum string) {
		if err := os.MkdirAll(filepath.Join(release, "v1.2.3"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(release, "v1.2.3", name), archive, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(release, "v1.2.3", "checksums.txt"), []byte(checksum+"  "+name+"\n0000  other.zip\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := hex.EncodeToString(sum[:])
	writeRelease(archive, good)
	base := map[string]string{"PODCTL_DOWNLOAD_URL": "file://" + release, "RUNNER_OS": "", "RUNNER_ARCH": ""}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("the Action runs on Linux and macOS, not %s", runtime.GOOS)
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
	}{
		{"version", with("PODCTL_VERSION", "v1.2.3", "PODCTL_ACTION_REF", "main")},
		{"the Action's tag", with("PODCTL_VERSION", "", "PODCTL_ACTION_REF", "v1.2.3")},
		{"sha256 pinned", with("PODCTL_VERSION", "v1.2.3", "PODCTL_SHA256", good)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, log, code := runStep(t, install, t.TempDir(), tc.env)
			if code != 0 || out["version"] != "v1.2.3" {
				t.Fatalf("exit %d, outputs %v:\n%s", code, out, log)
			}
			if _, err := os.Stat(filepath.Join(out["PATH"], "podctl")); err != nil {
				t.Fatalf("podctl is not in the folder added to PATH: %v\n%s", err, log)
			}
			if !strings.Contains(log, "podctl "+testbin.Version) {
				t.Errorf("the step does not show the version installed:\n%s", log)
			}
		})
	}

	for _, tc := range []struct {
		name, why string
		env       map[string]string
		tamper    bool
	}{
		{"no version at a branch", "no release tag", with("PODCTL_VERSION", "", "PODCTL_ACTION_REF", "main"), false},
		{"not a tag", "no release tag", with("PODCTL_VERSION", "latest"), false},
		{"another sha256", "not " + strings.Repeat("ab", 32), with("PODCTL_VERSION", "v1.2.3", "PODCTL_SHA256", strings.Repeat("ab", 32)), false},
		{"a changed archive", "but checksums.txt", with("PODCTL_VERSION", "v1.2.3"), true},
		{"no such release", "could not download", with("PODCTL_VERSION", "v9.9.9"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tamper {
				writeRelease(append(slices.Clone(archive), 0), good)
				defer writeRelease(archive, good)
			}
			out, _, log, code := runStep(t, install, t.TempDir(), tc.env)
			if code == 0 || out["PATH"] != "" || !strings.Contains(log, "::error title=podctl::") || !strings.Contains(log, tc.why) {
				t.Fatalf("exit %d, PATH %q; want a failure that says %q:\n%s", code, out["PATH"], tc.why, log)
			}
		})
	}
}

func tarGz(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o755, Size: int64(len(files[n]))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestActionRuns: the run step runs podctl as the inputs say, records its
// exit code for the last step, writes a job summary, and in mode lint
// writes SARIF for the upload step.
func TestActionRuns(t *testing.T) {
	a := readAction(t)
	run := a.step(t, "run")
	bin := testbin.Podctl(t)
	work := t.TempDir()
	for _, f := range []string{"workloads.yaml", "poddefaults.yaml"} {
		dst := filepath.Join(work, map[string]string{"workloads.yaml": "manifests", "poddefaults.yaml": "poddefaults"}[f], f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, readRepoFile(t, "testdata/examples/"+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	inputs := func(mode, paths, poddefaults, args, sarif string) map[string]string {
		return map[string]string{"PATH": path, "PODCTL_MODE": mode, "PODCTL_PATHS": paths, "PODCTL_PODDEFAULTS": poddefaults, "PODCTL_ARGS": args, "PODCTL_SARIF": sarif}
	}

	out, summary, log, code := runStep(t, run, work, inputs("check", "manifests/", "poddefaults/", "-q", "true"))
	if code != 0 || out["exit-code"] != "1" {
		t.Fatalf("check: step exit %d, exit-code %q, want the step to pass and exit-code 1:\n%s", code, out["exit-code"], log)
	}
	if !strings.Contains(summary, "### podctl check: manifests lack what their PodDefaults add") || !strings.Contains(summary, "Job/team-ml/data-prep") ||
		!strings.Contains(summary, "podctl apply-defaults --check -R -f manifests/ -d poddefaults/ -q") {
		t.Errorf("check: summary:\n%s", summary)
	}
	if !strings.Contains(log, "::notice") {
		t.Errorf("check: no annotations (--report github) in the log:\n%s", log)
	}

	out, summary, log, _ = runStep(t, run, work, inputs("lint", "manifests/", "poddefaults/", "", "true"))
	if out["exit-code"] == "" || out["exit-code"] == "2" || out["sarif-file"] == "" {
		t.Fatalf("lint: outputs %v:\n%s", out, log)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []any  `json:"runs"`
	}
	if err := json.Unmarshal(readFileAbs(t, out["sarif-file"]), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 {
		t.Errorf("lint: %s is not SARIF 2.1.0 with one run: %v", out["sarif-file"], err)
	}
	if !strings.Contains(summary, "### podctl lint: ") {
		t.Errorf("lint: summary:\n%s", summary)
	}

	for _, tc := range []struct{ name, mode, paths string }{
		{"unknown mode", "fix", "manifests/"},
		{"check without paths", "check", ""},
	} {
		out, _, log, code := runStep(t, run, work, inputs(tc.mode, tc.paths, "poddefaults/", "", "true"))
		if code != 0 || out["exit-code"] != "2" || !strings.Contains(log, "::error title=podctl::") {
			t.Errorf("%s: step exit %d, outputs %v; want exit-code 2 and an error:\n%s", tc.name, code, out, log)
		}
	}

	// the last step fails with podctl's exit code
	last := a.Runs.Steps[len(a.Runs.Steps)-1]
	for _, want := range []int{0, 1, 3} {
		if _, _, log, code := runStep(t, last, work, map[string]string{"PODCTL_EXIT_CODE": fmt.Sprint(want)}); code != want {
			t.Errorf("last step with exit-code %d: exit %d\n%s", want, code, log)
		}
	}
}
