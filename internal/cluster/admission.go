package cluster

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// The built-in mutating admission plugins, in the server's order
// (AllOrderedPlugins of pkg/kubeapiserver/options/plugins.go), that change
// a plain pod when the cluster has no LimitRange, PriorityClass or
// RuntimeClass objects of its own.
var mutatingPlugins = []struct {
	Name  string
	admit func(*corev1.Pod, Options) error
}{
	{"ServiceAccount", AdmitServiceAccount},
	{"Priority", AdmitPriority},
	{"DefaultTolerationSeconds", func(p *corev1.Pod, _ Options) error { AdmitDefaultTolerationSeconds(p); return nil }},
}

// Admit runs the built-in mutating admission plugins on pod, in place and
// in the server's order. pod.Namespace must be set. The first refusal is
// returned as a *Refusal.
func Admit(pod *corev1.Pod, opt Options) error {
	for _, p := range mutatingPlugins {
		if err := p.admit(pod, opt); err != nil {
			return err
		}
	}
	return nil
}

// ServiceAccount plugin constants (plugin/pkg/admission/serviceaccount).
const (
	DefaultServiceAccountName = "default"
	// TokenVolumePrefix starts the name of the projected token volume; the
	// server adds five random characters (TokenVolumeName).
	TokenVolumePrefix = "kube-api-access-"
	// TokenMountPath is where every container gets the token volume.
	TokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
	// tokenVolumeExpirationSeconds is what the plugin asks for: one hour and
	// seven seconds, the "warn only" lifetime of bound tokens.
	tokenVolumeExpirationSeconds = int64(60*60 + 7)
)

// AdmitServiceAccount is the mutating half of the ServiceAccount plugin on
// CREATE: a pod without serviceAccountName gets "default"; the
// ServiceAccount must exist; unless automount is off (the pod's
// automountServiceAccountToken, else the ServiceAccount's), every init and
// regular container without a mount at TokenMountPath gets a read-only
// mount of the token volume, which is added once (or reused, if the pod has
// a volume named kube-api-access-*); a pod without imagePullSecrets gets
// the ServiceAccount's. Mirror pods are only checked (ValidateServiceAccount).
func AdmitServiceAccount(pod *corev1.Pod, opt Options) error {
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; mirror {
		return ValidateServiceAccount(pod, opt)
	}
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = DefaultServiceAccountName
	}
	sa, err := lookupServiceAccount(pod, opt)
	if err != nil {
		return err
	}
	if automount(sa, pod) {
		mountServiceAccountToken(pod, opt.suffix())
	}
	if len(pod.Spec.ImagePullSecrets) == 0 && len(sa.ImagePullSecrets) > 0 {
		for _, name := range sa.ImagePullSecrets {
			pod.Spec.ImagePullSecrets = append(pod.Spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
		}
	}
	return ValidateServiceAccount(pod, opt)
}

// ValidateServiceAccount is the validating half of the ServiceAccount
// plugin, which runs again after validation: a mirror pod may reference no
// ServiceAccount, secret or token projection; any other pod needs a
// ServiceAccount that exists.
func ValidateServiceAccount(pod *corev1.Pod, opt Options) error {
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; mirror {
		switch {
		case pod.Spec.ServiceAccountName != "":
			return forbidden(pod, "a mirror pod may not reference service accounts")
		case referencesSecrets(pod):
			return forbidden(pod, "a mirror pod may not reference secrets")
		case hasTokenProjection(pod):
			return forbidden(pod, "a mirror pod may not use ServiceAccountToken volume projections")
		}
		return nil
	}
	if pod.Spec.ServiceAccountName == "" {
		return forbidden(pod, fmt.Sprintf("no service account specified for pod %s/%s", pod.Namespace, pod.Name))
	}
	_, err := lookupServiceAccount(pod, opt)
	return err
}

