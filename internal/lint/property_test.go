package lint_test

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
)

func located(pds []poddefault.PodDefault) lint.Input {
	var in lint.Input
	for i, pd := range pds {
		in.Defaults = append(in.Defaults, lint.Default{Location: lint.Location{File: "pd.yaml", Line: 1 + i}, PodDefault: pd})
	}
	return in
}

// involved names the PodDefaults of a finding, sorted.
func involved(f lint.Finding) []string {
	objects := []string{f.Object}
	for _, r := range f.Related {
		objects = append(objects, r.Object)
	}
	var out []string
	for _, o := range objects {
		out = append(out, o[strings.LastIndex(o, "/")+1:])
	}
	sort.Strings(out)
	return out
}

// refusedBy runs apply-defaults on a Pod manifest and PodDefault
// manifests, as a user would, and returns the clashes it refuses the pod
// for (nil when it admits it).
func refusedBy(t *testing.T, pod *corev1.Pod, pds ...*poddefault.PodDefault) []poddefault.Clash {
	t.Helper()
	p := pod.DeepCopy()
	p.APIVersion, p.Kind = "v1", "Pod"
	// a pod the API server takes, but for what the PodDefaults bring
	p.Name = "witness"
	for i := range p.Spec.Containers {
		p.Spec.Containers[i].Image = "img"
	}
	podYAML, err := yaml.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var defaults bytes.Buffer
	for _, pd := range pds {
		b, err := yaml.Marshal(pd)
		if err != nil {
			t.Fatal(err)
		}
		defaults.WriteString("---\n")
		defaults.Write(b)
	}
	_, err = apply.Run(apply.Request{
		Workloads: []*manifest.Source{manifest.NewSource("pod.yaml", podYAML)},
		Defaults:  []*manifest.Source{manifest.NewSource("pd.yaml", defaults.Bytes())}})
	var f *apply.Failure
	switch {
	case err == nil:
		return nil
	case errors.As(err, &f) && len(f.Inputs) == 0 && len(f.Rejections) == 1:
		var ce *poddefault.ConflictError
		if errors.As(f.Rejections[0].Err, &ce) {
			return ce.Clashes
		}
		var cr *apply.ClusterRefusal
		if errors.As(f.Rejections[0].Err, &cr) && cr.Refusal.Reason == cluster.ReasonInvalid {
			return nil // invalid, not a clash: the shape rules say so
		}
	}
	t.Fatalf("apply-defaults: %v", err)
	return nil
}

func clashStrings(cs []poddefault.Clash) []string {
	var out []string
	for _, c := range cs {
		c.Container = ""
		out = append(out, c.String())
	}
	return out
}

// The clash rule agrees with apply-defaults: over generated namespaces,
// for every pair of PodDefaults (neither clashing with itself) that one
// pod can select, a Pod manifest with the witness labels is refused by
// apply-defaults with exactly the clashes PD102 reports for the pair, and
// admitted when PD102 reports nothing.
func TestClashRuleAgreesWithApplyDefaults(t *testing.T) {
	reported, passed, apart := 0, 0, 0
	seeds := uint64(30)
	if testing.Short() { // make test-large runs all 30
		seeds = 10
	}
	for seed := range seeds {
		pds := genNamespace(seed, 9)
		findings := lint.Run(located(pds))
		self := map[string]bool{}
		pairs := map[string]lint.Finding{}
		for _, f := range findings {
			switch f.Rule {
			case "PD103", "PD305":
				self[involved(f)[0]] = true
			case "PD102":
				if names := involved(f); len(names) == 2 {
					pairs[strings.Join(names, " ")] = f
				}
			}
		}
		for i := range pds {
			for j := i + 1; j < len(pds); j++ {
				a, b := &pds[i], &pds[j]
				if self[a.Name] || self[b.Name] {
					continue
				}
				labels, ok, err := lint.Witness(a, b)
				if err != nil {
					t.Fatal(err)
				}
				f, isReported := pairs[a.Name+" "+b.Name]
				if !ok {
					apart++
					if isReported {
						t.Errorf("seed %d: %s and %s: no pod can carry both, yet PD102 reports %s", seed, a.Name, b.Name, f.Message)
					}
					continue
				}
				got := clashStrings(refusedBy(t, lint.WitnessPod("team", labels, a, b), a, b))
				if !isReported {
					passed++
					if len(got) > 0 {
						t.Errorf("seed %d: PD102 passes %s and %s, but apply-defaults refuses a pod labelled %v: %v", seed, a.Name, b.Name, labels, got)
					}
					continue
				}
				reported++
				if want := clashStrings(f.Clashes); !slices.Equal(got, want) {
					t.Errorf("seed %d: %s and %s on a pod labelled %v:\napply-defaults refuses for %q\nPD102 reports %q", seed, a.Name, b.Name, labels, got, want)
				}
				if len(f.Witness) != len(labels) {
					t.Errorf("seed %d: PD102 shows witness %v, want %v", seed, f.Witness, labels)
				}
			}
		}
	}
	t.Logf("%d pairs reported, %d passed, %d that no pod can carry", reported, passed, apart)
	if least := int(seeds); reported < 5*least/3 || passed < 5*least/3 || apart < 2*least/3 {
		t.Fatalf("too few cases of each kind: %d reported, %d passed, %d apart", reported, passed, apart)
	}
}

// The sets lint reports are exactly the smallest sets the engine refuses:
// for every set of up to four PodDefaults that one pod can select, the
// engine refuses the pod with the witness labels exactly when the set
// holds a PodDefault reported to clash with itself or a pair or triple
// reported by PD102. This holds lint's claim that no set of four or more
// needs to be asked about.
func TestReportedSetsAreTheSmallestThatClash(t *testing.T) {
	triples := 0
	for seed := range uint64(60) {
		pds := genNamespace(1000+seed, 8)
		var reported [][]string
		for _, f := range lint.Run(located(pds)) {
			switch f.Rule {
			case "PD102", "PD103", "PD305":
				reported = append(reported, involved(f))
				if f.Rule == "PD102" && len(f.Related) == 2 {
					triples++
				}
			}
		}
		n := len(pds)
		for mask := 1; mask < 1<<n; mask++ {
			var set []*poddefault.PodDefault
			var names []string
			for i := range n {
				if mask&(1<<i) != 0 {
					set = append(set, &pds[i])
					names = append(names, pds[i].Name)
				}
			}
			if len(set) > 4 {
				continue
			}
			labels, ok, err := lint.Witness(set...)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			refused := len(poddefault.Check(lint.WitnessPod("team", labels, set...), set)) > 0
			covered := false
			for _, r := range reported {
				if subset(r, names) {
					covered = true
				}
			}
			if refused != covered {
				t.Errorf("seed %d: set %v on a pod labelled %v: the engine refuses it: %v; a reported set within it: %v", seed, names, labels, refused, covered)
			}
		}
	}
	t.Logf("%d sets of three reported", triples)
}

func subset(small, large []string) bool {
	for _, s := range small {
		if !slices.Contains(large, s) {
			return false
		}
	}
	return true
}
