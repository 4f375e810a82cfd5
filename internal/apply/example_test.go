package apply_test

import (
	"fmt"
	"os"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/output"
)

const exampleDeployment = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-ml
spec:
  template:
    metadata:
      labels: {app: web}  # selected below
    spec:
      containers:
      - name: web
        image: nginx:1.27
`

// Run applies the PodDefaults to the pod template and writes the
// Deployment back: only the lines the PodDefault brings are new; the
// comments and the flow mapping of labels stay as written.
func ExampleRun() {
	defaults := `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: log-level, namespace: team-ml}
spec:
  selector: {matchLabels: {app: web}}
  env: [{name: LOG_LEVEL, value: info}]
`
	res, err := apply.Run(apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource("web.yaml", []byte(exampleDeployment))},
		Defaults:  []*manifest.Source{manifest.NewSource("poddefaults.yaml", []byte(defaults))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range res.Objects {
		fmt.Printf("%s %s (%s): %v\n", o.Location, o.Object, o.Template, o.Applied)
	}
	if err := output.Stream(os.Stdout, res); err != nil {
		fmt.Println(err)
	}
	// Output:
	// web.yaml:9 (document 1) Deployment/team-ml/web (spec.template): [log-level]
	// # the web tier
	// apiVersion: apps/v1
	// kind: Deployment
	// metadata:
	//   name: web
	//   namespace: team-ml
	// spec:
	//   template:
	//     metadata:
	//       labels: {app: web}  # selected below
	//       annotations:
	//         poddefault.admission.kubeflow.org/poddefault-log-level: ""
	//     spec:
	//       containers:
	//       - name: web
	//         image: nginx:1.27
	//         env:
	//         - name: LOG_LEVEL
	//           value: info
}

// A run that finds a pod the webhook would reject writes nothing: its
// error is an *apply.Failure that lists every problem, each where it is.
func ExampleRun_conflict() {
	defaults := `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: info, namespace: team-ml}
spec:
  selector: {}
  env: [{name: LOG_LEVEL, value: info}]
---
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: debug, namespace: team-ml}
spec:
  selector: {}
  env: [{name: LOG_LEVEL, value: debug}]
`
	_, err := apply.Run(apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource("web.yaml", []byte(exampleDeployment))},
		Defaults:  []*manifest.Source{manifest.NewSource("poddefaults.yaml", []byte(defaults))},
	})
	fmt.Println(err)
	// Output:
	// web.yaml:9 (document 1): Deployment/team-ml/web (spec.template): the webhook would reject this pod: PodDefaults debug, info conflict
	//   - env "LOG_LEVEL" in container "web": PodDefault info brings {"name":"LOG_LEVEL","value":"info"}, but PodDefault debug has {"name":"LOG_LEVEL","value":"debug"}
}

// Explain says, for every pod template, what each PodDefault of its
// namespace does to it, and why.
func ExampleExplain() {
	defaults := `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata: {name: gpu, namespace: team-ml}
spec:
  selector: {matchLabels: {gpu: "true"}}
  tolerations: [{key: nvidia.com/gpu, operator: Exists}]
`
	explained, err := apply.Explain(apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource("web.yaml", []byte(exampleDeployment))},
		Defaults:  []*manifest.Source{manifest.NewSource("poddefaults.yaml", []byte(defaults))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range explained.Templates {
		fmt.Println(e.Object, e.Template)
		for _, v := range e.Verdicts {
			fmt.Printf("  %s: %s: %s\n", v.PodDefault, v.Outcome, v.Reason)
		}
	}
	// Output:
	// Deployment/team-ml/web spec.template
	//   gpu: selector-does-not-match: the selector requires gpu=true, and the pod's labels are {app=web}
}