func lookupServiceAccount(pod *corev1.Pod, opt Options) (ServiceAccount, error) {
	name := pod.Spec.ServiceAccountName
	if opt.ServiceAccounts == nil {
		return ServiceAccount{}, nil
	}
	sa, ok := opt.ServiceAccounts[name]
	if !ok {
		return sa, forbidden(pod, fmt.Sprintf("error looking up service account %s/%s: serviceaccount %q not found", pod.Namespace, name, name))
	}
	return sa, nil
}

func automount(sa ServiceAccount, pod *corev1.Pod) bool {
	if pod.Spec.AutomountServiceAccountToken != nil {
		return *pod.Spec.AutomountServiceAccountToken
	}
	if sa.AutomountServiceAccountToken != nil {
		return *sa.AutomountServiceAccountToken
	}
	return true
}

func mountServiceAccountToken(pod *corev1.Pod, suffix string) {
	name, hasVolume := "", false
	for _, v := range pod.Spec.Volumes {
		if strings.HasPrefix(v.Name, TokenVolumePrefix) {
			name, hasVolume = v.Name, true
			break
		}
	}
	if name == "" {
		name = TokenVolumeName(suffix)
	}
	mount := corev1.VolumeMount{Name: name, ReadOnly: true, MountPath: TokenMountPath}
	needed := false
	add := func(cs []corev1.Container) {
		for i := range cs {
			if !hasMountAt(cs[i].VolumeMounts, TokenMountPath) {
				cs[i].VolumeMounts = append(cs[i].VolumeMounts, mount)
				needed = true
			}
		}
	}
	add(pod.Spec.InitContainers)
	add(pod.Spec.Containers)
	if !hasVolume && needed {
		pod.Spec.Volumes = append(pod.Spec.Volumes, TokenVolume(name))
	}
}

func hasMountAt(mounts []corev1.VolumeMount, path string) bool {
	for _, m := range mounts {
		if m.MountPath == path {
			return true
		}
	}
	return false
}

// TokenVolume is the projected volume the ServiceAccount plugin adds, as
// the server stores it (with its defaults).
func TokenVolume(name string) corev1.Volume {
	mode := defaultMode
	expiration := tokenVolumeExpirationSeconds
	return corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
		DefaultMode: &mode,
		Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: &expiration}},
			{ConfigMap: &corev1.ConfigMapProjection{
				LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"},
				Items:                []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}},
			}},
			{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{
				{Path: "namespace", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}},
			}}},
		},
	}}}
}

// referencesSecrets is podutil.VisitPodSecretNames: does the pod name a
// secret anywhere?
func referencesSecrets(pod *corev1.Pod) bool {
	if len(pod.Spec.ImagePullSecrets) > 0 {
		return true
	}
	found := false
	eachContainer(func(c *corev1.Container) {
		for _, e := range c.EnvFrom {
			found = found || e.SecretRef != nil
		}
		for _, e := range c.Env {
			found = found || (e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil)
		}
	})(pod)
	for _, v := range pod.Spec.Volumes {
		s := v.VolumeSource
		switch {
		case s.Secret != nil,
			s.AzureFile != nil,
			s.CephFS != nil && s.CephFS.SecretRef != nil,
			s.Cinder != nil && s.Cinder.SecretRef != nil,
			s.FlexVolume != nil && s.FlexVolume.SecretRef != nil,
			s.RBD != nil && s.RBD.SecretRef != nil,
			s.ScaleIO != nil && s.ScaleIO.SecretRef != nil,
			s.ISCSI != nil && s.ISCSI.SecretRef != nil,
			s.StorageOS != nil && s.StorageOS.SecretRef != nil,
			s.CSI != nil && s.CSI.NodePublishSecretRef != nil:
			found = true
		case s.Projected != nil:
			for _, src := range s.Projected.Sources {
				found = found || src.Secret != nil
			}
		}
	}
	return found
}

func hasTokenProjection(pod *corev1.Pod) bool {
	for _, v := range pod.Spec.Volumes {
		if v.Projected != nil {
			for _, src := range v.Projected.Sources {
				if src.ServiceAccountToken != nil {
					return true
				}
			}
		}
	}
	return false
}

