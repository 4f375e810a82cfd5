package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/testbin"
)

// docOutput is podctl output that a doc shows in the fenced block after a
// line <!-- podctl-output: NAME -->, and the run that prints it.
type docOutput struct {
	files  map[string]string // the run's folder: file name and the file it copies
	args   []string
	stdin  string // a file of the module, for standard input
	stderr bool   // the block shows standard error, not standard output
	exit   int    // the exit code of the run
	// excerpt: the block shows some lines of the output, in order, each
	// as printed or trimmed (see excerptOf). Such a block is checked;
	// every other block is the whole output, and -update rewrites it.
	excerpt bool
	filter  func(t *testing.T, out []byte) []byte // what the doc pipes the output through
}

var examplesFolder = map[string]string{
	"workloads.yaml":   "testdata/examples/workloads.yaml",
	"poddefaults.yaml": "testdata/examples/poddefaults.yaml",
}

var examplesApply = []string{"apply-defaults", "-f", "testdata/examples/workloads.yaml", "-d", "testdata/examples/poddefaults.yaml"}

var examplesApplyFolder = map[string]string{
	"testdata/examples/workloads.yaml":   "testdata/examples/workloads.yaml",
	"testdata/examples/poddefaults.yaml": "testdata/examples/poddefaults.yaml",
}

// docOutputs names every output block of README.md and docs/*.md.
var docOutputs = map[string]docOutput{
	"readme-misspelt-field": {
		files: map[string]string{
			"manifests.yaml":   "internal/apply/testdata/misspelt-fields/manifests.yaml",
			"poddefaults.yaml": "internal/apply/testdata/misspelt-fields/poddefaults.yaml",
		},
		args: []string{"apply-defaults", "-f", "manifests.yaml", "-d", "poddefaults.yaml"}, stderr: true, excerpt: true, exit: 2,
	},
	"ci-examples-warnings":        {files: examplesApplyFolder, args: examplesApply, stderr: true},
	"poddefaults-examples-output": {files: examplesApplyFolder, args: examplesApply, excerpt: true},
	"explain-examples": {
		files: examplesFolder,
		args:  []string{"explain", "-f", "workloads.yaml", "-d", "poddefaults.yaml"},
	},
	"explain-present-other-ns": {
		files: map[string]string{
			"workloads.yaml":   "testdata/cli/explain/workloads.yaml",
			"poddefaults.yaml": "testdata/cli/explain/poddefaults.yaml",
		},
		args: []string{"explain", "-f", "workloads.yaml", "-d", "poddefaults.yaml"},
	},
	"explain-invalid-selector": {
		files: map[string]string{
			"workloads.yaml":   "internal/apply/testdata/invalid-selector/manifests.yaml",
			"poddefaults.yaml": "internal/apply/testdata/invalid-selector/poddefaults.yaml",
		},
		args: []string{"explain", "-f", "workloads.yaml", "-d", "poddefaults.yaml"}, excerpt: true, exit: 3,
	},
	"explain-notebook-labels": {
		files: map[string]string{
			"workloads.yaml":   "testdata/cli/explain-warnings/workloads.yaml",
			"poddefaults.yaml": "testdata/cli/explain-warnings/poddefaults.yaml",
		},
		args: []string{"explain", "-f", "workloads.yaml", "-d", "poddefaults.yaml"}, excerpt: true,
	},
	"krm-unknown-keys": {
		args: []string{"fn"}, stdin: "testdata/docs/krm-unknown-keys.yaml", excerpt: true, exit: 2,
	},
	"explain-json-applied": {
		files:  docFolder,
		args:   []string{"explain", "-f", "deploy.yaml", "-d", "poddefaults/", "-o", "json"},
		filter: jqAppliedVerdicts,
	},
}

