package apply_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/output"
)

// A fixture is a folder of testdata: the input of one run and, byte for
// byte, what the run gives. Missing golden files mean "nothing".
//
//	manifests.yaml    the manifests (Request.Workloads), named so in messages
//	poddefaults.yaml  PodDefaults given apart (Request.Defaults), if any
//	request.json      optional: {"namespace": "team-ml", "markExcluded": true,
//	                  "workloads": [...], "defaults": [...]}, the last two
//	                  naming other input files, relative to the folder
//	expected.yaml     the manifests the run writes, when it succeeds
//	objects.txt       the pod templates and what applied to them (or was skipped)
//	warnings.txt      notes and warnings, one per line, as podctl prints them
//	errors.txt        input the run cannot use, as podctl prints it after
//	                  "error: " (and exits 2)
//	rejections.txt    the pods the webhook would reject, as podctl prints
//	                  them after errors.txt's (alone, they make it exit 3)
//	explain.json      optional: Explain's answer, as podctl explain -o json
//	                  prints it (create it empty, then run with -update)
//
// A run that succeeds must also be a fixed point: run again on what it
// wrote, apply changes nothing (but where it warned that a PodDefault would
// apply on a second pass).
//
//	go test ./internal/apply -run TestFixtures -update   # rewrite the goldens
func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f := loadFixture(t, dir)
			res, err := apply.Run(f.request(t))
			var out []byte
			if err == nil {
				var b bytes.Buffer
				if werr := output.Stream(&b, res); werr != nil {
					t.Fatal(werr)
				}
				out = b.Bytes()
			} else if failure := (*apply.Failure)(nil); !errors.As(err, &failure) {
				t.Fatalf("the run failed with a %T, not an *apply.Failure: %v", err, err)
			}
			f.golden(t, "expected.yaml", out)
			f.golden(t, "objects.txt", objectLines(res))
			f.golden(t, "warnings.txt", warningLines(res))
			inputs, rejections := failureText(err)
			f.golden(t, "errors.txt", inputs)
			f.golden(t, "rejections.txt", rejections)
			if f.has("explain.json") {
				explained, err := apply.Explain(f.request(t))
				if err != nil {
					t.Fatalf("explain: %v", err)
				}
				f.golden(t, "explain.json", explainJSON(t, explained.Templates))
			}
			if err == nil && !bytes.Contains(warningLines(res), []byte("would also apply on a second pass")) {
				f.checkFixedPoint(t, out)
			}
		})
	}
}

// fixture is one folder of testdata.
type fixture struct {
	dir string
	req struct {
		Namespace    string   `json:"namespace"`
		MarkExcluded bool     `json:"markExcluded"`
		Workloads    []string `json:"workloads"`
		Defaults     []string `json:"defaults"`
	}
}

func loadFixture(t *testing.T, dir string) *fixture {
	t.Helper()
	f := &fixture{dir: dir}
	if f.has("request.json") {
		dec := json.NewDecoder(bytes.NewReader(readFile(t, filepath.Join(dir, "request.json"))))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f.req); err != nil {
			t.Fatalf("request.json: %v", err)
		}
	}
	if f.req.Workloads == nil {
		f.req.Workloads = []string{"manifests.yaml"}
	}
	if f.req.Defaults == nil && f.has("poddefaults.yaml") {
		f.req.Defaults = []string{"poddefaults.yaml"}
	}
	return f
}

func (f *fixture) has(name string) bool {
	_, err := os.Stat(filepath.Join(f.dir, name))
	return err == nil
}

// request reads the fixture's input afresh: a run may keep what it is given.
func (f *fixture) request(t *testing.T) apply.Request {
	t.Helper()
	req := apply.Request{Namespace: f.req.Namespace, MarkExcluded: f.req.MarkExcluded}
	for _, name := range f.req.Workloads {
		req.Workloads = append(req.Workloads, manifest.NewSource(name, readFile(t, filepath.Join(f.dir, name))))
	}
	for _, name := range f.req.Defaults {
		req.Defaults = append(req.Defaults, manifest.NewSource(name, readFile(t, filepath.Join(f.dir, name))))
	}
	return req
}

