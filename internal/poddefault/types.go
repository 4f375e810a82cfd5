package poddefault

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Group, Version and the kinds of the PodDefault API (kubeflow.org/v1alpha1).
const (
	Group          = "kubeflow.org"
	Version        = "v1alpha1"
	APIVersion     = Group + "/" + Version
	Kind           = "PodDefault"
	ListKind       = "PodDefaultList"
	annotationBase = "poddefault.admission.kubeflow.org"

	// ExcludeAnnotation set to exactly "true" on a pod opts it out.
	ExcludeAnnotation = annotationBase + "/exclude"
	// MirrorAnnotation marks static (mirror) pods, which are never mutated.
	MirrorAnnotation = corev1.MirrorPodAnnotationKey
	// istioProxy is the one container whose command and args are left alone.
	istioProxy = "istio-proxy"
)

// MarkerKey is the annotation the webhook writes for each applied PodDefault.
func MarkerKey(name string) string { return annotationBase + "/poddefault-" + name }

// PodDefault is the kubeflow.org/v1alpha1 PodDefault resource.
type PodDefault struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   PodDefaultSpec   `json:"spec,omitempty"`
	Status PodDefaultStatus `json:"status,omitempty"`
}

// PodDefaultSpec holds what a PodDefault selects and what it injects.
type PodDefaultSpec struct {
	// Selector is a value, as in the webhook: absent or empty selects every pod.
	Selector metav1.LabelSelector `json:"selector"`
	// Desc is the text the notebook form shows for the PodDefault; it is not applied.
	Desc string `json:"desc,omitempty"`
	// InitContainers are added to spec.initContainers, by name.
	InitContainers []corev1.Container `json:"initContainers,omitempty"`
	// Sidecars are appended to spec.containers, by name.
	Sidecars []corev1.Container `json:"sidecars,omitempty"`
	// ServiceAccountName sets spec.serviceAccountName (the last non-empty one in name order wins).
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// AutomountServiceAccountToken sets spec.automountServiceAccountToken (the last one set wins).
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// Env is added to every container of spec.containers, by name.
	Env []corev1.EnvVar `json:"env,omitempty"`
	// EnvFrom is appended to every container of spec.containers.
	EnvFrom []corev1.EnvFromSource `json:"envFrom,omitempty"`
	// Volumes are added to spec.volumes, by name.
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// VolumeMounts are added to every container of spec.containers, by name and mount path.
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// Annotations are added to the pod's metadata.annotations.
	Annotations map[string]string `json:"annotations,omitempty"`
	// Labels are added to the pod's metadata.labels; they never select.
	Labels map[string]string `json:"labels,omitempty"`
	// Tolerations are added to spec.tolerations, by key.
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// Command is given to every container of spec.containers that has none, but istio-proxy.
	Command []string `json:"command,omitempty"`
	// Args are given to every container of spec.containers that has none, but istio-proxy.
	Args []string `json:"args,omitempty"`
	// ImagePullSecrets are added to spec.imagePullSecrets, by name.
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
}

// PodDefaultStatus is empty, as upstream.
type PodDefaultStatus struct{}

// PodDefaultList is the kubeflow.org/v1alpha1 PodDefaultList resource.
type PodDefaultList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []PodDefault `json:"items"`
}
