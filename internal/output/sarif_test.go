package output

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// TestSARIFStructure checks the log podctl lint writes against what SARIF
// 2.1.0 and GitHub code scanning require of it: version and $schema, one
// run whose driver names every rule (unique ids, a description, a default
// level, help), and results that each name a rule by id and by index, a
// level, a message, and a location with a relative URI and a 1-based
// start line (none for standard input); related locations have ids.
func TestSARIFStructure(t *testing.T) {
	defaults, err := os.ReadFile("../../testdata/cli/lint-sarif/poddefaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	workloads, err := os.ReadFile("../../testdata/cli/lint-sarif/workloads.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := apply.Lint(apply.Request{Defaults: []*manifest.Source{manifest.NewSource("profiles/team ml/poddefaults.yaml", defaults)},
		Workloads: []*manifest.Source{manifest.NewSource("workloads.yaml", workloads)}}, false)
	if err != nil {
		t.Fatal(err)
	}
	findings := append(res.Findings, lint.Finding{Rule: "PD404", Severity: lint.Info, Location: lint.Location{File: manifest.StdinName, Line: 3}, Message: "m", Fix: "f"})
	var b bytes.Buffer
	if err := LintSARIF(&b, findings, "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" || !strings.Contains(str(log["$schema"]), "sarif-2.1.0") {
		t.Fatalf("version %v, $schema %v", log["version"], log["$schema"])
	}
	runs := list(log["runs"])
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	run := obj(runs[0])
	driver := obj(obj(run["tool"])["driver"])
	if driver["name"] != "podctl" || driver["version"] != "v1.2.3" || str(driver["informationUri"]) == "" {
		t.Errorf("driver %v", driver)
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	rules := list(driver["rules"])
	if len(rules) != len(lint.Rules()) {
		t.Errorf("%d rules, want %d", len(rules), len(lint.Rules()))
	}
	ids := map[string]int{}
	for i, r := range rules {
		rule := obj(r)
		id := str(rule["id"])
		if _, dup := ids[id]; dup || id == "" {
			t.Errorf("rule %d: id %q missing or repeated", i, id)
		}
		ids[id] = i
		if str(obj(rule["shortDescription"])["text"]) == "" || str(obj(rule["fullDescription"])["text"]) == "" ||
			str(obj(rule["help"])["text"]) == "" || !strings.HasPrefix(str(rule["helpUri"]), "https://") ||
			!levels[str(obj(rule["defaultConfiguration"])["level"])] {
			t.Errorf("rule %s: %v", id, rule)
		}
	}
	results := list(run["results"])
	if len(results) != len(findings) || len(results) < 5 {
		t.Fatalf("%d results for %d findings", len(results), len(findings))
	}
	for i, r := range results {
		res := obj(r)
		id := str(res["ruleId"])
		index, ok := ids[id]
		if !ok || int(res["ruleIndex"].(float64)) != index {
			t.Errorf("result %d: ruleId %q, ruleIndex %v: not the rule's", i, id, res["ruleIndex"])
		}
		if !levels[str(res["level"])] || str(obj(res["message"])["text"]) == "" {
			t.Errorf("result %d: level %v, message %v", i, res["level"], res["message"])
		}
		locs := list(res["locations"])
		if findings[i].File == manifest.StdinName {
			if len(locs) != 0 {
				t.Errorf("result %d: standard input has no location, got %v", i, locs)
			}
			continue
		}
		if len(locs) != 1 {
			t.Fatalf("result %d: %d locations, want 1", i, len(locs))
		}
		checkLocation(t, locs[0])
		seen := map[float64]bool{}
		for _, rl := range list(res["relatedLocations"]) {
			checkLocation(t, rl)
			id, _ := obj(rl)["id"].(float64)
			if id < 1 || seen[id] {
				t.Errorf("result %d: related location id %v", i, obj(rl)["id"])
			}
			seen[id] = true
		}
	}
	if uri := str(obj(obj(obj(list(obj(results[0])["locations"])[0])["physicalLocation"])["artifactLocation"])["uri"]); uri != "profiles/team%20ml/poddefaults.yaml" {
		t.Errorf("uri %q: want the relative path, escaped", uri)
	}
}

func checkLocation(t *testing.T, l any) {
	t.Helper()
	phys := obj(obj(l)["physicalLocation"])
	uri := str(obj(phys["artifactLocation"])["uri"])
	if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "\\") {
		t.Errorf("uri %q: want a relative URI reference", uri)
	}
	if line, _ := obj(phys["region"])["startLine"].(float64); line < 1 {
		t.Errorf("%s: startLine %v", uri, obj(phys["region"])["startLine"])
	}
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
func str(v any) string         { s, _ := v.(string); return s }
