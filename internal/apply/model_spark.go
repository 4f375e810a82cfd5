package apply

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
)

// The names Spark gives the driver's and the executors' container
// (kubeflow/spark-operator pkg/common/spark.go SparkDriverContainerName,
// Spark3DefaultExecutorContainerName).
var sparkContainers = map[string]string{"driver": "spark-kubernetes-driver", "executor": "spark-kubernetes-executor"}

// sparkModel is how a SparkApplication's driver or executor pod is built
// (kubeflow/spark-operator api/v1beta2/sparkapplication_types.go
// SparkPodSpec; internal/controller/sparkapplication/submission.go
// driverConfOption, executorConfOption, buildDriverPodTemplate; the
// operator's pod webhook internal/webhook/sparkpod_defaulter.go
// mutateSparkPod: addVolumes, addTolerations, addSidecarContainers,
// addInitContainers, …). spark-submit builds the pod: one container,
// spark-kubernetes-driver or spark-kubernetes-executor, whose command and
// args are Spark's; the role's env, envFrom and volumeMounts go into it,
// its sidecars after it, its initContainers, tolerations, annotations and
// serviceAccount onto the pod, and of spec.volumes only those the role
// mounts. Labels: the SparkApplication's, the role's labels, then the
// operator's and spark-role (the kind table's).
//
// Where a PodDefault's fields land: env, envFrom, volumeMounts in
// spec.driver (spec.executor) under the same names; labels, annotations,
// tolerations, sidecars, initContainers there too; serviceAccountName as
// spec.driver.serviceAccount; volumes in spec.volumes, once for both
// roles (a volume that spec.volumes holds already, identical, is not
// written again). Refused: command and args (Spark's), automount-
// ServiceAccountToken (no field), imagePullSecrets (spec.imagePullSecrets
// is both roles'), a volume no mount of the role uses (Spark would not
// add it), a volume whose name spec.volumes gives to another volume, and
// anything for a role with a pod template (spec.driver.template), which
// podctl does not model. Whether the PodDefault webhook runs before or
// after the operator's own pod webhook depends on the cluster; podctl
// checks against the pod with the operator's additions.
type sparkModel struct{}

