package apply

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// A Kubeflow Trainer TrainJob makes no pod of its own: Trainer builds a
// JobSet named after it from the replicated jobs of the runtime it refers
// to (a TrainingRuntime of its namespace or a ClusterTrainingRuntime), with
// what the TrainJob overrides laid over them. When that runtime is among
// the inputs, podctl builds those pods, in the TrainJob's namespace, and
// writes what the PodDefaults of that namespace add into the TrainJob —
// never into the runtime, which other TrainJobs (of other namespaces, for
// a ClusterTrainingRuntime) share. Modelled on kubeflow/trainer:
//
//   - pkg/runtime/core/trainingruntime.go newRuntimeInfo, mergeRuntimePatches:
//     each spec.runtimePatches[].trainingRuntimeSpec.template.spec is a
//     strategic merge patch of the runtime's JobSet spec, in order
//     (v2.1: spec.podTemplateOverrides[], v2.0: spec.podSpecOverrides[],
//     patches of the pod template of each of their targetJobs);
//     spec.trainer.resourcesPerNode is merged into the trainer job's node
//     container.
//   - pkg/runtime/framework/plugins/jobset/builder.go Initializer, Trainer:
//     in the job whose template is labelled
//     trainer.kubeflow.org/trainjob-ancestor-step=trainer, the container
//     named node takes spec.trainer's image, command and args and its env
//     (upserted by name); the dataset-initializer and model-initializer
//     containers take STORAGE_URI, env and a secretRef envFrom from
//     spec.initializer.
//   - jobset.go Build, coscheduling.go EnforcePodGroupPolicy: the pods get
//     scheduling.x-k8s.io/pod-group=<TrainJob name> when the runtime asks
//     for coscheduling (Volcano: the scheduling.k8s.io/group-name
//     annotation), and the JobSet controller's labels, the JobSet being
//     named after the TrainJob; Trainer sets replicas to 1 for the jobs
//     labelled with an ancestor step.
//   - jobset.go Validate: runtimePatches may set env of no container named
//     node, dataset-initializer or model-initializer, and patch only
//     containers the runtime has.
//
// Not modelled: what the ML policy plugins (torch, mpi, …) add (PET_* env,
// MPI volumes and ports), mpi's runLauncherAsNode, and patches of a
// replicated job's own metadata.

// trainerManager is the manager of the runtimePatches entry podctl writes.
const trainerManager = "podctl.dev/poddefaults"

// The names Trainer gives its jobs and containers (pkg/constants).
const (
	trainerAncestorLabel = "trainer.kubeflow.org/trainjob-ancestor-step"
	trainerNode          = "node"
	datasetInitializer   = "dataset-initializer"
	modelInitializer     = "model-initializer"
	podGroupLabel        = "scheduling.x-k8s.io/pod-group"
	volcanoGroupKey      = "scheduling.k8s.io/group-name"
)

// isTrainerGroup: the runtimes' group, and the one they had before.
func isTrainerGroup(group string) bool {
	return group == "trainer.kubeflow.org" || group == "kubeflow.org"
}

func isRuntimeKind(api, kind string) bool {
	return isTrainerGroup(workload.Group(api)) && (kind == "TrainingRuntime" || kind == "ClusterTrainingRuntime")
}

func isTrainJobKind(api, kind string) bool {
	return isTrainerGroup(workload.Group(api)) && kind == "TrainJob"
}

// runtimeKey names a runtime: ns is "" for a ClusterTrainingRuntime.
type runtimeKey struct{ group, kind, ns, name string }

func (k runtimeKey) String() string {
	if k.ns == "" {
		return k.kind + "/" + k.name
	}
	return k.kind + "/" + k.ns + "/" + k.name
}

// trainingRuntime is a runtime found among the inputs.
type trainingRuntime struct {
	key    runtimeKey
	d      *document
	node   *yaml.Node
	loc    Location
	usedBy []string // the TrainJobs among the inputs that refer to it
}

