package lint

import (
	"fmt"
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podctl/podctl/internal/poddefault"
)

// shapes: what the API server refuses in the pod a PodDefault produces,
// after the webhook has merged it. Each rule gives one finding per
// PodDefault, listing every problem of its kind.
func (l *linter) shapes(items []*item) {
	for _, it := range items {
		if p := containerProblems(it.pd); len(p) > 0 {
			l.add(finding("PD301", it, fmt.Sprintf("PodDefault %s brings containers the API server refuses: %s: every pod it selects is refused at creation",
				it.name(), strings.Join(p, "; "))))
		}
		if p := volumeProblems(it.pd); len(p) > 0 {
			l.add(finding("PD302", it, fmt.Sprintf("PodDefault %s brings volumes the API server refuses: %s: every pod it selects is refused at creation",
				it.name(), strings.Join(p, "; "))))
		}
		if p := nameProblems(it.pd); len(p) > 0 {
			l.add(finding("PD303", it, fmt.Sprintf("PodDefault %s brings names the API server refuses: %s: every pod it selects is refused at creation",
				it.name(), strings.Join(p, "; "))))
		}
		l.unmountedVolumes(it)
	}
}

// containerProblems: sidecars and init containers without a name or an
// image, and a name given to a sidecar and an init container (a pod's
// container names are unique across both lists).
func containerProblems(pd *poddefault.PodDefault) []string {
	var out []string
	lists := []struct {
		field string
		cs    []corev1.Container
	}{{"sidecars", pd.Spec.Sidecars}, {"initContainers", pd.Spec.InitContainers}}
	for _, list := range lists {
		for i, c := range list.cs {
			at := fmt.Sprintf("%s[%d]", list.field, i)
			if c.Name == "" {
				out = append(out, at+" has no name")
			}
			if c.Image == "" {
				if c.Name != "" {
					at += fmt.Sprintf(" (%s)", c.Name)
				}
				out = append(out, at+" has no image")
			}
		}
	}
	for i, s := range pd.Spec.Sidecars {
		for j, c := range pd.Spec.InitContainers {
			if s.Name != "" && s.Name == c.Name {
				out = append(out, fmt.Sprintf("sidecars[%d] and initContainers[%d] are both named %q", i, j, s.Name))
			}
		}
	}
	return out
}

// volumeProblems: volumes with no source, or with more than one.
func volumeProblems(pd *poddefault.PodDefault) []string {
	var out []string
	for i, v := range pd.Spec.Volumes {
		sources := volumeSources(&v.VolumeSource)
		at := fmt.Sprintf("volumes[%d] (%s)", i, v.Name)
		switch len(sources) {
		case 0:
			out = append(out, at+" has no source")
		case 1:
		default:
			out = append(out, fmt.Sprintf("%s has %d sources (%s)", at, len(sources), strings.Join(sources, ", ")))
		}
	}
	return out
}

// volumeSources names the sources a volume sets, by their JSON names.
func volumeSources(vs *corev1.VolumeSource) []string {
	var out []string
	v := reflect.ValueOf(vs).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
	}
	return out
}

// nameProblems: names the API server validates in the pod the webhook
// produces: volume and container names (DNS-1123 labels), toleration,
// label and annotation keys, label values, and the annotation the webhook
// writes for the PodDefault itself.
func nameProblems(pd *poddefault.PodDefault) []string {
	var out []string
	check := func(at, value string, msgs []string) {
		if len(msgs) > 0 {
			out = append(out, fmt.Sprintf("%s %q: %s", at, value, strings.Join(msgs, "; ")))
		}
	}
	for i, v := range pd.Spec.Volumes {
		check(fmt.Sprintf("volumes[%d].name", i), v.Name, validation.IsDNS1123Label(v.Name))
	}
	for i, c := range pd.Spec.Sidecars {
		if c.Name != "" {
			check(fmt.Sprintf("sidecars[%d].name", i), c.Name, validation.IsDNS1123Label(c.Name))
		}
	}
	for i, c := range pd.Spec.InitContainers {
		if c.Name != "" {
			check(fmt.Sprintf("initContainers[%d].name", i), c.Name, validation.IsDNS1123Label(c.Name))
		}
	}
	for i, t := range pd.Spec.Tolerations {
		if t.Key != "" {
			check(fmt.Sprintf("tolerations[%d].key", i), t.Key, validation.IsQualifiedName(t.Key))
		}
	}
	for _, k := range sortedKeys(pd.Spec.Labels) {
		check("labels key", k, validation.IsQualifiedName(k))
		check("labels."+k, pd.Spec.Labels[k], validation.IsValidLabelValue(pd.Spec.Labels[k]))
	}
	for _, k := range sortedKeys(pd.Spec.Annotations) {
		check("annotations key", k, validation.IsQualifiedName(k))
	}
	marker := poddefault.MarkerKey(pd.Name)
	check("the annotation the webhook writes for it", marker, validation.IsQualifiedName(marker))
	return out
}

