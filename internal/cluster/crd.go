package cluster

import (
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// The PodDefault webhook reads PodDefaults from the API server, which
// stores them through Kubeflow's CustomResourceDefinition: what its schema
// does not know is pruned, and its few defaults are set. The schema is
// kubeflow/dashboard's components/poddefaults-webhooks/manifests/kustomize/base/crd.yaml
// at commit 8d08130047db9f9ccc9da1af4a652b50a9d07466; it was generated from
// an older Kubernetes API than KubernetesVersion, so newer pod fields in a
// PodDefault never reach the webhook.

// CRDVersion names the PodDefault CRD schema modelled here.
const CRDVersion = "kubeflow/dashboard@8d08130047db9f9ccc9da1af4a652b50a9d07466"

// crdPruned are the fields of PodDefaultSpec that the CRD schema does not
// know ("[]" is every item of a list).
var crdPruned = []string{
	"spec.env[].valueFrom.fileKeyRef",
	"spec.initContainers[].env[].valueFrom.fileKeyRef",
	"spec.initContainers[].lifecycle.postStart.httpGet.protocol",
	"spec.initContainers[].lifecycle.postStart.sleep",
	"spec.initContainers[].lifecycle.preStop.httpGet.protocol",
	"spec.initContainers[].lifecycle.preStop.sleep",
	"spec.initContainers[].lifecycle.stopSignal",
	"spec.initContainers[].livenessProbe.grpc.mode",
	"spec.initContainers[].livenessProbe.httpGet.protocol",
	"spec.initContainers[].readinessProbe.grpc.mode",
	"spec.initContainers[].readinessProbe.httpGet.protocol",
	"spec.initContainers[].resources.claims[].request",
	"spec.initContainers[].restartPolicyRules",
	"spec.initContainers[].securityContext.appArmorProfile",
	"spec.initContainers[].startupProbe.grpc.mode",
	"spec.initContainers[].startupProbe.httpGet.protocol",
	"spec.initContainers[].volumeMounts[].bindMountOptions",
	"spec.initContainers[].volumeMounts[].recursiveReadOnly",
	"spec.sidecars[].env[].valueFrom.fileKeyRef",
	"spec.sidecars[].lifecycle.postStart.httpGet.protocol",
	"spec.sidecars[].lifecycle.postStart.sleep",
	"spec.sidecars[].lifecycle.preStop.httpGet.protocol",
	"spec.sidecars[].lifecycle.preStop.sleep",
	"spec.sidecars[].lifecycle.stopSignal",
	"spec.sidecars[].livenessProbe.grpc.mode",
	"spec.sidecars[].livenessProbe.httpGet.protocol",
	"spec.sidecars[].readinessProbe.grpc.mode",
	"spec.sidecars[].readinessProbe.httpGet.protocol",
	"spec.sidecars[].resources.claims[].request",
	"spec.sidecars[].restartPolicyRules",
	"spec.sidecars[].securityContext.appArmorProfile",
	"spec.sidecars[].startupProbe.grpc.mode",
	"spec.sidecars[].startupProbe.httpGet.protocol",
	"spec.sidecars[].volumeMounts[].bindMountOptions",
	"spec.sidecars[].volumeMounts[].recursiveReadOnly",
	"spec.volumeMounts[].bindMountOptions",
	"spec.volumeMounts[].recursiveReadOnly",
	"spec.volumes[].configMap.defaultUser",
	"spec.volumes[].configMap.items[].user",
	"spec.volumes[].downwardAPI.defaultUser",
	"spec.volumes[].downwardAPI.items[].user",
	"spec.volumes[].emptyDir.mode",
	"spec.volumes[].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName",
	"spec.volumes[].image",
	"spec.volumes[].projected.defaultUser",
	"spec.volumes[].projected.sources[].clusterTrustBundle",
	"spec.volumes[].projected.sources[].configMap.items[].user",
	"spec.volumes[].projected.sources[].downwardAPI.items[].user",
	"spec.volumes[].projected.sources[].podCertificate",
	"spec.volumes[].projected.sources[].secret.items[].user",
	"spec.volumes[].projected.sources[].serviceAccountToken.user",
	"spec.volumes[].secret.defaultUser",
	"spec.volumes[].secret.items[].user",
	"spec.volumes[].ephemeral.volumeClaimTemplate.metadata.*",
}

// StoredPodDefault returns the PodDefault as the API server stores it and
// the webhook reads it: fields the CRD schema does not know are dropped, and
// the schema's defaults are set (protocol TCP on the ports and an empty
// gRPC service on the probes of initContainers and sidecars). The CRD also
// requires spec.selector, which a typed PodDefault cannot show missing;
// the caller refuses such a PodDefault before.
func StoredPodDefault(pd poddefault.PodDefault) (poddefault.PodDefault, error) {
	b, err := json.Marshal(pd)
	if err != nil {
		return pd, fmt.Errorf("encoding PodDefault %s: %w", pd.Name, err)
	}
	var generic map[string]any
	if err := json.Unmarshal(b, &generic); err != nil {
		return pd, fmt.Errorf("decoding PodDefault %s: %w", pd.Name, err)
	}
	for _, p := range crdPruned {
		prune(generic, strings.Split(strings.ReplaceAll(p, "[]", ".[]"), "."))
	}
	if b, err = json.Marshal(generic); err != nil {
		return pd, fmt.Errorf("encoding PodDefault %s: %w", pd.Name, err)
	}
	var out poddefault.PodDefault
	if err := json.Unmarshal(b, &out); err != nil {
		return pd, fmt.Errorf("decoding PodDefault %s: %w", pd.Name, err)
	}
	for _, cs := range [][]corev1.Container{out.Spec.InitContainers, out.Spec.Sidecars} {
		for i := range cs {
			crdDefaults(&cs[i])
		}
	}
	return out, nil
}

func crdDefaults(c *corev1.Container) {
	for i := range c.Ports {
		setStr(&c.Ports[i].Protocol, corev1.ProtocolTCP)
	}
	for _, p := range []*corev1.Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
		if p != nil && p.GRPC != nil {
			setPtr(&p.GRPC.Service, "")
		}
	}
}

// prune deletes the field at path below v; "[]" walks every item of a
// list, "*" deletes every key of an object.
func prune(v any, path []string) {
	if len(path) == 0 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		if path[0] == "*" {
			clear(t)
			return
		}
		if len(path) == 1 {
			delete(t, path[0])
			return
		}
		prune(t[path[0]], path[1:])
	case []any:
		if path[0] == "[]" {
			for _, item := range t {
				prune(item, path[1:])
			}
		}
	}
}