// golden compares got with the fixture's file name; with -update it
// writes the file, or removes it when got is empty (but explain.json, whose
// presence asks for it).
func (f *fixture) golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(f.dir, name)
	if updating() {
		var err error
		if len(got) == 0 && name != "explain.json" {
			err = os.Remove(path)
			if errors.Is(err, os.ErrNotExist) {
				err = nil
			}
		} else {
			err = os.WriteFile(path, got, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./internal/apply -run TestFixtures -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// checkFixedPoint runs apply again on what the first run wrote, without
// marking templates excluded: nothing changes, and a run on marked
// templates warns of nothing.
func (f *fixture) checkFixedPoint(t *testing.T, out []byte) {
	t.Helper()
	req := f.request(t)
	req.MarkExcluded = false
	req.Workloads = []*manifest.Source{manifest.NewSource("expected.yaml", out)}
	res, err := apply.Run(req)
	if err != nil {
		t.Fatalf("run again on expected.yaml: %v", err)
	}
	var again bytes.Buffer
	if err := output.Stream(&again, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), out) {
		t.Errorf("run again on expected.yaml, apply changes it:\n%s", again.Bytes())
	}
	if f.req.MarkExcluded && len(res.Warnings)+len(res.Notes) > 0 {
		t.Errorf("run again on marked templates, apply warns:\n%s", warningLines(res))
	}
}

// objectLines are the pod templates of the run's objects, one a line:
// where, which, what applied and what was skipped, and whether it changed.
func objectLines(res *apply.Result) []byte {
	if res == nil {
		return nil
	}
	var b bytes.Buffer
	for _, o := range res.Objects {
		b.WriteString(o.Location.String())
		if o.Item > 0 {
			fmt.Fprintf(&b, " item %d", o.Item)
		}
		b.WriteString(" " + o.Object)
		if o.Template != "" && o.Template != "." {
			b.WriteString(" (" + o.Template + ")")
		}
		b.WriteString(":")
		if len(o.Applied) > 0 {
			b.WriteString(" applied " + strings.Join(o.Applied, ", ") + ";")
		}
		if len(o.Skipped) > 0 {
			b.WriteString(" skipped " + strings.Join(o.Skipped, ", ") + ";")
		}
		if o.Changed {
			b.WriteString(" changed\n")
		} else {
			b.WriteString(" unchanged\n")
		}
	}
	return b.Bytes()
}

// warningLines are the run's notes, then its warnings, as podctl prints
// them.
func warningLines(res *apply.Result) []byte {
	if res == nil {
		return nil
	}
	var b bytes.Buffer
	for _, n := range res.Notes {
		b.WriteString("note: " + n.String() + "\n")
	}
	for _, w := range res.Warnings {
		b.WriteString("warning: " + w.String() + "\n")
	}
	return b.Bytes()
}

// failureText is a failed run's problems as podctl prints them after
// "error: ": the input it cannot use (it exits 2), then the pod templates
// the webhook would reject (alone, they make it exit 3).
func failureText(err error) (inputs, rejections []byte) {
	var f *apply.Failure
	if !errors.As(err, &f) {
		return nil, nil
	}
	for _, e := range f.Inputs {
		inputs = append(inputs, e.Error()+"\n"...)
	}
	for _, r := range f.Rejections {
		rejections = append(rejections, r.Error()+"\n"...)
	}
	return inputs, rejections
}

// explainJSON is Explain's answer as podctl explain -o json prints it.
func explainJSON(t *testing.T, explained []apply.Explained) []byte {
	t.Helper()
	if explained == nil {
		explained = []apply.Explained{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(explained); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// updating reports whether the test runs with -update. The flag is
// declared once for the package's tests, in its internal test files.
func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	return ok && g.Get() == true
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
