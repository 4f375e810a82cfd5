package apply_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/cluster/clustertest"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/output"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// The public conformance cases are the webhook's own answers; where a real
// API server with the webhook answered otherwise (testdata/cluster), the
// cluster's answer wins. The engine's table proves the webhook's rules on
// typed values (internal/poddefault), TestAgreesWithTheCluster holds the
// Pods to the cluster; here each case also goes through apply as the pod
// template of a Deployment, and podctl's output must be a fixed point.

type caseMeta struct {
	Rejected    bool     `json:"rejected"`
	Conflicting []string `json:"conflicting"`
	Namespace   string   `json:"namespace"`
}

func TestConformanceCases(t *testing.T) {
	runCases(t, "../../testdata/conformance", "cases", "expected.yaml", false)
}

// TestQuirks: where the webhook admits a pod but breaks it, the cluster
// mostly refuses it; where it admits it, apply writes the intended pod,
// succeeds and warns.
func TestQuirks(t *testing.T) {
	runCases(t, "../../testdata/quirks", "quirks", "intended.yaml", true)
}

// notFixedPoints are the cases whose output changes when run again, as in
// the webhook: a label chain (see the fixture label-chain), and a
// PodDefault that sets its own marker annotation, which then clashes with
// the marker.
var notFixedPoints = map[string]bool{
	"208-labels-added-do-not-affect-selection": true,
	"059-marker-key-in-poddefault-annotations": true,
}

func runCases(t *testing.T, root, set, expected string, quirks bool) {
	dirs, err := os.ReadDir(root)
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in %s: %v", root, err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := filepath.Join(root, d.Name())
		t.Run(d.Name(), func(t *testing.T) {
			c := loadCase(t, dir, expected)
			c.loadCluster(t, filepath.Join("../../testdata/cluster", set, d.Name(), "cluster.json"))
			forms := map[string][]byte{"pod": c.pod}
			if !strings.Contains(string(c.pod), "kubernetes.io/config.mirror") {
				forms["deployment"] = wrapInKind(t, c.pod, "apps/v1", "Deployment", workload.Path{"spec", "template"})
			}
			for form, input := range forms {
				res, out, err := c.run(t, input)
				if c.rejected(t, form) {
					checkRejected(t, form, c.meta, out, err)
					continue
				}
				if err != nil {
					t.Fatalf("[%s] %v", form, err)
				}
				if quirks && c.want != nil && len(res.Warnings) == 0 {
					t.Errorf("[%s] a quirk the cluster admits is not warned of", form)
				}
				path := workload.Path{}
				if form == "deployment" {
					path = workload.Path{"spec", "template"}
				}
				if c.want != nil && c.webhookAgrees {
					if g, w := templateJSON(templateAt(t, out, path)), templateJSON(c.want); g != w {
						t.Fatalf("[%s] result differs\n got  %s\n want %s", form, g, w)
					}
				}
				if notFixedPoints[d.Name()] {
					continue
				}
				if _, again, err := c.run(t, out); err != nil || !bytes.Equal(again, out) {
					t.Fatalf("[%s] run again on its output: %v\n--- first\n%s\n--- second\n%s", form, err, out, again)
				}
			}
		})
	}
}

// loadCluster reads what a real cluster answered for the case, when it is
// stored: whether it admits the pod, and whether its pod is the webhook's
// answer (told apart by order only).
func (c *confCase) loadCluster(t *testing.T, path string) {
	t.Helper()
	c.webhookAgrees = true
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var rec struct {
		Create struct {
			Admitted bool           `json:"admitted"`
			Class    string         `json:"class"`
			Pod      map[string]any `json:"pod"`
		} `json:"create"`
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Create.Class == "strict-decoding" {
		return // the server refused fields no typed pod holds: the webhook's answer stands
	}
	c.cluster = &rec.Create.Admitted
	c.clusterClass = rec.Create.Class
	if !rec.Create.Admitted || c.want == nil {
		c.webhookAgrees = false
		return
	}
	// the webhook's pod, through the server as podctl's output goes
	out, err := cluster.Create(c.want, c.meta.Namespace, nil, cluster.Options{Webhook: cluster.WebhookSkipped})
	if err != nil || out.Refusal != nil {
		c.webhookAgrees = false
		return
	}
	got := clustertest.Normalise(out.Pod)
	c.webhookAgrees = len(clustertest.DiffJSON(cluster.AlignNamed(rec.Create.Pod), cluster.AlignNamed(got), "")) == 0
}

// rejected says whether a form of the case is refused: as the cluster
// refuses the Pod; a template only for what the webhook causes, not for
// what is wrong with the pod before it.
func (c *confCase) rejected(t *testing.T, form string) bool {
	if c.cluster == nil {
		return c.meta.Rejected
	}
	if *c.cluster || form == "pod" {
		return !*c.cluster
	}
	switch c.clusterClass {
	case "webhook-denied", "patch-failed":
		return true
	}
	var pod corev1.Pod
	decodeBytes(t, c.pod, &pod)
	alone, err := cluster.Create(&pod, c.meta.Namespace, nil, cluster.Options{Webhook: cluster.WebhookSkipped})
	return err == nil && alone.Refusal == nil
}

// checkRejected: the run fails with a conflict (no input error) that
// names every PodDefault that clashes, and writes nothing.
func checkRejected(t *testing.T, form string, meta caseMeta, out []byte, err error) {
	t.Helper()
	var f *apply.Failure
	if !errors.As(err, &f) || len(f.Inputs) > 0 || len(f.Rejections) == 0 {
		t.Fatalf("[%s] want a rejection, got %v", form, err)
	}
	if len(out) > 0 {
		t.Errorf("[%s] a rejected run wrote\n%s", form, out)
	}
	for _, pd := range meta.Conflicting {
		if !strings.Contains(err.Error(), pd) {
			t.Errorf("[%s] the message does not name %s: %v", form, pd, err)
		}
	}
}

// confCase is one public case: its pod, its PodDefaults and the answer.
type confCase struct {
	meta     caseMeta
	pod      []byte
	defaults []byte
	want     *corev1.Pod // nil when the webhook rejects the pod
	// cluster is whether a real cluster admits the pod, nil when not
	// stored; clusterClass why it refuses it.
	cluster      *bool
	clusterClass string
	// webhookAgrees: want is the pod the cluster makes too.
	webhookAgrees bool
}

func loadCase(t *testing.T, dir, expected string) *confCase {
	t.Helper()
	c := &confCase{pod: readFile(t, filepath.Join(dir, "pod.yaml")), defaults: readFile(t, filepath.Join(dir, "poddefaults.yaml"))}
	decodeBytes(t, readFile(t, filepath.Join(dir, "case.json")), &c.meta)
	if b, err := os.ReadFile(filepath.Join(dir, expected)); err == nil {
		c.want = &corev1.Pod{}
		decodeBytes(t, b, c.want)
	}
	return c
}

// run applies the case's PodDefaults, in its namespace, to the manifests.
func (c *confCase) run(t *testing.T, manifests []byte) (*apply.Result, []byte, error) {
	t.Helper()
	res, err := apply.Run(apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", manifests)},
		Defaults:  []*manifest.Source{manifest.NewSource("poddefaults.yaml", c.defaults)},
		Namespace: c.meta.Namespace,
	})
	if err != nil {
		return res, nil, err
	}
	var out bytes.Buffer
	if err := output.Stream(&out, res); err != nil {
		t.Fatal(err)
	}
	return res, out.Bytes(), nil
}

