package lint

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podctl/podctl/internal/poddefault"
)

// Severity says how bad a finding is.
type Severity int

// The severities, in increasing order.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < Info || s > Error {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for i, name := range severityNames {
		if s == name {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity: error, warning or info", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// Location is a place in the input: a file and a 1-based line (0 when
// unknown).
type Location struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

func (l Location) String() string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// Default is a PodDefault, with its namespace set, and where it stands.
type Default struct {
	Location
	PodDefault poddefault.PodDefault
}

// Template is a pod template of the workloads, as the engine sees it, and
// where it stands.
type Template struct {
	Location
	Object    string // Kind/namespace/name
	Template  string // the template's path in the object
	Namespace string
	// Notebook: a Kubeflow Notebook's pod, whose namespace then holds the
	// notebook form.
	Notebook bool
	Pod      *corev1.Pod
}

// Input is what to lint.
type Input struct {
	// Defaults are the PodDefaults, of any namespace; one namespace holds
	// each name once.
	Defaults []Default
	// Templates are the pod templates of the workloads given with them:
	// the rules of ScopeWorkloads look at them.
	Templates []Template
	// Notebooks applies the notebook-form rules to every namespace, not
	// only to those where a Notebook is among the templates.
	Notebooks bool
}

// Finding is one problem, where it stands.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Location
	Namespace string `json:"namespace"`
	// Object names what the finding is about: "PodDefault ns/name", or a
	// workload's "Kind/ns/name (template path)".
	Object  string `json:"object"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Related are the other PodDefaults or workloads involved.
	Related []Related `json:"related,omitempty"`
	// Witness are the labels of a pod that shows the problem: one that
	// the PodDefaults involved all select.
	Witness map[string]string `json:"witness,omitempty"`
	// Clashes are the engine's, for the rules that report them: on the
	// witness pod (whose one container they do not name), or on a
	// workload's template.
	Clashes []poddefault.Clash `json:"clashes,omitempty"`
}

// Related is another object a finding involves, where it stands.
type Related struct {
	Location
	Object string `json:"object"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: %s %s %s", f.Location, f.Severity, f.Rule, f.Message)
}

