package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/workload"
)

// TestConformanceInEveryKind wraps the pod of every public case into the
// first pod template of every built-in kind and checks that the template
// comes out as the webhook's answer says. Notebooks are left out: their
// controller changes the pod (testdata/cli/notebook*).
func TestConformanceInEveryKind(t *testing.T) {
	reg, err := workload.BuiltinRegistry()
	if err != nil {
		t.Fatal(err)
	}
	root := "../../testdata/conformance"
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range reg.Kinds() {
		tpl := k.Templates[0]
		if k.ClusterScoped || len(tpl.Path) == 0 || k.Model != "" {
			continue // no namespace; the Pod itself, tested on its own; a Notebook, whose controller changes the pod
		}
		apiVersion := k.Group + "/v1"
		if k.Group == "" {
			apiVersion = "v1"
		}
		if exact := exactVersion(t, k); exact != "" {
			apiVersion = exact
		}
		t.Run(k.Kind+"."+k.Group, func(t *testing.T) {
			for _, d := range dirs {
				dir := filepath.Join(root, d.Name())
				var meta caseMeta
				decodeFile(t, filepath.Join(dir, "case.json"), &meta)
				podYAML := readFile(t, filepath.Join(dir, "pod.yaml"))
				if strings.Contains(string(podYAML), "kubernetes.io/config.mirror") {
					continue
				}
				input := wrapInKind(t, podYAML, apiVersion, k.Kind, tpl.Path)
				args := []string{"apply-defaults", "-d", filepath.Join(dir, "poddefaults.yaml")}
				if meta.Namespace != "" {
					args = append(args, "-n", meta.Namespace)
				}
				var stdout, stderr bytes.Buffer
				code := Main(args, bytes.NewReader(input), &stdout, &stderr)
				if meta.Rejected {
					if code != ExitConflict {
						t.Errorf("%s: want exit 3, got %d: %s", d.Name(), code, stderr.String())
					}
					continue
				}
				if code != 0 {
					t.Errorf("%s: exit %d: %s", d.Name(), code, stderr.String())
					continue
				}
				want := &corev1.Pod{}
				decodeFile(t, filepath.Join(dir, "expected.yaml"), want)
				got := templateAt(t, stdout.Bytes(), tpl.Path)
				if g, w := templateJSON(got), templateJSON(want); g != w {
					t.Errorf("%s: the template differs\n got  %s\n want %s", d.Name(), g, w)
				}
			}
		})
	}
}

// exactVersion picks a version the table names for a kind's group.
func exactVersion(t *testing.T, k *workload.Kind) string {
	var cfg workload.Config
	if err := yaml.Unmarshal(workload.BuiltinConfig(), &cfg); err != nil {
		t.Fatal(err)
	}
	for _, e := range cfg.Kinds {
		if e.Kind == k.Kind && workload.Group(e.APIVersion) == k.Group {
			return e.APIVersion
		}
	}
	return ""
}

// wrapInKind builds an object of the kind with the pod's name and
// namespace, and its labels, annotations and spec, as written, at path:
// one list item for "[]" (named "one"), one map entry for "*" ("Worker").
func wrapInKind(t *testing.T, podYAML []byte, apiVersion, kind string, path workload.Path) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(podYAML, &doc); err != nil {
		t.Fatal(err)
	}
	pod := doc.Content[0]
	get := func(m *yaml.Node, key string) *yaml.Node {
		for i := 0; m != nil && i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i+1]
			}
		}
		return nil
	}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	mapping := func(kv ...*yaml.Node) *yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != nil {
				m.Content = append(m.Content, kv[i], kv[i+1])
			}
		}
		return m
	}
	md := get(pod, "metadata")
	tpl := mapping(str("metadata"), mapping(str("labels"), get(md, "labels"), str("annotations"), get(md, "annotations")), str("spec"), get(pod, "spec"))
	// build from the template outwards
	node := tpl
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i] {
		case "[]":
			node.Content = append([]*yaml.Node{str("name"), str("one"), str("groupName"), str("one")}, node.Content...)
			node = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{node}}
		case "*":
			node = mapping(str("Worker"), node)
		default:
			node = mapping(str(path[i]), node)
		}
	}
	name := get(md, "name")
	if name == nil {
		name = str("from-pod")
	}
	obj := mapping(str("apiVersion"), str(apiVersion), str("kind"), str(kind),
		str("metadata"), mapping(str("name"), name, str("namespace"), get(md, "namespace")))
	obj.Content = append(obj.Content, node.Content...)
	var b bytes.Buffer
	if err := yaml.NewEncoder(&b).Encode(obj); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// templateAt reads back the template at path from podctl's output.
func templateAt(t *testing.T, out []byte, path workload.Path) *corev1.Pod {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, step := range path {
		switch step {
		case "[]":
			v = v.([]any)[0]
		case "*":
			v = v.(map[string]any)["Worker"]
		default:
			v = v.(map[string]any)[step]
		}
	}
	b, _ := json.Marshal(v)
	var tpl corev1.PodTemplateSpec
	if err := json.Unmarshal(b, &tpl); err != nil {
		t.Fatal(err)
	}
	return &corev1.Pod{ObjectMeta: tpl.ObjectMeta, Spec: tpl.Spec}
}
