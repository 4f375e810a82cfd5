package cluster

import (
	"fmt"
	"reflect"
	"sort"
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
// gRPC service on the probes of initContainers and sidecars). A client
// with strict field validation is refused a PodDefault with fields the
// schema does not know instead (CRDUnknownFields). The CRD also
// requires spec.selector, which a typed PodDefault cannot show missing;
// the caller refuses such a PodDefault before.
func StoredPodDefault(pd poddefault.PodDefault) poddefault.PodDefault {
	out := pd
	out.ObjectMeta = *pd.ObjectMeta.DeepCopy()
	spec := reflect.ValueOf(&out.Spec).Elem()
	spec.Set(deepCopy(spec))
	for _, p := range crdPruned {
		prune(spec, strings.Split(strings.TrimPrefix(strings.ReplaceAll(p, "[]", ".[]"), "spec."), "."))
	}
	for _, cs := range [][]corev1.Container{out.Spec.InitContainers, out.Spec.Sidecars} {
		for i := range cs {
			crdDefaults(&cs[i])
		}
	}
	return out
}

// CRDUnknownFields lists the fields of pd, with their indexes, that the CRD
// schema does not know ("spec.volumes[0].image"), sorted. A client that asks
// for strict field validation, as kubectl does by default, is refused such
// a PodDefault ("strict decoding error: unknown field ..."); any other
// client gets it stored without them (StoredPodDefault).
func CRDUnknownFields(pd poddefault.PodDefault) []string {
	var out []string
	spec := reflect.ValueOf(&pd.Spec).Elem()
	for _, p := range crdPruned {
		out = append(out, setFields(spec, strings.Split(strings.TrimPrefix(strings.ReplaceAll(p, "[]", ".[]"), "spec."), "."), "spec")...)
	}
	sort.Strings(out)
	return out
}

// setFields lists the non-zero fields at path below v, named from at.
func setFields(v reflect.Value, path []string, at string) []string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if len(path) == 0 {
		if v.IsZero() {
			return nil
		}
		return []string{at}
	}
	var out []string
	switch v.Kind() {
	case reflect.Slice:
		if path[0] == "[]" {
			for i := 0; i < v.Len(); i++ {
				out = append(out, setFields(v.Index(i), path[1:], fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case reflect.Struct:
		if path[0] == "*" {
			return setFields(v, nil, at)
		}
		if f, ok := fieldByJSONName(v, path[0]); ok {
			out = setFields(f, path[1:], at+"."+path[0])
		}
	}
	return out
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

// prune zeroes the field at path below v, a typed value, following JSON
// names: "[]" walks every item of a list, "*" zeroes every field of a
// struct. Zeroing keeps the rest as it was, empty lists included, as the
// server stores them.
func prune(v reflect.Value, path []string) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if len(path) == 0 {
		return
	}
	switch v.Kind() {
	case reflect.Slice:
		if path[0] == "[]" {
			for i := 0; i < v.Len(); i++ {
				prune(v.Index(i), path[1:])
			}
		}
	case reflect.Struct:
		if path[0] == "*" {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		f, ok := fieldByJSONName(v, path[0])
		if !ok {
			return
		}
		if len(path) == 1 {
			f.Set(reflect.Zero(f.Type()))
			return
		}
		prune(f, path[1:])
	}
}

// deepCopy copies a typed value, keeping nil and empty apart.
func deepCopy(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out.Set(reflect.New(v.Type().Elem()))
			out.Elem().Set(deepCopy(v.Elem()))
		}
	case reflect.Slice:
		if !v.IsNil() {
			out.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			for i := 0; i < v.Len(); i++ {
				out.Index(i).Set(deepCopy(v.Index(i)))
			}
		}
	case reflect.Map:
		if !v.IsNil() {
			out.Set(reflect.MakeMapWithSize(v.Type(), v.Len()))
			for it := v.MapRange(); it.Next(); {
				out.SetMapIndex(it.Key(), deepCopy(it.Value()))
			}
		}
	case reflect.Struct:
		out.Set(v) // unexported fields (quantities' caches) stay shared; exported ones are copied
		for i := 0; i < v.NumField(); i++ {
			if out.Field(i).CanSet() {
				out.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
	default:
		out.Set(v)
	}
	return out
}

// fieldByJSONName finds the field of a struct with the given JSON name,
// looking into inlined (embedded) structs.
func fieldByJSONName(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if tag == name {
			return v.Field(i), true
		}
		if tag == "" && sf.Anonymous {
			if f, ok := fieldByJSONName(v.Field(i), name); ok {
				return f, true
			}
		}
	}
	return reflect.Value{}, false
}
