package krm

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/apply"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/suggest"
	"github.com/podctl/podctl/internal/yamldoc"
)

// The function's options, as annotations on any functionConfig (or keys of
// a ConfigMap functionConfig's data: markExcluded, strict). They are the
// CLI's --mark-excluded and --strict.
const (
	// MarkExcludedAnnotation marks every template a PodDefault applies
	// to as excluded.
	MarkExcludedAnnotation = "podctl.dev/mark-excluded"
	// StrictAnnotation makes every warning an error: the items stay as
	// they were.
	StrictAnnotation = "podctl.dev/strict"
)

// ResourceList's apiVersion and kind.
const (
	APIVersion = "config.kubernetes.io/v1"
	Kind       = "ResourceList"
)

// The annotations kustomize and kpt set on items to say where they come
// from, the current one first.
var (
	pathAnnotations  = []kioutil.AnnotationKey{kioutil.PathAnnotation, kioutil.LegacyPathAnnotation}
	indexAnnotations = []kioutil.AnnotationKey{kioutil.IndexAnnotation, kioutil.LegacyIndexAnnotation}
)

// Failed is returned when the function fails: bad input, a pod the
// webhook would reject, or (in lint mode) findings at or above failOn.
// The output still holds the ResourceList, its items unchanged, with a
// result per problem.
type Failed struct {
	Conflicts bool // only conflicts, no bad input
	Findings  bool // lint findings, no bad input
	Results   []Result
}

func (f *Failed) Error() string {
	var lines, all []string
	for _, r := range f.Results {
		all = append(all, r.Message)
		if r.Severity == framework.Error {
			lines = append(lines, r.Message)
		}
	}
	if len(lines) == 0 {
		return strings.Join(all, "\n")
	}
	return strings.Join(lines, "\n")
}

// options are the function's settings beyond apply's: what it does (a
// ConfigMap functionConfig's data.mode) and, for lint, when it fails and
// whether the notebook-form rules run everywhere.
type options struct {
	lint      bool
	failOn    lint.Severity
	notebooks bool
}

// Result is one entry of a ResourceList's results, as kyaml's function
// framework defines it. indexKnown tells an item at index 0 of its file
// from an item whose index is unknown, which framework.File cannot.
type Result struct {
	framework.Result
	indexKnown bool
}

// IsResourceList reports whether a stream holds a ResourceList.
func IsResourceList(data []byte) bool {
	if api, kind, ok := yamldoc.Sniff(data); ok {
		return kind == Kind && strings.HasPrefix(api, "config.kubernetes.io/")
	}
	p, err := yamldoc.Parse(data, 1)
	if err != nil || p.Root == nil {
		return false
	}
	api, kind := yamldoc.TypeMeta(p.Root)
	return kind == Kind && strings.HasPrefix(api, "config.kubernetes.io/")
}

