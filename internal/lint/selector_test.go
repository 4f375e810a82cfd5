package lint_test

import (
	"math/rand/v2"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/poddefault"
)

// labelings are every label set over the generator's keys, each key
// absent or holding one of its values or a value no selector names.
func labelings() []map[string]string {
	values := append([]string{""}, append(genValues, "fresh")...) // "" stands for absent
	out := []map[string]string{{}}
	for _, k := range genKeys {
		var next []map[string]string
		for _, m := range out {
			for _, v := range values {
				c := map[string]string{}
				for kk, vv := range m {
					c[kk] = vv
				}
				if v != "" {
					c[k] = v
				}
				next = append(next, c)
			}
		}
		out = next
	}
	return out
}

// Witness is exact: it finds labels exactly when some label set meets
// every selector, those labels meet them, and no label set that meets
// them has fewer keys. Checked against every label set over the
// selectors' keys and values (and one value they do not name, which
// stands for every such value).
func TestWitnessIsExact(t *testing.T) {
	all := labelings()
	r := rand.New(rand.NewPCG(7, 7))
	sat, unsat := 0, 0
	for range 3000 {
		var pds []*poddefault.PodDefault
		var sels []labels.Selector
		for range 1 + r.IntN(3) {
			pd := &poddefault.PodDefault{Spec: poddefault.PodDefaultSpec{Selector: genSelector(r)}}
			s, err := metav1.LabelSelectorAsSelector(&pd.Spec.Selector)
			if err != nil {
				t.Fatal(err)
			}
			pds, sels = append(pds, pd), append(sels, s)
		}
		matchesAll := func(m map[string]string) bool {
			for _, s := range sels {
				if !s.Matches(labels.Set(m)) {
					return false
				}
			}
			return true
		}
		fewest := -1
		for _, m := range all {
			if matchesAll(m) && (fewest < 0 || len(m) < fewest) {
				fewest = len(m)
			}
		}
		w, ok, err := lint.Witness(pds...)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (fewest >= 0) {
			t.Fatalf("selectors %v: Witness says %v, the label sets say %v", selectors(pds), ok, fewest >= 0)
		}
		if !ok {
			unsat++
			continue
		}
		sat++
		if !matchesAll(w) {
			t.Fatalf("selectors %v: witness %v does not meet them", selectors(pds), w)
		}
		if len(w) != fewest {
			t.Fatalf("selectors %v: witness %v has %d keys, %d suffice", selectors(pds), w, len(w), fewest)
		}
	}
	if sat < 500 || unsat < 200 {
		t.Fatalf("too few cases of each kind: %d satisfiable, %d not", sat, unsat)
	}
}

func selectors(pds []*poddefault.PodDefault) []string {
	var out []string
	for _, pd := range pds {
		out = append(out, metav1.FormatLabelSelector(&pd.Spec.Selector))
	}
	return out
}

// The witness prefers a value a PodDefault of the set adds as a label,
// where the selectors allow it, so that the pod does not clash with the
// PodDefault where no pod need.
func TestWitnessPrefersAddedLabels(t *testing.T) {
	a := &poddefault.PodDefault{Spec: poddefault.PodDefaultSpec{
		Selector: metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpExists}}},
		Labels:   map[string]string{"tier": "gold"}}}
	w, ok, err := lint.Witness(a)
	if err != nil || !ok || w["tier"] != "gold" {
		t.Fatalf("witness %v, %v, %v: want tier=gold", w, ok, err)
	}
	b := &poddefault.PodDefault{Spec: poddefault.PodDefaultSpec{
		Selector: metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"gold"}}}}}}
	w, ok, _ = lint.Witness(a, b)
	if !ok || w["tier"] == "gold" || w["tier"] == "" {
		t.Fatalf("witness %v: want a tier other than gold", w)
	}
}

func TestWitnessRefusesWhatTheWebhookCannotConvert(t *testing.T) {
	bad := &poddefault.PodDefault{Spec: poddefault.PodDefaultSpec{
		Selector: metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists, Values: []string{"x"}}}}}}
	bad.Name = "bad"
	if _, _, err := lint.Witness(bad); err == nil {
		t.Fatal("want the conversion error")
	}
}
