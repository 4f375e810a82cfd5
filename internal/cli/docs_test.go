package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/testbin"
)

// The tests in this file keep the docs honest: every podctl command they
// show parses, and the files they ship (the Helm post-renderer and plugin,
// the pre-commit hook, the Argo CD plugin) work.

const moduleRoot = "../.."

// docCommand is a podctl command line found in a fenced sh or yaml block.
type docCommand struct {
	file string
	line int
	text string   // the line as written
	args []string // the words after "podctl", up to the end of the command
}

// docFences are the fenced block languages whose podctl lines are checked.
var docFences = map[string]bool{"sh": true, "bash": true, "shell": true, "yaml": true, "yml": true}

// docPrefix is what may stand before "podctl" at the start of a line: a
// prompt, a YAML list dash, a YAML key such as run: or script:.
var docPrefix = regexp.MustCompile(`^\s*(?:\$\s+)?(?:-\s+)?(?:(?:run|script|entry|command)\s*:\s*)?(?:-\s+)?`)

// docPipe is "podctl" as the command after a pipe or a list operator.
var docPipe = regexp.MustCompile(`(?:\||&&|;)\s*podctl\s`)

// docCommandsIn finds the podctl commands in the fenced blocks of a
// Markdown text.
func docCommandsIn(name string, text []byte) []docCommand {
	var cmds []docCommand
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			if fence == "" {
				fence = strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))
				if fence == "" {
					fence = "text"
				}
			} else {
				fence = ""
			}
			continue
		}
		if !docFences[fence] {
			continue
		}
		var starts []int
		if loc := docPrefix.FindStringIndex(line); loc != nil && strings.HasPrefix(line[loc[1]:], "podctl ") {
			starts = append(starts, loc[1])
		}
		for _, loc := range docPipe.FindAllStringIndex(line, -1) {
			starts = append(starts, loc[0]+strings.Index(line[loc[0]:loc[1]], "podctl"))
		}
		for _, s := range starts {
			words := shellWords(line[s:])
			if len(words) == 0 || words[0] != "podctl" {
				continue
			}
			cmds = append(cmds, docCommand{file: name, line: n, text: trimmed, args: words[1:]})
		}
	}
	return cmds
}

// shellWords splits one shell command into words, with quotes and
// backslashes, and stops where the command ends: a pipe, a list operator,
// a redirection, a comment or a closing parenthesis. Variables and
// placeholders are kept as written: flags parse the same with them.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				cur.WriteString(s[i+1:])
				i = len(s)
			} else {
				cur.WriteString(s[i+1 : i+1+j])
				i += j + 1
			}
		case c == '"':
			inWord = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
		case c == '\\':
			inWord = true
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
		case c == '|' || c == ';' || c == '&' || c == '>' || c == '<' || c == ')' || (c == '#' && !inWord):
			flush()
			return words
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	flush()
	return words
}

// checkDocCommand parses a command's flags as podctl would.
func checkDocCommand(args []string) error {
	root := newRootCommand(streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard})
	sub, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	return sub.ParseFlags(rest)
}

func docFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(moduleRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	return append(files, filepath.Join(moduleRoot, "README.md"))
}

// TestDocCommandsParse: every podctl command in the docs' sh and yaml
// blocks names a command podctl has, with flags it accepts.
func TestDocCommandsParse(t *testing.T) {
	perFile := map[string]int{}
	for _, path := range docFiles(t) {
		name, _ := filepath.Rel(moduleRoot, path)
		for _, c := range docCommandsIn(name, readFile(t, path)) {
			perFile[name]++
			if err := checkDocCommand(c.args); err != nil {
				t.Errorf("%s:%d: %s\n\tpodctl rejects it: %v", c.file, c.line, c.text, err)
			}
		}
	}
	for _, name := range []string{"README.md", "docs/ci.md", "docs/explain.md", "docs/poddefaults.md", "docs/lint.md"} {
		if perFile[name] == 0 {
			t.Errorf("%s: no podctl command found in its sh and yaml blocks", name)
		}
	}
}

