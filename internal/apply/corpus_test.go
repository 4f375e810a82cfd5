package apply_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/workload"
)

// The PodDefaults of the corpus runs. Those of mutation select the labels
// the corpus's templates carry; that of passthrough selects nothing.
const (
	corpusNamespace = "kubeflow-user-example-com"

	corpusMutation = `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: access-ml-pipeline
  namespace: kubeflow-user-example-com
spec:
  desc: Allow access to Kubeflow Pipelines
  selector:
    matchLabels:
      access-ml-pipeline: "true"
  env:
  - name: KF_PIPELINES_SA_TOKEN_PATH
    value: /var/run/secrets/kubeflow/pipelines/token
  volumeMounts:
  - mountPath: /var/run/secrets/kubeflow/pipelines
    name: volume-kf-pipeline-token
    readOnly: true
  volumes:
  - name: volume-kf-pipeline-token
    projected:
      sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 7200
          audience: pipelines.kubeflow.org
---
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: gpu-pool
  namespace: kubeflow-user-example-com
spec:
  desc: Run on the GPU pool
  selector:
    matchLabels:
      gpu: "true"
  tolerations:
  - key: nvidia.com/gpu
    operator: Exists
    effect: NoSchedule
  labels:
    pool: gpu
  annotations:
    cluster-autoscaler.kubernetes.io/safe-to-evict: "false"
---
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: log-shipper
  namespace: kubeflow-user-example-com
spec:
  desc: Ship logs
  selector:
    matchLabels:
      log-shipper: "true"
  sidecars:
  - name: fluent-bit
    image: fluent/fluent-bit:3.0
    args: ["-c", "/fluent-bit/etc/fluent-bit.conf"]
---
apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: pvc-viewer-env
  namespace: kubeflow-user-example-com
spec:
  desc: Settings for the volume browser
  selector:
    matchLabels:
      app.kubernetes.io/part-of: pvc-viewer
  env:
  - name: FB_NOAUTH
    value: "true"
`
	corpusPassthrough = `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: selects-nothing
  namespace: kubeflow-user-example-com
spec:
  desc: Selects no template of the corpus
  selector:
    matchLabels:
      corpus.podctl.dev/never: "true"
  env:
  - name: NEVER
    value: "set"
`
)

