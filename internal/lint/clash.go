package lint

import (
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/podctl/podctl/internal/poddefault"
)

// selectors: PD101 (the webhook cannot convert the selector) and PD105
// (no labels satisfy it).
func (l *linter) selectors(items []*item) {
	for _, it := range items {
		switch {
		case it.selErr != nil:
			l.add(finding("PD101", it, fmt.Sprintf("the selector of PodDefault %s cannot be converted (%v): the webhook refuses every pod created in namespace %s while this PodDefault exists, not only the pods it was meant for",
				it.name(), it.selErr, it.pd.Namespace)))
		case !it.ok:
			l.add(finding("PD105", it, fmt.Sprintf("no labels satisfy the selector of PodDefault %s: it applies to no pod", it.name())))
		}
	}
}

// selves runs the engine on a pod that each PodDefault alone selects:
// PD103 and PD305 for clashes among its own entries, then PD104 for
// clashes with what the API server adds to every pod before the webhook
// sees it.
func (l *linter) selves(items []*item) {
	for _, it := range items {
		if !it.usable() {
			continue
		}
		pod := WitnessPod(it.pd.Namespace, it.own, it.pd)
		if clashes := check(pod, it); len(clashes) > 0 {
			it.selfClash = true
			var env, other []poddefault.Clash
			for _, c := range onWitness(clashes) {
				if c.Field == poddefault.FieldEnv && c.FoundIn == it.name() {
					env = append(env, c)
				} else {
					other = append(other, c)
				}
			}
			if len(other) > 0 {
				what := "its entries clash with each other"
				for _, c := range other {
					if c.Field == poddefault.FieldLabels && c.FoundIn == "" {
						what = "it brings a label its own selector forbids"
					}
				}
				f := finding("PD103", it, fmt.Sprintf("PodDefault %s clashes with itself (%s): the webhook refuses every pod it selects: %s",
					it.name(), what, clashesText(other)))
				f.Clashes = other
				l.add(withWitness(f, it.own))
			}
			if len(env) > 0 {
				f := finding("PD305", it, fmt.Sprintf("PodDefault %s gives an env var twice with different values: the webhook refuses every pod it selects: %s",
					it.name(), clashesText(env)))
				f.Clashes = env
				l.add(withWitness(f, it.own))
			}
			continue
		}
		pod = WitnessPod(it.pd.Namespace, it.own, it.pd)
		beforeWebhook(pod)
		if clashes := check(pod, it); len(clashes) > 0 {
			clashes = onWitness(clashes)
			f := finding("PD104", it, fmt.Sprintf("PodDefault %s clashes with what the API server adds to every pod before the webhook runs: the webhook refuses every pod it selects%s: %s",
				it.name(), escapes(clashes), clashesText(clashes)))
			f.Clashes = clashes
			l.add(withWitness(f, it.own))
		}
	}
}

func withWitness(f Finding, labels map[string]string) Finding {
	if len(labels) > 0 {
		f.Witness = labels
	}
	return f
}

// pairState is what two PodDefaults do on a pod that both select.
type pairState uint8

const (
	pairUnknown pairState = iota
	pairApart             // no pod carries labels that both accept
	pairClean             // the engine merges them
	pairClash             // the engine refuses the pod
)

// pairs looks at every two PodDefaults of a namespace that a pod can
// select together: PD102 when the engine refuses that pod, else PD201 when
// the outcome depends on their names. Rows of the table of pairs are
// independent, and are looked at on every core.
func (l *linter) pairs(ns string, items []*item) {
	state := l.pairStates(items)
	rows := make([][]Finding, len(items))
	onEveryCore(len(items), func(i int) { rows[i] = l.pairRow(ns, items, i, state[i]) })
	for _, row := range rows {
		for _, f := range row {
			l.add(f)
		}
	}
}

// pairRow looks at the pairs of item i with the items after it.
func (l *linter) pairRow(ns string, items []*item, i int, state []pairState) []Finding {
	a := items[i]
	if !a.usable() || a.selfClash {
		return nil
	}
	var out []Finding
	for j := i + 1; j < len(items); j++ {
		b := items[j]
		if !b.usable() || b.selfClash {
			continue
		}
		if !compatible(a.sel, b.sel) {
			state[j] = pairApart
			continue
		}
		state[j] = pairClean
		may, over := mayClash(a, b), overridden(a.pd, b.pd)
		if !may && len(over) == 0 {
			continue
		}
		labels, _ := and(a.sel, b.sel).solve(preferred([]*poddefault.PodDefault{a.pd, b.pd}))
		pod := WitnessPod(ns, labels, a.pd, b.pd)
		if may {
			if clashes := check(pod, a, b); len(clashes) > 0 {
				state[j] = pairClash
				out = append(out, clashFinding([]*item{a, b}, labels, clashes, ""))
				continue
			}
		}
		if len(over) > 0 {
			if res, ce := apply(pod, a, b); ce != nil {
				state[j] = pairClash
				out = append(out, clashFinding([]*item{a, b}, labels, ce.Clashes, ""))
			} else {
				out = append(out, overrideFindings(a, b, over, res, labels)...)
			}
		}
	}
	return out
}

