package apply

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// Request is one run: the manifests to change, the PodDefaults to apply.
type Request struct {
	// Workloads are written back; PodDefaults found among them are used
	// and pass through unchanged.
	Workloads []*manifest.Source
	// Defaults hold PodDefaults only.
	Defaults []*manifest.Source
	// Namespace is the namespace of objects and PodDefaults that name
	// none; "" means "default".
	Namespace string
	// Registry says where pod templates live; nil means the built-in kinds.
	Registry *workload.Registry
	// MarkExcluded annotates every template a PodDefault applies to with
	// the exclude annotation, so that neither the in-cluster webhook nor a
	// later run touches it again.
	MarkExcluded bool
	// DefaultsFromStdin: PodDefaults are piped in (-d -), and a run that
	// reads none at all is an input error, so that a failed `kubectl get`
	// never passes silently. A named file may hold none: that is what the
	// user named (a folder with no manifest fails when it is read).
	DefaultsFromStdin bool
	// Embedded are PodDefaults inside a document parsed already: a KRM
	// function's functionConfig. They are read as -d documents are, and
	// their errors name the embedding (Location.File) and its lines.
	Embedded []Embedded
	// Parsed are documents of Workloads a front end has parsed already,
	// from exactly their bytes (a KRM function's ResourceList), keyed by
	// &src.Docs[i] of their Source: they are read from these trees, never
	// parsed again, and never changed.
	Parsed map[*manifest.Document]*yamldoc.Parsed
	// Strict makes every warning a failure: Run then returns the result
	// with a *WarningsError, and nothing is to be written.
	Strict bool
	// ReadWarnings are what reading the input skipped, and why: they join
	// the run's warnings.
	ReadWarnings []string
	// Wording names the front end's options in messages; the zero value
	// names the CLI's flags.
	Wording Wording
	// Progress, when set, is told how many of the workload documents have
	// been looked at: once before the first, then as each batch is done,
	// from the goroutine that called Run (or Explain, Preview, Lint).
	Progress func(done, total int)
}

// Wording is how messages tell a user what to set: each front end names
// its own options (the CLI its flags, the KRM function its functionConfig).
type Wording struct {
	// MarkExcluded is the option that marks templates excluded, e.g.
	// "apply-defaults --mark-excluded".
	MarkExcluded string
	// UnknownKind ends the warning about an object of a kind podctl does
	// not know that looks like it holds a pod template or a pod spec: what
	// to do about it ("": declare the kind with --workload-config).
	UnknownKind string
}

func (w Wording) markExcluded() string {
	if w.MarkExcluded == "" {
		return "apply-defaults --mark-excluded"
	}
	return w.MarkExcluded
}

// Embedded is a node that holds PodDefaults (a PodDefault, a
// PodDefaultList or a v1 List of them) in a parsed document of a source.
type Embedded struct {
	// Name names the node in messages, in place of the source's name.
	Name string
	Tree *yamldoc.Parsed
	Node *yaml.Node
}

// Result is the outcome of a run that found no problem.
type Result struct {
	// Outputs hold every workload source, changed or not, in order.
	Outputs []Output
	// Objects are the pod templates that matched a PodDefault.
	Objects []Object
	// Warnings say where the in-cluster webhook would do otherwise.
	Warnings []Warning
	// Notes are worth knowing but no cause for concern.
	Notes []Warning
}

// Output is the new content of one workload source: its documents, each
// as it was or as changed. It holds only what the changes add.
type Output struct {
	Source  *manifest.Source
	Changed bool
	changed map[int]*splice.Edit // by document index
}