// indexRuntimes finds the runtimes of the workload documents, and the
// TrainJobs that refer to each. Both were parsed when they were read.
func (r *runner) indexRuntimes() {
	var jobs []object
	for _, d := range r.docs {
		if d.defaults || d.tree == nil {
			continue
		}
		objs, err := d.objects()
		if err != nil {
			continue
		}
		for _, ob := range objs {
			api, kind := yamldoc.TypeMeta(ob.node)
			switch {
			case isRuntimeKind(api, kind):
				key := r.runtimeKeyOf(ob.node, api, kind)
				if r.runtimes == nil {
					r.runtimes = map[runtimeKey]*trainingRuntime{}
				}
				if _, dup := r.runtimes[key]; !dup {
					r.runtimes[key] = &trainingRuntime{key: key, d: d, node: ob.node, loc: Location{File: d.src.Name, Document: d.doc.Index, Line: d.tree.SourceLine(ob.node), Item: ob.item}}
				}
			case isTrainJobKind(api, kind):
				jobs = append(jobs, ob)
			}
		}
	}
	for _, ob := range jobs {
		name, ns := objectName(ob.node)
		ns = workload.Namespace(ns, r.req.Namespace)
		ref, _ := r.refOf(ob.node, ns)
		if rt := r.runtimes[ref]; rt != nil {
			rt.usedBy = append(rt.usedBy, "TrainJob/"+ns+"/"+orUnnamed(name))
		}
	}
}

func (r *runner) runtimeKeyOf(n *yaml.Node, api, kind string) runtimeKey {
	name, ns := objectName(n)
	k := runtimeKey{group: workload.Group(api), kind: kind, name: name}
	if kind == "TrainingRuntime" {
		k.ns = workload.Namespace(ns, r.req.Namespace)
	}
	return k
}

// refOf is the runtime a TrainJob of namespace ns refers to, with the
// API's defaults (trainer.kubeflow.org, ClusterTrainingRuntime); the
// second result is the reference's name ("" when it has none).
func (r *runner) refOf(job *yaml.Node, ns string) (runtimeKey, string) {
	ref := yamldoc.Field(yamldoc.Field(job, "spec"), "runtimeRef")
	scalar := func(key, def string) string {
		if v := yamldoc.StringField(ref, key); v != "" {
			return v
		}
		return def
	}
	api, _ := yamldoc.TypeMeta(job)
	group := scalar("apiGroup", workload.Group(api))
	k := runtimeKey{group: group, kind: scalar("kind", "ClusterTrainingRuntime"), name: scalar("name", "")}
	if k.kind == "TrainingRuntime" {
		k.ns = ns
	}
	return k, k.name
}

// visitTrainer handles the objects of Trainer that the kind table alone
// cannot: a TrainJob, and a runtime that TrainJobs among the inputs
// use. It reports whether it did.
func (r *runner) visitTrainer(ob object, k *workload.Kind, patch *splice.Patch, visit visitFunc, o *outcome, at Location) bool {
	api, kind := yamldoc.TypeMeta(ob.node)
	if k.Model == workload.ModelTrainJob {
		r.visitTrainJob(ob, patch, visit, o, at)
		return true
	}
	if !isRuntimeKind(api, kind) {
		return false
	}
	rt := r.runtimes[r.runtimeKeyOf(ob.node, api, kind)]
	if rt == nil || rt.node != ob.node || len(rt.usedBy) == 0 {
		return false
	}
	what := "its pods are those of the TrainJobs that use it"
	if k.ClusterScoped {
		what = "cluster-scoped: its pods run in the namespaces of the TrainJobs that use it"
	}
	o.notes = append(o.notes, Warning{Location: at, Object: rt.key.String(),
		Message: fmt.Sprintf("%s; PodDefaults apply through %s (written into the TrainJob), nothing is written into the runtime", what, strings.Join(rt.usedBy, ", "))})
	return true
}