// onEveryCore calls work for each of 0 to n-1 on as many goroutines as
// there are cores.
func onEveryCore(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				work(i)
			}
		}()
	}
	wg.Wait()
}

// pairStates is a table of pairState for the items, indexed [i][j] with
// i < j.
func (l *linter) pairStates(items []*item) [][]pairState {
	state := make([][]pairState, len(items))
	cells := make([]pairState, len(items)*len(items))
	for i := range state {
		state[i] = cells[i*len(items) : (i+1)*len(items)]
	}
	l.states = state
	return state
}

func (l *linter) state(i, j int) pairState {
	if i > j {
		i, j = j, i
	}
	return l.states[i][j]
}

// clashFinding is PD102 for PodDefaults that the engine refused on a pod
// that all of them select, at the PodDefault that brings the first
// clashing entry.
func clashFinding(set []*item, labels map[string]string, clashes []poddefault.Clash, though string) Finding {
	primary := set[len(set)-1]
	for _, it := range set {
		if it.name() == clashes[0].PodDefault {
			primary = it
		}
	}
	both := "both select"
	if len(set) > 2 {
		both = "all select"
	}
	clashes = onWitness(clashes)
	f := finding("PD102", primary, fmt.Sprintf("PodDefaults %s clash on every pod they %s (e.g. %s)%s: the webhook refuses such pods at creation: %s",
		names(set), both, showLabels(labels), though, clashesText(clashes)))
	f.Clashes = clashes
	for _, it := range set {
		if it != primary {
			f.Related = append(f.Related, it.related())
		}
	}
	return withWitness(f, labels)
}

// triples finds the sets of three PodDefaults that clash though no two of
// them do. The merge's clashes are between two entries with one key, and
// a set's entries meet on a pod exactly as each two of them do, but for
// one thing: the pod. The witness of a set carries the labels all its
// selectors need, so a label one PodDefault adds can clash with a label
// that only the set forces on the pod: one selector needs the key (k
// Exists, or k In a list that holds the value added), another forbids the
// value added (k NotIn it). Where one selector does both, or forbids it
// with an In list, two PodDefaults clash already, and a fourth adds no
// requirement that three cannot: so three is the most that is needed, and
// only triples of that form are asked about.
func (l *linter) triples(ns string, items []*item) {
	index := map[*item]int{}
	for i, it := range items {
		index[it] = i
	}
	ok := func(it *item) bool { return it.usable() && !it.selfClash }
	reported := map[[3]int]bool{}
	for _, a := range items {
		if !ok(a) || len(a.pd.Spec.Labels) == 0 {
			continue
		}
		for _, k := range sortedKeys(a.pd.Spec.Labels) {
			v := a.pd.Spec.Labels[k]
			var needs, forbids []*item
			for _, b := range items {
				if b == a || !ok(b) {
					continue
				}
				q, has := b.sel[k]
				switch {
				case !has:
				case q.exists && q.allows(v):
					needs = append(needs, b)
				case !q.exists && !q.absent && !q.allows(v):
					forbids = append(forbids, b)
				}
			}
			for _, p := range needs {
				for _, q := range forbids {
					ia, ip, iq := index[a], index[p], index[q]
					if l.state(ia, ip) != pairClean || l.state(ia, iq) != pairClean || l.state(ip, iq) != pairClean {
						continue
					}
					key := sorted3(ia, ip, iq)
					if reported[key] {
						continue
					}
					set := []*item{items[key[0]], items[key[1]], items[key[2]]}
					labels, sat := and(set[0].sel, set[1].sel, set[2].sel).solve(preferred(pdsOf(set)))
					if !sat {
						continue
					}
					if clashes := check(WitnessPod(ns, labels, pdsOf(set)...), set...); len(clashes) > 0 {
						reported[key] = true
						l.add(clashFinding(set, labels, clashes, ", though no two of them clash"))
					}
				}
			}
		}
	}
}

func sorted3(a, b, c int) [3]int {
	s := []int{a, b, c}
	sort.Ints(s)
	return [3]int{s[0], s[1], s[2]}
}

// mayClash: the engine can find a clash between two PodDefaults (that do
// not clash with themselves) only where they bring different entries
// under one key (identical ones are merged once), or where one adds a
// label that the other's selector asks about (the pod that both select
// then carries that key).
func mayClash(a, b *item) bool {
	small, large := a.entries, b.entries
	if len(small) > len(large) {
		small, large = large, small
	}
	for k, v := range small {
		if w, ok := large[k]; ok && !reflect.DeepEqual(v, w) {
			return true
		}
	}
	for k := range a.pd.Spec.Labels {
		if _, ok := b.sel[k]; ok {
			return true
		}
	}
	for k := range b.pd.Spec.Labels {
		if _, ok := a.sel[k]; ok {
			return true
		}
	}
	return false
}