// TestCorpus runs every file of testdata/corpus — real-shaped manifests of
// every built-in kind and of the documents around them, written in the
// styles real repositories have — alone through apply:
//
//   - passthrough: with a PodDefault that selects nothing, the output is
//     the input, byte for byte, and no document fails;
//   - mutation: with PodDefaults that select the corpus's templates, every
//     changed document differs from the input by insertions only
//     (checkInsertionsOnly says which line changes are allowed), every
//     value of the input keeps its value, and the output is a fixed point
//     of a second run;
//   - --mark-excluded: a second run on its output changes nothing and
//     warns of nothing a passthrough run does not warn of;
//   - bad files fail with the error listed in corpusBad, and only they.
//
// With -update it writes the corpus again first.
func TestCorpus(t *testing.T) {
	if updating() {
		writeCorpus(t)
	}
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 200 {
		t.Fatalf("the corpus has %d files, fewer than 200", len(paths))
	}
	want := corpusFiles(t)
	if len(want) != len(paths) {
		t.Errorf("the corpus has %d files, its generator %d: go test ./internal/apply -run TestCorpus -update", len(paths), len(want))
	}
	badErr := map[string]string{}
	for _, b := range corpusBad {
		badErr[b.name] = b.err
	}
	var kinds kindSet = map[string]bool{}
	stats := make([]corpusStat, len(paths))
	t.Run("files", func(t *testing.T) {
		for i, path := range paths {
			name := filepath.Base(path)
			data := readFile(t, path)
			if g, ok := want[name]; ok && !bytes.Equal(g, data) {
				t.Errorf("%s is not what the generator writes: go test ./internal/apply -run TestCorpus -update", name)
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				stats[i] = runCorpusFile(t, name, data, badErr[name])
			})
		}
	})
	changed, docs, changedDocs := 0, 0, 0
	var allowed corpusStat
	for _, s := range stats {
		for k := range s.kinds {
			kinds[k] = true
		}
		docs += s.docs
		changedDocs += s.changedDocs
		if s.changedDocs > 0 {
			changed++
		}
		allowed.flowGrown += s.flowGrown
		allowed.nullReplaced += s.nullReplaced
		allowed.jsonComma += s.jsonComma
		allowed.aliasExpanded += s.aliasExpanded
		allowed.eolAdded += s.eolAdded
		allowed.clipToStrip += s.clipToStrip
	}
	for _, e := range workload.Builtin().Kinds {
		if !kinds[workload.Group(e.APIVersion)+"/"+e.Kind] {
			t.Errorf("no %s %s in the corpus", e.APIVersion, e.Kind)
		}
	}
	// the corpus must exercise what it claims to check
	summary := fmt.Sprintf("%d files, %d documents; mutation changed %d files, %d documents; lines changed in place: %d flow collections grown, %d nulls replaced, %d aliases expanded, %d final line breaks added, %d block scalars clipped to strip, %d JSON commas",
		len(paths), docs, changed, changedDocs, allowed.flowGrown, allowed.nullReplaced, allowed.aliasExpanded, allowed.eolAdded, allowed.clipToStrip, allowed.jsonComma)
	if changed < 120 || allowed.flowGrown == 0 || allowed.nullReplaced == 0 || allowed.aliasExpanded == 0 || allowed.eolAdded == 0 || allowed.clipToStrip == 0 || allowed.jsonComma == 0 {
		t.Errorf("the corpus does not exercise what it checks: %s", summary)
	}
	t.Log(summary)
}

type kindSet map[string]bool

// corpusStat is what one file's runs did.
type corpusStat struct {
	kinds             kindSet
	docs, changedDocs int
	// input lines changed in the ways podctl may change them
	flowGrown, nullReplaced, aliasExpanded, eolAdded, clipToStrip, jsonComma int
}

func corpusRequest(name string, data []byte, defaults string, mark bool) apply.Request {
	return apply.Request{
		Workloads:    []*manifest.Source{manifest.NewSource(name, data)},
		Defaults:     []*manifest.Source{manifest.NewSource("poddefaults.yaml", []byte(defaults))},
		Namespace:    corpusNamespace,
		MarkExcluded: mark,
	}
}

