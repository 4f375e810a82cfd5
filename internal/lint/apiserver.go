package lint

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// This file is the one place where lint knows what the API server adds to
// a pod before the PodDefault webhook sees it: the built-in mutating
// admission plugins run before any webhook. It holds two facts, those
// that make PodDefaults clash in a cluster and nowhere else:
//
//   - DefaultTolerationSeconds tolerates node.kubernetes.io/not-ready and
//     node.kubernetes.io/unreachable (NoExecute, 300s) on every pod that
//     does not tolerate them itself;
//   - ServiceAccount mounts the service account token, a projected volume
//     kube-api-access-<random>, at /var/run/secrets/kubernetes.io/serviceaccount
//     in every container, unless the pod or its service account sets
//     automountServiceAccountToken: false.
//
// beforeWebhook is to be replaced by podctl's model of the API server
// (internal/cluster, its admission stage) once that lands: PD104 then
// follows whatever that model adds.

const (
	taintNotReady    = "node.kubernetes.io/not-ready"
	taintUnreachable = "node.kubernetes.io/unreachable"
	tokenMountPath   = "/var/run/secrets/kubernetes.io/serviceaccount"
	// the plugin adds five random characters; no PodDefault can name it
	tokenVolume = "kube-api-access-xxxxx"
)

// escapes says which pods escape the clashes: the token is not mounted
// where automountServiceAccountToken is false.
func escapes(clashes []poddefault.Clash) string {
	for _, c := range clashes {
		if c.Field != poddefault.FieldVolumeMounts {
			return ""
		}
	}
	return " (but those whose pod or service account sets automountServiceAccountToken: false)"
}

// beforeWebhook adds to a pod without tolerations, volumes or mounts what
// the API server's admission plugins add before the webhook runs.
func beforeWebhook(pod *corev1.Pod) {
	seconds := int64(300)
	for _, key := range []string{taintNotReady, taintUnreachable} {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists,
			Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &seconds})
	}
	expiry := int64(3607)
	pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: tokenVolume, VolumeSource: corev1.VolumeSource{
		Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{ExpirationSeconds: &expiry, Path: "token"}},
			{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"},
				Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
			{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "namespace",
				FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}},
		}}}})
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: tokenVolume, ReadOnly: true, MountPath: tokenMountPath})
	}
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = "default"
	}
}
