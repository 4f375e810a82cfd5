package apply

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/poddefault"
)

// The cluster's view of a template: podctl predicts what the API server,
// with the PodDefault webhook, does with the pod a template makes — the
// pod as the manifest gives it, and the pod podctl's output gives — with
// the model of internal/cluster.

// ClusterRefusal is the API server refusing a pod for a reason the
// webhook's rules on the pod as written do not show: defaulting made an
// item that is identical as written differ, the webhook's patch cannot be
// applied, or the pod the webhook made is invalid.
type ClusterRefusal struct {
	Refusal *cluster.Refusal
	// Because explains, in words, what the API server did to cause it.
	Because []string
}

func (e *ClusterRefusal) Error() string {
	var conflict *poddefault.ConflictError
	if len(e.Because) > 0 && errors.As(e.Refusal, &conflict) {
		return fmt.Sprintf("the webhook would reject this pod in the cluster: PodDefaults %s conflict with what the API server sets before the webhook runs\n  - %s",
			strings.Join(conflict.PodDefaults, ", "), strings.Join(e.Because, "\n  - "))
	}
	return "the API server would refuse the pod: " + e.Refusal.Message
}

func (e *ClusterRefusal) Unwrap() error { return e.Refusal }

// create runs a template's pod through the model of the API server; with
// webhook false, as for a template marked excluded.
func (r *runner) create(pod *corev1.Pod, t template, webhook bool) (*cluster.Outcome, error) {
	out, _, err := r.createAlone(pod, t, webhook, nil)
	return out, err
}

// createAlone is create, and, where alone says so of the Outcome with the
// webhook called, also what the cluster does with the pod with the
// webhook skipped (as create with webhook false gives it), gone on from
// the first Create's Sent pod, which is the same up to the webhook;
// skipped is nil where alone says no or that went wrong.
func (r *runner) createAlone(pod *corev1.Pod, t template, webhook bool, alone func(*cluster.Outcome) bool) (out, skipped *cluster.Outcome, err error) {
	// a shallow copy: Create changes nothing of the pod it is given, and
	// shortenAnnotations copies the annotations it changes
	shallow := *pod
	p := &shallow
	if !t.isPod {
		// a controller creates the template's pods, with generated names
		p.GenerateName, p.Name = pod.Name+"-", ""
	}
	opt := cluster.Options{}
	if !webhook {
		opt.Webhook = cluster.WebhookSkipped
	}
	if name := p.Spec.PriorityClassName; name != "" && !strings.HasPrefix(name, "system-") {
		// a PriorityClass a manifest names is the cluster's, not podctl's to
		// doubt: it exists, with the priority the pod gives, else 0
		pc := cluster.PriorityClass{}
		if p.Spec.Priority != nil {
			pc.Value = *p.Spec.Priority
		}
		opt.PriorityClasses = map[string]cluster.PriorityClass{name: pc}
	}
	long := shortenAnnotations(p)
	out, err = cluster.Create(p, pod.Namespace, r.stored, opt)
	if err != nil {
		return nil, nil, err
	}
	if webhook && alone != nil && alone(out) {
		// before the long annotations are back: the model saw placeholders
		if skipped, err = out.WithoutWebhook(opt); err != nil {
			skipped = nil // for the caller to run again, and meet the error
		} else {
			restoreAnnotations(skipped.Pod, long)
		}
	}
	for _, q := range []*corev1.Pod{out.Sent, out.Patched, out.Pod} {
		restoreAnnotations(q, long)
	}
	return out, skipped, nil
}

// longAnnotation is the length from which an annotation's value stands in
// the model as a short placeholder: the model copies the pod through JSON
// several times, and a generated manifest may carry megabytes in one
// annotation. Nothing in the model reads such a value.
const longAnnotation = 4096

// shortenAnnotations replaces the long annotation values of pod by
// placeholders, in a copy of its annotations (the map may be the
// manifest's pod's), and returns the values by key.
func shortenAnnotations(pod *corev1.Pod) map[string]string {
	var long map[string]string
	annotations := pod.Annotations
	for k, v := range annotations {
		if len(v) >= longAnnotation {
			if long == nil {
				long = map[string]string{}
				pod.Annotations = maps.Clone(annotations)
			}
			long[k] = v
			pod.Annotations[k] = "podctl: a long value"
		}
	}
	return long
}

func restoreAnnotations(pod *corev1.Pod, long map[string]string) {
	if pod == nil {
		return
	}
	for k, v := range long {
		if _, ok := pod.Annotations[k]; ok {
			pod.Annotations[k] = v
		}
	}
}

