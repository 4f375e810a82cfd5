package apply

import (
	"testing"

	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// Every model the kind table may name has an adapter, and every adapter a
// name in the table's list.
func TestEveryModelHasAnAdapter(t *testing.T) {
	for _, m := range workload.Models {
		if podModels[m] == nil {
			t.Errorf("model %s has no adapter in podModels", m)
		}
	}
	if len(podModels) != len(workload.Models) {
		t.Errorf("podModels has %d adapters, workload.Models names %d", len(podModels), len(workload.Models))
	}
	for _, k := range workload.Builtins().Kinds() {
		if k.Model != "" && podModels[k.Model] == nil {
			t.Errorf("%s/%s: model %s has no adapter", k.Group, k.Kind, k.Model)
		}
	}
}

// An adapter given a path its model does not expect (a --workload-config
// entry) answers with an error or a pod, never a panic.
func TestModelsOnAnyPath(t *testing.T) {
	src := []byte("apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x}\nspec:\n  containers: [{name: a, image: b}]\n  items: [{container: {image: c}}]\n")
	p, err := yamldoc.Parse(src, 1)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{".", "spec", "spec.items[]", "metadata"}
	for name, m := range podModels {
		for _, path := range paths {
			wp, err := workload.ParsePath(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, found := range yamldoc.Match(p.Root, wp) {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("model %s on path %s: panic %v", name, path, r)
						}
					}()
					_, _, _ = m.build(modelInput{p: p, obj: p.Root, node: found.Node, steps: found.Steps, name: "x", ns: "default"})
				}()
			}
		}
	}
}
