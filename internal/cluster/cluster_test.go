package cluster_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/cluster/clustertest"
	"github.com/podctl/podctl/internal/poddefault"
)

// classOf maps the model's refusal to the harness's classification of the
// server's error.
var classOf = map[cluster.Reason]string{
	cluster.ReasonWebhookDenied: "webhook-denied",
	cluster.ReasonPatchFailed:   "patch-failed",
	cluster.ReasonInvalid:       "invalid",
	cluster.ReasonForbidden:     "forbidden",
	cluster.ReasonBadRequest:    "other",
}

// tally counts agreement over all stored cases, for the log.
type tally struct{ runs, decisions, podsCompared, podsEqual, messagesCompared, messagesEqual int }

func (s *tally) String() string {
	return strings.Join([]string{
		"runs " + itoa(s.runs),
		"decisions agree " + itoa(s.decisions) + "/" + itoa(s.runs),
		"pods equal " + itoa(s.podsEqual) + "/" + itoa(s.podsCompared),
		"messages equal " + itoa(s.messagesEqual) + "/" + itoa(s.messagesCompared),
	}, ", ")
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestModelAgreesWithCluster runs the model on every stored case — the pod
// as written, podctl's output, and podctl's --mark-excluded output — and
// compares its decision, refusal class, validation messages and admitted
// pod with what the real API server answered.
func TestModelAgreesWithCluster(t *testing.T) {
	var all tally
	for _, c := range loadStoredCases(t) {
		t.Run(c.set+"/"+c.name, func(t *testing.T) {
			pds := podDefaultsOf(t, c)
			for _, run := range []struct {
				name, input string
				want        *answer
			}{
				{"create", "pod.yaml", &c.record.Create},
				{"create-lenient", "pod.yaml", c.record.CreateLenient},
				{"reapply", "podctl.out.yaml", c.record.Reapply},
				{"reapply-marked", "marked.out.yaml", c.record.ReapplyMarked},
			} {
				if run.want == nil {
					continue
				}
				if run.want.Class == "strict-decoding" {
					continue // the server refused unknown fields; the model is typed
				}
				pods := readPods(t, filepath.Join(c.dir, run.input))
				if len(pods) != 1 {
					t.Fatalf("%s: %d pods", run.input, len(pods))
				}
				all.runs++
				out, err := cluster.Create(pods[0], c.meta.Namespace, pds, cluster.Options{})
				if err != nil {
					t.Errorf("%s: %v", run.name, err)
					continue
				}
				compareAnswer(t, run.name, out, run.want, &all)
			}
		})
	}
	t.Log(all.String())
}

// podDefaultsOf are the case's PodDefaults as the webhook lists them: those
// the server stored, as it stored them. The model's StoredPodDefault must
// give what the server stored.
func podDefaultsOf(t testing.TB, c storedCase) []poddefault.PodDefault {
	t.Helper()
	pds, missing := readPodDefaults(t, filepath.Join(c.dir, "poddefaults.yaml"))
	var out []poddefault.PodDefault
	for _, pd := range pds {
		if missing[pd.Name] {
			continue // the CRD requires spec.selector
		}
		if unknown := cluster.CRDUnknownFields(pd); len(unknown) > 0 {
			// the harness creates PodDefaults with kubectl's strict field
			// validation: the server refuses them
			if !setupRefused(c.record.Setup, pd.Name, unknown) {
				t.Errorf("PodDefault %s has fields the CRD does not know %v, but the server did not refuse it", pd.Name, unknown)
			}
			continue
		}
		if pd.Namespace == "" {
			pd.Namespace = c.meta.Namespace
		}
		out = append(out, cluster.StoredPodDefault(pd))
	}
	byName := map[string]poddefault.PodDefaultSpec{}
	for _, s := range c.record.PodDefaults {
		var spec poddefault.PodDefaultSpec
		b, _ := json.Marshal(s.Spec)
		if err := json.Unmarshal(b, &spec); err != nil {
			t.Fatal(err)
		}
		byName[s.Namespace+"/"+s.Name] = spec
	}
	if len(byName) != len(out) {
		t.Errorf("the server stored %d PodDefaults, the model %d", len(byName), len(out))
	}
	for _, pd := range out {
		want, ok := byName[pd.Namespace+"/"+pd.Name]
		if !ok {
			t.Errorf("PodDefault %s/%s: the server did not store it", pd.Namespace, pd.Name)
			continue
		}
		if !reflect.DeepEqual(want, pd.Spec) {
			var w, g any
			b, _ := json.Marshal(want)
			_ = json.Unmarshal(b, &w)
			b, _ = json.Marshal(pd.Spec)
			_ = json.Unmarshal(b, &g)
			t.Errorf("PodDefault %s as stored differs: %v", pd.Name, clustertest.DiffJSON(w, g, "spec"))
		}
	}
	return out
}

func compareAnswer(t *testing.T, run string, out *cluster.Outcome, want *answer, all *tally) {
	t.Helper()
	if out.Admitted() != want.Admitted {
		if want.Admitted {
			t.Errorf("%s: the cluster admits the pod, the model refuses it: %s", run, out.Refusal.Message)
		} else {
			t.Errorf("%s: the cluster refuses the pod (%s: %s), the model admits it", run, want.Class, want.Error)
		}
		return
	}
	if !want.Admitted {
		if got := classOf[out.Refusal.Reason]; got != want.Class {
			t.Errorf("%s: the cluster refuses as %s (%s), the model as %s (%s)", run, want.Class, want.Error, got, out.Refusal.Message)
			return
		}
		all.decisions++
		switch _, wantMsg, _ := strings.Cut(want.Error, `error when creating "STDIN": `); want.Class {
		case "patch-failed":
			all.messagesCompared++
			if wantMsg != out.Refusal.Message {
				t.Errorf("%s: patch failure\ncluster: %s\nmodel:   %s", run, wantMsg, out.Refusal.Message)
			} else {
				all.messagesEqual++
			}
		case "webhook-denied":
			// the envelope names every matching PodDefault and the pod; the
			// details are Go dumps that cannot be reproduced
			all.messagesCompared++
			w, _, _ := strings.Cut(wantMsg, " err: ")
			g, _, _ := strings.Cut(out.Refusal.Message, " err: ")
			if w != g {
				t.Errorf("%s: webhook denial\ncluster: %s\nmodel:   %s", run, w, g)
			} else {
				all.messagesEqual++
			}
		}
		if want.Class == "invalid" {
			all.messagesCompared++
			got := fieldErrors(out.Refusal)
			// the server walks maps (labels, annotations, resources) in
			// random order, so the order of their errors varies
			if w := invalidCauses(want.Error); !reflect.DeepEqual(sorted(w), sorted(got)) {
				t.Errorf("%s: validation errors\ncluster: %q\nmodel:   %q", run, w, got)
			} else {
				all.messagesEqual++
			}
		}
		return
	}
	all.decisions++
	all.podsCompared++
	got := clustertest.Normalise(out.Pod)
	if diffs := clustertest.DiffJSON(want.Pod, got, ""); len(diffs) > 0 {
		t.Errorf("%s: the admitted pods differ:\n%s", run, strings.Join(diffs, "\n"))
		return
	}
	all.podsEqual++
}

// fieldErrors are a refusal's validation errors as the server words them.
func fieldErrors(r *cluster.Refusal) []string {
	out := make([]string, len(r.Fields))
	for i, e := range r.Fields {
		out[i] = e.Error()
	}
	return out
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

// setupRefused reports whether the server refused to create PodDefault
// name for exactly the unknown fields given.
func setupRefused(notes []string, name string, unknown []string) bool {
	want := make([]string, len(unknown))
	for i, f := range unknown {
		want[i] = "unknown field " + strconv.Quote(f)
	}
	for _, n := range notes {
		if strings.HasPrefix(n, "create poddefault "+name+":") && strings.HasSuffix(n, "strict decoding error: "+strings.Join(want, ", ")) {
			return true
		}
	}
	return false
}

// invalidCauses are the field errors of kubectl's report of an invalid
// object: after "is invalid: ", one error, or one per line after "* ".
func invalidCauses(msg string) []string {
	_, rest, _ := strings.Cut(msg, " is invalid: ")
	if !strings.HasPrefix(rest, "\n* ") {
		return []string{rest}
	}
	var out []string
	for _, line := range strings.Split(strings.TrimPrefix(rest, "\n"), "\n") {
		out = append(out, strings.TrimPrefix(line, "* "))
	}
	return out
}