// judged reports whether podctl answers for a refusal: every refusal of a
// Pod, which is created as written; for a template only what the webhook
// causes, since the manifest may be a part the rest of a build completes.
func (r *runner) judged(pod *corev1.Pod, t template, out *cluster.Outcome) bool {
	if t.isPod {
		return true
	}
	switch out.Refusal.Reason {
	case cluster.ReasonWebhookDenied, cluster.ReasonPatchFailed:
		return true
	}
	alone, err := r.create(pod, t, false)
	return err == nil && alone.Refusal == nil
}

// engineInput is the pod the server sent the webhook, named as the
// template's pod is, for the engine's messages: a shallow copy, since
// poddefault.Apply changes nothing of the pod it is given.
func engineInput(sent, pod *corev1.Pod) *corev1.Pod {
	p := *sent
	p.Name, p.GenerateName = pod.Name, pod.GenerateName
	return &p
}

// explainRefusal says what the API server did that the webhook's rules on
// the pod as written do not show.
func explainRefusal(out *cluster.Outcome) []string {
	var conflict *poddefault.ConflictError
	if !errors.As(out.Refusal, &conflict) {
		return nil
	}
	var because []string
	for _, c := range conflict.Clashes {
		added := addedFields(c.New, c.Found)
		if len(added) == 0 {
			because = append(because, c.String())
			continue
		}
		what := "the pod's " + singular(c.Field)
		if c.Field == poddefault.FieldSidecars {
			what = "the pod's container" // the sidecar is a container there
		}
		if c.FoundIn != "" {
			what = "the " + singular(c.Field) + " of PodDefault " + c.FoundIn
		}
		because = append(because, fmt.Sprintf("%s %q of PodDefault %s is identical as written, but the API server sets %s on %s before the webhook compares it with the PodDefault's",
			singular(c.Field), c.Key, c.PodDefault, strings.Join(added, ", "), what))
	}
	return because
}

func singular(f poddefault.Field) string {
	switch f {
	case poddefault.FieldSidecars:
		return "sidecar"
	case poddefault.FieldInitContainers:
		return "init container"
	case poddefault.FieldEnv:
		return "env var"
	}
	return strings.TrimSuffix(string(f), "s")
}

// addedFields lists the fields that found has and written lacks, as
// "path: value", when that is all that tells them apart; nil otherwise.
func addedFields(written, found any) []string {
	a, err1 := generic(written)
	b, err2 := generic(found)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	if !onlyAdded(a, b, "", &out) {
		return nil
	}
	sort.Strings(out)
	return out
}

func generic(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(data, &out)
	return out, err
}

// onlyAdded reports whether b is a with fields added, and lists them.
func onlyAdded(a, b any, path string, out *[]string) bool {
	switch bt := b.(type) {
	case map[string]any:
		at, ok := a.(map[string]any)
		if !ok {
			return false
		}
		for k, av := range at {
			if bv, ok := bt[k]; !ok || !onlyAdded(av, bv, join(path, k), out) {
				return false
			}
		}
		for k, bv := range bt {
			if _, ok := at[k]; !ok {
				*out = append(*out, join(path, k)+": "+showValue(bv))
			}
		}
		return true
	case []any:
		// items the server appends (the token's mount) count as added
		at, ok := a.([]any)
		if !ok || len(at) > len(bt) {
			return false
		}
		for i := range at {
			if !onlyAdded(at[i], bt[i], fmt.Sprintf("%s[%d]", path, i), out) {
				return false
			}
		}
		for i := len(at); i < len(bt); i++ {
			*out = append(*out, fmt.Sprintf("%s[%d]: %s", path, i, showValue(bt[i])))
		}
		return true
	}
	return equality.Semantic.DeepEqual(a, b)
}