// Run is the function: it returns the ResourceList to write. On failure
// it also returns a *Failed (the output then holds the items unchanged and
// the error results).
func Run(in []byte) ([]byte, error) {
	p, err := yamldoc.Parse(in, 1)
	if err != nil {
		return nil, fmt.Errorf("reading the ResourceList: %w", err)
	}
	if !yamldoc.IsMapping(p.Root) {
		return nil, errors.New("standard input holds no ResourceList")
	}
	if api, kind := yamldoc.TypeMeta(p.Root); kind != Kind || !strings.HasPrefix(api, "config.kubernetes.io/") {
		if kind == "" || api == "" {
			return nil, fmt.Errorf("standard input holds an object without apiVersion and kind, not a %s (%s)", Kind, APIVersion)
		}
		return nil, fmt.Errorf("standard input holds a %s (%s), not a %s", kind, api, Kind)
	}
	src := manifest.NewSource(manifest.StdinName, in)
	// The ResourceList is one document, parsed already: apply reads the
	// same tree. Not a JSON one, whose tree an edit changes.
	var tree *yamldoc.Parsed
	if len(src.Docs) == 1 && src.Docs[0].Start == 0 && src.Docs[0].End == len(in) && !p.IsJSON() {
		tree = p
	}
	req := apply.Request{Workloads: []*manifest.Source{src}, Wording: wording}
	if tree != nil {
		req.Parsed = map[*manifest.Document]*yamldoc.Parsed{&src.Docs[0]: tree}
	}
	opts := options{failOn: lint.Error}
	if fc := yamldoc.Field(p.Root, "functionConfig"); yamldoc.IsMapping(fc) {
		if problems := configure(&req, &opts, p, fc); len(problems) > 0 {
			// the function fails before it looks at an item
			failed := &Failed{}
			for _, msg := range problems {
				failed.Results = append(failed.Results, Result{Result: framework.Result{Message: msg, Severity: framework.Error}})
			}
			out, err := withResults(in, tree, nil, failed.Results)
			if err != nil {
				return nil, err
			}
			return out, failed
		}
	}
	items := yamldoc.Items(p.Root)
	if opts.lint {
		return runLint(in, req, opts, p, tree, items)
	}
	res, runErr := apply.Run(req)
	var results []Result
	out := in
	var changed *splice.Edit // the change to the ResourceList, when tree is set
	if res != nil {
		for _, obj := range res.Objects {
			if len(obj.Applied) > 0 {
				results = append(results, itemResult(items, p, obj.Location, framework.Info, obj.Template,
					"PodDefaults "+strings.Join(obj.Applied, ", ")+" apply to "+obj.Object))
			}
		}
		for _, w := range res.Warnings {
			results = append(results, itemResult(items, p, w.Location, framework.Warning, "", w.Message))
		}
	}
	var failed *Failed
	var f *apply.Failure
	var strict *apply.WarningsError
	switch {
	case errors.As(runErr, &strict):
		failed = &Failed{Conflicts: true}
		for _, r := range results {
			if r.Severity == framework.Warning {
				r.Severity = framework.Error
				failed.Results = append(failed.Results, r)
			}
		}
		results = failed.Results
	case errors.As(runErr, &f):
		failed = &Failed{Conflicts: len(f.Inputs) == 0}
		for _, e := range f.Inputs {
			msg := e.Detail()
			if e.File != manifest.StdinName && e.File != "" {
				msg = e.Error() // the functionConfig, and its line
			}
			failed.Results = append(failed.Results, itemResult(items, p, e.Location, framework.Error, "", msg))
		}
		for _, r := range f.Rejections {
			failed.Results = append(failed.Results, itemResult(items, p, r.Location, framework.Error, r.Template, r.Detail()))
		}
		// nothing was applied: the info results would say otherwise
		var warnings []Result
		for _, r := range results {
			if r.Severity != framework.Info {
				warnings = append(warnings, r)
			}
		}
		results = append(failed.Results, warnings...)
	case runErr != nil:
		return nil, runErr
	default:
		if tree != nil {
			changed = res.Outputs[0].Edit(0)
		}
		var b bytes.Buffer
		if _, err := res.Outputs[0].WriteTo(&b); err != nil {
			return nil, err
		}
		out = b.Bytes()
	}
	out, err = withResults(out, tree, changed, results)
	if err != nil {
		return nil, err
	}
	if failed != nil {
		return out, failed
	}
	return out, nil
}

// The keys of a ConfigMap functionConfig's data, and the annotations of
// podctl.dev/ on any functionConfig: the function's options.
var (
	configKeys  = []string{"namespace", "mode", "markExcluded", "strict", "failOn", "notebooks"}
	annotations = []string{MarkExcludedAnnotation, StrictAnnotation}
)

// annotationPrefix is the prefix of podctl's own annotations.
const annotationPrefix = "podctl.dev/"

// wording names the function's options in apply's messages, where the CLI
// would name its flags.
var wording = apply.Wording{
	MarkExcluded: MarkExcludedAnnotation + `: "true" on the functionConfig`,
	UnknownKind:  "no PodDefault applies to it, for the function knows podctl's built-in kinds only (docs/workloads.md)",
}

