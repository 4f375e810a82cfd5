package apply

import (
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// Kinds whose controller builds the pod differently from a pod template
// (the `model:` of the kind table) each have an adapter here: a podModel
// reads, from one entry of the kind's table, the pod the controller
// creates, and gives the layout that maps each field of that pod back to
// the manifest. The engine and the cluster model see only the pod; the
// changes the engine makes are written where the layout says, and a
// change the kind has no field for is refused for that template, naming
// the field (a *FieldRefusal).

// podModel is one kind family's adapter.
type podModel interface {
	// build reads the pod the controller makes from what the template
	// path found: its labels are the table's (added after build); a nil
	// pod means the entry makes no pod (an Argo steps template). Errors
	// name their field from the object's root.
	build(in modelInput) (*corev1.Pod, *layout, error)
}

// podModels are the adapters, by the kind table's model name.
var podModels = map[string]podModel{
	workload.ModelNotebook:            notebookModel{},
	workload.ModelPVCViewer:           pvcViewerModel{},
	workload.ModelInferenceService:    inferenceServiceModel{},
	workload.ModelServingRuntime:      servingRuntimeModel{},
	workload.ModelArgoWorkflow:        argoModel{},
	workload.ModelSparkApplication:    sparkModel{},
	workload.ModelLLMInferenceService: llmModel{},
	workload.ModelTrainJob:            trainJobModel{},
}

// modelInput is what an adapter reads.
type modelInput struct {
	p    *yamldoc.Parsed
	obj  *yaml.Node // the object of the kind
	node *yaml.Node // what the template path found (aliases resolved)
	// at leads from the root object to obj, steps from the root to node
	at, steps yamldoc.Steps
	// name is obj's name; ns the namespace of its pods
	name, ns string
}

// depth is how many steps lead from the object of the kind to node.
func (in modelInput) depth() int { return len(in.steps) - len(in.at) }

// errShallow is the error of a model given a path too short for it (a
// --workload-config entry).
func (in modelInput) errShallow(model, want string) error {
	return fmt.Errorf("%s: model %s needs a template path %s", in.steps, model, want)
}

// below is the path of a field below node, from the root.
func (in modelInput) below(keys ...any) yamldoc.Steps { return stepsTo(in.steps, keys...) }

// ofObject is the path of a field below the object of the kind, from the root.
func (in modelInput) ofObject(keys ...any) yamldoc.Steps { return stepsTo(in.at, keys...) }

// stepsTo appends keys (strings) and indexes (ints) to a copy of base.
func stepsTo(base yamldoc.Steps, keys ...any) yamldoc.Steps {
	out := append(yamldoc.Steps(nil), base...)
	for _, k := range keys {
		switch k := k.(type) {
		case int:
			out = append(out, yamldoc.Step{Index: k, IsIndex: true})
		case string:
			out = append(out, yamldoc.Step{Key: k})
		}
	}
	return out
}

// decodeAt decodes the node at steps below root into v; an error names
// the field from the root. A missing or null node leaves v as it is.
func decodeAt(p *yamldoc.Parsed, root *yaml.Node, rootSteps, steps yamldoc.Steps, v any) error {
	n := yamldoc.Resolve(yamldoc.At(root, steps[len(rootSteps):]))
	if n == nil || yamldoc.IsNull(n) {
		return nil
	}
	return rooted(p.Decode(n, v, false), steps)
}

// rooted makes the field path of a decoding error start at the object's
// root: steps lead to the node that was decoded.
func rooted(err error, steps yamldoc.Steps) error {
	var pe *yamldoc.PosError
	if err == nil || len(steps) == 0 || !errors.As(err, &pe) {
		return err
	}
	switch {
	case pe.Path == "":
		pe.Path = steps.String()
	case !strings.HasPrefix(pe.Path, steps.String()+"."):
		sep := "."
		if strings.HasPrefix(pe.Path, "[") {
			sep = ""
		}
		pe.Path = steps.String() + sep + pe.Path
	}
	return err
}

// layout maps the fields of a pod a controller builds back to the
// manifest: where each pod-level field a PodDefault sets is written, and
// where each of the pod's containers is.
type layout struct {
	// what names the pod's source in refusals: "an InferenceService's predictor"
	what   string
	fields map[poddefault.Field]slot
	// containers are the pod's containers, in order: where each is written
	containers []slot
	// check, if set, looks at the changes a template will write as a
	// whole: it drops those the manifest holds already and refuses what
	// the kind cannot express (a Spark volume no mount of the role uses)
	check func([]poddefault.Change) ([]poddefault.Change, error)
	// ignoredLabels are a Notebook template's own labels, which its
	// controller does not give the pod (notebook.go)
	ignoredLabels map[string]string
}

// slot is where one field is written: the key in the mapping at steps
// from the object's root; or, refused, why the kind cannot express it.
type slot struct {
	at      yamldoc.Steps
	key     string
	refused string
	// seed are items a list podctl creates starts with (an Argo template's
	// tolerations replace the workflow's, so they begin with those)
	seed []*yaml.Node
	// shared: the list is drawn on by several pods of the object (a
	// SparkApplication's spec.volumes): an item is appended once
	shared bool
	// deny, for a container, are the container's fields the kind cannot
	// express, and why
	deny map[poddefault.Field]string
	// fieldSlots, for a container, are where fields of it are written
	// that the kind keeps elsewhere (a TrainJob's spec.trainer.env)
	fieldSlots map[poddefault.Field]slot
}

func refused(why string) slot { return slot{refused: why} }

// templateLayout is the layout of a pod template with n containers:
// labels and annotations in the mapping at meta, the rest in the spec at
// spec.
func templateLayout(meta, spec yamldoc.Steps, n int) *layout {
	l := &layout{what: "the template", containers: podSpecContainers(spec, n), fields: map[poddefault.Field]slot{
		poddefault.FieldLabels:      {at: meta, key: "labels"},
		poddefault.FieldAnnotations: {at: meta, key: "annotations"},
		poddefault.FieldSidecars:    {at: spec, key: "containers"},
	}}
	for _, f := range []poddefault.Field{poddefault.FieldVolumes, poddefault.FieldTolerations, poddefault.FieldImagePullSecrets,
		poddefault.FieldServiceAccountName, poddefault.FieldAutomountServiceAccountToken, poddefault.FieldInitContainers} {
		l.fields[f] = slot{at: spec, key: string(f)}
	}
	return l
}

// podSpecContainers gives the containers of a pod spec at spec their
// slots, in order.
func podSpecContainers(spec yamldoc.Steps, n int) []slot {
	out := make([]slot, n)
	for i := range out {
		out[i] = slot{at: stepsTo(spec, "containers", i)}
	}
	return out
}

func (l *layout) field(f poddefault.Field) slot {
	if s, ok := l.fields[f]; ok {
		return s
	}
	return refused(fmt.Sprintf("%s has no field for it", l.what))
}

func (l *layout) container(i int) slot {
	if i >= 0 && i < len(l.containers) {
		return l.containers[i]
	}
	return refused(fmt.Sprintf("%s has no container %d in the manifest", l.what, i))
}

// slotOf is where a change is written.
func (l *layout) slotOf(c poddefault.Change) slot {
	if c.ContainerIndex >= 0 {
		s := l.container(c.ContainerIndex)
		if why, ok := s.deny[c.Field]; ok {
			return refused(why)
		}
		return s
	}
	return l.field(c.Field)
}

// FieldRefusal is a PodDefault that selects a pod whose kind has no field
// for something the PodDefault sets: podctl cannot write what the webhook
// would do.
type FieldRefusal struct {
	PodDefault string
	Field      string // the pod's field, as the PodDefault spells it
	Why        string
}

func (e *FieldRefusal) Error() string {
	return fmt.Sprintf("PodDefault %s sets %s, which podctl cannot write into this manifest: %s", e.PodDefault, e.Field, e.Why)
}

// writable checks that every change has a place in the manifest, and
// returns the changes to write: the webhook's marker annotations are
// dropped where the kind carries no annotations (the webhook, meeting the
// pod again, finds every item present and adds the marker itself). extra
// (the exclude annotation) needs annotations.
func (l *layout) writable(changes []poddefault.Change, extra map[string]string) ([]poddefault.Change, error) {
	var out []poddefault.Change
	for _, c := range changes {
		s := l.slotOf(c)
		switch {
		case s.refused == "":
			out = append(out, c)
		case c.Marker:
			// nowhere to write the marker; the items are written
		default:
			return nil, &FieldRefusal{PodDefault: c.From.Name, Field: c.String(), Why: s.refused}
		}
	}
	if s := l.field(poddefault.FieldAnnotations); len(extra) > 0 && s.refused != "" {
		// PodDefault is left to the caller, who knows how its front end
		// names the option
		return nil, &FieldRefusal{Field: "annotation " + poddefault.ExcludeAnnotation, Why: s.refused}
	}
	if l.check != nil {
		return l.check(out)
	}
	return out, nil
}