func runCorpusFile(t *testing.T, name string, data []byte, wantErr string) corpusStat {
	st := corpusStat{kinds: kindSet{}}
	if wantErr == "" {
		for _, doc := range splitDocs(t, data) {
			collectKinds(t, doc, st.kinds)
		}
	}
	// passthrough
	res, err := apply.Run(corpusRequest(name, data, corpusPassthrough, false))
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("want an error with %q, got %v", wantErr, err)
		}
		var f *apply.Failure
		if !errors.As(err, &f) {
			t.Fatalf("the error is a %T, not an *apply.Failure", err)
		}
		return st
	}
	if err != nil {
		t.Fatalf("passthrough: %v", err)
	}
	if out := res.Outputs[0].Bytes(); !bytes.Equal(out, data) {
		t.Fatalf("passthrough changed the file:\n%s", out)
	}
	passWarnings := warningSet(res)

	// mutation
	res, err = apply.Run(corpusRequest(name, data, corpusMutation, false))
	if err != nil {
		t.Fatalf("mutation: %v", err)
	}
	out := res.Outputs[0]
	isJSON := strings.HasSuffix(name, ".json")
	out.Documents(func(old, new []byte) {
		st.docs++
		if bytes.Equal(old, new) {
			return
		}
		st.changedDocs++
		checkInsertionsOnly(t, st.docs, old, new, isJSON, &st)
		checkValuesKept(t, st.docs, old, new)
	})
	mutated := out.Bytes()
	if st.changedDocs > 0 && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) == bytes.HasPrefix(mutated, []byte("\xef\xbb\xbf")) {
		t.Errorf("the BOM came or went")
	}
	if bytes.Contains(data, []byte("\r\n")) && bytes.Count(mutated, []byte("\n")) != bytes.Count(mutated, []byte("\r\n")) {
		t.Errorf("a CRLF file has lines with a bare LF:\n%q", mutated)
	}
	if !bytes.HasSuffix(data, []byte("\n")) && bytes.HasSuffix(mutated, []byte("\n")) {
		t.Errorf("a final line break was added")
	}
	again, err := apply.Run(corpusRequest(name, mutated, corpusMutation, false))
	if err != nil {
		t.Fatalf("mutation, run again: %v", err)
	}
	if twice := again.Outputs[0].Bytes(); !bytes.Equal(twice, mutated) {
		t.Errorf("mutation, run again, changes the output:\n--- once\n%s\n--- twice\n%s", mutated, twice)
	}

	// --mark-excluded, then a run on its output (where anything applied:
	// elsewhere it is the mutation run again)
	if st.changedDocs == 0 {
		return st
	}
	res, err = apply.Run(corpusRequest(name, data, corpusMutation, true))
	if err != nil {
		if markRefused(err) {
			return st
		}
		t.Fatalf("--mark-excluded: %v", err)
	}
	marked := res.Outputs[0].Bytes()
	again, err = apply.Run(corpusRequest(name, marked, corpusMutation, false))
	if err != nil {
		t.Fatalf("--mark-excluded, run again: %v", err)
	}
	if twice := again.Outputs[0].Bytes(); !bytes.Equal(twice, marked) {
		t.Errorf("--mark-excluded, run again, changes the output:\n--- once\n%s\n--- twice\n%s", marked, twice)
	}
	for w := range warningSet(again) {
		if !passWarnings[w] {
			t.Errorf("--mark-excluded, run again, warns: %s", w)
		}
	}
	return st
}

// markRefused: the run failed only because a PVCViewer, whose pod takes
// no annotation from the manifest, cannot be marked excluded: podctl
// refuses that, as docs/workloads.md says.
func markRefused(err error) bool {
	var f *apply.Failure
	if !errors.As(err, &f) || len(f.Inputs)+len(f.Rejections) == 0 {
		return false
	}
	for _, e := range f.Inputs {
		if !strings.Contains(e.Error(), "PVCViewer/") || !strings.Contains(e.Error(), "--mark-excluded) sets annotation poddefault.admission.kubeflow.org/exclude") {
			return false
		}
	}
	for _, e := range f.Rejections {
		if !strings.Contains(e.Error(), "PVCViewer/") || !strings.Contains(e.Error(), "--mark-excluded) sets annotation poddefault.admission.kubeflow.org/exclude") {
			return false
		}
	}
	return true
}

// splitDocs are the documents of a file, as podctl splits them.
func splitDocs(t *testing.T, data []byte) [][]byte {
	src := manifest.NewSource("f", data)
	var docs [][]byte
	for _, d := range src.Docs {
		docs = append(docs, data[d.Start:d.End])
	}
	return docs
}

// warningSet is a run's warnings and notes, without their lines.
func warningSet(res *apply.Result) map[string]bool {
	set := map[string]bool{}
	for _, w := range append(append([]apply.Warning{}, res.Warnings...), res.Notes...) {
		set[w.Object+": "+w.Message] = true
	}
	return set
}

// collectKinds notes the group/kind of a document and of its List items.
func collectKinds(t *testing.T, doc []byte, kinds kindSet) {
	var v map[string]any
	if err := yaml.Unmarshal(bytes.TrimPrefix(doc, []byte("\xef\xbb\xbf")), &v); err != nil {
		t.Fatalf("%v", err)
	}
	add := func(m map[string]any) {
		api, _ := m["apiVersion"].(string)
		kind, _ := m["kind"].(string)
		kinds[workload.Group(api)+"/"+kind] = true
	}
	add(v)
	items, _ := v["items"].([]any)
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			add(m)
		}
	}
}