// configure reads the functionConfig: PodDefaults (a PodDefault, a
// PodDefaultList or a v1 List of them), or a ConfigMap whose
// data.namespace is the namespace of objects that name none, and whose
// data.mode "lint" makes the function a validator (data.failOn,
// data.notebooks). It lists every problem: a key or a podctl.dev/
// annotation it does not know, a value it cannot use.
func configure(req *apply.Request, opts *options, tree *yamldoc.Parsed, fc *yaml.Node) (problems []string) {
	_, kind := yamldoc.TypeMeta(fc)
	// what --mark-excluded does for the CLI, an annotation (on any
	// functionConfig) or a ConfigMap key does for the function
	flag := func(what, v string, set *bool) {
		switch v {
		case "true":
			*set = true
		case "false", "":
		default:
			problems = append(problems, fmt.Sprintf(`the functionConfig's %s is %q: it must be "true" or "false"`, what, v))
		}
	}
	md := yamldoc.Field(yamldoc.Field(fc, "metadata"), "annotations")
	for _, k := range yamldoc.Keys(md) {
		if !strings.HasPrefix(k, annotationPrefix) {
			continue
		}
		switch k {
		case MarkExcludedAnnotation:
			flag("annotation "+k, yamldoc.StringField(md, k), &req.MarkExcluded)
		case StrictAnnotation:
			flag("annotation "+k, yamldoc.StringField(md, k), &req.Strict)
		default:
			problems = append(problems, unknown("annotation ", k, annotations))
		}
	}
	if kind != "ConfigMap" {
		// PodDefaults are read where they stand, so that an error names the
		// functionConfig's line
		req.Embedded = append(req.Embedded, apply.Embedded{Name: "functionConfig", Tree: tree, Node: fc})
		return problems
	}
	data := yamldoc.Field(fc, "data")
	for _, k := range yamldoc.Keys(data) {
		if !slices.Contains(configKeys, k) {
			problems = append(problems, unknown("data.", k, configKeys))
		}
	}
	if ns, ok := yamldoc.Scalar(yamldoc.Field(data, "namespace")); ok {
		if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
			problems = append(problems, fmt.Sprintf("the functionConfig's data.namespace %q is not a namespace name: %s", ns, strings.Join(msgs, "; ")))
		}
		req.Namespace = ns
	}
	flag("data.markExcluded", yamldoc.StringField(data, "markExcluded"), &req.MarkExcluded)
	flag("data.strict", yamldoc.StringField(data, "strict"), &req.Strict)
	flag("data.notebooks", yamldoc.StringField(data, "notebooks"), &opts.notebooks)
	switch mode := yamldoc.StringField(data, "mode"); mode {
	case "", "apply":
	case "lint":
		opts.lint = true
	default:
		problems = append(problems, fmt.Sprintf("the functionConfig's data.mode %q is neither apply nor lint", mode))
	}
	if v := yamldoc.StringField(data, "failOn"); v != "" {
		level, err := lint.ParseSeverity(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("the functionConfig's data.failOn: %v", err))
		}
		opts.failOn = level
	}
	return problems
}

// unknown says that the functionConfig has a key the function does not
// know (at "data." or "annotation "), and which it may have meant.
func unknown(at, key string, known []string) string {
	noun := "key"
	if at != "data." {
		noun = "annotation"
	}
	msg := "the functionConfig's " + at + key + ": unknown " + noun
	if meant, ok := suggest.Closest(key, known); ok {
		return msg + " (did you mean " + meant + "?)"
	}
	return msg + "; podctl knows " + strings.Join(known, ", ")
}

// severities are the KRM results' names of lint's severities.
var severities = map[lint.Severity]framework.Severity{lint.Error: framework.Error, lint.Warning: framework.Warning, lint.Info: framework.Info}

// runLint is the function as a validator: it lints the PodDefaults among
// the items, with the items' pod templates, and returns the ResourceList
// with its items as they came and a result per finding (the rule's ID as
// a tag, the item and its file). It fails when a finding is at or above
// failOn.
func runLint(in []byte, req apply.Request, opts options, p, tree *yamldoc.Parsed, items []*yaml.Node) ([]byte, error) {
	res, err := apply.Lint(req, opts.notebooks)
	var f *apply.Failure
	var results []Result
	failed := &Failed{Findings: true}
	switch {
	case errors.As(err, &f):
		failed.Findings = false
		for _, e := range f.Inputs {
			msg := e.Detail()
			if e.File != manifest.StdinName && e.File != "" {
				msg = e.Error()
			}
			results = append(results, itemResult(items, p, e.Location, framework.Error, "", msg))
		}
		failed.Results = results
	case err != nil:
		return nil, err
	default:
		for _, finding := range res.Findings {
			loc := apply.Location{File: finding.File, Line: finding.Line}
			r := itemResult(items, p, loc, severities[finding.Severity], "", finding.Rule+": "+finding.Message+". Fix: "+finding.Fix)
			r.Tags = map[string]string{"rule": finding.Rule}
			results = append(results, r)
			if finding.Severity >= opts.failOn {
				failed.Results = append(failed.Results, r)
			}
		}
	}
	out, werr := withResults(in, tree, nil, results)
	if werr != nil {
		return nil, werr
	}
	if len(failed.Results) > 0 {
		return out, failed
	}
	return out, nil
}

