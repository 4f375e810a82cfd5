package apply_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// corpusDir holds the corpus: real-shaped manifests, one file each, that
// TestCorpus runs. go test ./internal/apply -run TestCorpus -update writes
// it again from corpus_bases_test.go, always to the same bytes.
const corpusDir = "../../testdata/corpus"

// A corpus style writes one document as a file, as tools and people do.
type corpusStyle struct {
	name  string
	ext   string
	write func(t *testing.T, b corpusBase) []byte
}

var corpusStyles = []corpusStyle{
	{"plain", ".yaml", func(_ *testing.T, b corpusBase) []byte { return []byte(b.yaml) }},
	{"helm", ".yaml", func(_ *testing.T, b corpusBase) []byte {
		return []byte("---\n# Source: kubeflow/templates/" + b.name + ".yaml\n" + b.yaml)
	}},
	{"crlf", ".yaml", func(_ *testing.T, b corpusBase) []byte { return crlf(b.yaml) }},
	{"noeol", ".yaml", func(_ *testing.T, b corpusBase) []byte { return []byte(strings.TrimRight(b.yaml, "\n")) }},
	{"bom", ".yaml", func(_ *testing.T, b corpusBase) []byte { return append([]byte("\xef\xbb\xbf"), b.yaml...) }},
	{"markers", ".yaml", func(_ *testing.T, b corpusBase) []byte {
		return []byte("--- # " + b.name + "\n" + b.yaml + "...\n")
	}},
	{"list", ".yaml", func(_ *testing.T, b corpusBase) []byte { return []byte(asList(b.yaml)) }},
	{"json", ".json", func(t *testing.T, b corpusBase) []byte { return asJSON(t, b.yaml, "  ") }},
	{"crlf-bom-noeol", ".yaml", func(_ *testing.T, b corpusBase) []byte {
		return append([]byte("\xef\xbb\xbf"), bytes.TrimRight(crlf(b.yaml), "\r\n")...)
	}},
	{"commented", ".yaml", func(_ *testing.T, b corpusBase) []byte {
		return []byte("# Copyright 2024 The Kubeflow Authors.\n#\n# Licensed under the Apache License, Version 2.0.\n\n" + b.yaml + "\n# end of " + b.name + "\n")
	}},
	{"empty-docs", ".yaml", func(_ *testing.T, b corpusBase) []byte {
		return []byte("---\n# nothing in this one\n---\n" + b.yaml + "---\n")
	}},
	{"json4", ".json", func(t *testing.T, b corpusBase) []byte { return asJSON(t, b.yaml, "    ") }},
}

func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

// asList puts a document in a v1 List as its only item, comments and all.
func asList(doc string) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n")
	first := true
	for _, line := range strings.SplitAfter(doc, "\n") {
		switch {
		case line == "":
		case first && !strings.HasPrefix(line, "#"):
			b.WriteString("- " + line)
			first = false
		default:
			b.WriteString("  " + line)
		}
	}
	return b.String()
}