// PriorityClass is what the Priority plugin reads of a PriorityClass.
type PriorityClass struct {
	Value            int32
	PreemptionPolicy corev1.PreemptionPolicy // "" means PreemptLowerPriority
	GlobalDefault    bool
}

// systemPriorityClasses are the classes every API server creates at start.
var systemPriorityClasses = map[string]PriorityClass{
	"system-cluster-critical": {Value: 2000000000},
	"system-node-critical":    {Value: 2000001000},
}

// AdmitPriority is the Priority plugin on CREATE: the pod's priority and
// preemptionPolicy come from its priorityClassName, else from the global
// default class, else they are 0 and PreemptLowerPriority. A pod that sets
// a different priority or policy itself, or names a class that does not
// exist, is forbidden.
func AdmitPriority(pod *corev1.Pod, opt Options) error {
	var (
		name  = pod.Spec.PriorityClassName
		class PriorityClass
		found bool
	)
	if name == "" {
		name, class = defaultPriorityClass(opt)
	} else if class, found = lookupPriorityClass(name, opt); !found {
		return forbidden(pod, fmt.Sprintf("no PriorityClass with name %v was found", name))
	}
	policy := class.PreemptionPolicy
	if policy == "" {
		policy = corev1.PreemptLowerPriority
	}
	pod.Spec.PriorityClassName = name
	if p := pod.Spec.Priority; p != nil && *p != class.Value {
		return forbidden(pod, fmt.Sprintf("the integer value of priority (%d) must not be provided in pod spec; priority admission controller computed %d from the given PriorityClass name", *p, class.Value))
	}
	value := class.Value
	pod.Spec.Priority = &value
	if p := pod.Spec.PreemptionPolicy; p != nil && *p != policy {
		return forbidden(pod, fmt.Sprintf("the string value of PreemptionPolicy (%s) must not be provided in pod spec; priority admission controller computed %s from the given PriorityClass name", *p, policy))
	}
	pod.Spec.PreemptionPolicy = &policy
	return nil
}

func lookupPriorityClass(name string, opt Options) (PriorityClass, bool) {
	if pc, ok := opt.PriorityClasses[name]; ok {
		return pc, true
	}
	pc, ok := systemPriorityClasses[name]
	return pc, ok
}

// defaultPriorityClass is the global default class with the lowest value,
// or none: "" and priority 0.
func defaultPriorityClass(opt Options) (string, PriorityClass) {
	name, class, found := "", PriorityClass{}, false
	for n, pc := range opt.PriorityClasses {
		if pc.GlobalDefault && (!found || pc.Value < class.Value || (pc.Value == class.Value && n < name)) {
			name, class, found = n, pc, true
		}
	}
	return name, class
}

// The DefaultTolerationSeconds plugin's tolerations.
const (
	TaintNodeNotReady        = "node.kubernetes.io/not-ready"
	TaintNodeUnreachable     = "node.kubernetes.io/unreachable"
	DefaultTolerationSeconds = int64(300)
)

// AdmitDefaultTolerationSeconds appends a toleration of the not-ready and
// of the unreachable NoExecute taints for 300 seconds, each unless the pod
// already tolerates that taint: a toleration with that key or an empty key,
// and the effect NoExecute or an empty effect.
func AdmitDefaultTolerationSeconds(pod *corev1.Pod) {
	notReady, unreachable := false, false
	for _, t := range pod.Spec.Tolerations {
		if t.Effect != corev1.TaintEffectNoExecute && t.Effect != "" {
			continue
		}
		notReady = notReady || t.Key == TaintNodeNotReady || t.Key == ""
		unreachable = unreachable || t.Key == TaintNodeUnreachable || t.Key == ""
	}
	for _, add := range []struct {
		key  string
		have bool
	}{{TaintNodeNotReady, notReady}, {TaintNodeUnreachable, unreachable}} {
		if !add.have {
			seconds := DefaultTolerationSeconds
			pod.Spec.Tolerations = append(pod.Spec.Tolerations, corev1.Toleration{
				Key: add.key, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &seconds,
			})
		}
	}
}
