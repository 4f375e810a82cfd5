package lint

import (
	"fmt"
	"slices"

	"github.com/podctl/podctl/internal/poddefault"
)

// chains: PD202, a PodDefault that adds a label another one's selector
// needs. The webhook selects once, on the labels the pod is created with,
// so the second never applies to a pod that owes the label to the first.
// For each such pair, a pod is sought that the first selects and that
// lacks the label, and the engine is asked whether the second would
// select it once the first has applied.
func (l *linter) chains(items []*item) {
	for _, a := range items {
		if !a.usable() || a.selfClash || len(a.pd.Spec.Labels) == 0 {
			continue
		}
		for _, b := range items {
			if b == a || !b.usable() {
				continue
			}
			if labels, key, ok := chainPod(a, b); ok {
				res, ce := apply(WitnessPod(a.pd.Namespace, labels, a.pd, b.pd), a, b)
				if ce != nil || !slices.ContainsFunc(res.Chains, func(c poddefault.Chain) bool { return c.PodDefault == b.name() }) {
					continue
				}
				f := finding("PD202", b, fmt.Sprintf("PodDefault %s selects on label %s=%s, which PodDefault %s adds: on a pod that %s selects without that label (e.g. %s), %s does not apply, because the webhook selects PodDefaults once, on the labels the pod is created with",
					b.name(), key, a.pd.Spec.Labels[key], a.name(), a.name(), showLabels(labels), b.name()))
				f.Related = []Related{a.related()}
				l.add(withWitness(f, labels))
			}
		}
	}
}

// chainPod finds labels that a's selector accepts, that b's does not,
// and that b's accepts once a's labels are added: b needs one of a's
// label keys (key), which the pod lacks.
func chainPod(a, b *item) (map[string]string, string, bool) {
	added := a.pd.Spec.Labels
	for k, v := range added {
		if q, ok := b.sel[k]; ok && !q.allows(v) {
			return nil, "", false // b refuses the pod once a has labelled it
		}
	}
	for _, trigger := range sortedKeys(added) {
		if q, ok := b.sel[trigger]; !ok || !q.exists {
			continue
		}
		c := and(a.sel)
		for k, q := range b.sel {
			if _, isAdded := added[k]; !isAdded {
				c.add(k, q)
			}
		}
		for k, v := range added {
			switch {
			case k == trigger:
				c.add(k, keyReq{absent: true})
			case c.requires(k):
				c.add(k, keyReq{exists: true, restricted: true, in: []string{v}})
			default:
				c.add(k, keyReq{absent: true})
			}
		}
		if labels, ok := c.solve(nil); ok {
			return labels, trigger, true
		}
	}
	return nil, "", false
}
