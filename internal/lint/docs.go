package lint

import (
	"fmt"
	"strings"
)

// Markdown renders docs/lint.md from the rule table, so that the page
// cannot drift from the rules.
func Markdown() string {
	var b strings.Builder
	b.WriteString(docIntro)
	b.WriteString("\n## Rules\n\n| ID | name | severity | runs | what is wrong |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s |\n", r.ID, anchor(r), r.Name, r.Severity, scopeWords[r.Scope], r.Title)
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n### %s %s\n\n", r.ID, r.Name)
		fmt.Fprintf(&b, "**%s** (%s; %s).\n\n", r.Title, r.Severity, scopeWords[r.Scope])
		fmt.Fprintf(&b, "In the cluster: %s\n\n", r.Cluster)
		fmt.Fprintf(&b, "Bad:\n\n```yaml\n%s```\n\n", r.Bad)
		fmt.Fprintf(&b, "Fix: %s\n\n```yaml\n%s```\n", r.Fix, r.Good)
	}
	return b.String()
}

var scopeWords = map[Scope]string{
	ScopeAlways:    "always",
	ScopeNotebooks: "namespaces with Notebooks",
	ScopeWorkloads: "with -f",
}

const docIntro = `# podctl lint

<!-- generated from the rule table (internal/lint/rules.go): go test ./internal/lint -run TestMarkdown -update -->

A PodDefault is checked by nobody until a pod is created: the CRD's schema accepts almost anything,
and the webhook speaks only when it refuses a pod. ` + "`podctl lint`" + ` reads the PodDefaults you keep in
Git and says, with file and line, which of them will break pods, namespaces or the Kubeflow notebook
form, for whom, and how to fix it.

` + "```sh" + `
# the PodDefaults of a folder (standard input when neither -d nor -f is given)
podctl lint -d poddefaults/

# with the workloads they are meant for, failing on warnings too
podctl lint -R -d profiles/ -f manifests/ --fail-on warning

# for GitHub code scanning
podctl lint -R -d profiles/ -o sarif > podctl-lint.sarif
` + "```" + `

It reads PodDefaults as ` + "`apply-defaults`" + ` does: ` + "`PodDefault`, `PodDefaultList`" + ` and ` + "`v1 List`" + `
documents from ` + "`-d`" + `, and PodDefault documents among the manifests of ` + "`-f`" + ` (with ` + "`-R`, `--exclude`" + ` and
` + "`-n`" + ` for PodDefaults that name no namespace). PodDefaults of different namespaces never meet.

## How it decides

Every verdict about the webhook comes from podctl's engine, the one ` + "`apply-defaults`" + ` runs. For
each PodDefault, and each two PodDefaults of a namespace, lint computes exactly whether a pod can carry
labels that all their selectors accept (matchLabels and In, NotIn, Exists, DoesNotExist), and the
smallest such labels: the *witness*. When no pod can, it says nothing. Otherwise it asks the engine to
apply the PodDefaults to a pod with the witness labels and one container that carries nothing, and
reports what the engine refuses (the clash, field by field, and the witness labels) or which value
wins. Sets of three are asked about only where no two of them clash but the three can: a label one
PodDefault adds, on a key one selector needs and another forbids that value for. Nothing else can make
a set clash when its pairs do not, so the work stays quadratic, and the engine is asked only about
PodDefaults that bring different entries under one key: a namespace of 200 PodDefaults lints in tens
of milliseconds when one pod can select any two of them (` + "`go test ./internal/lint -bench Lint200`" + `).

With ` + "`-f`" + `, lint also finds the pod templates of the manifests as ` + "`apply-defaults`" + ` does, reports
PodDefaults that select none of them, checks the mounts of the pods the PodDefaults produce, and
reports, one line each, the templates ` + "`apply-defaults`" + ` would refuse.

The notebook-form rules (PD4xx) run for namespaces that hold a Kubeflow ` + "`Notebook`" + ` among the
manifests of ` + "`-f`" + `, and for every namespace with ` + "`--notebooks`" + `.

## Output

Findings are sorted by file and line.

- ` + "`-o text`" + ` (the default), like ` + "`go vet`" + `: ` + "`file:line: severity RULE message`" + `, then, indented, the
  other PodDefaults or workloads involved (` + "`file:line: object`" + `) and ` + "`fix: ...`" + `. A summary goes to
  standard error.
- ` + "`-o json`" + `: one JSON document, with this schema (version 1; fields may be added, none will change
  meaning without a new version):

  ` + "```" + `
  {
    "version": 1,
    "findings": [
      {
        "rule": "PD102",                 // the rule's ID
        "severity": "error",             // error, warning or info
        "file": "poddefaults/a.yaml",    // where the PodDefault (or workload) stands
        "line": 12,                      // 1-based; absent when unknown
        "namespace": "team-ml",
        "object": "PodDefault team-ml/a",// or "Kind/namespace/name (template path)"
        "message": "...",                // what happens in the cluster, and to whom
        "fix": "...",                    // one line
        "related": [                     // the other objects involved; absent when none
          {"file": "poddefaults/b.yaml", "line": 3, "object": "PodDefault team-ml/b"}
        ],
        "witness": {"app": "train"},     // labels of a pod that shows the problem; absent when none
        "clashes": [                     // the engine's clashes (PD102-104, PD305, PD502); absent when none
          {"field": "volumes", "key": "cache", "podDefault": "b", "new": {...}, "found": {...}, "foundIn": "a"}
        ]                                // "container" names a workload's container (PD502 only);
      }                                  // "foundIn" is absent when the pod had the entry already
    ],
    "summary": {"errors": 1, "warnings": 0, "infos": 0}
  }
  ` + "```" + `
- ` + "`-o github`" + `: GitHub Actions workflow commands (` + "`::error file=…,line=…,title=…::…`" + `; info is a
  notice), which annotate the lines of a pull request.
- ` + "`-o sarif`" + `: SARIF 2.1.0, for GitHub code scanning (` + "`github/codeql-action/upload-sarif`" + `) and other
  SARIF viewers: every rule with its help, every finding with its rule, level and location.

## Exit codes

| code | meaning |
| --- | --- |
| 0 | no finding at or above ` + "`--fail-on`" + ` (default ` + "`error`" + `) |
| 1 | findings at or above ` + "`--fail-on`" + ` |
| 2 | usage or input error |

As a KRM function (a ConfigMap functionConfig with ` + "`data.mode: lint`" + `), lint returns the findings as
results and fails on errors: see [krm.md](krm.md).
`