// checkInsertionsOnly: every line of the old document is in the new one,
// in order (a longest common subsequence of lines matches them), and
// unchanged — but for six changes podctl makes, each counted in st:
//
//   - flowGrown: a flow collection on the line grew in place ({a: b} to
//     {a: b, c: d}, [] to [x]): the old line is the new one less what was
//     inserted, and everything inserted stands inside the brackets;
//   - nullReplaced: the line's empty value (null, ~) gave way to a block:
//     the new line is the old one up to the value;
//   - aliasExpanded: an alias ("env: *common") podctl adds to was
//     replaced by a copy of its anchor's value, with the additions: the
//     line keeps its key;
//   - eolAdded: the last line of a file without a final line break
//     gained one, since something was appended after it;
//   - clipToStrip: a block scalar ("|", ">", "|+") that ended a file
//     without a final line break has no final line break in its value;
//     with lines appended after it, it keeps that value as "|-" (">-");
//   - jsonComma: in a JSON document a member that was last gained the
//     comma before the members inserted after it.
func checkInsertionsOnly(t *testing.T, doc int, old, new []byte, isJSON bool, st *corpusStat) {
	t.Helper()
	a := strings.SplitAfter(string(old), "\n")
	b := strings.SplitAfter(string(new), "\n")
	match := lcsLines(a, b)
	// an unmatched old line must turn into an unmatched new line between
	// the new lines its neighbours matched
	next := 0 // the first new line the next old line may take
	for i, line := range a {
		if match[i] >= 0 {
			next = match[i] + 1
			continue
		}
		limit := len(b)
		for k := i + 1; k < len(a); k++ {
			if match[k] >= 0 {
				limit = match[k]
				break
			}
		}
		found := false
		for j := next; j < limit && !found; j++ {
			switch {
			case isJSON && b[j] == strings.TrimRight(line, "\r\n")+","+line[len(strings.TrimRight(line, "\r\n")):]:
				st.jsonComma++
			case nullGaveWay(line, b[j]):
				st.nullReplaced++
			case aliasExpanded(line, b[j]):
				st.aliasExpanded++
			case eolAdded(line, b[j], i == len(a)-1):
				st.eolAdded++
			case !strings.HasSuffix(string(old), "\n") && clipToStrip(line, b[j]):
				st.clipToStrip++
			case flowGrewInPlace(line, b[j]):
				st.flowGrown++
			default:
				continue
			}
			found = true
			next = j + 1
		}
		if !found {
			t.Errorf("document %d: input line %d %q is lost or changed:\n--- old\n%s\n--- new\n%s", doc, i+1, line, old, new)
			return
		}
	}
}

// lcsLines matches the lines of a to those of b along a longest common
// subsequence: match[i] is the line of b, or -1.
func lcsLines(a, b []string) []int {
	n, m := len(a), len(b)
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	match := make([]int, n)
	for i := range match {
		match[i] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			match[i] = j
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			i++
		default:
			j++
		}
	}
	return match
}

// nullGaveWay: old is "key: null" (or ~), perhaps with a comment; new is
// old without the null, keeping the comment — or, in JSON, with the
// bracket that opens what replaced it.
func nullGaveWay(old, new string) bool {
	body := strings.TrimRight(old, "\r\n")
	eol := old[len(body):]
	for _, null := range []string{": null", ": ~"} {
		i := strings.Index(body, null)
		if i < 0 {
			continue
		}
		rest := body[i+len(null):]
		if t := strings.TrimSpace(rest); t != "" && !strings.HasPrefix(t, "#") {
			continue
		}
		switch new {
		case body[:i+1] + rest + eol, body[:i+2] + "[" + eol, body[:i+2] + "{" + eol:
			return true
		}
	}
	return false
}

