package apply

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// The label features of the kind table, each on the templates of a small
// object: what labels the pod of each template gets.
func TestControllerLabels(t *testing.T) {
	const jobs = `
metadata: {name: sweep}
spec:
  labels: {team: ml, tier: gold}
  jobs:
  - {name: a, replicas: 2, group: x, labels: {role: a}, template: {metadata: {labels: {role: mine, own: "1"}}}}
  - {name: b, template: {}}
  - {name: c, replicas: 3, group: x, template: {}}
`
	list := "spec.jobs[].template"
	tests := []struct {
		name   string
		labels []workload.LabelEntry
		want   []map[string]string // per template, besides the template's own
		err    string
	}{
		{"default fills an absent field", []workload.LabelEntry{{Key: "n", ValueFrom: "$item.replicas", Default: "1"}},
			[]map[string]string{{"n": "2"}, {"n": "1"}, {"n": "3"}}, ""},
		{"no default: the manifest fixes nothing", []workload.LabelEntry{{Key: "n", ValueFrom: "$item.replicas"}},
			[]map[string]string{{"n": "2"}, {}, {"n": "3"}}, ""},
		{"sum over every item", []workload.LabelEntry{{Key: "all", ValueFrom: "$items.replicas", Default: "1"}},
			[]map[string]string{{"all": "6"}, {"all": "6"}, {"all": "6"}}, ""},
		{"sum without a default is not fixed where an item lacks the field", []workload.LabelEntry{{Key: "all", ValueFrom: "$items.replicas"}},
			[]map[string]string{{}, {}, {}}, ""},
		{"sum per group", []workload.LabelEntry{{Key: "g", ValueFrom: "$item.group", Default: "default"}, {Key: "per", ValueFrom: "$items.replicas", Default: "1", GroupBy: "g"}},
			[]map[string]string{{"g": "x", "per": "5"}, {"g": "default", "per": "1"}, {"g": "x", "per": "5"}}, ""},
		{"format", []workload.LabelEntry{{Key: "id", ValueFrom: "metadata.name", Format: "{}-worker"}},
			[]map[string]string{{"id": "sweep-worker"}, {"id": "sweep-worker"}, {"id": "sweep-worker"}}, ""},
		{"a map of the item overrides the template", []workload.LabelEntry{{MapFrom: "$item.labels"}},
			[]map[string]string{{"role": "a"}, {}, {}}, ""},
		{"a map of the object, where the template has none", []workload.LabelEntry{{MapFrom: "spec.labels", IfAbsent: true}, {Key: "own", Value: "2", IfAbsent: true}},
			[]map[string]string{{"team": "ml", "tier": "gold"}, {"team": "ml", "tier": "gold", "own": "2"}, {"team": "ml", "tier": "gold", "own": "2"}}, ""},
		{"mapFrom of a scalar", []workload.LabelEntry{{MapFrom: "metadata.name"}}, nil, "labels of metadata.name: not a map"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := yamldoc.Parse([]byte(jobs), 1)
			if err != nil {
				t.Fatal(err)
			}
			path, _ := workload.ParsePath(list)
			var got []map[string]string
			for _, found := range yamldoc.Match(p.Root, path) {
				pod, err := decodeTemplate(p, found.Node, false)
				if err != nil {
					t.Fatal(err)
				}
				own := map[string]string{}
				for k, v := range pod.Labels {
					own[k] = v
				}
				err = addControllerLabels(pod, p.Root, path, found.Steps, tc.labels, false)
				if tc.err != "" {
					if err == nil || !strings.Contains(err.Error(), tc.err) {
						t.Fatalf("error %v, want %q", err, tc.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, added(own, pod))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("labels added %v, want %v", got, tc.want)
			}
		})
	}
}

// added is what the controller's labels changed on a pod, against the
// template's own.
func added(own map[string]string, pod *corev1.Pod) map[string]string {
	out := map[string]string{}
	for k, v := range pod.Labels {
		if w, ok := own[k]; !ok || w != v {
			out[k] = v
		}
	}
	return out
}

func TestControllerLabelsSumNeedsIntegers(t *testing.T) {
	p, err := yamldoc.Parse([]byte("spec:\n  jobs:\n  - {replicas: 1, template: {}}\n  - {replicas: two, template: {}}\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := workload.ParsePath("spec.jobs[].template")
	found := yamldoc.Match(p.Root, path)
	err = addControllerLabels(&corev1.Pod{}, p.Root, path, found[0].Steps, []workload.LabelEntry{{Key: "all", ValueFrom: "$items.replicas"}}, false)
	if err == nil || !strings.Contains(err.Error(), `spec.jobs[1].replicas: "two" is not an integer`) {
		t.Errorf("error %v", err)
	}
}

// An embedded object is named by the controller that creates it: its
// metadata.name fixes no label.
func TestControllerLabelsOfAnEmbeddedObject(t *testing.T) {
	p, err := yamldoc.Parse([]byte("metadata: {name: given}\nspec: {template: {}}\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := workload.ParsePath("spec.template")
	found := yamldoc.Match(p.Root, path)
	labels := []workload.LabelEntry{{Key: "job-name", ValueFrom: "metadata.name"}, {Key: "fixed", Value: "yes"}}
	for _, embedded := range []bool{false, true} {
		pod := &corev1.Pod{}
		if err := addControllerLabels(pod, p.Root, path, found[0].Steps, labels, embedded); err != nil {
			t.Fatal(err)
		}
		_, named := pod.Labels["job-name"]
		if named == embedded || pod.Labels["fixed"] != "yes" {
			t.Errorf("embedded %v: labels %v", embedded, pod.Labels)
		}
	}
}