// visitTrainJob visits the pods of a TrainJob whose runtime is among the
// inputs; without it, a note says that podctl cannot build them.
func (r *runner) visitTrainJob(ob object, patch *splice.Patch, visit visitFunc, o *outcome, at Location) {
	job := ob.node
	name, ns := objectName(job)
	ns = workload.Namespace(ns, r.req.Namespace)
	object := "TrainJob/" + ns + "/" + orUnnamed(name)
	key, refName := r.refOf(job, ns)
	note := func(msg string) {
		o.notes = append(o.notes, Warning{Location: at, Object: object, Message: msg})
		o.explained = append(o.explained, Explained{Location: at, Object: object, Template: "spec.runtimeRef", Note: msg})
	}
	if refName == "" {
		o.inputs = append(o.inputs, &InputError{Location: at, Object: object, Err: fmt.Errorf("spec.runtimeRef.name: a TrainJob must name its runtime")})
		return
	}
	rt := r.runtimes[key]
	if !isTrainerGroup(key.group) || key.kind != "TrainingRuntime" && key.kind != "ClusterTrainingRuntime" {
		note(fmt.Sprintf("its pods come from the runtime %s/%s (%s), which podctl does not model, so no PodDefault is applied to them", key.kind, key.name, key.group))
		return
	}
	if rt == nil {
		note(fmt.Sprintf("its pods come from %s, which is not among the inputs, so podctl cannot apply PodDefaults to them (give the runtime's manifest too)", key))
		return
	}
	tj, err := readTrainJob(ob.d.tree, job)
	if err != nil {
		o.inputs = append(o.inputs, &InputError{Location: at, Object: object, Err: err})
		return
	}
	jobs := yamldoc.List(yamldoc.At(rt.node, yamldoc.Steps{{Key: "spec"}, {Key: "template"}, {Key: "spec"}, {Key: "replicatedJobs"}}))
	if len(jobs) == 0 {
		note(fmt.Sprintf("its runtime %s (%s:%d) has no replicated jobs", key, rt.loc.File, rt.loc.Line))
		return
	}
	b := &trainJobBuild{r: r, tj: tj, job: job, name: name, ns: ns, rt: rt, jobs: jobs}
	b.locate()
	for i := range jobs {
		pod, lay, tplSteps, err := b.pod(i)
		if err != nil {
			o.inputs = append(o.inputs, &InputError{Location: rt.loc, Object: object, Err: fmt.Errorf("%s %s: %w", key, tplSteps, err)})
			continue
		}
		// the template's name in messages: the runtime's template it is built from
		t := template{loc: at, object: object, layout: lay,
			steps: yamldoc.Steps{{Key: fmt.Sprintf("%s %s", key, tplSteps)}}}
		visit(pod, t, patch, o)
	}
	o.notes = append(o.notes, Warning{Location: at, Object: object,
		Message: fmt.Sprintf("its pods are built from %s (%s:%d) with the PodDefaults of namespace %s", key, rt.loc.File, rt.loc.Line, ns)})
	if err := realize(patch, job, nil, b.fresh); err != nil {
		o.inputs = append(o.inputs, &InputError{Location: at, Object: object, Err: err})
	}
}