// itemResult builds a result about the item that holds a location.
func itemResult(items []*yaml.Node, p *yamldoc.Parsed, loc apply.Location, severity framework.Severity, field, msg string) Result {
	r := Result{Result: framework.Result{Message: msg, Severity: severity}}
	if field != "" {
		r.Field = &framework.Field{Path: field}
	}
	if loc.File != manifest.StdinName || loc.Line == 0 {
		return r
	}
	var item *yaml.Node
	if loc.Item > 0 && loc.Item <= len(items) {
		item = items[loc.Item-1]
	} else {
		for _, it := range items {
			if p.SourceLine(it) <= loc.Line {
				item = it
			}
		}
	}
	if item == nil {
		return r
	}
	api, kind := yamldoc.TypeMeta(item)
	md := yamldoc.Field(item, "metadata")
	r.ResourceRef = &yaml.ResourceIdentifier{TypeMeta: yaml.TypeMeta{APIVersion: api, Kind: kind},
		NameMeta: yaml.NameMeta{Name: yamldoc.StringField(md, "name"), Namespace: yamldoc.StringField(md, "namespace")}}
	annotations := yamldoc.Field(md, "annotations")
	for _, k := range pathAnnotations {
		if v := yamldoc.StringField(annotations, string(k)); v != "" && r.File == nil {
			r.File = &framework.File{Path: v}
		}
	}
	for _, k := range indexAnnotations {
		if v := yamldoc.StringField(annotations, string(k)); v != "" && r.File != nil && !r.indexKnown {
			if i, err := strconv.Atoi(v); err == nil {
				r.File.Index, r.indexKnown = i, true
			}
		}
	}
	return r
}

// withResults adds this run's results to the ResourceList out (after any
// that a function before it left). Given the input's tree and the change
// this run made to it (nil for none), it splices the results in beside
// that change, where out would otherwise be parsed again.
func withResults(out []byte, tree *yamldoc.Parsed, changed *splice.Edit, results []Result) ([]byte, error) {
	if len(results) == 0 {
		return out, nil
	}
	nodes := make([]*yaml.Node, len(results))
	for i, r := range results {
		nodes[i] = r.node()
	}
	patch := func(p *yamldoc.Parsed) *splice.Patch {
		pt := &splice.Patch{}
		if yamldoc.IsList(yamldoc.Field(p.Root, "results")) {
			pt.Key("results").Append = nodes
		} else {
			pt.Set("results", yamldoc.Sequence(nodes...))
		}
		return pt
	}
	if tree != nil {
		added, err := splice.Apply(tree, patch(tree))
		if err != nil {
			return nil, err
		}
		if changed == nil {
			return added.Bytes(), nil
		}
		if both, ok := changed.Merge(added); ok {
			return both.Bytes(), nil
		}
	}
	p, err := yamldoc.Parse(out, 1)
	if err != nil {
		return nil, err
	}
	return splice.Bytes(p, patch(p))
}

// node writes the result as kpt and kustomize print results, with the
// file's index also when it is 0.
func (r Result) node() *yaml.Node {
	str := yamldoc.String
	m := []*yaml.Node{str("message"), str(r.Message), str("severity"), str(string(r.Severity))}
	if ref := r.ResourceRef; ref != nil {
		var n []*yaml.Node
		for _, kv := range [][2]string{{"apiVersion", ref.APIVersion}, {"kind", ref.Kind}, {"name", ref.Name}, {"namespace", ref.Namespace}} {
			if kv[1] != "" {
				n = append(n, str(kv[0]), str(kv[1]))
			}
		}
		m = append(m, str("resourceRef"), yamldoc.Mapping(n...))
	}
	if r.Field != nil {
		m = append(m, str("field"), yamldoc.Mapping(str("path"), str(r.Field.Path)))
	}
	if r.File != nil {
		file := []*yaml.Node{str("path"), str(r.File.Path)}
		if r.indexKnown {
			file = append(file, str("index"), yamldoc.Int(r.File.Index))
		}
		m = append(m, str("file"), yamldoc.Mapping(file...))
	}
	if len(r.Tags) > 0 {
		var tags []*yaml.Node
		for _, k := range sortedKeys(r.Tags) {
			tags = append(tags, str(k), str(r.Tags[k]))
		}
		m = append(m, str("tags"), yamldoc.Mapping(tags...))
	}
	return yamldoc.Mapping(m...)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
