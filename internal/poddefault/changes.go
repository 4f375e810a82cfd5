package poddefault

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// Field names a PodDefault spec field that reaches the pod, by its JSON
// name, as changes, conflict messages and reports name it.
type Field string

// The PodDefault fields that reach the pod (desc and selector do not).
const (
	FieldVolumes                      Field = "volumes"
	FieldTolerations                  Field = "tolerations"
	FieldImagePullSecrets             Field = "imagePullSecrets"
	FieldEnv                          Field = "env"
	FieldVolumeMounts                 Field = "volumeMounts"
	FieldEnvFrom                      Field = "envFrom"
	FieldCommand                      Field = "command"
	FieldArgs                         Field = "args"
	FieldAnnotations                  Field = "annotations"
	FieldLabels                       Field = "labels"
	FieldInitContainers               Field = "initContainers"
	FieldSidecars                     Field = "sidecars"
	FieldServiceAccountName           Field = "serviceAccountName"
	FieldAutomountServiceAccountToken Field = "automountServiceAccountToken"
)

// Change is one thing a PodDefault added to the pod or set on it, as the
// merge recorded it. Field, Container and Entry say it in words; the rest
// let a caller write the change back where the PodDefault wrote it.
type Change struct {
	Field Field `json:"field"`
	// Container names the container of env, volumeMounts, envFrom, command
	// and args; ContainerIndex is its index in spec.containers, -1 for
	// the pod's own fields.
	Container      string `json:"container,omitempty"`
	ContainerIndex int    `json:"-"`
	// Entry is the change in words: an item's name, "k=v" for a label.
	Entry string `json:"entry,omitempty"`
	// Key is the item's identity (name, toleration key, label or
	// annotation key); Value is the item, or the value set.
	Key   string `json:"-"`
	Value any    `json:"-"`
	// From is the PodDefault that brought it, Index the item's index in
	// that PodDefault's list (-1 for maps and whole values).
	From  *PodDefault `json:"-"`
	Index int         `json:"-"`
	// Marker is set on the annotation that records an applied PodDefault.
	Marker bool `json:"-"`
}

func (c Change) String() string {
	s := string(c.Field)
	if c.Entry != "" {
		s += " " + c.Entry
	}
	if c.Container != "" {
		s += " in container " + c.Container
	}
	return s
}

// By returns the changes that pd brought, in order.
func By(changes []Change, pd *PodDefault) []Change {
	var out []Change
	for _, c := range changes {
		if c.From == pd {
			out = append(out, c)
		}
	}
	return slices.Clip(out)
}

// Replay returns a copy of pod with changes made as a manifest writer
// makes them: items appended where they belong, map keys and scalar fields
// set. It is the pod that a manifest written from the changes decodes to,
// whatever pod the changes were recorded on.
func Replay(pod *corev1.Pod, changes []Change) *corev1.Pod {
	p := pod.DeepCopy()
	spec := &p.Spec
	for _, c := range changes {
		var container *corev1.Container
		if c.ContainerIndex >= 0 && c.ContainerIndex < len(spec.Containers) {
			container = &spec.Containers[c.ContainerIndex]
		}
		switch c.Field {
		case FieldLabels:
			p.Labels = withKey(p.Labels, c.Key, c.Value.(string))
		case FieldAnnotations:
			p.Annotations = withKey(p.Annotations, c.Key, c.Value.(string))
		case FieldVolumes:
			spec.Volumes = append(spec.Volumes, c.Value.(corev1.Volume))
		case FieldTolerations:
			spec.Tolerations = append(spec.Tolerations, c.Value.(corev1.Toleration))
		case FieldImagePullSecrets:
			spec.ImagePullSecrets = append(spec.ImagePullSecrets, c.Value.(corev1.LocalObjectReference))
		case FieldServiceAccountName:
			spec.ServiceAccountName = c.Value.(string)
		case FieldAutomountServiceAccountToken:
			v := c.Value.(bool)
			spec.AutomountServiceAccountToken = &v
		case FieldSidecars:
			spec.Containers = append(spec.Containers, c.Value.(corev1.Container))
		case FieldInitContainers:
			spec.InitContainers = append(spec.InitContainers, c.Value.(corev1.Container))
		case FieldEnv:
			container.Env = append(container.Env, c.Value.(corev1.EnvVar))
		case FieldVolumeMounts:
			container.VolumeMounts = append(container.VolumeMounts, c.Value.(corev1.VolumeMount))
		case FieldEnvFrom:
			container.EnvFrom = append(container.EnvFrom, c.Value.(corev1.EnvFromSource))
		case FieldCommand:
			container.Command = c.Value.([]string)
		case FieldArgs:
			container.Args = c.Value.([]string)
		}
	}
	return p
}

func withKey(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
