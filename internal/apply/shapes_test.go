package apply

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestTemplateShapes(t *testing.T) {
	for _, c := range []struct {
		name      string
		doc       string
		templates []string
		podSpecs  []string
	}{
		{name: "a template under spec.template",
			doc:       "spec: {template: {spec: {containers: [{name: c, image: i}]}}}",
			templates: []string{"spec.template"}},
		{name: "a template under any key",
			doc:       "spec: {podTemplate: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}",
			templates: []string{"spec.podTemplate"}},
		{name: "leader and worker templates",
			doc:       "spec: {leaderTemplate: {spec: {containers: [{name: l, image: i}]}}, workerTemplate: {spec: {containers: [{name: w, image: i}]}}}",
			templates: []string{"spec.leaderTemplate", "spec.workerTemplate"}},
		{name: "the items of a list, once",
			doc:       "spec: {workerGroupSpecs: [{groupName: a, template: {spec: {containers: [{name: c, image: i}]}}}, {groupName: b, template: {spec: {containers: [{name: c, image: i}]}}}]}",
			templates: []string{"spec.workerGroupSpecs[].template"}},
		{name: "list items that are templates",
			doc:       "spec: {pods: [{spec: {containers: [{name: c, image: i}]}}]}",
			templates: []string{"spec.pods[]"}},
		{name: "deep in lists of lists",
			doc:       "spec: {template: {spec: {replicatedJobs: [{template: {spec: {template: {spec: {containers: [{name: c, image: i}]}}}}}]}}}",
			templates: []string{"spec.template.spec.replicatedJobs[].template.spec.template"}},
		{name: "a Pod-like kind: the object itself",
			doc:       "apiVersion: x/v1\nkind: MyPod\nspec: {containers: [{name: c, image: i}]}",
			templates: []string{"."}},
		{name: "a bare pod spec",
			doc:      "spec: {foo: {podSpec: {containers: [{name: c, image: i}], volumes: []}}}",
			podSpecs: []string{"spec.foo.podSpec"}},
		{name: "a component holding containers beside other fields",
			doc:      "spec: {predictor: {minReplicas: 1, containers: [{name: kserve-container, image: i}]}}",
			podSpecs: []string{"spec.predictor"}},
		{name: "containers with an image only",
			doc:      "spec: {runner: {containers: [{image: i}]}}",
			podSpecs: []string{"spec.runner"}},
		{name: "both kinds, templates first",
			doc:       "spec: {a: {containers: [{name: c}]}, b: {template: {spec: {containers: [{name: c}]}}}}",
			templates: []string{"spec.b.template"}, podSpecs: []string{"spec.a"}},
		{name: "containers through an alias",
			doc:       "x: &c [{name: c, image: i}]\nspec: {template: {spec: {containers: *c}}}",
			templates: []string{"spec.template"}},
		{name: "an alias is not searched again",
			doc:       "spec: {a: &t {spec: {containers: [{name: c, image: i}]}}, b: *t}",
			templates: []string{"spec.a"}},
		{name: "nothing inside a pod is searched",
			doc:       "spec: {template: {spec: {containers: [{name: c, image: i}], extra: {containers: [{name: d}]}}}}",
			templates: []string{"spec.template"}},
		{name: "containers that are not containers",
			doc: "spec: {a: {containers: [web, db]}, b: {containers: []}, c: {containers: 3}, d: {containers: [{port: 80}]}, e: {containers: {name: c}}}"},
		{name: "a Service, a ConfigMap",
			doc: "spec: {ports: [{port: 80}]}\ndata: {containers: \"- name: c\\n  image: i\\n\"}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := yaml.Parse(c.doc)
			if err != nil {
				t.Fatal(err)
			}
			got := templateShapes(n.YNode())
			if !reflect.DeepEqual(got.templates, c.templates) || !reflect.DeepEqual(got.podSpecs, c.podSpecs) {
				t.Errorf("templates %q, pod specs %q; want %q, %q", got.templates, got.podSpecs, c.templates, c.podSpecs)
			}
		})
	}
}

// TestTemplateShapesBounded: a huge or deep object costs a bounded walk,
// linear in its size, and the paths of a list are written once.
func TestTemplateShapesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec:\n  groups:\n")
	for i := range 5_000 {
		fmt.Fprintf(&b, "  - name: g%d\n    template:\n      spec:\n        containers:\n        - {name: c, image: i}\n", i)
	}
	n, err := yaml.Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got := templateShapes(n.YNode())
	if d := time.Since(start); d > time.Second {
		t.Errorf("5,000 templates took %v", d)
	}
	if !reflect.DeepEqual(got.templates, []string{"spec.groups[].template"}) {
		t.Errorf("templates %q", got.templates)
	}

	deep := strings.Repeat("{a: ", 200) + "{spec: {containers: [{name: c}]}}" + strings.Repeat("}", 200)
	n, err = yaml.Parse(deep)
	if err != nil {
		t.Fatal(err)
	}
	if got := templateShapes(n.YNode()); !got.empty() {
		t.Errorf("a template 200 levels down is found: %q", got.templates)
	}
}
