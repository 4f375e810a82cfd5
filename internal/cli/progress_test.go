package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The progress line shows only once a run has gone on long enough, is
// redrawn in place, and is cleared at the end.
func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	clock := time.Unix(0, 0)
	p := newProgress(streams{err: &b, errTerminal: true, progressAfter: 2 * time.Second, now: func() time.Time { return clock }}, false)
	p.documents(0, 1100)
	p.documents(512, 1100)
	if b.Len() != 0 {
		t.Fatalf("a progress line before 2s: %q", b.String())
	}
	clock = clock.Add(3 * time.Second)
	p.documents(1024, 1100)
	p.set("files written", 1, 2)
	p.end()
	first := "podctl: 1024 of 1100 documents (3s)"
	second := "podctl: 1 of 2 files written (3s)"
	want := "\r" + first +
		"\r" + second + strings.Repeat(" ", len(first)-len(second)) + // the longer line is covered
		"\r" + strings.Repeat(" ", len(second)) + "\r"
	if b.String() != want {
		t.Errorf("stderr %q\nwant     %q", b.String(), want)
	}
	if p := newProgress(streams{err: &b}, false); p != nil {
		t.Error("a progress line where stderr is no terminal")
	}
	if p := newProgress(streams{err: &b, errTerminal: true}, true); p != nil {
		t.Error("a progress line under -q")
	}
}

// apply-defaults -i on a terminal shows its progress, and with -v lists
// the files it wrote; under -q or off a terminal stderr has neither.
func TestApplyDefaultsProgress(t *testing.T) {
	for _, c := range []struct {
		name     string
		terminal bool
		args     []string
		progress bool
	}{
		{"terminal", true, []string{"-v"}, true},
		{"quiet", true, []string{"-q"}, false},
		{"no terminal", false, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := workspace(t)
			var out, errb bytes.Buffer
			s := streams{in: strings.NewReader(""), out: &out, err: &errb, errTerminal: c.terminal}
			cmd := newRootCommand(s)
			cmd.SetArgs(append([]string{"apply-defaults", "-i", "-f", filepath.Join(dir, "workloads.yaml"), "-d", filepath.Join(dir, "poddefaults.yaml")}, c.args...))
			if code := exitCode(s, cmd.Execute()); code != ExitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			stderr := errb.String()
			if got := strings.Contains(stderr, "\rpodctl: 1 of 1 files written"); got != c.progress {
				t.Errorf("progress shown: %v, want %v; stderr %q", got, c.progress, stderr)
			}
			if got := strings.Contains(stderr, "\rpodctl: 5 of 5 documents"); got != c.progress {
				t.Errorf("documents shown: %v, want %v; stderr %q", got, c.progress, stderr)
			}
			if c.progress && !strings.HasSuffix(stderr, " \rwrote "+filepath.Join(dir, "workloads.yaml")+"\n") {
				t.Errorf("stderr %q: want the line cleared, then the file written", stderr)
			}
			if !c.terminal && strings.Contains(stderr, "\r") {
				t.Errorf("stderr %q: a progress line off a terminal", stderr)
			}
		})
	}
}
