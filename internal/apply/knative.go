package apply

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// Knative Serving checks the template of a Service or Configuration with
// a webhook of its own before it makes any pod (knative/serving
// pkg/apis/serving/k8s_validation.go: ValidatePodSpec, validateVolumes,
// validateVolumeMounts). With the feature flags of its config-features
// ConfigMap at their defaults it refuses some fields a PodDefault brings.
// In the cluster the PodDefault webhook adds them to the Revision's pods,
// after that check; written into the manifest, they make Knative refuse
// the Service.
const knativeGroup = "serving.knative.dev"

// knativeFlags are the PodDefault fields Knative refuses unless a feature
// flag of config-features enables them, with that flag.
var knativeFlags = map[poddefault.Field]string{
	poddefault.FieldTolerations:    "kubernetes.podspec-tolerations",
	poddefault.FieldInitContainers: "kubernetes.podspec-init-containers",
}

// knativeCaution says what, of the changes written into a Knative
// template, Knative's webhook refuses by default; "" when nothing.
func knativeCaution(pod *corev1.Pod, changes []poddefault.Change) string {
	var causes []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			causes = append(causes, s)
		}
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Spec.Volumes {
		volumes[v.Name] = v
	}
	for _, c := range changes {
		from := ""
		if c.From != nil {
			from = "PodDefault " + c.From.Name + " "
		}
		if flag, ok := knativeFlags[c.Field]; ok {
			add(fmt.Sprintf("%sadds %s (set %s: enabled)", from, c.Field, flag))
			continue
		}
		switch c.Field {
		case poddefault.FieldVolumes:
			v, _ := c.Value.(corev1.Volume)
			switch {
			case v.HostPath != nil:
				add(fmt.Sprintf("%sadds the hostPath volume %s (set kubernetes.podspec-volumes-hostpath: enabled)", from, v.Name))
			case v.PersistentVolumeClaim != nil:
				add(fmt.Sprintf("%sadds the persistentVolumeClaim volume %s (set kubernetes.podspec-persistent-volume-claim: enabled)", from, v.Name))
			}
		case poddefault.FieldVolumeMounts:
			m, _ := c.Value.(corev1.VolumeMount)
			v, ok := volumes[m.Name]
			if ok && !m.ReadOnly && (v.Secret != nil || v.ConfigMap != nil || v.Projected != nil) {
				add(fmt.Sprintf("%smounts volume %s at %s without readOnly: true, which Knative requires for Secret, ConfigMap and projected volumes", from, m.Name, m.MountPath))
			}
		}
	}
	if len(causes) == 0 {
		return ""
	}
	return "Knative Serving refuses this template as podctl writes it, with its feature flags (config-features) at their defaults: " +
		strings.Join(causes, "; ") +
		". Enable those flags and make such mounts readOnly in the PodDefault, or leave these PodDefaults to the webhook in the cluster, which adds them to the Revision's pods after Knative's check"
}
