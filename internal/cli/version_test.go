package cli

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"os/exec"
	"runtime/debug"
	"testing"

	"github.com/podctl/podctl/internal/output"
	"github.com/podctl/podctl/internal/testbin"
)

// TestResolveBuild: the linker's flags win; what they leave empty comes
// from Go's build information; what neither knows is named so.
func TestResolveBuild(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "aaaa"},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	dirty := &debug.BuildInfo{
		Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "bbbb"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		want                  output.Build
	}{
		{"ldflags", "v1.2.3", "cccc", "2026-12-04T00:00:00Z", vcs, output.Build{Version: "v1.2.3", Commit: "cccc", Date: "2026-12-04T00:00:00Z"}},
		{"go install", "", "", "", vcs, output.Build{Version: "v1.4.0", Commit: "aaaa", Date: "2026-01-02T03:04:05Z"}},
		{"a build in a changed clone", "", "", "", dirty, output.Build{Version: "dev", Commit: "bbbb-dirty", Date: "unknown"}},
		{"ldflags version only", "v1.2.3", "", "", dirty, output.Build{Version: "v1.2.3", Commit: "bbbb-dirty", Date: "unknown"}},
		{"no build information", "", "", "", nil, output.Build{Version: "dev", Commit: "unknown", Date: "unknown"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := resolveBuild(tc.version, tc.commit, tc.date, tc.info); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestVersionCommand: the built binary prints the version, commit and date
// it was built with, and the Go version and platform it was built by, as
// text and as JSON.
func TestVersionCommand(t *testing.T) {
	bin := testbin.Podctl(t)
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	var goos, goarch string
	for _, s := range info.Settings {
		switch s.Key {
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	want := output.Build{Version: testbin.Version, Commit: testbin.Commit, Date: testbin.Date, GoVersion: info.GoVersion, Platform: goos + "/" + goarch}

	podctl := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Fatalf("podctl %v: %v\n%s", args, err, stderr.String())
		}
		return stdout.Bytes()
	}

	text := "podctl " + want.Version + "\n" +
		"commit:   " + want.Commit + "\n" +
		"built:    " + want.Date + "\n" +
		"go:       " + want.GoVersion + " " + want.Platform + "\n"
	if got := string(podctl("version")); got != text {
		t.Errorf("podctl version:\n%s\nwant:\n%s", got, text)
	}

	out := podctl("version", "-o", "json")
	var got output.Build
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("podctl version -o json: %v\n%s", err, out)
	}
	if got != want {
		t.Errorf("podctl version -o json: %+v, want %+v", got, want)
	}
	if !json.Valid(out) || out[len(out)-1] != '\n' {
		t.Errorf("podctl version -o json: not one JSON document and a line break:\n%s", out)
	}

	if code, _, stderr := run(t, "version", "-o", "yaml"); code != ExitInput || stderr != "error: -o must be text or json, not \"yaml\"\n" {
		t.Errorf("version -o yaml: exit %d, stderr %q", code, stderr)
	}
}
