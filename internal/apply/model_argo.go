package apply

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// argoMain is the name Argo gives a container or script template's
// container (workflow/common/common.go MainContainerName).
const argoMain = "main"

// argoModel is how the Argo Workflows controller builds the pod of one
// template of a Workflow, WorkflowTemplate or CronWorkflow
// (argoproj/argo-workflows workflow/controller/workflowpod.go
// podBuilder.build, addMetadata, addSchedulingConstraints,
// setupServiceAccount, addVolumeReferences, addSidecars,
// addInitContainers; pkg/apis/workflow/v1alpha1/workflow_types.go
// Template, WorkflowSpec):
//
//   - Only container, script and containerSet templates are modelled;
//     steps, dag, suspend, resource, data, http and plugin templates make
//     no pod of the user's (resource and data templates run Argo's own
//     executor, which podctl leaves alone).
//   - Containers: the template's container or script, named main, or the
//     containerSet's containers (each given containerSet.volumeMounts),
//     then the template's sidecars; init containers: the template's
//     initContainers. Argo adds its own wait container (and an init
//     container for input artifacts, a var-run-argo volume, …), whose
//     image and env come from the controller's configuration: podctl
//     leaves them out of the pod. In the cluster the webhook gives them a
//     PodDefault's env, envFrom and volumeMounts too; no field of a
//     workflow reaches them, so podctl's output does not, and conflicts
//     with their env are not checked.
//   - Labels: spec.podMetadata's, then the template's metadata.labels,
//     then workflows.argoproj.io/workflow (a Workflow's own name; a
//     WorkflowTemplate's or CronWorkflow's workflows are named when they
//     are submitted) and workflows.argoproj.io/completed=false (the kind
//     table's). Annotations: spec.podMetadata's, then the template's.
//   - The template's tolerations, serviceAccountName and
//     automountServiceAccountToken, else the workflow's; volumes: the
//     template's, and those of spec.volumes that a container mounts;
//     imagePullSecrets: spec.imagePullSecrets.
//
// Where a PodDefault's fields land, all in the template (spec.templates[i]):
// env, envFrom, volumeMounts, command and args in container, script,
// containerSet.containers[j] or sidecars[j]; labels and annotations in
// metadata; volumes, serviceAccountName, automountServiceAccountToken,
// sidecars and initContainers under their names; tolerations in
// tolerations — a template without them gets the workflow's first, since
// a template's tolerations replace the workflow's. Refused:
// imagePullSecrets (only the workflow has them, for all its pods). Not
// modelled: templateDefaults, podSpecPatch, the tolerations of a steps or
// dag template that calls this one.
type argoModel struct{}

