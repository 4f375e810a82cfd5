package apply

import (
	"fmt"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/manifest"
)

// Only keys near a field podctl reads, where that field is expected, are
// misspellings: a kind's own fields beside a pod spec are not.
func TestMisspeltFields(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		want      []string
	}{
		{"a Knative revision's own fields", `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: s}
spec:
  template:
    spec:
      containerConcurrency: 10
      timeoutSeconds: 300
      responseStartTimeoutSeconds: 30
      idleTimeoutSeconds: 60
      containers: [{image: nginx}]
`, nil},
		{"one replica of several misspelt", `apiVersion: batch.paddlepaddle.org/v1
kind: PaddleJob
metadata: {name: p}
spec:
  ps: {replicas: 1, template: {spec: {containers: [{name: ps, image: paddle}]}}}
  wroker: {replicas: 2, template: {spec: {containers: [{name: w, image: paddle}]}}}
`, []string{"6: spec.wroker: unknown field (did you mean worker?)"}},
		{"an item of a list of templates", `apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: r}
spec:
  headGroupSpec: {template: {spec: {containers: [{name: head, image: ray}]}}}
  workerGroupSpecs:
  - {groupName: a, template: {spec: {containers: [{name: w, image: ray}]}}}
  - {groupName: b, tempate: {spec: {containers: [{name: w, image: ray}]}}}
`, []string{"8: spec.workerGroupSpecs[1].tempate: unknown field (did you mean template?)"}},
		{"merged and aliased mappings, each key once", `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - &c
    <<: {imagePullPolice: Always}
    name: a
    image: nginx
  - *c
  initContainers:
  - *c
`, []string{"7: spec.containers[0].imagePullPolice: unknown field (did you mean imagePullPolicy?)"}},
		{"case", `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      ServiceAccountName: x
      containers: [{name: a, image: nginx, resources: {limits: {cpuu: 1}}}]
`, []string{"7: spec.template.spec.ServiceAccountName: unknown field (did you mean serviceAccountName?)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(Request{Workloads: []*manifest.Source{manifest.NewSource("m.yaml", []byte(c.doc))}})
			var got []string
			if f, ok := err.(*Failure); ok {
				for _, e := range f.Inputs {
					got = append(got, fmt.Sprintf("%d: %v", e.Line, e.Err))
				}
			} else if err != nil {
				t.Fatal(err)
			} else if len(res.Objects) == 0 {
				t.Errorf("no template was used")
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
