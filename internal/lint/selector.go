package lint

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/selection"

	"github.com/podctl/podctl/internal/poddefault"
)

// A selector is a conjunction of requirements on label keys, and so is a
// set of selectors: a pod is selected by all of them when its labels meet
// every requirement of every selector. Requirements on one key combine
// independently of the other keys, so the conjunction is satisfiable
// exactly when each key's combined requirement is, and the smallest labels
// that meet it carry only the keys that some requirement says must exist.

// keyReq is what a conjunction of requirements asks of one label key.
type keyReq struct {
	exists bool // matchLabels, In or Exists: the key must be present
	absent bool // DoesNotExist: the key must not be present
	// restricted: the value must be one of in (matchLabels, In); in is
	// sorted, and an empty in then allows nothing.
	restricted bool
	in         []string
	notIn      []string // sorted: values the key must not have (NotIn)
}

// constraints are the requirements of one or more selectors, by key.
type constraints map[string]keyReq

// compile converts a selector as the webhook does
// (metav1.LabelSelectorAsSelector) and reads its requirements; a selector
// the webhook cannot convert gives its error.
func compile(sel *metav1.LabelSelector) (constraints, error) {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return nil, err
	}
	reqs, _ := s.Requirements()
	c := constraints{}
	for _, r := range reqs {
		values := r.Values().List()
		var q keyReq
		switch r.Operator() {
		case selection.Equals, selection.DoubleEquals, selection.In:
			q = keyReq{exists: true, restricted: true, in: values}
		case selection.NotEquals, selection.NotIn:
			q = keyReq{notIn: values}
		case selection.Exists:
			q = keyReq{exists: true}
		case selection.DoesNotExist:
			q = keyReq{absent: true}
		default:
			return nil, fmt.Errorf("operator %q is not one a label selector converts to", r.Operator())
		}
		c.add(r.Key(), q)
	}
	return c, nil
}

// add joins a requirement on key to those already there.
func (c constraints) add(key string, q keyReq) {
	old, ok := c[key]
	if !ok {
		c[key] = q
		return
	}
	c[key] = old.and(q)
}

func (a keyReq) and(b keyReq) keyReq {
	out := keyReq{exists: a.exists || b.exists, absent: a.absent || b.absent, restricted: a.restricted || b.restricted}
	switch {
	case a.restricted && b.restricted:
		for _, v := range a.in {
			if slices.Contains(b.in, v) {
				out.in = append(out.in, v)
			}
		}
		if out.in == nil {
			out.in = []string{}
		}
	case a.restricted:
		out.in = a.in
	case b.restricted:
		out.in = b.in
	}
	out.notIn = union(a.notIn, b.notIn)
	return out
}

func union(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append(slices.Clone(a), b...)
	sort.Strings(out)
	return slices.Compact(out)
}

// and is the conjunction of several constraints.
func and(cs ...constraints) constraints {
	out := constraints{}
	for _, c := range cs {
		for k, q := range c {
			out.add(k, q)
		}
	}
	return out
}

// allows reports whether a key with value v meets q.
func (q keyReq) allows(v string) bool {
	if q.absent || slices.Contains(q.notIn, v) {
		return false
	}
	return !q.restricted || slices.Contains(q.in, v)
}

// solve finds the smallest labels that meet every requirement: only the
// keys that must exist, each with a value it allows. Among the values a
// key allows, the first of prefer (values PodDefaults of the set add for
// that key, so that the pod does not clash with them where it need not),
// else the smallest of an In list, else "true", else the first unused of
// "", "x1", "x2", ... It reports false when no labels meet them all.
func (c constraints) solve(prefer map[string][]string) (map[string]string, bool) {
	labels := map[string]string{}
	for k, q := range c {
		if q.absent && q.exists {
			return nil, false
		}
		if !q.exists {
			continue
		}
		v, ok := q.value(prefer[k])
		if !ok {
			return nil, false
		}
		labels[k] = v
	}
	return labels, true
}

func (q keyReq) value(prefer []string) (string, bool) {
	if q.absent {
		return "", false
	}
	for _, v := range prefer {
		if q.allows(v) {
			return v, true
		}
	}
	if q.restricted {
		for _, v := range q.in {
			if q.allows(v) {
				return v, true
			}
		}
		return "", false
	}
	for _, v := range []string{"true", ""} {
		if q.allows(v) {
			return v, true
		}
	}
	// notIn is finite: one of len(notIn)+1 fresh values is free
	for i := 1; ; i++ {
		if v := "x" + strconv.Itoa(i); q.allows(v) {
			return v, true
		}
	}
}

// compatible reports whether some labels meet both constraints, each of
// which some labels meet alone: only the keys both ask about can
// contradict each other.
func compatible(a, b constraints) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for k, qa := range a {
		if qb, ok := b[k]; ok && !qa.and(qb).feasible() {
			return false
		}
	}
	return true
}

// feasible reports whether some key (or its absence) meets q.
func (q keyReq) feasible() bool {
	if q.absent {
		return !q.exists
	}
	if !q.restricted {
		return true // notIn is finite
	}
	for _, v := range q.in {
		if !slices.Contains(q.notIn, v) {
			return true
		}
	}
	return false
}

// requires reports whether every pod the constraints accept carries key.
func (c constraints) requires(key string) bool { return c[key].exists }

// Witness returns the smallest labels that every selector of the
// PodDefaults accepts (only the keys some selector needs; values the
// PodDefaults add as labels are preferred), or false when no pod can carry
// labels that all of them accept. A selector the webhook cannot convert is
// an error.
func Witness(pds ...*poddefault.PodDefault) (map[string]string, bool, error) {
	cs := make([]constraints, len(pds))
	for i, pd := range pds {
		c, err := compile(&pd.Spec.Selector)
		if err != nil {
			return nil, false, &poddefault.SelectorError{PodDefault: pd.Name, Selector: fmt.Sprintf("%v", pd.Spec.Selector), Err: err}
		}
		cs[i] = c
	}
	labels, ok := and(cs...).solve(preferred(pds))
	return labels, ok, nil
}

// preferred gives, by key, the values the PodDefaults add as labels, in
// sorted order.
func preferred(pds []*poddefault.PodDefault) map[string][]string {
	var out map[string][]string
	for _, pd := range pds {
		for k, v := range pd.Spec.Labels {
			if out == nil {
				out = map[string][]string{}
			}
			if !slices.Contains(out[k], v) {
				out[k] = append(out[k], v)
				sort.Strings(out[k])
			}
		}
	}
	return out
}