// showValue writes a JSON value compactly, a plain string without quotes.
func showValue(v any) string {
	if s, ok := v.(string); ok && s != "" && !strings.ContainsAny(s, " :,\"") {
		return s
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// ownOutput reports whether a conflict the cluster finds is only an
// earlier run of podctl met again: the pod carries the marker of every
// PodDefault in a clash, and every clash is an item of the pod identical
// as written to the PodDefault's, told apart only by what the API server
// sets, or falls in a container that is a sidecar podctl injected
// (identical as written to one of those PodDefaults': it receives nothing).
func ownOutput(pod *corev1.Pod, out *cluster.Outcome, present []string) bool {
	var conflict *poddefault.ConflictError
	if out.Refusal == nil || !errors.As(out.Refusal, &conflict) || len(conflict.Clashes) == 0 {
		return false
	}
	for _, c := range conflict.Clashes {
		if _, marked := pod.Annotations[poddefault.MarkerKey(c.PodDefault)]; !marked || c.FoundIn != "" {
			return false
		}
		if !slices.Contains(present, c.Container) && len(addedFields(c.New, c.Found)) == 0 {
			return false
		}
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// reapplied says what the cluster does with podctl's output for a
// template: the pod it stores with the webhook skipped (as for output
// marked excluded; nil when refused), and a warning where the webhook,
// meeting the output again, refuses or changes it.
func (r *runner) reapplied(pod *corev1.Pod, t template, changes []poddefault.Change) (alone *corev1.Pod, warning string) {
	output := poddefault.Replay(pod, changes)
	var skipped *cluster.Outcome // what the second Create gave of it, if it did
	skip := func() *corev1.Pod {
		if skipped == nil {
			var err error
			if skipped, err = r.create(output, t, false); err != nil {
				return nil
			}
		}
		if skipped.Refusal != nil {
			return nil
		}
		return skipped.Pod
	}
	if r.req.MarkExcluded {
		return skip(), ""
	}
	again, skipped, err := r.createAlone(output, t, true, func(o *cluster.Outcome) bool { return o.Refusal != nil || o.Changed })
	switch {
	case err != nil:
		return skip(), ""
	case again.Refusal == nil && !again.Changed:
		// the webhook left the output as it was: the same as skipping it
		return again.Pod, ""
	}
	alone = skip()
	switch {
	case alone == nil:
		return nil, "" // refused without the webhook too: not its doing
	case again.Refusal != nil:
		return alone, r.refusesOutput(again)
	case cluster.SameContent(again.Pod, alone):
		return alone, ""
	}
	return alone, "where the PodDefault webhook also runs, it changes podctl's output for this template again (" + strings.Join(podDiff(alone, again.Pod), ", ") +
		"): " + r.markExcludedHint()
}

// markExcludedHint says how to keep the webhook off podctl's output, in
// the front end's words.
func (r *runner) markExcludedHint() string {
	return "mark the template excluded (" + r.req.Wording.markExcluded() + ") so that the webhook leaves it alone"
}

// refusesOutput is the warning for podctl's output that the cluster, with
// the webhook, refuses.
func (r *runner) refusesOutput(out *cluster.Outcome) string {
	if because := explainRefusal(out); len(because) > 0 {
		return "where the PodDefault webhook also runs, it rejects podctl's output for this template: " + strings.Join(because, "; ") + ": " + r.markExcludedHint()
	}
	return "where the PodDefault webhook also runs, the API server refuses podctl's output for this template (" + out.Refusal.Message + "): " + r.markExcludedHint()
}

// podDiff names the top-level fields of the pod's metadata and spec that
// differ.
func podDiff(a, b *corev1.Pod) []string {
	ga, _ := generic(a)
	gb, _ := generic(b)
	var out []string
	for _, part := range []string{"metadata", "spec"} {
		ma, _ := ga.(map[string]any)[part].(map[string]any)
		mb, _ := gb.(map[string]any)[part].(map[string]any)
		out = append(out, fieldsThatDiffer(part, ma, mb)...)
	}
	return out
}

// fieldsThatDiffer names, as "prefix.key" in key order, the keys whose
// values differ between two JSON objects.
func fieldsThatDiffer(prefix string, a, b map[string]any) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if !equality.Semantic.DeepEqual(a[k], b[k]) {
			out = append(out, prefix+"."+k)
		}
	}
	return out
}

// differs warns where the pod the cluster creates from a template differs
// from the pod podctl's output gives: what the manifest shows is then not
// what runs.
func differs(final, output *corev1.Pod, changes []poddefault.Change) string {
	if final == nil || output == nil || cluster.SameContent(final, output) {
		return ""
	}
	if w := tokenKept(final, changes); w != "" {
		return w
	}
	return "the pod the cluster creates from this template differs from the pod podctl's output gives (" + strings.Join(podDiff(output, final), ", ") +
		"): the API server's admission plugins ran before the webhook, on the pod as written"
}

// tokenKept warns where a PodDefault turns off the service account token
// that the API server has mounted already, before the webhook ran.
func tokenKept(final *corev1.Pod, changes []poddefault.Change) string {
	for _, c := range changes {
		if c.Field != poddefault.FieldAutomountServiceAccountToken || c.Value.(bool) {
			continue
		}
		for _, v := range final.Spec.Volumes {
			if cluster.IsTokenVolumeName(v.Name) {
				return fmt.Sprintf("PodDefault %s sets automountServiceAccountToken: false, but the API server mounts the service account token (volume %s) before the webhook runs, so the pod keeps it. "+
					"Set automountServiceAccountToken: false on the workload or its ServiceAccount instead", c.From.Name, v.Name)
			}
		}
	}
	return ""
}
