package lint

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/poddefault"
)

// This file is the one place where lint asks what the API server adds to
// a pod before the PodDefault webhook sees it: podctl's model of the
// server (internal/cluster) runs the built-in mutating admission plugins,
// which run before any webhook. What they add that PodDefaults can clash
// with: DefaultTolerationSeconds tolerates node.kubernetes.io/not-ready and
// node.kubernetes.io/unreachable (NoExecute, 300s); ServiceAccount mounts
// the service account token, a projected volume kube-api-access-<random>,
// at /var/run/secrets/kubernetes.io/serviceaccount in every container,
// unless the pod or its service account sets automountServiceAccountToken:
// false.

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

// beforeWebhook adds to a pod what the API server's admission plugins
// add before the webhook runs.
func beforeWebhook(pod *corev1.Pod) {
	// a plain pod in a cluster without LimitRange or PriorityClass objects:
	// no plugin refuses it
	_ = cluster.Admit(pod, cluster.Options{})
}