func (sparkModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	if in.depth() < 1 {
		return nil, nil, in.errShallow(workload.ModelSparkApplication, "below the object's root (spec.driver)")
	}
	role := in.steps[len(in.steps)-1].Key
	var r struct {
		Template        *corev1.PodTemplateSpec    `json:"template"`
		Image           string                     `json:"image"`
		Env             []corev1.EnvVar            `json:"env"`
		EnvVars         map[string]string          `json:"envVars"`
		EnvFrom         []corev1.EnvFromSource     `json:"envFrom"`
		Annotations     map[string]string          `json:"annotations"`
		VolumeMounts    []corev1.VolumeMount       `json:"volumeMounts"`
		Tolerations     []corev1.Toleration        `json:"tolerations"`
		SecurityContext *corev1.SecurityContext    `json:"securityContext"`
		Sidecars        []corev1.Container         `json:"sidecars"`
		InitContainers  []corev1.Container         `json:"initContainers"`
		ServiceAccount  string                     `json:"serviceAccount"`
		Affinity        *corev1.Affinity           `json:"affinity"`
		NodeSelector    map[string]string          `json:"nodeSelector"`
		PodSecurity     *corev1.PodSecurityContext `json:"podSecurityContext"`
	}
	if err := decodeAt(in.p, in.node, in.steps, in.steps, &r); err != nil {
		return nil, nil, err
	}
	var app struct {
		Image            string          `json:"image"`
		Volumes          []corev1.Volume `json:"volumes"`
		ImagePullSecrets []string        `json:"imagePullSecrets"`
	}
	// the application's spec holds the role (a ScheduledSparkApplication's spec.template)
	appSteps := in.steps[:len(in.steps)-1]
	if err := decodeAt(in.p, in.obj, in.at, appSteps, &app); err != nil {
		return nil, nil, err
	}
	main := corev1.Container{Name: sparkContainers[role], Image: r.Image, Env: r.Env, EnvFrom: r.EnvFrom, VolumeMounts: r.VolumeMounts, SecurityContext: r.SecurityContext}
	if main.Image == "" {
		main.Image = app.Image
	}
	keys := make([]string, 0, len(r.EnvVars))
	for k := range r.EnvVars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		main.Env = append(main.Env, corev1.EnvVar{Name: k, Value: r.EnvVars[k]})
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: append([]corev1.Container{main}, r.Sidecars...), InitContainers: r.InitContainers,
		Tolerations: r.Tolerations, ServiceAccountName: r.ServiceAccount, Affinity: r.Affinity, NodeSelector: r.NodeSelector,
		SecurityContext: r.PodSecurity, RestartPolicy: corev1.RestartPolicyNever}}
	pod.Annotations = r.Annotations
	for _, s := range app.ImagePullSecrets {
		pod.Spec.ImagePullSecrets = append(pod.Spec.ImagePullSecrets, corev1.LocalObjectReference{Name: s})
	}
	for _, m := range r.VolumeMounts {
		for _, v := range app.Volumes {
			if v.Name == m.Name && !hasVolume(pod.Spec.Volumes, v.Name) {
				pod.Spec.Volumes = append(pod.Spec.Volumes, v)
			}
		}
	}

	what := "a SparkApplication's " + role
	at := in.steps
	l := &layout{what: what, fields: map[poddefault.Field]slot{
		poddefault.FieldLabels:                       {at: at, key: "labels"},
		poddefault.FieldAnnotations:                  {at: at, key: "annotations"},
		poddefault.FieldTolerations:                  {at: at, key: "tolerations"},
		poddefault.FieldSidecars:                     {at: at, key: "sidecars"},
		poddefault.FieldInitContainers:               {at: at, key: "initContainers"},
		poddefault.FieldServiceAccountName:           {at: at, key: "serviceAccount"},
		poddefault.FieldVolumes:                      {at: appSteps, key: "volumes", shared: true},
		poddefault.FieldAutomountServiceAccountToken: refused("a SparkPodSpec has no automountServiceAccountToken"),
		poddefault.FieldImagePullSecrets:             refused("spec.imagePullSecrets are the driver's and the executors' alike"),
	}}
	spark := "spark-submit sets the " + role + " container's command and args"
	l.containers = append(l.containers, slot{at: at, deny: map[poddefault.Field]string{poddefault.FieldCommand: spark, poddefault.FieldArgs: spark}})
	for j := range r.Sidecars {
		l.containers = append(l.containers, slot{at: stepsTo(at, "sidecars", j)})
	}
	if r.Template != nil {
		why := fmt.Sprintf("%s.template is set, and podctl does not model Spark pod templates", at)
		for f := range l.fields {
			l.fields[f] = refused(why)
		}
		for i := range l.containers {
			l.containers[i] = refused(why)
		}
		return pod, l, nil
	}
	l.check = func(changes []poddefault.Change) ([]poddefault.Change, error) {
		mounts := map[string]bool{}
		for _, m := range main.VolumeMounts {
			mounts[m.Name] = true
		}
		for _, c := range changes {
			if c.Field == poddefault.FieldVolumeMounts && c.ContainerIndex == 0 {
				mounts[c.Key] = true
			}
		}
		var out []poddefault.Change
		for _, c := range changes {
			if c.Field != poddefault.FieldVolumes {
				out = append(out, c)
				continue
			}
			if !mounts[c.Key] {
				return nil, &FieldRefusal{PodDefault: c.From.Name, Field: c.String(), Why: fmt.Sprintf("no volumeMount of %s uses it, and the Spark operator adds only the volumes of spec.volumes the role mounts", what)}
			}
			if v, ok := volumeNamed(app.Volumes, c.Key); ok {
				if !equality.Semantic.DeepEqual(v, c.Value) {
					return nil, &FieldRefusal{PodDefault: c.From.Name, Field: c.String(), Why: "spec.volumes has another volume of that name"}
				}
				continue // the mount brings the volume there is
			}
			out = append(out, c)
		}
		return out, nil
	}
	return pod, l, nil
}

func volumeNamed(volumes []corev1.Volume, name string) (corev1.Volume, bool) {
	for _, v := range volumes {
		if v.Name == name {
			return v, true
		}
	}
	return corev1.Volume{}, false
}
