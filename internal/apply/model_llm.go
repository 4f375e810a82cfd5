package apply

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// The labels KServe's LLMInferenceService controller sets on its
// workload pods beyond the kind table's (pkg/constants/constants.go).
const (
	llmComponentKey  = "app.kubernetes.io/component"
	llmKServeKey     = "kserve.io/component"
	llmKServeValue   = "workload"
	llmRoleKey       = "llm-d.ai/role"
	llmRoutingMarker = "serving.kserve.io/model-based-routing-enabled"
)

// llmModel is how KServe builds the pods of an LLMInferenceService (or the
// part an LLMInferenceServiceConfig gives them): each of spec.template,
// spec.worker, spec.prefill.template, spec.prefill.worker and
// spec.router.scheduler.template is a *corev1.PodSpec, merged over the
// configs the object refers to (spec.baseRefs and the controller's
// well-known configs), which podctl does not see (kserve/kserve
// pkg/apis/serving/v1alpha2/llm_inference_service_types.go WorkloadSpec,
// SchedulerSpec; pkg/controller/v1alpha2/llmisvc workload_single_node.go
// expectedSingleNodeMainDeployment, expectedPrefillMainDeployment,
// singleNodeLabels; workload_multi_node.go expectedMainMultiNodeLWS,
// expectedPrefillMultiNodeLWS; scheduler.go expectedSchedulerDeployment,
// SchedulerLabels):
//
//   - A workload (spec, spec.prefill) without a worker runs its template
//     in a Deployment; with a worker, in a LeaderWorkerSet whose leaders
//     are the template and whose workers are the worker. Its pods get
//     app.kubernetes.io/component (llminferenceservice-workload, -leader,
//     -worker, with -prefill for the prefill pods), kserve.io/component=
//     workload and llm-d.ai/role (prefill; decode, or both without a
//     prefill) where the controller sets them, then the workload's labels
//     and annotations (spec.labels, spec.prefill.labels; the annotation
//     serving.kserve.io/model-based-routing-enabled excepted).
//   - The scheduler's pod gets the controller's labels only.
//
// Where a PodDefault's fields land: everything of the pod spec in the pod
// spec itself (spec.template.containers[i], spec.template.volumes, …);
// labels and annotations in the workload's labels and annotations.
// Refused: labels and annotations of a workload that has both a template
// and a worker (its labels are the leaders' and the workers' alike), and
// of the scheduler. Not modelled: the LeaderWorkerSet's own labels, the
// containers and volumes the configs and the controller add (the
// storage initializer, the routing sidecar, TLS), a service account the
// controller sets for the routing sidecar.
type llmModel struct{}

func (llmModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	var spec corev1.PodSpec
	if err := decodeAt(in.p, in.node, in.steps, in.steps, &spec); err != nil {
		return nil, nil, err
	}
	if in.depth() < 1 {
		return nil, nil, in.errShallow(workload.ModelLLMInferenceService, "below the object's root (spec.template)")
	}
	pod := &corev1.Pod{Spec: spec}
	part := in.steps[len(in.steps)-1].Key // template or worker
	wlSteps := in.steps[:len(in.steps)-1]
	wl := yamldoc.At(in.obj, wlSteps[len(in.at):])
	l := templateLayout(wlSteps, in.steps, len(spec.Containers))
	l.what = "an LLMInferenceService's " + wlSteps[len(in.at):].String() + "." + part
	if len(wlSteps) > 0 && wlSteps[len(wlSteps)-1].Key == "scheduler" {
		why := "the scheduler's pod takes only the controller's labels"
		l.fields[poddefault.FieldLabels], l.fields[poddefault.FieldAnnotations] = refused(why), refused(why)
		return pod, l, nil
	}
	present := func(key string) bool {
		n := yamldoc.Field(wl, key)
		return n != nil && n.ShortTag() != "!!null"
	}
	prefill := len(wlSteps) > len(in.at) && wlSteps[len(wlSteps)-1].Key == "prefill"
	hasPrefill := present("prefill")
	if prefill {
		hasPrefill = true
	}
	component := "llminferenceservice-workload"
	switch {
	case part == "template" && present("worker"):
		component += "-leader"
	case part == "worker":
		component += "-worker"
	}
	if prefill {
		component += "-prefill"
	}
	pod.Labels = map[string]string{llmComponentKey: component}
	if part == "template" || !present("template") {
		pod.Labels[llmKServeKey] = llmKServeValue
		switch {
		case prefill:
			pod.Labels[llmRoleKey] = "prefill"
		case part == "worker" || hasPrefill:
			pod.Labels[llmRoleKey] = "decode"
		default:
			pod.Labels[llmRoleKey] = "both"
		}
	}
	annotations, err := mapsAt(in.p, in.obj, in.at, stepsTo(wlSteps, "annotations"))
	if err != nil {
		return nil, nil, err
	}
	delete(annotations, llmRoutingMarker)
	if len(annotations) > 0 {
		pod.Annotations = annotations
	}
	if present("template") && present("worker") {
		why := wlSteps.String() + ".labels and .annotations are the leaders' and the workers' alike"
		l.fields[poddefault.FieldLabels], l.fields[poddefault.FieldAnnotations] = refused(why), refused(why)
	}
	return pod, l, nil
}