// TestConformanceInEveryKind wraps a pod into the first pod template of
// every built-in kind (but the Pod itself, cluster-scoped kinds and
// Notebooks, whose controller changes the pod: see the notebook fixtures)
// and checks the two sides of selection there: a case where PodDefaults
// apply comes out as the webhook's answer, a case where none is selected
// comes out byte for byte. The engine's own table proves every case.
func TestConformanceInEveryKind(t *testing.T) {
	selected := loadCase(t, "../../testdata/conformance/240-kubeflow-notebook-typical", "expected.yaml")
	unselected := loadCase(t, "../../testdata/conformance/019-selector-expr-exists-nomatch", "expected.yaml")
	var cfg workload.Config
	if err := sigsyaml.UnmarshalStrict(workload.BuiltinConfig(), &cfg); err != nil {
		t.Fatal(err)
	}
	kinds := 0
	for _, k := range cfg.Kinds {
		path, err := workload.ParsePath(k.Templates[0].Path)
		if err != nil {
			t.Fatal(err)
		}
		if k.Scope == "Cluster" || len(path) == 0 || k.Model != "" {
			continue
		}
		embedded := len(path)
		if k.Templates[0].Embedded {
			// an embedded object: a Job, whose template is its spec.template
			path = append(path, "spec", "template")
		}
		wrap := func(pod []byte) []byte {
			in := wrapInKind(t, pod, k.APIVersion, k.Kind, path)
			if embedded < len(path) {
				in = setType(t, in, path[:embedded], "batch/v1", "Job")
			}
			return in
		}
		kinds++
		t.Run(k.Kind+"."+k.APIVersion, func(t *testing.T) {
			input := wrap(selected.pod)
			res, out, err := selected.run(t, input)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Objects) != 1 || !res.Objects[0].Changed {
				t.Errorf("selected: objects %+v, want one changed", res.Objects)
			}
			if g, w := templateJSON(templateAt(t, out, path)), templateJSON(selected.want); g != w {
				t.Errorf("selected: the template differs\n got  %s\n want %s", g, w)
			}

			input = wrap(unselected.pod)
			res, out, err = unselected.run(t, input)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Objects) != 1 || len(res.Objects[0].Applied) > 0 || res.Objects[0].Changed || !bytes.Equal(out, input) {
				t.Errorf("unselected: objects %+v, output\n%s\nwant one, unchanged, and the input as it was", res.Objects, out)
			}
		})
	}
	if kinds < 20 {
		t.Errorf("only %d kinds swept", kinds)
	}
}

// templateJSON is what the webhook changes, as comparable JSON: labels,
// annotations and spec (nil and empty collections alike).
func templateJSON(p *corev1.Pod) string {
	v := map[string]any{"spec": p.Spec}
	if len(p.Labels) > 0 {
		v["labels"] = p.Labels
	}
	if len(p.Annotations) > 0 {
		v["annotations"] = p.Annotations
	}
	b, _ := json.Marshal(v)
	var generic any
	_ = json.Unmarshal(b, &generic)
	b, _ = json.Marshal(generic)
	return string(b)
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
	get := yamldoc.Field
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

// setType gives the mapping at path (no lists or maps on the way) an
// apiVersion and kind: an embedded object.
func setType(t *testing.T, doc []byte, path workload.Path, apiVersion, kind string) []byte {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	n := root.Content[0]
	for _, step := range path {
		n = yamldoc.Field(n, step)
	}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	n.Content = append([]*yaml.Node{str("apiVersion"), str(apiVersion), str("kind"), str(kind)}, n.Content...)
	var b bytes.Buffer
	if err := yaml.NewEncoder(&b).Encode(root.Content[0]); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// templateAt reads back the template at path (the Pod itself for the
// empty path) from apply's output.
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

// decodeBytes reads YAML 1.2, as podctl does, into a typed value.
func decodeBytes(t *testing.T, b []byte, into any) {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, into); err != nil {
		t.Fatal(err)
	}
}
