package lint

import "strings"

// Scope says when a rule runs.
type Scope int

const (
	// ScopeAlways: on every PodDefault.
	ScopeAlways Scope = iota
	// ScopeNotebooks: on the PodDefaults of namespaces that hold a
	// Notebook among the workloads, or of every namespace when asked
	// (--notebooks).
	ScopeNotebooks
	// ScopeWorkloads: when workloads are given with the PodDefaults (-f).
	ScopeWorkloads
)

// Rule is one check: its stable ID, its severity, and what the docs say.
type Rule struct {
	ID       string
	Name     string // a short kebab-case name, for SARIF and anchors
	Severity Severity
	Scope    Scope
	// Title says what is wrong, in a line.
	Title string
	// Cluster says what happens in the cluster, and to whom.
	Cluster string
	// Fix is the fix, in a line.
	Fix string
	// Bad is a minimal input that breaks the rule, Good the same fixed:
	// PodDefaults, and the workloads a rule of ScopeWorkloads needs.
	Bad, Good string
}

// Rules returns the rules, in the order of their IDs.
func Rules() []Rule { return append([]Rule(nil), rules...) }

var ruleByID = func() map[string]Rule {
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}()

const pdHeader = "apiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata:\n"

var rules = []Rule{
	{
		ID: "PD101", Name: "invalid-selector", Severity: Error,
		Title:   "The webhook cannot convert the PodDefault's selector",
		Cluster: "The webhook converts the selector of every PodDefault of the pod's namespace before it looks at any of them, and refuses the pod when one fails. While this PodDefault exists, every pod created in its namespace is refused — not only the pods it was meant for — unless the pod opts out with the exclude annotation.",
		Fix:     "Make the selector valid: In and NotIn need values, Exists and DoesNotExist take none, keys and values must be valid label keys and values.",
		Bad: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchExpressions:
    - {key: gpu, operator: In}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchExpressions:
    - {key: gpu, operator: In, values: ["true"]}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD102", Name: "clashing-poddefaults", Severity: Error,
		Title:   "PodDefaults that one pod can select together clash",
		Cluster: "The webhook checks all the PodDefaults that select a pod before it merges any, and refuses the pod when two bring different entries under one key: a volume, env var, mount name or path, toleration key, image pull secret, label, annotation, sidecar or init container. Every pod that both select fails at creation. podctl finds the smallest labels that all their selectors accept (it reports nothing when no pod can carry them) and runs the webhook's check on such a pod; it reports each clash, and the PodDefaults and labels involved. Sets of three are reported where no two of them clash: a label one adds against a value another forbids on a key a third requires.",
		Fix:     "Give the clashing entries different names (or keys), make them identical, or make the selectors exclusive so that no pod carries labels both accept.",
		Bad: pdHeader + `  name: cache-disk
  namespace: team-ml
spec:
  desc: Disk cache
  selector:
    matchLabels: {app: train}
  volumes:
  - {name: cache, emptyDir: {}}
---
` + pdHeader + `  name: cache-memory
  namespace: team-ml
spec:
  desc: Memory cache
  selector:
    matchLabels: {team: ml}
  volumes:
  - {name: cache, emptyDir: {medium: Memory}}
`,
		Good: pdHeader + `  name: cache-disk
  namespace: team-ml
spec:
  desc: Disk cache
  selector:
    matchLabels: {app: train}
  volumes:
  - {name: cache, emptyDir: {}}
---
` + pdHeader + `  name: cache-memory
  namespace: team-ml
spec:
  desc: Memory cache
  selector:
    matchLabels: {team: ml}
  volumes:
  - {name: cache-memory, emptyDir: {medium: Memory}}
`,
	},
	{
		ID: "PD103", Name: "self-clash", Severity: Error,
		Title:   "A PodDefault's own entries clash",
		Cluster: "The webhook checks each entry against the pod and the entries before it, those of the same PodDefault included: two volumes of one name, two mounts on one path or with one name, two tolerations of one key, different from each other — or a label that contradicts what the PodDefault's own selector requires — make it refuse every pod the PodDefault selects.",
		Fix:     "Keep one entry per name, path or key in each PodDefault.",
		Bad: pdHeader + `  name: data
  namespace: team-ml
spec:
  desc: Mount the data set
  selector:
    matchLabels: {data: "true"}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: scratch, emptyDir: {}}
  volumeMounts:
  - {name: data, mountPath: /data}
  - {name: scratch, mountPath: /data}
`,
		Good: pdHeader + `  name: data
  namespace: team-ml
spec:
  desc: Mount the data set
  selector:
    matchLabels: {data: "true"}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: scratch, emptyDir: {}}
  volumeMounts:
  - {name: data, mountPath: /data}
  - {name: scratch, mountPath: /scratch}
`,
	},
	{
		ID: "PD104", Name: "cluster-clash", Severity: Error,
		Title:   "A PodDefault clashes with what the API server adds before the webhook runs",
		Cluster: "The API server's own admission plugins run before any webhook: DefaultTolerationSeconds tolerates node.kubernetes.io/not-ready and node.kubernetes.io/unreachable for 300s on every pod that does not tolerate them itself, and ServiceAccount mounts the service account token at /var/run/secrets/kubernetes.io/serviceaccount in every container. A PodDefault that brings another toleration of those keys, or mounts something else on that path, clashes with them, and the webhook refuses every pod it selects (for the mount: unless the pod or its service account sets automountServiceAccountToken: false). apply-defaults cannot see this: the manifests do not carry what the API server adds.",
		Fix:     "Put such tolerations in the pod templates themselves (the API server then adds none), and mount nothing at /var/run/secrets/kubernetes.io/serviceaccount.",
		Bad: pdHeader + `  name: slow-eviction
  namespace: team-ml
spec:
  desc: Survive node failures for ten minutes
  selector:
    matchLabels: {stateful: "true"}
  tolerations:
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 600}
`,
		Good: pdHeader + `  name: slow-eviction
  namespace: team-ml
spec:
  desc: Survive node failures for ten minutes
  selector:
    matchLabels: {stateful: "true"}
  tolerations:
  - {key: example.com/maintenance, operator: Exists, effect: NoExecute, tolerationSeconds: 600}
`,
	},
	{
		ID: "PD105", Name: "unsatisfiable-selector", Severity: Warning,
		Title:   "No labels satisfy the PodDefault's selector",
		Cluster: "The selector's requirements contradict each other (a key both required and absent, a value both required and excluded, In lists with nothing in common): the PodDefault applies to no pod.",
		Fix:     "Remove the contradicting requirement.",
		Bad: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
    matchExpressions:
    - {key: gpu, operator: DoesNotExist}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD201", Name: "order-dependent-override", Severity: Warning,
		Title:   "Two PodDefaults that one pod can select together set serviceAccountName, automountServiceAccountToken, command or args differently",
		Cluster: "The webhook applies the PodDefaults that select a pod in the order of their names. For serviceAccountName and automountServiceAccountToken the last one that sets it wins; for command and args the first one wins, in each container that has none of its own. Which value a pod gets depends silently on the names: renaming a PodDefault changes it.",
		Fix:     "Set the field in one PodDefault only, or make the selectors exclusive.",
		Bad: pdHeader + `  name: pipelines
  namespace: team-ml
spec:
  desc: Run as the pipeline runner
  selector:
    matchLabels: {pipelines: "true"}
  serviceAccountName: pipeline-runner
---
` + pdHeader + `  name: editor
  namespace: team-ml
spec:
  desc: Run as the namespace editor
  selector:
    matchLabels: {team: ml}
  serviceAccountName: default-editor
`,
		Good: pdHeader + `  name: pipelines
  namespace: team-ml
spec:
  desc: Run as the pipeline runner
  selector:
    matchLabels: {pipelines: "true"}
  serviceAccountName: pipeline-runner
---
` + pdHeader + `  name: editor
  namespace: team-ml
spec:
  desc: Run as the namespace editor
  selector:
    matchLabels: {team: ml}
    matchExpressions:
    - {key: pipelines, operator: DoesNotExist}
  serviceAccountName: default-editor
`,
	},
	{
		ID: "PD202", Name: "label-chain", Severity: Warning,
		Title:   "A PodDefault adds a label that another one's selector needs",
		Cluster: "The webhook selects PodDefaults once, on the labels the pod is created with; labels a PodDefault adds select nothing. The second PodDefault never applies to a pod that owes the label to the first.",
		Fix:     "Put the label in the pod templates that need the second PodDefault, or select them with labels they carry.",
		Bad: pdHeader + `  name: training
  namespace: team-ml
spec:
  desc: Training jobs use GPUs
  selector:
    matchLabels: {app: train}
  labels: {gpu: "true"}
---
` + pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: training
  namespace: team-ml
spec:
  desc: Training jobs use GPUs
  selector:
    matchLabels: {app: train}
  labels: {gpu: "true"}
---
` + pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [train]}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD301", Name: "container-shape", Severity: Error,
		Title:   "A sidecar or init container has no name or no image, or a name both lists use",
		Cluster: "The API server validates the pod the webhook produced: every container needs a name and an image, and names are unique across containers and init containers. Every pod the PodDefault selects is refused at creation.",
		Fix:     "Give every sidecar and init container a unique name and an image.",
		Bad: pdHeader + `  name: log-shipper
  namespace: team-ml
spec:
  desc: Ship logs
  selector:
    matchLabels: {logs: "true"}
  sidecars:
  - name: shipper
`,
		Good: pdHeader + `  name: log-shipper
  namespace: team-ml
spec:
  desc: Ship logs
  selector:
    matchLabels: {logs: "true"}
  sidecars:
  - name: shipper
    image: fluent/fluent-bit:3.2
`,
	},
	{
		ID: "PD302", Name: "volume-source", Severity: Error,
		Title:   "A volume has no source, or more than one",
		Cluster: "The API server requires exactly one source per volume (emptyDir, secret, persistentVolumeClaim, projected, ...). Every pod the PodDefault selects is refused at creation.",
		Fix:     "Give each volume exactly one source.",
		Bad: pdHeader + `  name: scratch
  namespace: team-ml
spec:
  desc: Scratch space
  selector:
    matchLabels: {scratch: "true"}
  volumes:
  - name: scratch
  volumeMounts:
  - {name: scratch, mountPath: /scratch}
`,
		Good: pdHeader + `  name: scratch
  namespace: team-ml
spec:
  desc: Scratch space
  selector:
    matchLabels: {scratch: "true"}
  volumes:
  - name: scratch
    emptyDir: {}
  volumeMounts:
  - {name: scratch, mountPath: /scratch}
`,
	},
	{
		ID: "PD303", Name: "invalid-name", Severity: Error,
		Title:   "A name the API server refuses",
		Cluster: "Volume and container names must be DNS-1123 labels; toleration, label and annotation keys qualified names; label values valid label values. The webhook also writes the annotation poddefault.admission.kubeflow.org/poddefault-<name>, whose name part may have 63 characters at most: a PodDefault name longer than 52 characters makes it invalid. Every pod the PodDefault selects is refused at creation.",
		Fix:     "Use lowercase letters, digits and '-' in volume and container names; keep PodDefault names to 52 characters.",
		Bad: pdHeader + `  name: scratch
  namespace: team-ml
spec:
  desc: Scratch space
  selector:
    matchLabels: {scratch: "true"}
  volumes:
  - {name: Scratch_Space, emptyDir: {}}
  volumeMounts:
  - {name: Scratch_Space, mountPath: /scratch}
`,
		Good: pdHeader + `  name: scratch
  namespace: team-ml
spec:
  desc: Scratch space
  selector:
    matchLabels: {scratch: "true"}
  volumes:
  - {name: scratch-space, emptyDir: {}}
  volumeMounts:
  - {name: scratch-space, mountPath: /scratch}
`,
	},
	{
		ID: "PD304", Name: "mount-without-volume", Severity: Error,
		Title:   "A mount whose volume the pod will not have",
		Cluster: "The API server refuses a pod whose container mounts a volume the pod does not define. Without workloads, the PodDefault must define the volume itself; with -f, podctl merges every PodDefault into each template it selects and checks the pod that gives.",
		Fix:     "Add the volume to the PodDefault, or to every pod template it selects.",
		Bad: pdHeader + `  name: shared
  namespace: team-ml
spec:
  desc: Shared memory
  selector:
    matchLabels: {shm: "true"}
  volumeMounts:
  - {name: dshm, mountPath: /dev/shm}
`,
		Good: pdHeader + `  name: shared
  namespace: team-ml
spec:
  desc: Shared memory
  selector:
    matchLabels: {shm: "true"}
  volumes:
  - {name: dshm, emptyDir: {medium: Memory}}
  volumeMounts:
  - {name: dshm, mountPath: /dev/shm}
`,
	},
	{
		ID: "PD305", Name: "duplicate-env", Severity: Error,
		Title:   "A PodDefault gives one env var twice, with different values",
		Cluster: "The webhook checks each env var against those before it, the PodDefault's own included, and refuses every pod the PodDefault selects. (The same env var given twice with the same value is added once.)",
		Fix:     "Give each env var once.",
		Bad: pdHeader + `  name: logging
  namespace: team-ml
spec:
  desc: Verbose logs
  selector:
    matchLabels: {debug: "true"}
  env:
  - {name: LOG_LEVEL, value: debug}
  - {name: LOG_LEVEL, value: info}
`,
		Good: pdHeader + `  name: logging
  namespace: team-ml
spec:
  desc: Verbose logs
  selector:
    matchLabels: {debug: "true"}
  env:
  - {name: LOG_LEVEL, value: debug}
`,
	},
	{
		ID: "PD401", Name: "notebook-no-matchlabels", Severity: Error, Scope: ScopeNotebooks,
		Title:   "A PodDefault without selector.matchLabels, in a namespace that uses the notebook form",
		Cluster: "The notebook form's backend lists a namespace's PodDefaults by the first key of selector.matchLabels and fails on a PodDefault that has none (kubeflow/notebooks#99, kubeflow/kubeflow#6983): the Configurations list of the whole namespace does not load.",
		Fix:     "Select with matchLabels (a key set to \"true\" is what the form's box sets).",
		Bad: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchExpressions:
    - {key: gpu, operator: Exists}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD402", Name: "notebook-unselectable", Severity: Warning, Scope: ScopeNotebooks,
		Title:   "The notebook form's box for a PodDefault cannot select it",
		Cluster: "Ticking a PodDefault's box sets its first matchLabels key to \"true\" on the Notebook, and nothing else. A selector that needs another value, another matchLabels entry or a matchExpressions requirement that label does not meet shows a box that does nothing.",
		Fix:     "Select with one matchLabels entry whose value is \"true\".",
		Bad: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on A100 nodes
  selector:
    matchLabels: {gpu: a100}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on A100 nodes
  selector:
    matchLabels: {gpu-a100: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD403", Name: "notebook-shared-key", Severity: Warning, Scope: ScopeNotebooks,
		Title:   "Two PodDefaults share the first matchLabels key",
		Cluster: "The notebook form shows a box for each PodDefault, keyed by the first matchLabels key: two boxes set the same label, so ticking one ticks the other's label too.",
		Fix:     "Give each PodDefault its own first matchLabels key.",
		Bad: pdHeader + `  name: gpu-small
  namespace: team-ml
spec:
  desc: One GPU
  selector:
    matchLabels: {gpu: "true"}
  env:
  - {name: GPUS, value: "1"}
---
` + pdHeader + `  name: gpu-tolerations
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu-small
  namespace: team-ml
spec:
  desc: One GPU
  selector:
    matchLabels: {gpu-small: "true"}
  env:
  - {name: GPUS, value: "1"}
---
` + pdHeader + `  name: gpu-tolerations
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD404", Name: "notebook-no-desc", Severity: Info, Scope: ScopeNotebooks,
		Title:   "A PodDefault without desc",
		Cluster: "The notebook form shows the PodDefault's desc next to its box, and its name when there is none.",
		Fix:     "Say in desc what ticking the box gives.",
		Bad: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
		Good: pdHeader + `  name: gpu
  namespace: team-ml
spec:
  desc: Schedule on GPU nodes
  selector:
    matchLabels: {gpu: "true"}
  tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
`,
	},
	{
		ID: "PD501", Name: "selects-nothing", Severity: Info, Scope: ScopeWorkloads,
		Title:   "A PodDefault selects none of the pod templates of its namespace among the workloads",
		Cluster: "Nothing goes wrong; the PodDefault may be meant for pods created elsewhere (a notebook form, a pipeline). It may also select on a label the workloads spell differently.",
		Fix:     "Check the selector against the labels of the templates meant to get it.",
		Bad: pdHeader + `  name: training
  namespace: team-ml
spec:
  desc: Training data
  selector:
    matchLabels: {app: training}
  env:
  - {name: DATA, value: /data}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: team-ml
spec:
  template:
    metadata:
      labels: {app: train}
    spec:
      restartPolicy: Never
      containers:
      - {name: train, image: trainer:1}
`,
		Good: pdHeader + `  name: training
  namespace: team-ml
spec:
  desc: Training data
  selector:
    matchLabels: {app: train}
  env:
  - {name: DATA, value: /data}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: team-ml
spec:
  template:
    metadata:
      labels: {app: train}
    spec:
      restartPolicy: Never
      containers:
      - {name: train, image: trainer:1}
`,
	},
	{
		ID: "PD502", Name: "rejected-template", Severity: Error, Scope: ScopeWorkloads,
		Title:   "The webhook would reject a pod template of the workloads",
		Cluster: "The PodDefaults that select the template clash on it (or one of its namespace has a selector the webhook cannot convert): every pod of the workload is refused at creation. This is what apply-defaults refuses, one line per template.",
		Fix:     "Resolve the clash in the PodDefaults (see PD102), or let the template opt out with the annotation poddefault.admission.kubeflow.org/exclude: \"true\".",
		Bad: pdHeader + `  name: log-debug
  namespace: team-ml
spec:
  desc: Verbose logs
  selector:
    matchLabels: {app: train}
  env:
  - {name: LOG_LEVEL, value: debug}
---
` + pdHeader + `  name: log-quiet
  namespace: team-ml
spec:
  desc: Quiet logs
  selector:
    matchLabels: {team: ml}
  env:
  - {name: LOG_LEVEL, value: warn}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: team-ml
spec:
  template:
    metadata:
      labels: {app: train, team: ml}
    spec:
      restartPolicy: Never
      containers:
      - {name: train, image: trainer:1}
`,
		Good: pdHeader + `  name: log-debug
  namespace: team-ml
spec:
  desc: Verbose logs
  selector:
    matchLabels: {app: train}
  env:
  - {name: LOG_LEVEL, value: debug}
---
` + pdHeader + `  name: log-quiet
  namespace: team-ml
spec:
  desc: Quiet logs
  selector:
    matchLabels: {team: ml}
    matchExpressions:
    - {key: app, operator: NotIn, values: [train]}
  env:
  - {name: LOG_LEVEL, value: warn}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: team-ml
spec:
  template:
    metadata:
      labels: {app: train, team: ml}
    spec:
      restartPolicy: Never
      containers:
      - {name: train, image: trainer:1}
`,
	},
}

// Lookup finds a rule by its ID.
func Lookup(id string) (Rule, bool) {
	r, ok := ruleByID[id]
	return r, ok
}

// anchor is the anchor of the rule's heading in docs/lint.md, as GitHub
// writes it.
func anchor(r Rule) string { return strings.ToLower(r.ID) + "-" + r.Name }

// DocURL is where docs/lint.md documents a rule, on the project's site.
func DocURL(r Rule) string {
	return "https://github.com/podctl/podctl/blob/main/docs/lint.md#" + anchor(r)
}
