package cluster

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// KubernetesVersion is the Kubernetes release whose API server this package
// models. The defaults table, the feature gates and the plugin order below
// are those of this release.
const KubernetesVersion = "v1.36.3"

// FeatureGates are the gates whose default at KubernetesVersion decides a
// default, a plugin or a validation modelled here.
var FeatureGates = map[string]bool{
	"ImageVolume":                          true, // GA in 1.36: volumes[*].image.pullPolicy
	"PodLevelResources":                    true, // beta, on since 1.34: spec.resources defaults, QoS
	"EnvFiles":                             true, // beta, on since 1.35: env fileKeyRef.optional
	"MatchLabelKeysInPodAffinity":          true, // GA in 1.33: PrepareForCreate merges matchLabelKeys
	"MatchLabelKeysInPodTopologySpread":    true, // beta, on since 1.27
	"RelaxedEnvironmentVariableValidation": true, // GA in 1.34: env names are any printable ASCII but '='
	"PodLogsQuerySplitStreams":             false,
}

// A FieldDefault is one value the API server fills in when it decodes a Pod
// (SetObjectDefaults_Pod of pkg/apis/core/v1): where, what, and the feature
// gate it needs, if any.
type FieldDefault struct {
	// Field is the path of the defaulted field; "[*]" stands for every
	// item, and "containers" for init, regular and ephemeral containers.
	Field string
	// Value is the value set, or how it is computed.
	Value string
	// When says when the default applies, beyond the field being empty.
	When string
	// Gate is the feature gate the default needs, "" for none.
	Gate string

	apply func(*corev1.Pod)
}

// Defaults lists every pod default of KubernetesVersion, in the order the
// server applies them. It is the one table a later Kubernetes version
// updates.
func Defaults() []FieldDefault { return append([]FieldDefault(nil), podDefaults...) }

// Default applies the API server's pod defaults to pod, in place.
func Default(pod *corev1.Pod) {
	for _, d := range podDefaults {
		if d.Gate == "" || FeatureGates[d.Gate] {
			d.apply(pod)
		}
	}
}

// Values named by the table.
const (
	defaultMode                  = int32(0o644) // 420: secret, configMap, downwardAPI, projected
	tokenExpirationSeconds       = int64(time.Hour / time.Second)
	terminationGracePeriod       = int64(corev1.DefaultTerminationGracePeriodSeconds)
	probeTimeoutSeconds          = 1
	probePeriodSeconds           = 10
	probeSuccessThreshold        = 1
	probeFailureThreshold        = 3
	milliScale                   = resource.Scale(-3)
	fieldRefAPIVersion           = "v1"
	iscsiInterface               = "default"
	rbdPool, rbdUser, rbdKeyRing = "rbd", "admin", "/etc/ceph/keyring"
	scaleIOStorageMode           = "ThinProvisioned"
	scaleIOFSType                = "xfs"
	azureDiskFSType              = "ext4"
)