// TestDocCommandExtraction: the finder sees podctl where the docs put it,
// and the checker catches a wrong flag.
func TestDocCommandExtraction(t *testing.T) {
	md := "text podctl --bogus is prose\n" +
		"```sh\n" +
		"$ podctl apply-defaults --check -f a.yaml # a comment --bogus\n" +
		"  kustomize build . | podctl apply-defaults -d pd/ -n \"$NS\" > out.yaml\n" +
		"podctl explain -f x.yaml -o json | jq '.[]'\n" +
		"make test && podctl version\n" +
		"go install github.com/podctl/podctl/cmd/podctl@latest\n" +
		"```\n" +
		"```yaml\n" +
		"      - run: podctl apply-defaults --check -R -f m/ --report github\n" +
		"  script:\n" +
		"    - podctl apply-defaults --report json --report-file r.json\n" +
		"  entry: podctl apply-defaults --check\n" +
		"```\n" +
		"```\n" +
		"podctl --bogus in a text block\n" +
		"```\n"
	want := [][]string{
		{"apply-defaults", "--check", "-f", "a.yaml"},
		{"apply-defaults", "-d", "pd/", "-n", "$NS"},
		{"explain", "-f", "x.yaml", "-o", "json"},
		{"version"},
		{"apply-defaults", "--check", "-R", "-f", "m/", "--report", "github"},
		{"apply-defaults", "--report", "json", "--report-file", "r.json"},
		{"apply-defaults", "--check"},
	}
	var got [][]string
	for _, c := range docCommandsIn("x.md", []byte(md)) {
		got = append(got, c.args)
		if err := checkDocCommand(c.args); err != nil {
			t.Errorf("line %d: %v", c.line, err)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("found\n%q\nwant\n%q", got, want)
	}
	for _, bad := range [][]string{{"apply-defaults", "--bogus"}, {"explain", "--check"}, {"bogus", "-f", "x"}} {
		if checkDocCommand(bad) == nil {
			t.Errorf("podctl %s: accepted", strings.Join(bad, " "))
		}
	}
}

// runScript runs a shell command line from the module root with the built
// podctl first on PATH.
func runScript(t *testing.T, dir string, stdin []byte, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	bin := testbin.Podctl(t)
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PODCTL_DEFAULTS=", "PODCTL_NAMESPACE=")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running %s: %v", name, err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

func bashPath(t *testing.T) string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed to test the shipped scripts: %v", err)
	}
	return bash
}