// Run lints the input and returns its findings sorted by file, line and
// rule.
func Run(in Input) []Finding {
	l := newLinter(in)
	for _, ns := range l.namespaces {
		items := l.byNS[ns]
		l.selectors(items)
		l.shapes(items)
		l.selves(items)
		l.pairs(ns, items)
		l.triples(ns, items)
		l.chains(items)
		if in.Notebooks || l.notebookNS[ns] {
			l.notebookForm(items)
		}
		l.selectsNothing(ns, items)
	}
	l.rejectedTemplates()
	sortFindings(l.findings)
	return l.findings
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// item is one PodDefault as the rules see it.
type item struct {
	*Default
	pd *poddefault.PodDefault
	// sel are its selector's requirements; nil when the webhook cannot
	// convert the selector (selErr).
	sel    constraints
	selErr error
	// own are the smallest labels its selector accepts; ok is false when
	// none do (then it selects no pod, and the rules about pods skip it).
	own map[string]string
	ok  bool
	// selfClash: every pod it selects is refused already.
	selfClash bool
	// entries are the entries it brings, by their identity as the merge
	// keys them (a volume's name, an env var's name, a mount's name and
	// its path, ...), field by field: two PodDefaults can clash only where
	// they bring different entries under one key, or where one adds a
	// label the other's selector asks about.
	entries map[string]any
	// selectedTemplates are the templates it selects, once asked for
	selectedTemplates []*Template
	selectedDone      bool
}

func (it *item) name() string   { return it.pd.Name }
func (it *item) object() string { return "PodDefault " + it.pd.Namespace + "/" + it.pd.Name }
func (it *item) related() Related {
	return Related{Location: it.Location, Object: it.object()}
}

// usable: its selector converts and some pod satisfies it.
func (it *item) usable() bool { return it.sel != nil && it.ok }

type linter struct {
	in         Input
	all        []poddefault.PodDefault // every PodDefault, for the engine's runs on templates
	namespaces []string
	byNS       map[string][]*item // in name order
	templates  map[string][]*Template
	notebookNS map[string]bool
	// states are the pairs of the namespace being linted, [i][j] for i < j
	states   [][]pairState
	findings []Finding
}

func newLinter(in Input) *linter {
	l := &linter{in: in, byNS: map[string][]*item{}, templates: map[string][]*Template{}, notebookNS: map[string]bool{}}
	for i := range in.Defaults {
		d := &in.Defaults[i]
		l.all = append(l.all, d.PodDefault)
		it := &item{Default: d, pd: &d.PodDefault, entries: entriesOf(&d.PodDefault)}
		it.sel, it.selErr = compile(&d.PodDefault.Spec.Selector)
		if it.sel != nil {
			it.own, it.ok = it.sel.solve(preferred([]*poddefault.PodDefault{it.pd}))
		}
		ns := d.PodDefault.Namespace
		if _, seen := l.byNS[ns]; !seen {
			l.namespaces = append(l.namespaces, ns)
		}
		l.byNS[ns] = append(l.byNS[ns], it)
	}
	sort.Strings(l.namespaces)
	for _, items := range l.byNS {
		sort.SliceStable(items, func(i, j int) bool { return items[i].pd.Name < items[j].pd.Name })
	}
	for i := range in.Templates {
		t := &in.Templates[i]
		l.templates[t.Namespace] = append(l.templates[t.Namespace], t)
		if t.Notebook {
			l.notebookNS[t.Namespace] = true
		}
	}
	return l
}

// add records a finding of a rule, with the rule's severity and, unless
// given, its fix.
func (l *linter) add(f Finding) {
	r, ok := ruleByID[f.Rule]
	if !ok {
		panic("lint: no rule " + f.Rule)
	}
	f.Severity = r.Severity
	if f.Fix == "" {
		f.Fix = r.Fix
	}
	l.findings = append(l.findings, f)
}

// finding starts a finding about a PodDefault.
func finding(rule string, it *item, msg string) Finding {
	return Finding{Rule: rule, Location: it.Location, Namespace: it.pd.Namespace, Object: it.object(), Message: msg}
}

// WitnessPod is the pod lint asks the engine about: in the namespace, with
// the labels, and one container that carries nothing, named so that no
// sidecar of the PodDefaults takes its name.
func WitnessPod(namespace string, labels map[string]string, pds ...*poddefault.PodDefault) *corev1.Pod {
	taken := map[string]bool{}
	for _, pd := range pds {
		for _, c := range pd.Spec.Sidecars {
			taken[c.Name] = true
		}
	}
	name := "main"
	for i := 1; taken[name]; i++ {
		name = fmt.Sprintf("main-%d", i)
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: name}}}}
	pod.Namespace = namespace
	if len(labels) > 0 {
		pod.Labels = labels
	}
	return pod
}

// check asks the engine which clashes make the webhook refuse a pod that
// exactly the given PodDefaults select; they are given in name order.
func check(pod *corev1.Pod, items ...*item) []poddefault.Clash {
	return poddefault.Check(pod, pdsOf(items))
}

// apply runs the engine on a pod with exactly the given PodDefaults.
func apply(pod *corev1.Pod, items ...*item) (*poddefault.Result, *poddefault.ConflictError) {
	pds := make([]poddefault.PodDefault, len(items))
	for i, it := range items {
		pds[i] = *it.pd
	}
	res, err := poddefault.Apply(pod, pds)
	if ce, ok := err.(*poddefault.ConflictError); ok {
		return nil, ce
	}
	if err != nil {
		// only PodDefaults whose selector converts are given
		panic(fmt.Sprintf("lint: the engine refused a selector it converted: %v", err))
	}
	return res, nil
}

func pdsOf(items []*item) []*poddefault.PodDefault {
	out := make([]*poddefault.PodDefault, len(items))
	for i, it := range items {
		out[i] = it.pd
	}
	return out
}

// onWitness are clashes on a witness pod, without the name of its
// container, which is no user's.
func onWitness(cs []poddefault.Clash) []poddefault.Clash {
	out := make([]poddefault.Clash, len(cs))
	for i, c := range cs {
		c.Container = ""
		out[i] = c
	}
	return out
}

// clashesText is clashes in the engine's words.
func clashesText(cs []poddefault.Clash) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
}

// showLabels writes labels as "{a=1, b=2}", or says there are none.
func showLabels(m map[string]string) string {
	if len(m) == 0 {
		return "a pod without labels"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return "a pod labelled " + strings.Join(parts, ", ")
}

// names joins PodDefault names: "a and b", "a, b and c".
func names(items []*item) string {
	ns := make([]string, len(items))
	for i, it := range items {
		ns[i] = it.name()
	}
	if len(ns) == 1 {
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}
