package apply

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/yamldoc"
)

// The Notebook controller's defaults (kubeflow/notebooks
// components/notebook-controller/controllers/notebook_controller.go).
const (
	notebookPort       = 8888
	notebookPortName   = "notebook-port"
	notebookWorkingDir = "/home/jovyan"
	notebookPrefixEnv  = "NB_PREFIX"
	notebookFSGroup    = int64(100)
)

// notebookModel is the Notebook controller's way of building a pod
// (kubeflow/notebooks components/notebook-controller/controllers/
// notebook_controller.go generateStatefulSet): the pod is the template's
// spec with the controller's additions (notebookPod), and takes the
// Notebook's own labels and annotations. So a PodDefault's labels and
// annotations land in the Notebook's metadata, everything else in
// spec.template.spec, as in a pod template.
type notebookModel struct{}

func (notebookModel) build(in modelInput) (*corev1.Pod, *layout, error) {
	pod, err := decodeTemplate(in.p, in.node, false)
	if err != nil {
		return nil, nil, rooted(err, in.steps)
	}
	ignored := pod.Labels
	if err := notebookPod(in.p, in.obj, pod, in.name, in.ns); err != nil {
		return nil, nil, err
	}
	l := templateLayout(in.ofObject("metadata"), in.below("spec"), len(pod.Spec.Containers))
	l.what = "a Notebook"
	l.ignoredLabels = ignored
	return pod, l, nil
}

// notebookPod turns the pod decoded from a Notebook's spec.template into
// the pod its controller creates: labels statefulset and notebook-name,
// overlaid by every label of the Notebook; the Notebook's annotations but
// those whose key holds "kubectl" or "notebook"; and, in the first
// container, NB_PREFIX (unless set), a working directory and the notebook
// port when it has none; fsGroup 100 when the pod has no security context.
// PodDefaults are then checked against that pod, as in the cluster.
func notebookPod(p *yamldoc.Parsed, obj *yaml.Node, pod *corev1.Pod, name, namespace string) error {
	var meta metav1.ObjectMeta
	if md := yamldoc.Field(obj, "metadata"); md != nil {
		if err := p.Decode(md, &meta, false); err != nil {
			return err
		}
	}
	pod.Labels = map[string]string{"statefulset": name, "notebook-name": name}
	for k, v := range meta.Labels {
		pod.Labels[k] = v
	}
	pod.Annotations = nil
	for k, v := range meta.Annotations {
		if strings.Contains(k, "kubectl") || strings.Contains(k, "notebook") {
			continue
		}
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[k] = v
	}
	if len(pod.Spec.Containers) > 0 {
		c := &pod.Spec.Containers[0]
		if c.WorkingDir == "" {
			c.WorkingDir = notebookWorkingDir
		}
		if c.Ports == nil {
			c.Ports = []corev1.ContainerPort{{ContainerPort: notebookPort, Name: notebookPortName, Protocol: corev1.ProtocolTCP}}
		}
		if !hasEnv(c.Env, notebookPrefixEnv) {
			c.Env = append(c.Env, corev1.EnvVar{Name: notebookPrefixEnv, Value: "/notebook/" + namespace + "/" + name})
		}
	}
	if pod.Spec.SecurityContext == nil {
		fsGroup := notebookFSGroup
		pod.Spec.SecurityContext = &corev1.PodSecurityContext{FSGroup: &fsGroup}
	}
	return nil
}

func hasEnv(env []corev1.EnvVar, name string) bool {
	for _, e := range env {
		if e.Name == name {
			return true
		}
	}
	return false
}

// ignoredLabelHints says, for a Notebook's template, which PodDefaults of
// its namespace do not select the pod only because the labels they need
// are under spec.template.metadata.labels: the controller builds the pod's
// labels from the Notebook's own metadata.labels (generateStatefulSet
// copies the template's spec, not its metadata). By PodDefault name.
func (r *runner) ignoredLabelHints(pod *corev1.Pod, t template) map[string]string {
	if t.layout == nil || len(t.layout.ignoredLabels) == 0 || poddefault.Excluded(pod) != "" {
		return nil
	}
	ignoredLabels := t.layout.ignoredLabels
	selected, err := poddefault.Select(pod, r.defaults)
	if err != nil {
		return nil
	}
	with := *pod
	with.Labels = maps.Clone(ignoredLabels)
	maps.Copy(with.Labels, pod.Labels)
	would, err := poddefault.Select(&with, r.defaults)
	if err != nil {
		return nil
	}
	hints := map[string]string{}
	for _, pd := range would {
		if slices.Contains(selected, pd) {
			continue
		}
		var needed []string
		for _, k := range slices.Sorted(maps.Keys(ignoredLabels)) {
			if v, ok := pod.Labels[k]; (!ok || v != ignoredLabels[k]) && selects(&pd.Spec.Selector, k) {
				needed = append(needed, k+"="+ignoredLabels[k])
			}
		}
		hints[pd.Name] = fmt.Sprintf("PodDefault %s does not apply: its selector needs %s, which is only under spec.template.metadata.labels, and the Notebook controller gives the pod the Notebook's own metadata.labels (with statefulset and notebook-name), not the template's: put %s on the Notebook's metadata.labels",
			pd.Name, strings.Join(needed, ", "), plural(len(needed), "the label", "the labels"))
	}
	return hints
}

// selects reports whether a selector names the label key.
func selects(s *metav1.LabelSelector, key string) bool {
	if _, ok := s.MatchLabels[key]; ok {
		return true
	}
	for _, e := range s.MatchExpressions {
		if e.Key == key {
			return true
		}
	}
	return false
}
