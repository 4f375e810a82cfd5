package apply

import (
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// KServe (kserve/kserve) builds the pods of an InferenceService's
// components and of ServingRuntimes from pod specs, not templates.

// kserveContainer is the name KServe gives the model container
// (pkg/constants/constants.go InferenceServiceContainerName).
const kserveContainer = "kserve-container"

// kserveServiceNameEnv is the env var the controller gives the containers
// of a predictor, and the first of a transformer (pkg/constants
// InferenceServiceNameEnvVarKey; components/predictor.go
// buildPredictorResources, components/transformer.go Reconcile).
const kserveServiceNameEnv = "INFERENCE_SERVICE_NAME"

// implementations are, by component, the keys of an implementation spec:
// a container inline (PredictorExtensionSpec, ARTExplainerSpec) that
// KServe turns into the model container (pkg/apis/serving/v1beta1
// predictor.go PredictorSpec, explainer.go ExplainerSpec).
var implementations = map[string][]string{
	"predictor": {"model", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle"},
	"explainer": {"art"},
}

// inferenceServiceModel is how KServe builds the pod of an
// InferenceService component (spec.predictor, spec.transformer,
// spec.explainer: a ComponentExtensionSpec and a PodSpec inline;
// pkg/controller/v1beta1/inferenceservice/components predictor.go
// buildPredictorResources, buildPodSpec, buildObjectMeta; transformer.go
// and explainer.go Reconcile):
//
//   - The model container: with spec.predictor.model, the container
//     inline there merged over the ServingRuntime's kserve-container (which
//     podctl does not see: its env, mounts and image are not checked),
//     named kserve-container, then the component's containers; with a
//     framework (sklearn, …, or art for an explainer), that container
//     replaces the component's first container; else the component's
//     containers as written. The predictor's containers (the transformer's
//     first) get INFERENCE_SERVICE_NAME.
//   - Labels: the InferenceService's, the component's labels, then
//     serving.kserve.io/inferenceservice and component (the kind table's).
//     Annotations: the InferenceService's, then the component's.
//
// Where a PodDefault's fields land: env, envFrom, volumeMounts (and
// command, args) of the model container in spec.<component>.<format>
// (spec.predictor.model, …), of the other containers in
// spec.<component>.containers[i]; labels and annotations in
// spec.<component>.labels and .annotations; volumes, tolerations,
// imagePullSecrets, serviceAccountName, automountServiceAccountToken and
// initContainers in spec.<component>; sidecars appended to
// spec.<component>.containers. Refused: sidecars of a framework component
// without containers (KServe would replace the first with the model
// container). Not modelled: the predictor's workerSpec pods, and labels
// that depend on the deployment mode (app, Knative's).
type inferenceServiceModel struct{}

func (inferenceServiceModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	if in.depth() < 1 {
		return nil, nil, in.errShallow(workload.ModelInferenceService, "below the object's root (spec.predictor)")
	}
	component := in.steps[len(in.steps)-1].Key
	var spec corev1.PodSpec
	if err := decodeAt(in.p, in.node, in.steps, in.steps, &spec); err != nil {
		return nil, nil, err
	}
	l := componentLayout(in.steps, "an InferenceService's "+component)
	l.containers = podSpecContainers(in.steps, len(spec.Containers))
	impl := ""
	for _, k := range implementations[component] {
		if n := yamldoc.Field(in.node, k); n != nil && n.ShortTag() != "!!null" {
			impl = k
			break
		}
	}
	if impl != "" {
		var c corev1.Container
		if err := decodeAt(in.p, in.node, in.steps, in.below(impl), &c); err != nil {
			return nil, nil, err
		}
		if impl == "model" || c.Name == "" {
			c.Name = kserveContainer
		}
		at := slot{at: in.below(impl)}
		if impl == "model" {
			spec.Containers = append([]corev1.Container{c}, spec.Containers...)
			l.containers = append([]slot{at}, l.containers...)
		} else if len(spec.Containers) == 0 {
			spec.Containers, l.containers = []corev1.Container{c}, []slot{at}
			l.fields[poddefault.FieldSidecars] = refused("spec." + component + " has no containers, and KServe puts the " + impl + " container in place of the first one it is given")
		} else {
			spec.Containers[0], l.containers[0] = c, at
		}
	}
	for i := range spec.Containers {
		if (component == "predictor" || i == 0 && component == "transformer") && !hasEnv(spec.Containers[i].Env, kserveServiceNameEnv) {
			spec.Containers[i].Env = append(spec.Containers[i].Env, corev1.EnvVar{Name: kserveServiceNameEnv, Value: in.name})
		}
	}
	pod := &corev1.Pod{Spec: spec}
	var err error
	if pod.Annotations, err = mapsAt(in.p, in.obj, in.at, in.ofObject("metadata", "annotations"), in.below("annotations")); err != nil {
		return nil, nil, err
	}
	return pod, l, nil
}

// componentLayout is the layout of a pod spec at spec with labels and
// annotations beside it (a KServe component, a ServingRuntimePodSpec):
// containers are to be filled in.
func componentLayout(spec yamldoc.Steps, what string) *layout {
	l := templateLayout(spec, spec, 0)
	l.what = what
	return l
}

// mapsAt reads string maps at each of paths below root (at rootSteps), the
// later winning; nil when there are none.
func mapsAt(p *yamldoc.Parsed, root *yaml.Node, rootSteps yamldoc.Steps, paths ...yamldoc.Steps) (map[string]string, error) {
	var out map[string]string
	for _, path := range paths {
		var m map[string]string
		if err := decodeAt(p, root, rootSteps, path, &m); err != nil {
			return nil, err
		}
		for k, v := range m {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out, nil
}

// servingRuntimeModel is a ServingRuntime's or ClusterServingRuntime's
// part of the pods of the InferenceServices that use it: spec, a
// ServingRuntimePodSpec inline (containers, volumes, nodeSelector,
// affinity, tolerations, labels, annotations, imagePullSecrets, hostIPC,
// schedulerName, resourceClaims), and spec.workerSpec, the same for the
// workers of a multi-node predictor (pkg/apis/serving/v1alpha1
// servingruntime_types.go; merged with the InferenceService's component by
// pkg/controller/v1beta1/inferenceservice/utils MergeServingRuntimeAndInferenceServiceSpecs).
// The pod is the runtime's part alone, with the runtime's labels: which
// InferenceService uses it, and so its labels, the runtime does not say.
//
// Where a PodDefault's fields land: containers' fields in
// spec.containers[i]; labels, annotations, volumes, tolerations and
// imagePullSecrets in spec (spec.workerSpec); sidecars appended to
// spec.containers. Refused: serviceAccountName,
// automountServiceAccountToken and initContainers, which a
// ServingRuntimePodSpec has no field for (set them on the
// InferenceService's component).
type servingRuntimeModel struct{}

func (servingRuntimeModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	var spec corev1.PodSpec
	if err := decodeAt(in.p, in.node, in.steps, in.steps, &spec); err != nil {
		return nil, nil, err
	}
	// only the fields of a ServingRuntimePodSpec
	spec = corev1.PodSpec{Containers: spec.Containers, Volumes: spec.Volumes, NodeSelector: spec.NodeSelector, Affinity: spec.Affinity,
		Tolerations: spec.Tolerations, ImagePullSecrets: spec.ImagePullSecrets, HostIPC: spec.HostIPC, SchedulerName: spec.SchedulerName, ResourceClaims: spec.ResourceClaims}
	l := componentLayout(in.steps, "a ServingRuntimePodSpec")
	l.containers = podSpecContainers(in.steps, len(spec.Containers))
	for _, f := range []poddefault.Field{poddefault.FieldServiceAccountName, poddefault.FieldAutomountServiceAccountToken, poddefault.FieldInitContainers} {
		l.fields[f] = refused("a ServingRuntimePodSpec has no " + string(f) + "; set it on the InferenceService's component")
	}
	pod := &corev1.Pod{Spec: spec}
	var err error
	if pod.Annotations, err = mapsAt(in.p, in.node, in.steps, in.below("annotations")); err != nil {
		return nil, nil, err
	}
	return pod, l, nil
}