// TestHelmPostRenderer: the post-renderer script applies the PodDefaults
// of PODCTL_DEFAULTS in PODCTL_NAMESPACE, passes its arguments on, and
// fails when podctl does or when PODCTL_NAMESPACE is not set.
func TestHelmPostRenderer(t *testing.T) {
	bash := bashPath(t)
	script := "docs/helm/podctl-post-renderer.sh"
	info, err := os.Stat(filepath.Join(moduleRoot, script))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&0o111 == 0 {
		t.Errorf("%s is not executable: Helm runs it directly", script)
	}
	examples := readFile(t, filepath.Join(moduleRoot, "testdata/examples/workloads.yaml"))
	pod := []byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n")

	t.Run("applies", func(t *testing.T) {
		out, errs, code := runScript(t, moduleRoot, examples, []string{"PODCTL_DEFAULTS=testdata/examples/poddefaults.yaml", "PODCTL_NAMESPACE=team-ml"}, bash, script)
		if code != 0 || !strings.Contains(out, "name: my-sidecar") {
			t.Fatalf("exit %d, want 0 and the sidecar my-sidecar; stderr: %s\nstdout:\n%s", code, errs, out)
		}
	})
	t.Run("conflict fails", func(t *testing.T) {
		out, errs, code := runScript(t, moduleRoot, readFile(t, filepath.Join(moduleRoot, "testdata/cli/conflict/workloads.yaml")),
			[]string{"PODCTL_DEFAULTS=testdata/cli/conflict/poddefaults.yaml", "PODCTL_NAMESPACE=team-ml"}, bash, script)
		if code == 0 || out != "" || !strings.Contains(errs, "env-a, env-b") {
			t.Fatalf("exit %d, want non-zero, no output and the conflict on stderr; stderr: %s\nstdout:\n%s", code, errs, out)
		}
	})
	t.Run("namespace", func(t *testing.T) {
		defaults := "PODCTL_DEFAULTS=testdata/examples/poddefaults.yaml"
		out, errs, code := runScript(t, moduleRoot, pod, []string{defaults, "PODCTL_NAMESPACE=team-ml"}, bash, script)
		if code != 0 || !strings.Contains(out, "my-sidecar") {
			t.Fatalf("PODCTL_NAMESPACE=team-ml: exit %d, want the sidecar; stderr: %s\n%s", code, errs, out)
		}
		out, errs, code = runScript(t, moduleRoot, pod, []string{defaults}, bash, script)
		if code != 2 || out != "" || !strings.Contains(errs, "set PODCTL_NAMESPACE") {
			t.Fatalf("no PODCTL_NAMESPACE: exit %d, want 2, no output and why; stderr: %s\n%s", code, errs, out)
		}
	})
	t.Run("arguments and default folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "poddefaults"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "poddefaults", "pd.yaml"), readFile(t, filepath.Join(moduleRoot, "testdata/examples/poddefaults.yaml")), 0o644); err != nil {
			t.Fatal(err)
		}
		abs, err := filepath.Abs(filepath.Join(moduleRoot, script))
		if err != nil {
			t.Fatal(err)
		}
		out, errs, code := runScript(t, dir, examples, []string{"PODCTL_NAMESPACE=team-ml"}, bash, abs, "--mark-excluded")
		if code != 0 || !strings.Contains(out, `poddefault.admission.kubeflow.org/exclude: "true"`) || !strings.Contains(out, "my-sidecar") {
			t.Fatalf("exit %d, want poddefaults/ applied with --mark-excluded; stderr: %s\n%s", code, errs, out)
		}
	})
}

// decodeStrict decodes YAML, rejecting fields the target does not have.
func decodeStrict(t *testing.T, path string, into any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, path)))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// helmPluginV1 is Helm 4's plugin.yaml (apiVersion v1), which Helm
// decodes with unknown fields rejected.
type helmPluginV1 struct {
	APIVersion    string         `yaml:"apiVersion"`
	Name          string         `yaml:"name"`
	Type          string         `yaml:"type"`
	Runtime       string         `yaml:"runtime"`
	Version       string         `yaml:"version"`
	SourceURL     string         `yaml:"sourceURL,omitempty"`
	Config        map[string]any `yaml:"config"`
	RuntimeConfig struct {
		PlatformCommand []struct {
			OS      string   `yaml:"os"`
			Arch    string   `yaml:"arch"`
			Command string   `yaml:"command"`
			Args    []string `yaml:"args"`
		} `yaml:"platformCommand"`
	} `yaml:"runtimeConfig"`
}

// TestHelmPlugin: the Helm 4 plugin is a postrenderer/v1 subprocess
// plugin that runs the post-renderer script from its own folder, as the
// page shows it.
func TestHelmPlugin(t *testing.T) {
	path := filepath.Join(moduleRoot, "docs/helm/podctl-plugin/plugin.yaml")
	var p helmPluginV1
	decodeStrict(t, path, &p)
	if p.APIVersion != "v1" || p.Type != "postrenderer/v1" || p.Runtime != "subprocess" || p.Name != "podctl" {
		t.Errorf("plugin %+v: want apiVersion v1, type postrenderer/v1, runtime subprocess, name podctl", p)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(p.Version) {
		t.Errorf("version %q is not SemVer", p.Version)
	}
	if len(p.RuntimeConfig.PlatformCommand) != 1 || p.RuntimeConfig.PlatformCommand[0].Command != "${HELM_PLUGIN_DIR}/podctl-post-renderer.sh" {
		t.Errorf("platformCommand %+v: want ${HELM_PLUGIN_DIR}/podctl-post-renderer.sh", p.RuntimeConfig.PlatformCommand)
	}
	var shown helmPluginV1
	if err := yaml.Unmarshal(docBlock(t, "docs/ci.md", "type: postrenderer/v1"), &shown); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(shown, p) {
		t.Errorf("docs/ci.md shows another plugin.yaml:\n%+v\nthe file:\n%+v", shown, p)
	}
}

// docBlock returns the first fenced block of a doc that contains marker.
func docBlock(t *testing.T, doc, marker string) []byte {
	t.Helper()
	var block strings.Builder
	in := false
	for _, line := range strings.SplitAfter(string(readFile(t, filepath.Join(moduleRoot, doc))), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			if in && strings.Contains(block.String(), marker) {
				return []byte(block.String())
			}
			in = !in
			block.Reset()
			continue
		}
		if in {
			block.WriteString(line)
		}
	}
	t.Fatalf("%s: no fenced block with %q", doc, marker)
	return nil
}