// entriesOf are the entries a PodDefault brings, by their identity as the
// merge keys them, field by field. Where it brings one key twice, the
// first entry stands for both (different ones make it clash with itself).
func entriesOf(pd *poddefault.PodDefault) map[string]any {
	entries := map[string]any{}
	add := func(f poddefault.Field, k string, v any) {
		key := string(f) + "\x00" + k
		if _, ok := entries[key]; !ok {
			entries[key] = v
		}
	}
	s := &pd.Spec
	for _, v := range s.Volumes {
		add(poddefault.FieldVolumes, v.Name, v)
	}
	for _, t := range s.Tolerations {
		add(poddefault.FieldTolerations, t.Key, t)
	}
	for _, r := range s.ImagePullSecrets {
		add(poddefault.FieldImagePullSecrets, r.Name, r)
	}
	for _, e := range s.Env {
		add(poddefault.FieldEnv, e.Name, e)
	}
	for _, m := range s.VolumeMounts {
		add(poddefault.FieldVolumeMounts, m.Name, m)
		add(poddefault.FieldVolumeMounts, "\x00path\x00"+m.MountPath, m)
	}
	for k, v := range s.Annotations {
		add(poddefault.FieldAnnotations, k, v)
	}
	for k, v := range s.Labels {
		add(poddefault.FieldLabels, k, v)
	}
	for _, c := range s.InitContainers {
		add(poddefault.FieldInitContainers, c.Name, c)
	}
	for _, c := range s.Sidecars {
		add(poddefault.FieldSidecars, c.Name, c)
	}
	return entries
}

// override is one field that two PodDefaults both set, to different
// values, where the webhook lets one of them win by name order.
type override struct {
	field poddefault.Field
	a, b  any // the values of the first and the second in name order
}

// overridden lists the fields a and b (a first in name order) set to
// different values: serviceAccountName and automountServiceAccountToken,
// where the last that sets one wins, and command and args, where the
// first does.
func overridden(a, b *poddefault.PodDefault) []override {
	var out []override
	if sa, sb := a.Spec.ServiceAccountName, b.Spec.ServiceAccountName; sa != "" && sb != "" && sa != sb {
		out = append(out, override{poddefault.FieldServiceAccountName, sa, sb})
	}
	if ta, tb := a.Spec.AutomountServiceAccountToken, b.Spec.AutomountServiceAccountToken; ta != nil && tb != nil && *ta != *tb {
		out = append(out, override{poddefault.FieldAutomountServiceAccountToken, *ta, *tb})
	}
	if ca, cb := a.Spec.Command, b.Spec.Command; ca != nil && cb != nil && !reflect.DeepEqual(ca, cb) {
		out = append(out, override{poddefault.FieldCommand, ca, cb})
	}
	if ca, cb := a.Spec.Args, b.Spec.Args; ca != nil && cb != nil && !reflect.DeepEqual(ca, cb) {
		out = append(out, override{poddefault.FieldArgs, ca, cb})
	}
	return out
}

// overrideFindings are PD201, at the PodDefault whose value loses on the
// pod the engine merged: the winner is read from that pod.
func overrideFindings(a, b *item, over []override, res *poddefault.Result, labels map[string]string) []Finding {
	var out []Finding
	spec := &res.Pod.Spec
	for _, o := range over {
		var got any
		rule := "the last PodDefault in name order that sets it wins"
		switch o.field {
		case poddefault.FieldServiceAccountName:
			got = spec.ServiceAccountName
		case poddefault.FieldAutomountServiceAccountToken:
			got = *spec.AutomountServiceAccountToken
		case poddefault.FieldCommand:
			got, rule = spec.Containers[0].Command, "the first PodDefault in name order that sets it wins, in every container without one of its own"
		case poddefault.FieldArgs:
			got, rule = spec.Containers[0].Args, "the first PodDefault in name order that sets it wins, in every container without its own"
		}
		winner, loser, won, lost := a, b, o.a, o.b
		if reflect.DeepEqual(got, o.b) {
			winner, loser, won, lost = b, a, o.b, o.a
		}
		f := finding("PD201", loser, fmt.Sprintf("PodDefaults %s and %s both set %s: every pod both select (e.g. %s) gets %s from %s, not %s from %s, because %s: renaming either changes which",
			a.name(), b.name(), o.field, showLabels(labels), show(won), winner.name(), show(lost), loser.name(), rule))
		f.Related = []Related{winner.related()}
		out = append(out, withWitness(f, labels))
	}
	return out
}

func show(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("%q", t)
	case []string:
		return fmt.Sprintf("%q", t)
	}
	return fmt.Sprint(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
