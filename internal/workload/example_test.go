package workload_test

import (
	"fmt"

	"github.com/podctl/podctl/internal/workload"
)

// A WorkloadConfig declares where a kind keeps its pod templates; the
// registry finds the kind by apiVersion and kind, any version of its group.
func ExampleRegistry_Lookup() {
	reg, err := workload.NewRegistry(&workload.Config{
		APIVersion: workload.ConfigAPIVersion,
		Kind:       workload.ConfigKind,
		Kinds: []workload.KindEntry{{
			APIVersion: "example.com/v1",
			Kind:       "Trainer",
			Templates: []workload.TemplateEntry{{
				Path:   "spec.workers[].template",
				Labels: []workload.LabelEntry{{Key: "example.com/worker", ValueFrom: "$item.name"}},
			}},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	k, ok := reg.Lookup("example.com/v2", "Trainer")
	fmt.Println(ok, k.Group, k.Kind, k.Templates[0].Path)
	_, ok = reg.Lookup("example.com/v1", "Evaluator")
	fmt.Println(ok)
	// Output:
	// true example.com Trainer spec.workers[].template
	// false
}

// A template path names mapping keys, "[]" for every item of a list and
// "*" for every value of a map; "." is the object itself.
func ExampleParsePath() {
	for _, s := range []string{"spec.template", "spec.replicatedJobs[].template.spec.template", "spec.tfReplicaSpecs.*.template", ".", "spec..template"} {
		p, err := workload.ParsePath(s)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%q\n", []string(p))
	}
	// Output:
	// ["spec" "template"]
	// ["spec" "replicatedJobs" "[]" "template" "spec" "template"]
	// ["spec" "tfReplicaSpecs" "*" "template"]
	// []
	// error: path "spec..template" has an empty step
}

// A template's pods are created in the object's namespace, else in the
// namespace given with -n, else in default.
func ExampleNamespace() {
	fmt.Println(workload.Namespace("team-ml", "team-a"))
	fmt.Println(workload.Namespace("", "team-a"))
	fmt.Println(workload.Namespace("", ""))
	// Output:
	// team-ml
	// team-a
	// default
}