// trainJob is what podctl reads of a TrainJob's spec.
type trainJob struct {
	Spec struct {
		Trainer *struct {
			Image            *string                      `json:"image"`
			Command          []string                     `json:"command"`
			Args             []string                     `json:"args"`
			Env              []corev1.EnvVar              `json:"env"`
			ResourcesPerNode *corev1.ResourceRequirements `json:"resourcesPerNode"`
		} `json:"trainer"`
		Initializer *struct {
			Dataset *initializer `json:"dataset"`
			Model   *initializer `json:"model"`
		} `json:"initializer"`
		RuntimePatches []struct {
			Manager             string `json:"manager"`
			TrainingRuntimeSpec *struct {
				Template *struct {
					Spec *struct {
						ReplicatedJobs []struct {
							Name     string `json:"name"`
							Template *struct {
								Spec *struct {
									Template json.RawMessage `json:"template"`
								} `json:"spec"`
							} `json:"template"`
						} `json:"replicatedJobs"`
					} `json:"spec"`
				} `json:"template"`
			} `json:"trainingRuntimeSpec"`
		} `json:"runtimePatches"`
		// v2.1
		PodTemplateOverrides []struct {
			TargetJobs []struct {
				Name string `json:"name"`
			} `json:"targetJobs"`
			Metadata *struct {
				Labels      map[string]string `json:"labels"`
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
			Spec json.RawMessage `json:"spec"`
		} `json:"podTemplateOverrides"`
		// v2.0
		PodSpecOverrides []map[string]json.RawMessage `json:"podSpecOverrides"`
		Labels           map[string]string            `json:"labels"`
		Annotations      map[string]string            `json:"annotations"`
	} `json:"spec"`
}

type initializer struct {
	StorageURI *string                      `json:"storageUri"`
	Env        []corev1.EnvVar              `json:"env"`
	SecretRef  *corev1.LocalObjectReference `json:"secretRef"`
}

func readTrainJob(p *yamldoc.Parsed, n *yaml.Node) (*trainJob, error) {
	var tj trainJob
	if err := p.Decode(n, &tj, false); err != nil {
		return nil, err
	}
	return &tj, nil
}

// olderAPI names the field of Trainer v2.0 or v2.1 a TrainJob uses, ""
// for none: podctl reads those but writes runtimePatches only.
func (tj *trainJob) olderAPI() string {
	s := tj.Spec
	switch {
	case len(s.PodTemplateOverrides) > 0:
		return "spec.podTemplateOverrides"
	case len(s.PodSpecOverrides) > 0:
		return "spec.podSpecOverrides"
	case len(s.Labels) > 0:
		return "spec.labels"
	case len(s.Annotations) > 0:
		return "spec.annotations"
	}
	return ""
}

// trainJobBuild builds the pods of one TrainJob and says where their
// fields are written.
type trainJobBuild struct {
	r        *runner
	tj       *trainJob
	job      *yaml.Node
	name, ns string
	rt       *trainingRuntime
	jobs     []*yaml.Node // the runtime's replicatedJobs
	// entry is the index of podctl's runtimePatches entry (len when new);
	// last: no entry follows it
	entry int
	last  bool
	// fresh are the list items the layouts lead into that podctl creates,
	// by path: the keys that name them
	fresh map[string][]*yaml.Node
	// jobAt is the index of each replicated job in podctl's entry
	jobAt map[string]int
}

// locate finds podctl's runtimePatches entry, or where it will go.
func (b *trainJobBuild) locate() {
	b.fresh = map[string][]*yaml.Node{}
	b.jobAt = map[string]int{}
	patches := yamldoc.List(yamldoc.At(b.job, yamldoc.Steps{{Key: "spec"}, {Key: "runtimePatches"}}))
	b.entry = len(patches)
	for i, e := range patches {
		if yamldoc.StringField(e, "manager") == trainerManager {
			b.entry = i
		}
	}
	b.last = b.entry >= len(patches)-1
	entrySteps := yamldoc.Steps{{Key: "spec"}, {Key: "runtimePatches"}, {Index: b.entry, IsIndex: true}}
	var entry *yaml.Node
	if b.entry < len(patches) {
		entry = patches[b.entry]
	} else {
		b.fresh[entrySteps.String()] = []*yaml.Node{yamldoc.String("manager"), yamldoc.String(trainerManager)}
	}
	have := yamldoc.List(yamldoc.At(entry, yamldoc.Steps{{Key: "trainingRuntimeSpec"}, {Key: "template"}, {Key: "spec"}, {Key: "replicatedJobs"}}))
	for i, j := range have {
		if v := yamldoc.Field(j, "name"); v != nil {
			name, _ := yamldoc.Scalar(v)
			b.jobAt[name] = i
		}
	}
	next := len(have)
	for _, j := range b.jobs {
		n := yamldoc.StringField(j, "name")
		if _, ok := b.jobAt[n]; !ok {
			b.jobAt[n] = next
			b.fresh[b.jobSteps(n).String()] = []*yaml.Node{yamldoc.String("name"), yamldoc.String(n)}
			next++
		}
	}
}

// jobSteps leads to the replicated job named n in podctl's entry.
func (b *trainJobBuild) jobSteps(n string) yamldoc.Steps {
	return yamldoc.Steps{{Key: "spec"}, {Key: "runtimePatches"}, {Index: b.entry, IsIndex: true},
		{Key: "trainingRuntimeSpec"}, {Key: "template"}, {Key: "spec"}, {Key: "replicatedJobs"}, {Index: b.jobAt[n], IsIndex: true}}
}

// pod builds the pod of the runtime's replicated job i as Trainer and
// JobSet make it, and its layout.
func (b *trainJobBuild) pod(i int) (*corev1.Pod, *layout, string, error) {
	rj := yamldoc.Resolve(b.jobs[i])
	jobName := yamldoc.StringField(rj, "name")
	tplSteps := yamldoc.Steps{{Key: "spec"}, {Key: "template"}, {Key: "spec"}, {Key: "replicatedJobs"}, {Index: i, IsIndex: true}, {Key: "template"}, {Key: "spec"}, {Key: "template"}}
	where := tplSteps.String()
	if jobName != "" {
		where += " (" + jobName + ")"
	}
	tpl := yamldoc.Resolve(yamldoc.At(rj, tplSteps[5:]))
	if !yamldoc.IsMapping(tpl) {
		return nil, nil, where, fmt.Errorf("must be a pod template (a mapping)")
	}
	pod, err := decodeTemplate(b.rt.d.tree, tpl, false)
	if err != nil {
		return nil, nil, where, rooted(err, tplSteps)
	}
	ancestor := ""
	if l := yamldoc.Field(yamldoc.Field(yamldoc.Field(rj, "template"), "metadata"), "labels"); l != nil {
		ancestor = yamldoc.StringField(l, trainerAncestorLabel)
	}
	if err := b.overlay(pod, jobName); err != nil {
		return nil, nil, where, err
	}
	b.trainerFields(pod, ancestor)
	pod.Namespace, pod.Name = b.ns, b.name
	if err := b.labels(pod, i); err != nil {
		return nil, nil, where, err
	}
	return pod, b.layout(pod, jobName, ancestor), where, nil
}

// overlay applies the TrainJob's patches of job's pod template, in
// order, as strategic merge patches.
func (b *trainJobBuild) overlay(pod *corev1.Pod, job string) error {
	var patches [][]byte
	s := b.tj.Spec
	for _, rp := range s.RuntimePatches {
		if rp.TrainingRuntimeSpec == nil || rp.TrainingRuntimeSpec.Template == nil || rp.TrainingRuntimeSpec.Template.Spec == nil {
			continue
		}
		for _, j := range rp.TrainingRuntimeSpec.Template.Spec.ReplicatedJobs {
			if j.Name == job && j.Template != nil && j.Template.Spec != nil && len(j.Template.Spec.Template) > 0 {
				patches = append(patches, j.Template.Spec.Template)
			}
		}
	}
	for _, o := range s.PodTemplateOverrides {
		if !targets(job, o.TargetJobs) {
			continue
		}
		p := map[string]any{}
		if o.Metadata != nil {
			p["metadata"] = map[string]any{"labels": o.Metadata.Labels, "annotations": o.Metadata.Annotations}
		}
		if len(o.Spec) > 0 {
			p["spec"] = o.Spec
		}
		raw, _ := json.Marshal(p)
		patches = append(patches, raw)
	}
	for _, o := range s.PodSpecOverrides {
		var tjs []struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(o["targetJobs"], &tjs)
		if !targets(job, tjs) {
			continue
		}
		spec := map[string]json.RawMessage{}
		for k, v := range o {
			if k != "targetJobs" {
				spec[k] = v
			}
		}
		raw, _ := json.Marshal(map[string]any{"spec": spec})
		patches = append(patches, raw)
	}
	if len(patches) == 0 {
		return nil
	}
	tpl := corev1.PodTemplateSpec{ObjectMeta: pod.ObjectMeta, Spec: pod.Spec}
	cur, err := json.Marshal(tpl)
	if err != nil {
		return err
	}
	for _, p := range patches {
		if cur, err = strategicpatch.StrategicMergePatch(cur, p, corev1.PodTemplateSpec{}); err != nil {
			return fmt.Errorf("the TrainJob's patch of job %s: %w", job, err)
		}
	}
	var out corev1.PodTemplateSpec
	if err := json.Unmarshal(cur, &out); err != nil {
		return fmt.Errorf("the TrainJob's patch of job %s: %w", job, err)
	}
	pod.ObjectMeta, pod.Spec = out.ObjectMeta, out.Spec
	return nil
}

// targets reports whether a list of targetJobs names job.
func targets(job string, list []struct {
	Name string `json:"name"`
}) bool {
	for _, t := range list {
		if t.Name == job {
			return true
		}
	}
	return false
}

// trainerFields lays spec.trainer and spec.initializer over the
// containers of the job with the ancestor step (builder.go Trainer,
// Initializer; trainingruntime.go newRuntimeInfo for resourcesPerNode).
func (b *trainJobBuild) trainerFields(pod *corev1.Pod, ancestor string) {
	s := b.tj.Spec
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		switch {
		case ancestor == "trainer" && c.Name == trainerNode && s.Trainer != nil:
			t := s.Trainer
			if t.Image != nil {
				c.Image = *t.Image
			}
			if t.Command != nil {
				c.Command = t.Command
			}
			if t.Args != nil {
				c.Args = t.Args
			}
			if r := t.ResourcesPerNode; r != nil {
				c.Resources.Limits = mergeResources(c.Resources.Limits, r.Limits)
				c.Resources.Requests = mergeResources(c.Resources.Requests, r.Requests)
			}
			c.Env = upsertEnv(c.Env, t.Env)
		case ancestor == datasetInitializer && c.Name == datasetInitializer && s.Initializer != nil && s.Initializer.Dataset != nil:
			initialize(c, s.Initializer.Dataset)
		case ancestor == modelInitializer && c.Name == modelInitializer && s.Initializer != nil && s.Initializer.Model != nil:
			initialize(c, s.Initializer.Model)
		}
	}
}