// jqAppliedVerdicts is jq '.[].verdicts[] | select(.outcome == "applied")'.
func jqAppliedVerdicts(t *testing.T, out []byte) []byte {
	var templates []struct {
		Verdicts []json.RawMessage `json:"verdicts"`
	}
	if err := json.Unmarshal(out, &templates); err != nil {
		t.Fatalf("explain -o json: %v\n%s", err, out)
	}
	var b bytes.Buffer
	for _, tpl := range templates {
		for _, v := range tpl.Verdicts {
			var o struct{ Outcome string }
			if err := json.Unmarshal(v, &o); err != nil {
				t.Fatal(err)
			}
			if o.Outcome == "applied" {
				if err := json.Indent(&b, v, "", "  "); err != nil {
					t.Fatal(err)
				}
				b.WriteByte('\n')
			}
		}
	}
	return b.Bytes()
}

var outputMarker = regexp.MustCompile(`^<!-- podctl-output: (\S+) -->$`)

// outputBlock is a marked block of a doc: its lines, and where its
// content starts and ends (lines, 0-based, end excluded).
type outputBlock struct {
	name       string
	start, end int
}

// outputBlocksIn finds the marked output blocks of a doc's lines.
func outputBlocksIn(t *testing.T, doc string, lines []string) []outputBlock {
	var blocks []outputBlock
	for i := 0; i < len(lines); i++ {
		m := outputMarker.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "```") {
			t.Errorf("%s:%d: %s: no fenced block right after the marker", doc, i+1, m[1])
			continue
		}
		end := i + 2
		for end < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[end]), "```") {
			end++
		}
		blocks = append(blocks, outputBlock{name: m[1], start: i + 2, end: end})
		i = end
	}
	return blocks
}

// runDocOutput runs what a block shows and returns what it prints.
func runDocOutput(t *testing.T, o docOutput) []byte {
	t.Helper()
	dir := t.TempDir()
	for name, src := range o.files {
		writeFile(t, filepath.Join(dir, name), string(readFile(t, filepath.Join(moduleRoot, src))), 0o644)
	}
	cmd := exec.Command(testbin.Podctl(t), o.args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PODCTL_DEFAULTS=", "PODCTL_NAMESPACE=", "NO_COLOR=1")
	if o.stdin != "" {
		cmd.Stdin = bytes.NewReader(readFile(t, filepath.Join(moduleRoot, o.stdin)))
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		t.Fatal(err)
	}
	if code := cmd.ProcessState.ExitCode(); code != o.exit {
		t.Errorf("podctl %s: exit %d, want %d\n%s", strings.Join(o.args, " "), code, o.exit, errb.String())
	}
	printed := out.Bytes()
	if o.stderr {
		printed = errb.Bytes()
	}
	if o.filter != nil {
		printed = o.filter(t, printed)
	}
	return printed
}

// trimmedValue is a value an excerpt trims: [...] or {...}.
var trimmedValue = regexp.MustCompile(`(\[\.\.\.\]|\{\.\.\.\})$`)

// excerptOf reports whether the lines of block are lines of out, in
// order. A block line may end in a # comment that the output does not
// have, and a value of [...] or {...} stands for whatever the output has
// there.
func excerptOf(block string, out []byte) bool {
	var printed []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		printed = append(printed, sc.Text())
	}
	i := 0
	for _, want := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if c := strings.Index(want, "  #"); c >= 0 {
			want = strings.TrimRight(want[:c], " ")
		}
		prefix := trimmedValue.MatchString(want)
		want = strings.TrimRight(trimmedValue.ReplaceAllString(want, ""), " ")
		for ; i < len(printed); i++ {
			if printed[i] == want || prefix && strings.HasPrefix(printed[i], want) {
				break
			}
		}
		if i == len(printed) {
			return false
		}
		i++
	}
	return true
}

