package lint

import (
	"fmt"
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// The Kubeflow notebook form ("Configurations") lists a namespace's
// PodDefaults by the first key of selector.matchLabels (the API server
// returns map keys sorted, so the first is the smallest), shows desc (or,
// without one, the name), and, when a user ticks a box, sets that key to
// "true" on the Notebook, whose labels its pod carries.

// notebookForm: PD401 to PD404, for a namespace where the form is used.
func (l *linter) notebookForm(items []*item) {
	byKey := map[string][]*item{}
	for _, it := range items {
		ml := it.pd.Spec.Selector.MatchLabels
		if len(ml) == 0 {
			l.add(finding("PD401", it, fmt.Sprintf("PodDefault %s has no selector.matchLabels: the notebook form lists PodDefaults by the first key of matchLabels, and its backend fails on this one, so the Configurations list of namespace %s does not load at all",
				it.name(), it.pd.Namespace)))
		} else {
			key := sortedKeys(ml)[0]
			byKey[key] = append(byKey[key], it)
			if it.sel != nil && !tickable(it.pd, key) {
				l.add(finding("PD402", it, fmt.Sprintf("the notebook form shows PodDefault %s as a box that sets %s: \"true\" on the Notebook, but its selector (%s) does not accept a pod with that label alone: ticking the box does nothing",
					it.name(), key, metav1.FormatLabelSelector(&it.pd.Spec.Selector))))
			}
		}
		if it.pd.Spec.Desc == "" {
			l.add(finding("PD404", it, fmt.Sprintf("PodDefault %s has no desc: the notebook form shows its name instead", it.name())))
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		group := byKey[k]
		if len(group) < 2 {
			continue
		}
		f := finding("PD403", group[0], fmt.Sprintf("PodDefaults %s share the first matchLabels key %s: the notebook form shows a box for each, and ticking any of them sets the same label %s: \"true\"",
			names(group), k, k))
		for _, it := range group[1:] {
			f.Related = append(f.Related, it.related())
		}
		l.add(f)
	}
}

// tickable asks the engine whether a pod labelled key: "true" alone is
// selected.
func tickable(pd *poddefault.PodDefault, key string) bool {
	pod := WitnessPod(pd.Namespace, map[string]string{key: "true"})
	m, err := poddefault.Select(pod, []poddefault.PodDefault{*pd})
	return err == nil && len(m) == 1
}