func (argoModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	item, itemSteps := in.node, in.steps
	if in.depth() < 2 || !in.steps[len(in.steps)-1].IsIndex {
		return nil, nil, in.errShallow(workload.ModelArgoWorkflow, "that ends in a list of templates (spec.templates[])")
	}
	// the workflow spec holds templates: two steps up (templates, [i])
	wfSteps := in.steps[:len(in.steps)-2]
	wf := yamldoc.At(in.obj, wfSteps[len(in.at):])
	var tmpl struct {
		Metadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
		Container    *corev1.Container `json:"container"`
		Script       *corev1.Container `json:"script"`
		ContainerSet *struct {
			Containers   []corev1.Container   `json:"containers"`
			VolumeMounts []corev1.VolumeMount `json:"volumeMounts"`
		} `json:"containerSet"`
		Volumes                      []corev1.Volume     `json:"volumes"`
		InitContainers               []corev1.Container  `json:"initContainers"`
		Sidecars                     []corev1.Container  `json:"sidecars"`
		Tolerations                  []corev1.Toleration `json:"tolerations"`
		ServiceAccountName           string              `json:"serviceAccountName"`
		AutomountServiceAccountToken *bool               `json:"automountServiceAccountToken"`
	}
	if err := decodeAt(in.p, item, itemSteps, itemSteps, &tmpl); err != nil {
		return nil, nil, err
	}
	var spec struct {
		PodMetadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"podMetadata"`
		Volumes                      []corev1.Volume               `json:"volumes"`
		Tolerations                  []corev1.Toleration           `json:"tolerations"`
		ImagePullSecrets             []corev1.LocalObjectReference `json:"imagePullSecrets"`
		ServiceAccountName           string                        `json:"serviceAccountName"`
		AutomountServiceAccountToken *bool                         `json:"automountServiceAccountToken"`
	}
	if err := decodeAt(in.p, wf, wfSteps, wfSteps, &spec); err != nil {
		return nil, nil, err
	}

	l := &layout{what: "an Argo template", fields: map[poddefault.Field]slot{
		poddefault.FieldLabels:                       {at: stepsTo(itemSteps, "metadata"), key: "labels"},
		poddefault.FieldAnnotations:                  {at: stepsTo(itemSteps, "metadata"), key: "annotations"},
		poddefault.FieldVolumes:                      {at: itemSteps, key: "volumes"},
		poddefault.FieldTolerations:                  {at: itemSteps, key: "tolerations"},
		poddefault.FieldServiceAccountName:           {at: itemSteps, key: "serviceAccountName"},
		poddefault.FieldAutomountServiceAccountToken: {at: itemSteps, key: "automountServiceAccountToken"},
		poddefault.FieldSidecars:                     {at: itemSteps, key: "sidecars"},
		poddefault.FieldInitContainers:               {at: itemSteps, key: "initContainers"},
		poddefault.FieldImagePullSecrets:             refused("an Argo template has no imagePullSecrets, and the workflow's spec.imagePullSecrets reach every pod of the workflow"),
	}}
	pod := &corev1.Pod{}
	add := func(c corev1.Container, at yamldoc.Steps) {
		pod.Spec.Containers = append(pod.Spec.Containers, c)
		l.containers = append(l.containers, slot{at: at})
	}
	switch {
	case tmpl.Container != nil:
		tmpl.Container.Name = argoMain
		add(*tmpl.Container, stepsTo(itemSteps, "container"))
	case tmpl.Script != nil:
		tmpl.Script.Name = argoMain
		add(*tmpl.Script, stepsTo(itemSteps, "script"))
	case tmpl.ContainerSet != nil:
		for j, c := range tmpl.ContainerSet.Containers {
			if c.Name == "" {
				c.Name = argoMain
			}
			c.VolumeMounts = append(c.VolumeMounts, tmpl.ContainerSet.VolumeMounts...)
			add(c, stepsTo(itemSteps, "containerSet", "containers", j))
		}
	default:
		return nil, nil, nil // no pod of the user's
	}
	for j, c := range tmpl.Sidecars {
		add(c, stepsTo(itemSteps, "sidecars", j))
	}
	pod.Spec.InitContainers = tmpl.InitContainers

	pod.Annotations = union(spec.PodMetadata.Annotations, tmpl.Metadata.Annotations)
	pod.Spec.Volumes = append(pod.Spec.Volumes, tmpl.Volumes...)
	for _, v := range spec.Volumes {
		if mounted(pod.Spec, v.Name) && !hasVolume(pod.Spec.Volumes, v.Name) {
			pod.Spec.Volumes = append(pod.Spec.Volumes, v)
		}
	}
	pod.Spec.Tolerations = tmpl.Tolerations
	if len(tmpl.Tolerations) == 0 && len(spec.Tolerations) > 0 {
		pod.Spec.Tolerations = spec.Tolerations
		// a template's tolerations replace the workflow's
		s := l.fields[poddefault.FieldTolerations]
		for _, t := range yamldoc.List(yamldoc.Field(wf, "tolerations")) {
			c, err := yamldoc.Expand(t)
			if err != nil {
				return nil, nil, rooted(err, stepsTo(wfSteps, "tolerations"))
			}
			s.seed = append(s.seed, c)
		}
		l.fields[poddefault.FieldTolerations] = s
	}
	pod.Spec.ServiceAccountName = tmpl.ServiceAccountName
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = spec.ServiceAccountName
	}
	pod.Spec.AutomountServiceAccountToken = tmpl.AutomountServiceAccountToken
	if pod.Spec.AutomountServiceAccountToken == nil {
		pod.Spec.AutomountServiceAccountToken = spec.AutomountServiceAccountToken
	}
	pod.Spec.ImagePullSecrets = spec.ImagePullSecrets
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	return pod, l, nil
}

// union is the maps merged, the later winning; nil when all are empty.
func union(maps ...map[string]string) map[string]string {
	var out map[string]string
	for _, m := range maps {
		for k, v := range m {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// mounted reports whether a container or init container of spec mounts
// the volume.
func mounted(spec corev1.PodSpec, volume string) bool {
	for _, cs := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for _, c := range cs {
			for _, m := range c.VolumeMounts {
				if m.Name == volume {
					return true
				}
			}
		}
	}
	return false
}

func hasVolume(volumes []corev1.Volume, name string) bool {
	for _, v := range volumes {
		if v.Name == name {
			return true
		}
	}
	return false
}