// flowGrewInPlace: old is new less some insertions, and each insertion
// stands inside a flow collection of the new line. Which characters of
// new are old's is taken from the left, else from the right.
func flowGrewInPlace(old, new string) bool {
	if len(new) <= len(old) || !strings.ContainsAny(old, "[{") {
		return false
	}
	return insertedInside(old, new, "[{", "]}") || insertedInside(reverse(old), reverse(new), "]}", "[{")
}

func insertedInside(old, new, open, close string) bool {
	depth, k := 0, 0 // depth: brackets of new open before new[i]
	for i := 0; i < len(new); i++ {
		c := new[i]
		if k < len(old) && c == old[k] {
			k++
		} else if depth <= 0 {
			return false
		}
		switch {
		case strings.IndexByte(open, c) >= 0:
			depth++
		case strings.IndexByte(close, c) >= 0:
			depth--
		}
	}
	return k == len(old)
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// aliasExpanded: old is "key: *anchor", new is "key:": podctl changed
// what the alias stands for here, and wrote a copy of it in its place.
func aliasExpanded(old, new string) bool {
	body := strings.TrimRight(old, "\r\n")
	i := strings.Index(body, ": *")
	return i >= 0 && !strings.ContainsAny(body[i+3:], " #") && strings.TrimRight(new, "\r\n") == body[:i+1]
}

// clipToStrip: old ends in the header of a block scalar that clips or
// keeps ("|", ">", "|+", perhaps with an indentation indicator), new is
// the same header stripping ("|-").
func clipToStrip(old, new string) bool {
	body := strings.TrimRight(old, "\r\n")
	i := strings.LastIndexAny(body, "|>")
	if i < 0 || strings.Trim(body[i+1:], "+0123456789") != "" {
		return false
	}
	nb := strings.TrimRight(new, "\r\n")
	if !strings.HasPrefix(nb, body[:i+1]) || new[len(nb):] != old[len(body):] {
		return false
	}
	h := nb[i+1:]
	return strings.Count(h, "-") == 1 && strings.ReplaceAll(h, "-", "") == strings.ReplaceAll(body[i+1:], "+", "")
}

// eolAdded: old is the last line of a file that ends without a line
// break, and something was appended after it.
func eolAdded(old, new string, last bool) bool {
	return last && !strings.HasSuffix(old, "\n") && (new == old+"\n" || new == old+"\r\n")
}

// checkValuesKept: every scalar of the old document has its value in the
// new one, at the same path; only empty values (null, {}, []) may have
// become something.
func checkValuesKept(t *testing.T, doc int, old, new []byte) {
	t.Helper()
	var a, b any
	if err := yaml.Unmarshal(bytes.TrimPrefix(old, []byte("\xef\xbb\xbf")), &a); err != nil {
		t.Fatalf("document %d: %v", doc, err)
	}
	if err := yaml.Unmarshal(bytes.TrimPrefix(new, []byte("\xef\xbb\xbf")), &b); err != nil {
		t.Fatalf("document %d, as written: %v\n%s", doc, err, new)
	}
	var diffs []string
	compareKept(a, b, "", &diffs)
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Errorf("document %d: %s", doc, d)
	}
}

func compareKept(a, b any, path string, diffs *[]string) {
	switch a := a.(type) {
	case map[string]any:
		if len(a) == 0 {
			return
		}
		m, ok := b.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: a mapping became %s", path, show(b)))
			return
		}
		for k, v := range a {
			w, ok := m[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s.%s is gone", path, k))
				continue
			}
			compareKept(v, w, path+"."+k, diffs)
		}
	case []any:
		if len(a) == 0 {
			return
		}
		l, ok := b.([]any)
		if !ok || len(l) < len(a) {
			*diffs = append(*diffs, fmt.Sprintf("%s: a list of %d became %s", path, len(a), show(b)))
			return
		}
		for i := range a {
			compareKept(a[i], l[i], fmt.Sprintf("%s[%d]", path, i), diffs)
		}
	case nil:
	default:
		if !reflect.DeepEqual(a, b) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %s became %s", path, show(a), show(b)))
		}
	}
}

func show(v any) string {
	j, _ := json.Marshal(v)
	return string(j)
}