func initialize(c *corev1.Container, in *initializer) {
	if in.StorageURI != nil {
		c.Env = upsertEnv(c.Env, []corev1.EnvVar{{Name: "STORAGE_URI", Value: *in.StorageURI}})
	}
	c.Env = upsertEnv(c.Env, in.Env)
	if in.SecretRef != nil {
		c.EnvFrom = append(c.EnvFrom, corev1.EnvFromSource{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: *in.SecretRef}})
	}
}

// upsertEnv replaces the variables of env named in add, in place, and
// appends the others (pkg/apply UpsertEnvVars).
func upsertEnv(env, add []corev1.EnvVar) []corev1.EnvVar {
	for _, e := range add {
		found := false
		for i := range env {
			if env[i].Name == e.Name {
				env[i], found = e, true
				break
			}
		}
		if !found {
			env = append(env, e)
		}
	}
	return env
}

func mergeResources(base, over corev1.ResourceList) corev1.ResourceList {
	if len(over) == 0 {
		return base
	}
	out := corev1.ResourceList{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// labels adds the labels Trainer's scheduler plugins and the JobSet
// controller give the pods of replicated job i.
func (b *trainJobBuild) labels(pod *corev1.Pod, i int) error {
	policy := yamldoc.Field(yamldoc.Field(b.rt.node, "spec"), "podGroupPolicy")
	if yamldoc.Field(policy, "coscheduling") != nil {
		if pod.Labels == nil {
			pod.Labels = map[string]string{}
		}
		pod.Labels[podGroupLabel] = b.name
	}
	if yamldoc.Field(policy, "volcano") != nil {
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[volcanoGroupKey] = b.name
	}
	k, ok := b.r.req.Registry.Lookup("jobset.x-k8s.io/v1alpha2", "JobSet")
	if !ok || len(k.Templates) == 0 {
		return nil
	}
	t := k.Templates[0]
	js := b.jobSet()
	found := yamldoc.Match(js, t.Path)
	if i >= len(found) {
		return nil
	}
	return addControllerLabels(pod, js, t.Path, found[i].Steps, t.Labels, false)
}

// jobSet is the JobSet Trainer builds, as far as its labels go: named
// after the TrainJob, the runtime's replicated jobs, those with an
// ancestor step given one replica.
func (b *trainJobBuild) jobSet() *yaml.Node {
	var jobs []*yaml.Node
	for _, rj := range b.jobs {
		rj = yamldoc.Resolve(rj)
		l := yamldoc.At(rj, yamldoc.Steps{{Key: "template"}, {Key: "metadata"}, {Key: "labels"}})
		if l == nil || yamldoc.Field(l, trainerAncestorLabel) == nil || !yamldoc.IsMapping(rj) {
			jobs = append(jobs, rj)
			continue
		}
		var entries []*yaml.Node
		for k, v := range yamldoc.Entries(rj) {
			if k.Value != "replicas" {
				entries = append(entries, k, v)
			}
		}
		jobs = append(jobs, yamldoc.Mapping(append(entries, yamldoc.String("replicas"), yamldoc.Int(1))...))
	}
	return yamldoc.Mapping(
		yamldoc.String("metadata"), yamldoc.Mapping(yamldoc.String("name"), yamldoc.String(b.name)),
		yamldoc.String("spec"), yamldoc.Mapping(yamldoc.String("replicatedJobs"), yamldoc.Sequence(jobs...)))
}

// layout says where each field of job's pod is written in the TrainJob.
func (b *trainJobBuild) layout(pod *corev1.Pod, job, ancestor string) *layout {
	base := stepsTo(b.jobSteps(job), "template", "spec", "template")
	meta, spec := stepsTo(base, "metadata"), stepsTo(base, "spec")
	l := &layout{what: "a TrainJob", fields: map[poddefault.Field]slot{}}
	patchRefused := ""
	switch old := b.tj.olderAPI(); {
	case old != "":
		patchRefused = fmt.Sprintf("the TrainJob uses %s (Trainer v2.0/v2.1), and podctl writes only spec.runtimePatches (v2.2 and later)", old)
	case job == "":
		patchRefused = "the runtime's replicated job has no name"
	}
	patched := func(at yamldoc.Steps, key string) slot {
		if patchRefused != "" {
			return refused(patchRefused)
		}
		return slot{at: at, key: key}
	}
	l.fields[poddefault.FieldLabels] = patched(meta, "labels")
	l.fields[poddefault.FieldAnnotations] = patched(meta, "annotations")
	for _, f := range []poddefault.Field{poddefault.FieldVolumes, poddefault.FieldImagePullSecrets, poddefault.FieldServiceAccountName} {
		l.fields[f] = patched(spec, string(f))
	}
	tol := patched(spec, "tolerations")
	switch {
	case tol.refused != "":
	case !b.last:
		tol = refused(fmt.Sprintf("the TrainJob's runtimePatches entry of manager %s is not the last, and the tolerations of a later entry replace its own", trainerManager))
	case !b.hasTolerations(job):
		// a patch's tolerations replace the pod's: it starts with them
		for _, t := range pod.Spec.Tolerations {
			tol.seed = append(tol.seed, typedNode(t))
		}
	}
	l.fields[poddefault.FieldTolerations] = tol
	l.fields[poddefault.FieldAutomountServiceAccountToken] = refused("a TrainJob's runtimePatches have no automountServiceAccountToken (PodSpecPatch)")
	l.fields[poddefault.FieldSidecars] = refused("a TrainJob's runtimePatches can only patch the containers its runtime has (ContainerPatch), not add one")
	l.fields[poddefault.FieldInitContainers] = refused("a TrainJob's runtimePatches can only patch the init containers its runtime has (ContainerPatch), not add one")

	have := b.patchContainers(job)
	next := len(have)
	for _, c := range pod.Spec.Containers {
		idx, ok := have[c.Name]
		if !ok {
			idx = next
			next++
		}
		at := stepsTo(spec, "containers", idx)
		s := slot{at: at, deny: map[poddefault.Field]string{
			poddefault.FieldEnvFrom: "a TrainJob has no envFrom for a container (ContainerPatch has env, volumeMounts and securityContext)",
			poddefault.FieldCommand: "a TrainJob sets command only for the trainer's node container (spec.trainer.command)",
			poddefault.FieldArgs:    "a TrainJob sets args only for the trainer's node container (spec.trainer.args)",
		}, fieldSlots: map[poddefault.Field]slot{}}
		if patchRefused != "" {
			s.deny[poddefault.FieldVolumeMounts] = patchRefused
			s.deny[poddefault.FieldEnv] = patchRefused
		} else if !ok {
			b.fresh[at.String()] = []*yaml.Node{yamldoc.String("name"), yamldoc.String(c.Name)}
		}
		trainerSpec := yamldoc.Steps{{Key: "spec"}, {Key: "trainer"}}
		switch {
		case ancestor == "trainer" && c.Name == trainerNode:
			delete(s.deny, poddefault.FieldEnv)
			delete(s.deny, poddefault.FieldCommand)
			delete(s.deny, poddefault.FieldArgs)
			s.fieldSlots[poddefault.FieldEnv] = slot{at: trainerSpec, key: "env", shared: true}
			s.fieldSlots[poddefault.FieldCommand] = slot{at: trainerSpec, key: "command"}
			s.fieldSlots[poddefault.FieldArgs] = slot{at: trainerSpec, key: "args"}
		case ancestor == datasetInitializer && c.Name == datasetInitializer:
			delete(s.deny, poddefault.FieldEnv)
			s.fieldSlots[poddefault.FieldEnv] = slot{at: yamldoc.Steps{{Key: "spec"}, {Key: "initializer"}, {Key: "dataset"}}, key: "env", shared: true}
		case ancestor == modelInitializer && c.Name == modelInitializer:
			delete(s.deny, poddefault.FieldEnv)
			s.fieldSlots[poddefault.FieldEnv] = slot{at: yamldoc.Steps{{Key: "spec"}, {Key: "initializer"}, {Key: "model"}}, key: "env", shared: true}
		case c.Name == trainerNode || c.Name == datasetInitializer || c.Name == modelInitializer:
			s.deny[poddefault.FieldEnv] = fmt.Sprintf("Trainer takes env for a container named %s only from spec.trainer or spec.initializer, which reach it only in the job of that ancestor step (jobset.go Validate)", c.Name)
		}
		l.containers = append(l.containers, s)
	}
	return l
}

func (b *trainJobBuild) hasTolerations(job string) bool {
	return yamldoc.Field(yamldoc.At(b.job, stepsTo(b.jobSteps(job), "template", "spec", "template", "spec")), "tolerations") != nil
}

// patchContainers indexes the containers podctl's entry patches in job.
func (b *trainJobBuild) patchContainers(job string) map[string]int {
	out := map[string]int{}
	spec := yamldoc.At(b.job, stepsTo(b.jobSteps(job), "template", "spec", "template", "spec"))
	for i, c := range yamldoc.List(yamldoc.Field(spec, "containers")) {
		out[yamldoc.StringField(c, "name")] = i
	}
	return out
}

// realize turns the parts of a patch that lead into list items that do
// not exist yet into new items: fresh gives, by path, the keys that name
// each (a runtimePatches entry's manager, a replicated job's or a
// container's name), which the new item starts with.
func realize(p *splice.Patch, n *yaml.Node, at yamldoc.Steps, fresh map[string][]*yaml.Node) error {
	n = yamldoc.Resolve(n)
	for _, k := range p.Keys {
		if k.Patch != nil {
			if err := realize(k.Patch, yamldoc.Field(n, k.Key), stepsTo(at, k.Key), fresh); err != nil {
				return err
			}
		}
	}
	have := yamldoc.List(n)
	var keep, add []splice.ItemPatch
	for _, it := range p.Items {
		if it.Index < len(have) {
			if err := realize(it.Patch, have[it.Index], stepsTo(at, it.Index), fresh); err != nil {
				return err
			}
			keep = append(keep, it)
		} else if !it.Patch.Empty() {
			add = append(add, it)
		}
	}
	sort.Slice(add, func(i, j int) bool { return add[i].Index < add[j].Index })
	for _, it := range add {
		steps := stepsTo(at, it.Index)
		names, ok := fresh[steps.String()]
		if !ok {
			return fmt.Errorf("%s: podctl has no new item to write there", steps)
		}
		item, err := materialize(it.Patch, steps, fresh)
		if err != nil {
			return err
		}
		var entries []*yaml.Node
		for k, v := range yamldoc.Entries(item) {
			entries = append(entries, k, v)
		}
		p.Append = append(p.Append, yamldoc.Mapping(append(append([]*yaml.Node(nil), names...), entries...)...))
	}
	p.Items = keep
	return nil
}

// materialize builds the node a patch makes from nothing.
func materialize(p *splice.Patch, at yamldoc.Steps, fresh map[string][]*yaml.Node) (*yaml.Node, error) {
	if len(p.Keys) == 0 {
		if err := realize(p, nil, at, fresh); err != nil {
			return nil, err
		}
		return yamldoc.Sequence(p.Append...), nil
	}
	var entries []*yaml.Node
	for _, k := range p.Keys {
		v := k.Set
		if v == nil {
			var err error
			if v, err = materialize(k.Patch, stepsTo(at, k.Key), fresh); err != nil {
				return nil, err
			}
		}
		entries = append(entries, yamldoc.String(k.Key), v)
	}
	return yamldoc.Mapping(entries...), nil
}

// trainJobModel is the kind table's name for a TrainJob's model: its pods
// are built from its runtime by visitTrainJob, before any template path
// of the table is followed, so build is never reached through the table.
type trainJobModel struct{}

func (trainJobModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	return nil, nil, fmt.Errorf("%s: a TrainJob's pods are built from the runtime it refers to, not from a template path", in.steps)
}