// unmountedVolumes: PD304, mounts whose volume the pod will not have.
// Given workloads that the PodDefault selects, the engine merges every
// PodDefault into each of them and the pod it gives is checked; else the
// PodDefault must define the volume itself.
func (l *linter) unmountedVolumes(it *item) {
	missing := map[string]bool{}
	var order []string
	own := map[string]bool{}
	for _, v := range it.pd.Spec.Volumes {
		own[v.Name] = true
	}
	visit := func(ms []corev1.VolumeMount) {
		for _, m := range ms {
			if !own[m.Name] && !missing[m.Name] {
				missing[m.Name] = true
				order = append(order, m.Name)
			}
		}
	}
	visit(it.pd.Spec.VolumeMounts)
	for _, c := range it.pd.Spec.Sidecars {
		visit(c.VolumeMounts)
	}
	for _, c := range it.pd.Spec.InitContainers {
		visit(c.VolumeMounts)
	}
	if len(order) == 0 {
		return
	}
	selected := l.selected(it)
	if len(selected) == 0 {
		l.add(finding("PD304", it, fmt.Sprintf("PodDefault %s mounts %s, which it does not define: the API server refuses every pod it selects that does not define %s itself",
			it.name(), volumeWords(order), pronoun(order))))
		return
	}
	var lacking []string
	var related []Related
	for _, t := range selected {
		res, err := poddefault.Apply(t.Pod, l.all)
		if err != nil {
			continue // PD502 says why
		}
		have := map[string]bool{}
		for _, v := range res.Pod.Spec.Volumes {
			have[v.Name] = true
		}
		var lacks []string
		for _, name := range order {
			if !have[name] {
				lacks = append(lacks, name)
			}
		}
		if len(lacks) > 0 {
			lacking = append(lacking, fmt.Sprintf("%s lacks %s", t.Object, volumeWords(lacks)))
			related = append(related, Related{Location: t.Location, Object: t.Object})
		}
	}
	if len(lacking) == 0 {
		return
	}
	f := finding("PD304", it, fmt.Sprintf("PodDefault %s mounts %s, which it does not define, and not every pod it selects does (%s): the API server refuses those pods",
		it.name(), volumeWords(order), strings.Join(lacking, "; ")))
	f.Related = related
	l.add(f)
}

func volumeWords(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return "volume " + q[0]
	}
	return "volumes " + strings.Join(q, ", ")
}

func pronoun(names []string) string {
	if len(names) == 1 {
		return "it"
	}
	return "them"
}

// selected are the templates of the PodDefault's namespace that it
// selects (templates that opt out of the webhook do not count).
func (l *linter) selected(it *item) []*Template {
	if it.sel == nil {
		return nil
	}
	if it.selectedDone {
		return it.selectedTemplates
	}
	it.selectedDone = true
	for _, t := range l.templates[it.pd.Namespace] {
		if poddefault.Excluded(t.Pod) != "" {
			continue
		}
		if m, err := poddefault.Select(t.Pod, []poddefault.PodDefault{*it.pd}); err == nil && len(m) > 0 {
			it.selectedTemplates = append(it.selectedTemplates, t)
		}
	}
	return it.selectedTemplates
}