var podDefaults = []FieldDefault{
	// SetDefaults_Pod
	{Field: "spec.{initContainers,containers}[*].resources.requests", Value: "each limit without a request",
		apply: eachPodContainer(requestsFromLimits)},
	{Field: "spec.resources.limits", Value: "the containers' hugepages limits", When: "spec.resources has limits or requests",
		Gate: "PodLevelResources", apply: defaultHugePagePodLimits},
	{Field: "spec.resources.requests", Value: "the containers' requests, else the pod's limits", When: "spec.resources has limits",
		Gate: "PodLevelResources", apply: defaultPodRequests},
	{Field: "spec.enableServiceLinks", Value: "true", apply: func(p *corev1.Pod) {
		setPtr(&p.Spec.EnableServiceLinks, corev1.DefaultEnableServiceLinks)
	}},
	{Field: "spec.{initContainers,containers}[*].ports[*].hostPort", Value: "containerPort", When: "spec.hostNetwork is true",
		apply: func(p *corev1.Pod) {
			if !p.Spec.HostNetwork {
				return
			}
			eachPodContainer(func(c *corev1.Container) {
				for i := range c.Ports {
					if c.Ports[i].HostPort == 0 {
						c.Ports[i].HostPort = c.Ports[i].ContainerPort
					}
				}
			})(p)
		}},

	// SetDefaults_PodSpec
	{Field: "spec.dnsPolicy", Value: string(corev1.DNSClusterFirst), apply: func(p *corev1.Pod) { setStr(&p.Spec.DNSPolicy, corev1.DNSClusterFirst) }},
	{Field: "spec.restartPolicy", Value: string(corev1.RestartPolicyAlways), apply: func(p *corev1.Pod) { setStr(&p.Spec.RestartPolicy, corev1.RestartPolicyAlways) }},
	{Field: "spec.securityContext", Value: "{}", apply: func(p *corev1.Pod) {
		if p.Spec.SecurityContext == nil {
			p.Spec.SecurityContext = &corev1.PodSecurityContext{}
		}
	}},
	{Field: "spec.terminationGracePeriodSeconds", Value: "30", apply: func(p *corev1.Pod) { setPtr(&p.Spec.TerminationGracePeriodSeconds, terminationGracePeriod) }},
	{Field: "spec.schedulerName", Value: corev1.DefaultSchedulerName, apply: func(p *corev1.Pod) { setStr(&p.Spec.SchedulerName, corev1.DefaultSchedulerName) }},

	// volumes
	{Field: "spec.volumes[*].emptyDir", Value: "{}", When: "the volume has no source", apply: eachVolume(func(v *corev1.Volume) {
		if (v.VolumeSource == corev1.VolumeSource{}) {
			v.EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
	})},
	{Field: "spec.volumes[*].image.pullPolicy", Value: "Always for the tag latest or no tag, else IfNotPresent", Gate: "ImageVolume",
		apply: eachVolume(func(v *corev1.Volume) {
			if v.Image != nil && v.Image.PullPolicy == "" {
				v.Image.PullPolicy = pullPolicyFor(v.Image.Reference)
			}
		})},
	{Field: "spec.volumes[*].hostPath.type", Value: `""`, apply: eachVolume(func(v *corev1.Volume) {
		if v.HostPath != nil {
			setPtr(&v.HostPath.Type, corev1.HostPathUnset)
		}
	})},
	{Field: "spec.volumes[*].secret.defaultMode", Value: "420", apply: eachVolume(func(v *corev1.Volume) {
		if v.Secret != nil {
			setPtr(&v.Secret.DefaultMode, defaultMode)
		}
	})},
	{Field: "spec.volumes[*].iscsi.iscsiInterface", Value: iscsiInterface, apply: eachVolume(func(v *corev1.Volume) {
		if v.ISCSI != nil {
			setStr(&v.ISCSI.ISCSIInterface, iscsiInterface)
		}
	})},
	{Field: "spec.volumes[*].rbd.{pool,user,keyring}", Value: rbdPool + ", " + rbdUser + ", " + rbdKeyRing, apply: eachVolume(func(v *corev1.Volume) {
		if v.RBD != nil {
			setStr(&v.RBD.RBDPool, rbdPool)
			setStr(&v.RBD.RadosUser, rbdUser)
			setStr(&v.RBD.Keyring, rbdKeyRing)
		}
	})},
	{Field: "spec.volumes[*].downwardAPI.defaultMode", Value: "420", apply: eachVolume(func(v *corev1.Volume) {
		if v.DownwardAPI != nil {
			setPtr(&v.DownwardAPI.DefaultMode, defaultMode)
		}
	})},
	{Field: "spec.volumes[*].downwardAPI.items[*].fieldRef.apiVersion", Value: fieldRefAPIVersion, apply: eachVolume(func(v *corev1.Volume) {
		if v.DownwardAPI != nil {
			for i := range v.DownwardAPI.Items {
				defaultFieldRef(v.DownwardAPI.Items[i].FieldRef)
			}
		}
	})},
	{Field: "spec.volumes[*].configMap.defaultMode", Value: "420", apply: eachVolume(func(v *corev1.Volume) {
		if v.ConfigMap != nil {
			setPtr(&v.ConfigMap.DefaultMode, defaultMode)
		}
	})},
	{Field: "spec.volumes[*].azureDisk.{cachingMode,fsType,readOnly,kind}", Value: "ReadWrite, ext4, false, Shared", apply: eachVolume(func(v *corev1.Volume) {
		if d := v.AzureDisk; d != nil {
			setPtr(&d.CachingMode, corev1.AzureDataDiskCachingReadWrite)
			setPtr(&d.FSType, azureDiskFSType)
			setPtr(&d.ReadOnly, false)
			setPtr(&d.Kind, corev1.AzureSharedBlobDisk)
		}
	})},
	{Field: "spec.volumes[*].projected.defaultMode", Value: "420", apply: eachVolume(func(v *corev1.Volume) {
		if v.Projected != nil {
			setPtr(&v.Projected.DefaultMode, defaultMode)
		}
	})},
	{Field: "spec.volumes[*].projected.sources[*].downwardAPI.items[*].fieldRef.apiVersion", Value: fieldRefAPIVersion, apply: eachProjection(func(s *corev1.VolumeProjection) {
		if s.DownwardAPI != nil {
			for i := range s.DownwardAPI.Items {
				defaultFieldRef(s.DownwardAPI.Items[i].FieldRef)
			}
		}
	})},
	{Field: "spec.volumes[*].projected.sources[*].serviceAccountToken.expirationSeconds", Value: "3600", apply: eachProjection(func(s *corev1.VolumeProjection) {
		if s.ServiceAccountToken != nil {
			setPtr(&s.ServiceAccountToken.ExpirationSeconds, tokenExpirationSeconds)
		}
	})},
	{Field: "spec.volumes[*].scaleIO.{storageMode,fsType}", Value: scaleIOStorageMode + ", " + scaleIOFSType, apply: eachVolume(func(v *corev1.Volume) {
		if v.ScaleIO != nil {
			setStr(&v.ScaleIO.StorageMode, scaleIOStorageMode)
			setStr(&v.ScaleIO.FSType, scaleIOFSType)
		}
	})},
	{Field: "spec.volumes[*].ephemeral.volumeClaimTemplate.spec.volumeMode", Value: string(corev1.PersistentVolumeFilesystem), apply: eachVolume(func(v *corev1.Volume) {
		if v.Ephemeral != nil && v.Ephemeral.VolumeClaimTemplate != nil {
			s := &v.Ephemeral.VolumeClaimTemplate.Spec
			setPtr(&s.VolumeMode, corev1.PersistentVolumeFilesystem)
		}
	})},
	{Field: "spec.volumes[*].ephemeral.volumeClaimTemplate.spec.resources.{limits,requests}", Value: "rounded up to milli-units", apply: eachVolume(func(v *corev1.Volume) {
		if v.Ephemeral != nil && v.Ephemeral.VolumeClaimTemplate != nil {
			s := &v.Ephemeral.VolumeClaimTemplate.Spec
			roundUp(s.Resources.Limits)
			roundUp(s.Resources.Requests)
		}
	})},

	// containers: SetDefaults_Container and the declarative defaults of
	// their fields, for init, regular and ephemeral containers alike
	{Field: "containers[*].imagePullPolicy", Value: "Always for the tag latest or no tag, else IfNotPresent", apply: eachContainer(func(c *corev1.Container) {
		if c.ImagePullPolicy == "" {
			c.ImagePullPolicy = pullPolicyFor(c.Image)
		}
	})},
	{Field: "containers[*].terminationMessagePath", Value: corev1.TerminationMessagePathDefault, apply: eachContainer(func(c *corev1.Container) {
		setStr(&c.TerminationMessagePath, corev1.TerminationMessagePathDefault)
	})},
	{Field: "containers[*].terminationMessagePolicy", Value: string(corev1.TerminationMessageReadFile), apply: eachContainer(func(c *corev1.Container) {
		setStr(&c.TerminationMessagePolicy, corev1.TerminationMessageReadFile)
	})},
	{Field: "containers[*].ports[*].protocol", Value: string(corev1.ProtocolTCP), apply: eachContainer(func(c *corev1.Container) {
		for i := range c.Ports {
			setStr(&c.Ports[i].Protocol, corev1.ProtocolTCP)
		}
	})},
	{Field: "containers[*].env[*].valueFrom.fieldRef.apiVersion", Value: fieldRefAPIVersion, apply: eachContainer(func(c *corev1.Container) {
		for i := range c.Env {
			if c.Env[i].ValueFrom != nil {
				defaultFieldRef(c.Env[i].ValueFrom.FieldRef)
			}
		}
	})},
	{Field: "containers[*].env[*].valueFrom.fileKeyRef.optional", Value: "false", Gate: "EnvFiles", apply: eachContainer(func(c *corev1.Container) {
		for i := range c.Env {
			if vf := c.Env[i].ValueFrom; vf != nil && vf.FileKeyRef != nil {
				setPtr(&vf.FileKeyRef.Optional, false)
			}
		}
	})},
	{Field: "containers[*].resources.{limits,requests}", Value: "rounded up to milli-units", apply: eachContainer(func(c *corev1.Container) {
		roundUp(c.Resources.Limits)
		roundUp(c.Resources.Requests)
	})},
	{Field: "containers[*].{liveness,readiness,startup}Probe.{timeoutSeconds,periodSeconds,successThreshold,failureThreshold}", Value: "1, 10, 1, 3",
		apply: eachProbe(func(p *corev1.Probe) {
			setInt(&p.TimeoutSeconds, probeTimeoutSeconds)
			setInt(&p.PeriodSeconds, probePeriodSeconds)
			setInt(&p.SuccessThreshold, probeSuccessThreshold)
			setInt(&p.FailureThreshold, probeFailureThreshold)
		})},
	{Field: "containers[*].{liveness,readiness,startup}Probe.httpGet.{path,scheme}", Value: "/, HTTP", apply: eachProbe(func(p *corev1.Probe) {
		defaultHTTPGet(p.HTTPGet)
	})},
	{Field: "containers[*].{liveness,readiness,startup}Probe.grpc.service", Value: `""`, apply: eachProbe(func(p *corev1.Probe) {
		if p.GRPC != nil {
			setPtr(&p.GRPC.Service, "")
		}
	})},
	{Field: "containers[*].lifecycle.{postStart,preStop}.httpGet.{path,scheme}", Value: "/, HTTP", apply: eachContainer(func(c *corev1.Container) {
		if c.Lifecycle == nil {
			return
		}
		for _, h := range []*corev1.LifecycleHandler{c.Lifecycle.PostStart, c.Lifecycle.PreStop} {
			if h != nil {
				defaultHTTPGet(h.HTTPGet)
			}
		}
	})},

	// pod-level quantities
	{Field: "spec.overhead, spec.resources.{limits,requests}", Value: "rounded up to milli-units", apply: func(p *corev1.Pod) {
		roundUp(p.Spec.Overhead)
		if p.Spec.Resources != nil {
			roundUp(p.Spec.Resources.Limits)
			roundUp(p.Spec.Resources.Requests)
		}
	}},
}

func setStr[T ~string](p *T, v T) {
	if *p == "" {
		*p = v
	}
}

func setInt(p *int32, v int32) {
	if *p == 0 {
		*p = v
	}
}

func setPtr[T any](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}

func defaultFieldRef(f *corev1.ObjectFieldSelector) {
	if f != nil {
		setStr(&f.APIVersion, fieldRefAPIVersion)
	}
}

func defaultHTTPGet(h *corev1.HTTPGetAction) {
	if h != nil {
		setStr(&h.Path, "/")
		setStr(&h.Scheme, corev1.URISchemeHTTP)
	}
}

// roundUp rounds every quantity up to milli-units, as SetDefaults_ResourceList.
func roundUp(list corev1.ResourceList) {
	for k, v := range list {
		v.RoundUp(milliScale)
		list[k] = v
	}
}

// requestsFromLimits: a container's request defaults to its limit.
func requestsFromLimits(c *corev1.Container) {
	if c.Resources.Limits == nil {
		return
	}
	if c.Resources.Requests == nil {
		c.Resources.Requests = corev1.ResourceList{}
	}
	for k, v := range c.Resources.Limits {
		if _, ok := c.Resources.Requests[k]; !ok {
			c.Resources.Requests[k] = v.DeepCopy()
		}
	}
}

// eachPodContainer visits init and regular containers (SetDefaults_Pod).
func eachPodContainer(f func(*corev1.Container)) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		for i := range p.Spec.Containers {
			f(&p.Spec.Containers[i])
		}
		for i := range p.Spec.InitContainers {
			f(&p.Spec.InitContainers[i])
		}
	}
}

// eachContainer visits init, regular and ephemeral containers, in the
// order of SetObjectDefaults_Pod.
func eachContainer(f func(*corev1.Container)) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		for i := range p.Spec.InitContainers {
			f(&p.Spec.InitContainers[i])
		}
		for i := range p.Spec.Containers {
			f(&p.Spec.Containers[i])
		}
		for i := range p.Spec.EphemeralContainers {
			f((*corev1.Container)(&p.Spec.EphemeralContainers[i].EphemeralContainerCommon))
		}
	}
}

func eachProbe(f func(*corev1.Probe)) func(*corev1.Pod) {
	return eachContainer(func(c *corev1.Container) {
		for _, p := range []*corev1.Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
			if p != nil {
				f(p)
			}
		}
	})
}

func eachVolume(f func(*corev1.Volume)) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		for i := range p.Spec.Volumes {
			f(&p.Spec.Volumes[i])
		}
	}
}

func eachProjection(f func(*corev1.VolumeProjection)) func(*corev1.Pod) {
	return eachVolume(func(v *corev1.Volume) {
		if v.Projected != nil {
			for i := range v.Projected.Sources {
				f(&v.Projected.Sources[i])
			}
		}
	})
}