// WriteTo writes the source's new content.
func (o *Output) WriteTo(w io.Writer) (int64, error) {
	if !o.Changed {
		n, err := w.Write(o.Source.Data)
		return int64(n), err
	}
	var total int64
	for i, d := range o.Source.Docs {
		var n int64
		var err error
		if edit, ok := o.changed[i]; ok {
			n, err = edit.WriteTo(w)
		} else {
			var m int
			m, err = w.Write(o.Source.Data[d.Start:d.End])
			n = int64(m)
		}
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Edit is the change to the source's document d, nil when there is none.
func (o *Output) Edit(d int) *splice.Edit { return o.changed[d] }

// Documents calls fn with each document of the source, in order, as it
// was and as it is now (the same bytes when unchanged).
func (o *Output) Documents(fn func(old, new []byte)) {
	for i, d := range o.Source.Docs {
		old := o.Source.Data[d.Start:d.End]
		if edit, ok := o.changed[i]; ok {
			fn(old, edit.Bytes())
		} else {
			fn(old, old)
		}
	}
}

// Bytes returns the source's new content.
func (o *Output) Bytes() []byte {
	if !o.Changed {
		return o.Source.Data
	}
	var b bytes.Buffer
	_, _ = o.WriteTo(&b)
	return b.Bytes()
}

// Object is one pod template and what the PodDefaults of its namespace
// do to it.
type Object struct {
	Location
	Object   string   `json:"object"`   // Kind/namespace/name
	Template string   `json:"template"` // path of the template in the object
	Applied  []string `json:"applied"`
	Skipped  []string `json:"skipped"`
	Changed  bool     `json:"changed"`
	Warnings []string `json:"warnings,omitempty"`
}

// Warning is something the user should know though podctl went ahead.
type Warning struct {
	Location
	Object  string
	Message string
}

func (w Warning) String() string {
	if w.File == "" {
		return w.Message
	}
	if w.Object != "" {
		return fmt.Sprintf("%s: %s: %s", w.Location, w.Object, w.Message)
	}
	return fmt.Sprintf("%s: %s", w.Location, w.Message)
}

// Run applies the PodDefaults to every pod template. It reads and checks
// everything before it changes anything: when any input is bad or any
// template would be rejected, it returns a *Failure listing every problem
// and no output.
func Run(req Request) (*Result, error) {
	r := newRunner(req)
	res := &Result{Warnings: r.readWarnings()}
	outcomes := r.visitAll(r.applyOne)
	next := 0 // the workload documents come first, in order
	for _, src := range req.Workloads {
		out := Output{Source: src}
		for di := range src.Docs {
			o := &outcomes[next]
			next++
			r.fail.Inputs = append(r.fail.Inputs, o.inputs...)
			r.fail.Rejections = append(r.fail.Rejections, o.rejections...)
			res.Objects = append(res.Objects, o.objects...)
			res.Warnings = append(res.Warnings, o.warnings...)
			res.Notes = append(res.Notes, o.notes...)
			if o.edit != nil {
				if out.changed == nil {
					out.changed = map[int]*splice.Edit{}
				}
				out.changed[di] = o.edit
			}
		}
		out.Changed = out.changed != nil
		res.Outputs = append(res.Outputs, out)
	}
	if !r.fail.empty() {
		return res, r.fail
	}
	if req.Strict && len(res.Warnings) > 0 {
		return res, &WarningsError{Warnings: res.Warnings}
	}
	return res, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// newRunner classifies every document of the request once, then collects
// every PodDefault, wherever it stands, before any template is looked at.
func newRunner(req Request) *runner {
	r := &runner{req: req, fail: &Failure{}}
	if r.req.Registry == nil {
		r.req.Registry = workload.Builtins()
	}
	r.namespace = workload.Namespace("", req.Namespace)
	r.docs = r.readDocuments(req.Workloads, req.Defaults)
	for _, e := range req.Embedded {
		src := &manifest.Source{Name: e.Name}
		r.docs = append(r.docs, &document{src: src, doc: &manifest.Document{Line: e.Tree.SourceLine(e.Node)}, defaults: true, tree: e.Tree, root: e.Node})
	}
	for _, d := range r.docs {
		r.collectDefaults(d)
	}
	r.requireDefaults()
	r.indexRuntimes()
	r.written = make(specNodes, len(r.defaults))
	r.stored = make([]poddefault.PodDefault, len(r.defaults))
	for i := range r.defaults {
		r.written[&r.defaults[i]] = r.specs[i]
		r.stored[i] = cluster.StoredPodDefault(r.defaults[i])
	}
	return r
}

type runner struct {
	req       Request
	namespace string
	// docs are the workload documents, then the defaults documents.
	docs     []*document
	defaults []poddefault.PodDefault
	origin   []Location   // where each of defaults was found
	specs    []*yaml.Node // the spec of each of defaults, as written
	written  specNodes    // the same, by PodDefault
	// stored are the PodDefaults as the API server stores them, pruned
	// and defaulted by their CRD: what the webhook reads in a cluster.
	stored []poddefault.PodDefault
	// runtimes are the Trainer runtimes among the workloads
	runtimes map[runtimeKey]*trainingRuntime

	fail *Failure
}

// requireDefaults makes reading no PodDefault from a pipe an input error.
// readWarnings are what reading the input skipped, as the first warnings
// of every kind of run.
func (r *runner) readWarnings() []Warning {
	var out []Warning
	for _, w := range r.req.ReadWarnings {
		out = append(out, Warning{Message: w})
	}
	return out
}

func (r *runner) requireDefaults() {
	if !r.req.DefaultsFromStdin || len(r.defaults) > 0 || len(r.fail.Inputs) > 0 {
		return
	}
	r.fail.Inputs = append(r.fail.Inputs, &InputError{Err: errors.New("no PodDefault was read from standard input (-d -): pass --allow-empty-defaults if none is meant")})
}

// visitAll visits every object of the workload documents and gives an
// outcome per workload document, in order, with the document's edit. It
// goes through the stream a window of documents at a time, each on every
// core: parse, visit, edit, then let the window's trees go.
func (r *runner) visitAll(visit visitFunc) []outcome {
	var docs []*document
	for _, d := range r.docs {
		if d.defaults {
			break
		}
		docs = append(docs, d)
	}
	outcomes := make([]outcome, len(docs))
	progress := r.req.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	progress(0, len(docs))
	for start := 0; start < len(docs); {
		end, size := start, 0
		for end < len(docs) && (end == start || size < windowBytes && end-start < windowDocs) {
			size += docs[end].doc.End - docs[end].doc.Start
			end++
		}
		r.visitWindow(docs[start:end], outcomes[start:end], visit)
		progress(end, len(docs))
		start = end
	}
	return outcomes
}

// A window holds at most this many documents, or bytes of them, but
// always one document: trees are several times a document's size.
const (
	windowDocs  = 512
	windowBytes = 4 << 20
)

func (r *runner) visitWindow(docs []*document, outcomes []outcome, visit visitFunc) {
	onEveryCore(len(docs), func(i int) {
		if d := docs[i]; d.later && d.tree == nil && d.err == nil {
			d.parse()
		}
	})
	var objects []object
	var owner []int // the document of each object
	for i, d := range docs {
		objs, err := d.objects()
		if err != nil {
			outcomes[i].inputs = append(outcomes[i].inputs, err)
		}
		for _, o := range objs {
			objects = append(objects, o)
			owner = append(owner, i)
		}
	}
	results := make([]outcome, len(objects))
	patches := make([]splice.Patch, len(objects))
	onEveryCore(len(objects), func(i int) { r.visitObject(objects[i], &patches[i], visit, &results[i]) })

	docPatches := make([]*splice.Patch, len(docs))
	for i, obj := range objects {
		di := owner[i]
		outcomes[di].add(&results[i])
		if patches[i].Empty() {
			continue
		}
		if docPatches[di] == nil {
			docPatches[di] = &splice.Patch{}
		}
		if obj.item == 0 {
			docPatches[di] = &patches[i]
			continue
		}
		list := docPatches[di].Key("items")
		list.Items = append(list.Items, splice.ItemPatch{Index: obj.item - 1, Patch: &patches[i]})
	}
	onEveryCore(len(docs), func(di int) {
		o, patch, d := &outcomes[di], docPatches[di], docs[di]
		defer func() {
			if d.later {
				d.tree = nil // edited: the window's trees go
			}
		}()
		if patch.Empty() || len(o.inputs) > 0 || len(o.rejections) > 0 {
			return
		}
		edit, err := splice.Apply(d.tree, patch)
		if err != nil {
			o.inputs = append(o.inputs, locate(d.src, d.doc, 0, "", err))
			return
		}
		if edit.Changed() {
			o.edit = edit
		}
	})
}

// outcome is what visiting one object, or one document, gives.
type outcome struct {
	edit       *splice.Edit // the new content; nil when unchanged
	objects    []Object
	explained  []Explained
	previewed  []Previewed
	templates  []lint.Template
	notes      []Warning // what the user should know that is no warning
	warnings   []Warning
	inputs     []*InputError
	rejections []*Rejection
}

// add joins what another outcome holds to o (but data).
func (o *outcome) add(other *outcome) {
	o.objects = append(o.objects, other.objects...)
	o.explained = append(o.explained, other.explained...)
	o.previewed = append(o.previewed, other.previewed...)
	o.templates = append(o.templates, other.templates...)
	o.notes = append(o.notes, other.notes...)
	o.warnings = append(o.warnings, other.warnings...)
	o.inputs = append(o.inputs, other.inputs...)
	o.rejections = append(o.rejections, other.rejections...)
}

func pluralAdds(n int) string { return plural(n, "adds", "add") }
