package output

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
)

// TestStream: sources are joined by "---" where they do not start with
// one, and a source without a final newline gets one before the next.
func TestStream(t *testing.T) {
	cm := func(name string) string { return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}" }
	var sources []*manifest.Source
	for i, data := range []string{cm("a"), "---\n" + cm("b") + "\n", "", cm("c") + "\n"} {
		sources = append(sources, manifest.NewSource(string(rune('a'+i))+".yaml", []byte(data)))
	}
	res, err := apply.Run(apply.Request{Workloads: sources})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Stream(&b, res); err != nil {
		t.Fatal(err)
	}
	want := cm("a") + "\n---\n" + cm("b") + "\n---\n" + cm("c") + "\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// TestCheckAndDiff: --check lists each object that changes, --diff each
// file; both say whether anything changes.
func TestCheckAndDiff(t *testing.T) {
	changed, err := apply.Run(request(t, examplesWorkloads, examplesDefaults))
	if err != nil {
		t.Fatal(err)
	}
	var check, plain, colored bytes.Buffer
	if changes, err := Check(&check, changed); !changes || err != nil {
		t.Fatalf("check: changes %v, err %v", changes, err)
	}
	n := 0
	for _, obj := range changed.Objects {
		if obj.Changed {
			n++
		}
	}
	if lines := strings.Split(strings.TrimSuffix(check.String(), "\n"), "\n"); len(lines) != n || n == 0 {
		t.Errorf("%d lines for %d changed objects:\n%s", len(lines), n, check.String())
	}
	if changes, err := Diff(&plain, changed, false); !changes || err != nil {
		t.Fatalf("diff: changes %v, err %v", changes, err)
	}
	if changes, err := Diff(&colored, changed, true); !changes || err != nil {
		t.Fatalf("colored diff: changes %v, err %v", changes, err)
	}
	if !strings.HasPrefix(plain.String(), "--- a/../../testdata/examples/workloads.yaml\n+++ b/../../testdata/examples/workloads.yaml\n@@ ") {
		t.Errorf("diff headers:\n%s", plain.String())
	}
	if uncolored := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colored.String(), ""); uncolored != plain.String() || colored.String() == plain.String() {
		t.Error("the colored diff is not the diff with colors")
	}

	unchanged, err := apply.Run(apply.Request{Workloads: []*manifest.Source{manifest.NewSource("cm.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"))}})
	if err != nil {
		t.Fatal(err)
	}
	var none bytes.Buffer
	if changes, _ := Check(&none, unchanged); changes {
		t.Error("check: changes where there are none")
	}
	if changes, _ := Diff(&none, unchanged, true); changes {
		t.Error("diff: changes where there are none")
	}
	if none.Len() != 0 {
		t.Errorf("wrote %q for no change", none.String())
	}
}

func TestColorize(t *testing.T) {
	in := "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\n"
	want := bold + "--- a/x" + reset + "\n" + bold + "+++ b/x" + reset + "\n" + cyan + "@@ -1,2 +1,2 @@" + reset + "\n a\n" +
		red + "-b" + reset + "\n" + green + "+c" + reset + "\n\n"
	if got := colorize(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDiffName(t *testing.T) {
	for name, want := range map[string]string{"./a.yaml": "a.yaml", "/tmp/x/a.yaml": "tmp/x/a.yaml", "../b/a.yaml": "../b/a.yaml", "a//b.yaml": "a/b.yaml"} {
		if got := diffName(name); got != want {
			t.Errorf("diffName(%q) = %q, want %q", name, got, want)
		}
	}
}