// TestDocOutputs: every output block the docs mark is what podctl prints
// for it: the whole output (go test -run TestDocOutputs -update rewrites
// it), or for an excerpt, lines of it.
func TestDocOutputs(t *testing.T) {
	seen := map[string]bool{}
	for _, path := range docFiles(t) {
		doc, _ := filepath.Rel(moduleRoot, path)
		lines := strings.SplitAfter(string(readFile(t, path)), "\n")
		changed := false
		blocks := outputBlocksIn(t, doc, lines)
		for k := len(blocks) - 1; k >= 0; k-- {
			b := blocks[k]
			seen[b.name] = true
			o, ok := docOutputs[b.name]
			if !ok {
				t.Errorf("%s:%d: output %s is not in docOutputs", doc, b.start, b.name)
				continue
			}
			shown := strings.Join(lines[b.start:b.end], "")
			printed := runDocOutput(t, o)
			switch {
			case o.excerpt:
				if !excerptOf(shown, printed) {
					t.Errorf("%s:%d: %s shows\n%s\nwhich is not an excerpt of what podctl %s prints:\n%s", doc, b.start, b.name, shown, strings.Join(o.args, " "), printed)
				}
			case shown == string(printed):
			case *update:
				lines = append(lines[:b.start], append(strings.SplitAfter(string(printed), "\n"), lines[b.end:]...)...)
				changed = true
			default:
				t.Errorf("%s:%d: %s shows\n%s\npodctl %s prints\n%s(go test ./internal/cli -run TestDocOutputs -update rewrites it)", doc, b.start, b.name, shown, strings.Join(o.args, " "), printed)
			}
		}
		if changed {
			// SplitAfter leaves an empty last element for output ending in
			// a newline; joining puts the lines back as they were.
			if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range docOutputs {
		if !seen[name] {
			t.Errorf("docOutputs: %s is marked in no doc", name)
		}
	}
}

// docOutputsUnchecked are the output blocks that no run here prints, by
// the start of their first line, and why.
var docOutputsUnchecked = map[string]string{
	"decisions ":             "the summary of go test ./internal/apply -run TestAgreesWithTheCluster, which that test checks against README.md",
	"[FAIL] \"podctl\" in ":  "kpt's rendering of the result, with a timing; internal/krm's kpt test checks the PD102 finding",
	"error: w.yaml:1 ":       "an illustration: its input is not in the repository",
	"error: w.yaml:6 ":       "an illustration: its input is not in the repository",
	"error: nb.yaml:1 ":      "an illustration: its input is not in the repository",
	"error: etl.yaml:7 ":     "an illustration: its input is not in the repository",
	"warning: batch.yaml:7 ": "an illustration: its input is not in the repository",
	"error: bad.yaml:1 ":     "an illustration: its input is not in the repository",
	"error: reader.yaml:7 ":  "an illustration: its input is not in the repository",
	"warning: w.yaml:6 ":     "an illustration: its input is not in the repository",
}

// TestDocOutputsMarked: a fenced block without a language in the docs
// that are not generated shows output, so it carries a podctl-output
// marker or is in docOutputsUnchecked.
func TestDocOutputsMarked(t *testing.T) {
	used := map[string]bool{}
	for _, path := range docFiles(t) {
		doc, _ := filepath.Rel(moduleRoot, path)
		text := readFile(t, path)
		if bytes.Contains(text, []byte("<!-- generated from")) {
			continue
		}
		lines := strings.Split(string(text), "\n")
		in := false
		for i, line := range lines {
			trimmed := strings.TrimSpace(line)
			if !strings.HasPrefix(trimmed, "```") {
				continue
			}
			if in {
				in = false
				continue
			}
			in = true
			if trimmed != "```" || i > 0 && outputMarker.MatchString(strings.TrimSpace(lines[i-1])) {
				continue
			}
			first := ""
			if i+1 < len(lines) {
				first = strings.TrimSpace(lines[i+1])
			}
			known := false
			for prefix := range docOutputsUnchecked {
				if strings.HasPrefix(first, prefix) {
					known, used[prefix] = true, true
				}
			}
			if !known {
				t.Errorf("%s:%d: an output block without a podctl-output marker: %s", doc, i+1, first)
			}
		}
	}
	for prefix := range docOutputsUnchecked {
		if !used[prefix] {
			t.Errorf("docOutputsUnchecked: no block starts with %q any more", prefix)
		}
	}
}