// argoCMP is the part of Argo CD's ConfigManagementPlugin that podctl's
// plugin uses.
type argoCMP struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Generate struct {
			Command []string `yaml:"command"`
			Args    []string `yaml:"args"`
		} `yaml:"generate"`
	} `yaml:"spec"`
}

// TestArgoCDPlugin: the Config Management Plugin parses, is the one the
// page shows, and its generate command applies the PodDefaults of
// poddefaults/ in the Application's namespace, failing when kustomize or
// podctl fails.
func TestArgoCDPlugin(t *testing.T) {
	var p argoCMP
	decodeStrict(t, filepath.Join(moduleRoot, "docs/argocd/plugin.yaml"), &p)
	if p.APIVersion != "argoproj.io/v1alpha1" || p.Kind != "ConfigManagementPlugin" || p.Metadata.Name != "podctl" {
		t.Errorf("plugin %+v: want an argoproj.io/v1alpha1 ConfigManagementPlugin named podctl", p)
	}
	gen := p.Spec.Generate
	if !reflect.DeepEqual(gen.Command, []string{"bash", "-c"}) || len(gen.Args) != 1 {
		t.Fatalf("generate %+v: want bash -c and one script", gen)
	}
	if !strings.Contains(gen.Args[0], "kustomize build . | podctl apply-defaults -d poddefaults/") {
		t.Errorf("generate script %q does not run kustomize build . | podctl apply-defaults -d poddefaults/", gen.Args[0])
	}
	var shown argoCMP
	if err := yaml.Unmarshal(docBlock(t, "docs/ci.md", "kind: ConfigManagementPlugin"), &shown); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(shown, p) {
		t.Errorf("docs/ci.md shows another plugin.yaml:\n%+v\nthe file:\n%+v", shown, p)
	}

	// Run the generate command as the sidecar would, in the Application's
	// folder, with a kustomize that prints the examples.
	bash := bashPath(t)
	app, tools := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(app, "poddefaults"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(app, "poddefaults", "pd.yaml"), readFile(t, filepath.Join(moduleRoot, "testdata/examples/poddefaults.yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {add-sidecar: \"true\"}}\nspec:\n  containers: [{name: c, image: i}]\n"
	kustomize := filepath.Join(tools, "kustomize")
	writeKustomize := func(body string) {
		if err := os.WriteFile(kustomize, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"PATH=" + filepath.Dir(testbin.Podctl(t)) + string(os.PathListSeparator) + tools + string(os.PathListSeparator) + os.Getenv("PATH"),
		"ARGOCD_APP_NAMESPACE=team-ml"}

	writeKustomize("cat <<'EOF'\n" + pod + "EOF\n")
	out, errs, code := runScript(t, app, nil, env, bash, "-c", gen.Args[0])
	if code != 0 || !strings.Contains(out, "my-sidecar") {
		t.Fatalf("generate: exit %d, want 0 and the sidecar in namespace team-ml; stderr: %s\n%s", code, errs, out)
	}
	writeKustomize("echo 'kustomize: boom' >&2\nexit 1\n")
	if _, errs, code := runScript(t, app, nil, env, bash, "-c", gen.Args[0]); code == 0 {
		t.Fatalf("generate: exit 0 when kustomize fails; stderr: %s", errs)
	}
}
