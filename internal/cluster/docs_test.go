package cluster_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/cluster"
)

var update = flag.Bool("update", false, "rewrite the generated table of defaults in docs/poddefaults.md")

const (
	docsPage      = "../../docs/poddefaults.md"
	defaultsStart = "<!-- defaults table: generated from cluster.Defaults() in internal/cluster/defaults.go; go test ./internal/cluster -run TestDocsDefaultsTable -update -->\n"
	defaultsEnd   = "<!-- end of defaults table -->\n"
)

// TestDocsDefaultsTable keeps the table of pod defaults in
// docs/poddefaults.md the table the model applies, for the Kubernetes
// version it names.
func TestDocsDefaultsTable(t *testing.T) {
	doc, err := os.ReadFile(docsPage)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, defaultsStart), strings.Index(s, defaultsEnd)
	if i < 0 || j < i {
		t.Fatal("docs/poddefaults.md lacks the markers of the defaults table")
	}
	want := s[:i+len(defaultsStart)] + defaultsMarkdown() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(docsPage, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("the table of defaults in docs/poddefaults.md is out of date: run go test ./internal/cluster -run TestDocsDefaultsTable -update")
}

// defaultsMarkdown writes cluster.Defaults() as a Markdown table, with the
// Kubernetes version and the feature gates it depends on.
func defaultsMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The pod defaults of Kubernetes %s, in the order the API server sets them. Each is set only\n", cluster.KubernetesVersion)
	b.WriteString("where the field is empty, except the rounding of quantities. `[*]` stands for every item; a field\n")
	b.WriteString("that starts with `containers[*]` is set on init, regular and ephemeral containers alike.\n\n")
	b.WriteString("| field | value | only when | feature gate |\n| --- | --- | --- | --- |\n")
	for _, d := range cluster.Defaults() {
		gate := ""
		if d.Gate != "" {
			state := "off"
			if cluster.FeatureGates[d.Gate] {
				state = "on"
			}
			gate = fmt.Sprintf("`%s` (%s)", d.Gate, state)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", d.Field, cell(d.Value), cell(markFields(d.When)), gate)
	}
	b.WriteString("\n")
	return b.String()
}

// cell formats a value: literal values in code ("420", "/, HTTP" as `/`,
// `HTTP`), prose as it is.
func cell(s string) string {
	if s == "" || strings.Contains(s, "`") {
		return escapePipes(s)
	}
	parts := strings.Split(s, ", ")
	for _, p := range parts {
		if p == "" || strings.Contains(p, " ") {
			return escapePipes(s)
		}
	}
	for i, p := range parts {
		parts[i] = "`" + p + "`"
	}
	return escapePipes(strings.Join(parts, ", "))
}

// markFields puts the field paths of a condition in code.
func markFields(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if strings.HasPrefix(w, "spec.") {
			words[i] = "`" + w + "`"
		}
	}
	return strings.Join(words, " ")
}

func escapePipes(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