// asJSON is the document as kubectl -o json prints it.
func asJSON(t *testing.T, doc, indent string) []byte {
	j, err := yaml.YAMLToJSON([]byte(doc))
	if err != nil {
		t.Fatalf("%s", err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, j, "", indent); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// corpusBundles are files of many documents, as helm template, kustomize
// build and kubectl get print them.
func corpusBundles(t *testing.T) map[string][]byte {
	find := func(name string) corpusBase {
		for _, b := range append(append([]corpusBase{}, corpusWorkloads...), corpusOthers...) {
			if b.name == name {
				return b
			}
		}
		t.Fatalf("no base %s", name)
		return corpusBase{}
	}
	out := map[string][]byte{}
	join := func(sep func(b corpusBase) string, names ...string) string {
		var s strings.Builder
		for i, n := range names {
			b := find(n)
			if i > 0 || sep(b) != "---\n" {
				s.WriteString(sep(b))
			}
			s.WriteString(b.yaml)
		}
		return s.String()
	}
	dashes := func(corpusBase) string { return "---\n" }
	helm := func(b corpusBase) string { return "---\n# Source: centraldashboard/templates/" + b.name + ".yaml\n" }
	out["bundle-kustomize-centraldashboard.yaml"] = []byte(join(dashes, "clusterrole", "rolebinding", "serviceaccount", "configmap-links", "service", "deployment-centraldashboard", "virtualservice"))
	out["bundle-helm-pipelines.yaml"] = []byte(join(helm, "serviceaccount", "configmap-chomping", "secret", "deployment-quoted-keys", "job-script", "cronjob"))
	out["bundle-training.yaml"] = []byte(join(dashes, "pytorchjob", "tfjob", "xgboostjob", "mpijob-v2beta1", "jaxjob", "paddlejob-kubeflow"))
	out["bundle-kuberay.yaml"] = []byte(join(dashes, "raycluster", "rayjob", "rayservice", "raycronjob"))
	out["bundle-kserve.yaml"] = []byte(join(func(b corpusBase) string { return "--- # " + b.name + "\n" }, "servingruntime", "clusterservingruntime", "inferenceservice", "inferenceservice-transformer", "llminferenceservice", "llminferenceserviceconfig"))
	out["bundle-argo.yaml"] = []byte(join(dashes, "rollout", "analysistemplate", "clusteranalysistemplate", "analysisrun", "argo-experiment", "workflow", "workflowtemplate", "clusterworkflowtemplate", "cronworkflow"))
	out["bundle-profile.yaml"] = []byte(join(dashes, "profile", "authorizationpolicy", "networkpolicy", "poddefault", "notebook-v1", "pvcviewer", "sparkapplication", "scheduledsparkapplication") + "...\n")
	out["bundle-trainer-crlf.yaml"] = crlf(join(dashes, "trainingruntime", "clustertrainingruntime", "trainingruntime-v2alpha1", "clustertrainingruntime-v2alpha1", "jobset", "leaderworkerset"))
	var items []any
	for _, n := range []string{"deployment-centraldashboard", "statefulset-mysql", "service", "notebook-v1beta1"} {
		var v any
		if err := yaml.Unmarshal([]byte(find(n).yaml), &v); err != nil {
			t.Fatal(err)
		}
		items = append(items, v)
	}
	j, err := json.MarshalIndent(map[string]any{"apiVersion": "v1", "kind": "List", "items": items, "metadata": map[string]any{"resourceVersion": ""}}, "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	out["bundle-kubectl-get-list.json"] = append(j, '\n')
	list := "apiVersion: v1\nkind: List\nitems:\n"
	for _, n := range []string{"deployment-anchors", "daemonset", "knative-service", "katib-experiment"} {
		list += strings.TrimPrefix(asList(find(n).yaml), "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n")
	}
	out["bundle-kubectl-get-list.yaml"] = []byte(list)
	return out
}

// corpusBad are files podctl must refuse, each with the error it gives.
var corpusBad = []struct{ name, data, err string }{
	{"bad-helm-unrendered.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n  labels:\n    {{- include \"app.labels\" . | nindent 4 }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n", "render it first"},
	{"bad-syntax.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: \"unterminated\n", "bad-syntax.yaml"},
	{"bad-scalar-document.yaml", "---\njust a sentence someone pasted\n", "a document must be a mapping"},
	{"bad-no-kind.yaml", "apiVersion: apps/v1\nmetadata:\n  name: half\nspec:\n  replicas: 1\n", "an object needs apiVersion and kind"},
	{"bad-template-not-mapping.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: t\nspec:\n  template: nginx\n", "must be a mapping"},
}

// corpusFiles is the corpus, by file name.
func corpusFiles(t *testing.T) map[string][]byte {
	files := corpusBundles(t)
	bases := append(append([]corpusBase{}, corpusWorkloads...), corpusOthers...)
	for i, b := range bases {
		for k := range 3 {
			s := corpusStyles[(i*5+k*4)%len(corpusStyles)]
			files[fmt.Sprintf("%s.%s%s", b.name, s.name, s.ext)] = s.write(t, b)
		}
	}
	// files that end in a block scalar, without a final line break: what
	// is appended after it must not change its value
	for _, name := range []string{"job-script", "job-keep-chomping", "jobset", "trainingruntime", "clustertrainingruntime-v2alpha1", "configmap-chomping"} {
		for _, s := range []corpusStyle{corpusStyles[3], corpusStyles[8]} {
			for _, b := range bases {
				if b.name == name {
					files[fmt.Sprintf("%s.%s%s", b.name, s.name, s.ext)] = s.write(t, b)
				}
			}
		}
	}
	for _, b := range corpusBad {
		files[b.name] = []byte(b.data)
	}
	return files
}

// writeCorpus writes the corpus again, and removes files it no longer has.
func writeCorpus(t *testing.T) {
	files := corpusFiles(t)
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	for _, p := range old {
		if _, ok := files[filepath.Base(p)]; !ok {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(corpusDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
