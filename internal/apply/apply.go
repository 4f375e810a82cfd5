package apply

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
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
	// ReadWarnings are what reading the input skipped, and why: they join
	// the run's warnings.
	ReadWarnings []string
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
	changed map[int]*manifest.Edit // by document index
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
func (o *Output) Edit(d int) *manifest.Edit { return o.changed[d] }

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
	res := &Result{}
	for _, w := range req.ReadWarnings {
		res.Warnings = append(res.Warnings, Warning{Message: w})
	}
	sidecars := 0
	outcomes := r.processAll(req.Workloads, r.applyOne)
	for si, src := range req.Workloads {
		out := Output{Source: src}
		for di := range src.Docs {
			o := &outcomes[si][di]
			r.fail.Inputs = append(r.fail.Inputs, o.inputs...)
			r.fail.Rejections = append(r.fail.Rejections, o.rejections...)
			res.Objects = append(res.Objects, o.objects...)
			res.Warnings = append(res.Warnings, o.warnings...)
			res.Notes = append(res.Notes, o.notes...)
			sidecars += o.sidecars
			if o.edit != nil {
				if out.changed == nil {
					out.changed = map[int]*manifest.Edit{}
				}
				out.changed[di] = o.edit
			}
		}
		out.Changed = out.changed != nil
		res.Outputs = append(res.Outputs, out)
	}
	if sidecars > 0 {
		res.Warnings = append(res.Warnings, Warning{Message: fmt.Sprintf("%d pod %s a sidecar of a PodDefault that still selects %s: "+
			"where the PodDefault webhook also runs, it finds the sidecar already there and sets spec.containers to null, and the pod is refused. "+
			"Deploy these manifests where the webhook does not run, or mark the templates excluded (apply-defaults --mark-excluded)", sidecars, plural(sidecars, "template keeps", "templates keep"), plural(sidecars, "it", "them"))})
	}
	if !r.fail.empty() {
		return res, r.fail
	}
	return res, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// outcome is what processing one document gives.
type outcome struct {
	edit       *manifest.Edit // the new content; nil when unchanged
	objects    []Object
	explained  []Explained
	sidecars   int       // templates that keep a sidecar of a PodDefault that still selects them
	notes      []Warning // what the user should know that is no warning
	warnings   []Warning
	inputs     []*InputError
	rejections []*Rejection
}

// processAll processes every document of the sources, on every core: the
// documents are independent once the PodDefaults are known.
func (r *runner) processAll(sources []*manifest.Source, visit visitFunc) [][]outcome {
	type job struct{ src, doc int }
	var jobs []job
	outcomes := make([][]outcome, len(sources))
	for si, src := range sources {
		outcomes[si] = make([]outcome, len(src.Docs))
		for di := range src.Docs {
			jobs = append(jobs, job{si, di})
		}
	}
	onEveryCore(len(jobs), func(i int) {
		j := jobs[i]
		src := sources[j.src]
		r.processDoc(src, &src.Docs[j.doc], visit, &outcomes[j.src][j.doc])
	})
	return outcomes
}

// onEveryCore calls work for each of 0 to n-1, in that order of start, on
// as many goroutines as there are cores.
func onEveryCore(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), n); w++ {
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

// newRunner collects every PodDefault of the request, wherever it stands,
// before any template is looked at.
func newRunner(req Request) *runner {
	r := &runner{req: req, fail: &Failure{}}
	if r.req.Registry == nil {
		reg, err := Registry()
		if err != nil {
			r.fail.Inputs = append(r.fail.Inputs, &InputError{Err: err})
			reg, _ = workload.NewRegistry()
		}
		r.req.Registry = reg
	}
	r.namespace = workload.Namespace("", req.Namespace)
	r.outlines = map[*manifest.Document]manifest.Outline{}
	for _, src := range req.Workloads {
		r.collectDefaults(src, false)
	}
	for _, src := range req.Defaults {
		r.collectDefaults(src, true)
	}
	r.written = specNodes{}
	for i := range r.defaults {
		r.written[&r.defaults[i]] = r.specNodes[i]
	}
	return r
}

type runner struct {
	req       Request
	namespace string
	defaults  []poddefault.PodDefault
	origin    []Location   // where each of defaults was found
	specNodes []*yaml.Node // the spec of each of defaults, as written
	written   specNodes
	fail      *Failure
	// outlines keeps the documents of workload sources that were checked
	// while the PodDefaults were collected, so as not to check them twice.
	outlines map[*manifest.Document]manifest.Outline
}

// isDefaultsKind reports whether a document may hold PodDefaults.
func isDefaultsKind(apiVersion, kind string) bool {
	return isList(apiVersion, kind) || workload.Group(apiVersion) == poddefault.Group && (kind == poddefault.Kind || kind == poddefault.ListKind)
}

// isList: a v1 List, or the ResourceList a KRM function reads, whose items
// are objects of their own.
func isList(apiVersion, kind string) bool {
	return kind == "List" || kind == "ResourceList" && workload.Group(apiVersion) == "config.kubernetes.io"
}

// collectDefaults finds the PodDefaults of a source. In a defaults source
// every document must be one.
func (r *runner) collectDefaults(src *manifest.Source, defaultsOnly bool) {
	for i := range src.Docs {
		doc := &src.Docs[i]
		data := src.Data[doc.Start:doc.End]
		if doc.Index == 0 && !defaultsOnly {
			continue // comments and blank lines, checked when processed
		}
		p := src.Parsed(doc)
		if p == nil && !defaultsOnly {
			api, kind, ok := manifest.Sniff(data)
			if ok && !isDefaultsKind(api, kind) {
				continue
			}
			if !ok || isList(api, kind) {
				// Errors are reported when the document is processed.
				outline, err := manifest.Check(data, doc.Line)
				if err != nil {
					continue
				}
				r.outlines[doc] = outline
				if outline.Plain && !holdsDefaults(outline) {
					continue
				}
			}
		}
		if p == nil {
			var err error
			if p, err = manifest.Parse(data, doc.Line); err != nil {
				if defaultsOnly { // workload sources report parse errors once, later
					r.inputError(src, doc, 0, "", err)
				}
				continue
			}
		}
		if p.Root == nil {
			continue
		}
		api, kind := manifest.TypeMeta(p.Root)
		switch {
		case isList(api, kind):
			for j, item := range manifest.Items(p.Root) {
				ia, ik := manifest.TypeMeta(item)
				if ik == poddefault.Kind { // its apiVersion is checked when it is read
					r.addDefault(src, doc, p, item)
				} else if defaultsOnly {
					r.inputError(src, doc, p.SourceLine(item), "", fmt.Errorf("items[%d] is a %s, not a PodDefault", j, describeKind(ia, ik)))
				}
			}
		case workload.Group(api) == poddefault.Group && kind == poddefault.ListKind:
			if err := checkVersion(api); err != nil {
				r.inputError(src, doc, p.SourceLine(p.Root), "", err)
				continue
			}
			for _, item := range manifest.Items(p.Root) {
				r.addDefault(src, doc, p, item)
			}
		case workload.Group(api) == poddefault.Group && kind == poddefault.Kind:
			r.addDefault(src, doc, p, p.Root)
		default:
			if defaultsOnly {
				r.inputError(src, doc, p.SourceLine(p.Root), "", fmt.Errorf("a %s is not a PodDefault: -d takes PodDefault, PodDefaultList and List documents", describeKind(api, kind)))
			}
		}
	}
}

// holdsDefaults reports whether an outlined document may hold a
// PodDefault: it is one, or a List with one among its items.
func holdsDefaults(o manifest.Outline) bool {
	if isDefaultsKind(o.APIVersion, o.Kind) && !isList(o.APIVersion, o.Kind) {
		return true
	}
	for _, t := range o.Items {
		if t.Kind == poddefault.Kind {
			return true
		}
	}
	return false
}

func checkVersion(apiVersion string) error {
	if apiVersion != poddefault.APIVersion {
		return fmt.Errorf("unknown apiVersion %q for PodDefault: podctl reads %s", apiVersion, poddefault.APIVersion)
	}
	return nil
}

func describeKind(apiVersion, kind string) string {
	if kind == "" {
		return "document without a kind"
	}
	return kind + " (" + apiVersion + ")"
}

// addDefault decodes one PodDefault strictly: a misspelt field is an error,
// never silently dropped.
func (r *runner) addDefault(src *manifest.Source, doc *manifest.Document, p *manifest.Parsed, n *yaml.Node) {
	line := p.SourceLine(n)
	api, _ := manifest.TypeMeta(n)
	if err := checkVersion(api); err != nil {
		r.inputError(src, doc, line, "", err)
		return
	}
	var pd poddefault.PodDefault
	if err := p.Decode(n, &pd, true); err != nil {
		name, namespace := objectName(n)
		r.inputError(src, doc, line, "PodDefault "+workload.Namespace(namespace, r.req.Namespace)+"/"+orUnnamed(name), err)
		return
	}
	if pd.Name == "" {
		r.inputError(src, doc, line, "", errors.New("a PodDefault without metadata.name"))
		return
	}
	if pd.Namespace == "" {
		pd.Namespace = r.namespace
	}
	loc := Location{File: src.Name, Document: doc.Index, Line: line}
	for i := range r.defaults {
		other := &r.defaults[i]
		if other.Namespace != pd.Namespace || other.Name != pd.Name {
			continue
		}
		if sameContent(other, &pd) {
			return // the same PodDefault given twice is used once
		}
		r.fail.Inputs = append(r.fail.Inputs, &InputError{Location: loc, Object: "PodDefault " + pd.Namespace + "/" + pd.Name,
			Err: fmt.Errorf("given again with different content (first at %s)", r.origin[i])})
		return
	}
	spec, err := manifest.Expand(manifest.Field(n, "spec"))
	if err != nil {
		r.inputError(src, doc, line, "PodDefault "+pd.Namespace+"/"+pd.Name, err)
		return
	}
	r.defaults = append(r.defaults, pd)
	r.origin = append(r.origin, loc)
	r.specNodes = append(r.specNodes, spec)
}

func orUnnamed(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

func (r *runner) inputError(src *manifest.Source, doc *manifest.Document, line int, object string, err error) {
	r.fail.Inputs = append(r.fail.Inputs, locate(src, doc, line, object, err))
}

// locate builds an InputError at the most precise line known: the
// error's own, else the one given, else the document's.
func locate(src *manifest.Source, doc *manifest.Document, line int, object string, err error) *InputError {
	var pe *manifest.PosError
	if errors.As(err, &pe) {
		line = pe.Line
		err = errors.New(pe.Msg)
		if pe.Path != "" {
			err = fmt.Errorf("%s: %s", pe.Path, pe.Msg)
		}
	}
	if line == 0 {
		line = doc.Line
	}
	return &InputError{Location: Location{File: src.Name, Document: doc.Index, Line: line}, Object: object, Err: err}
}

// processDoc finds and mutates the pod templates of one document.
func (r *runner) processDoc(src *manifest.Source, doc *manifest.Document, visit visitFunc, o *outcome) {
	data := src.Data[doc.Start:doc.End]
	if doc.Index == 0 { // comments and blank lines
		if err := manifest.CheckText(data, doc.Line); err != nil {
			o.inputs = append(o.inputs, locate(src, doc, 0, "", err))
		}
		return
	}
	p := src.Parsed(doc)
	if p == nil {
		var done bool
		if p, done = r.parse(src, doc, o); done {
			return
		}
	}
	if p.Root == nil {
		return
	}
	if p.Root.Kind != yaml.MappingNode {
		o.inputs = append(o.inputs, locate(src, doc, p.SourceLine(p.Root), "", errors.New("a document must be a mapping (an object with apiVersion and kind)")))
		return
	}
	api, kind := manifest.TypeMeta(p.Root)
	if api == "" || kind == "" {
		o.inputs = append(o.inputs, locate(src, doc, p.SourceLine(p.Root), "", errors.New("an object needs apiVersion and kind")))
		return
	}
	patch := &manifest.Patch{}
	if isList(api, kind) {
		r.processItems(src, doc, p, patch, visit, o)
	} else if !isDefaultsKind(api, kind) {
		r.processObject(src, doc, p, p.Root, 0, patch, visit, o)
	}
	if patch.Empty() || len(o.inputs) > 0 || len(o.rejections) > 0 {
		return
	}
	edit, err := p.ApplyEdit(patch)
	if err != nil {
		o.inputs = append(o.inputs, locate(src, doc, 0, "", err))
		return
	}
	if edit.Changed() {
		o.edit = edit
	}
}

// parse parses a document that may hold a pod template. done is true when
// there is nothing more to do with it: it is a PodDefault, it holds no
// template (learned without a tree where possible), or it is broken (an
// input error in o).
func (r *runner) parse(src *manifest.Source, doc *manifest.Document, o *outcome) (p *manifest.Parsed, done bool) {
	data := src.Data[doc.Start:doc.End]
	api, kind, ok := manifest.Sniff(data)
	if ok && isDefaultsKind(api, kind) && !isList(api, kind) {
		return nil, true // checked when the PodDefaults were collected
	}
	if _, workload := r.req.Registry.Lookup(api, kind); !ok || !workload {
		// Most documents only pass through: check them without a tree.
		outline, checked := r.outlines[doc]
		var err error
		if !checked {
			outline, err = manifest.Check(data, doc.Line)
		}
		if err != nil {
			o.inputs = append(o.inputs, locate(src, doc, 0, "", err))
			return nil, true
		}
		if outline.Plain && !outline.Templates && !r.holdsTemplates(outline) {
			return nil, true
		}
	}
	p, err := manifest.Parse(data, doc.Line)
	if err != nil {
		o.inputs = append(o.inputs, locate(src, doc, 0, "", err))
		return nil, true
	}
	return p, false
}

// processItems visits the objects of a List, on every core: a
// ResourceList is one document that may hold a whole package. Each item
// gets a patch and an outcome of its own, joined in item order after.
func (r *runner) processItems(src *manifest.Source, doc *manifest.Document, p *manifest.Parsed, patch *manifest.Patch, visit visitFunc, o *outcome) {
	items := manifest.Items(p.Root)
	patches := make([]manifest.Patch, len(items))
	outcomes := make([]outcome, len(items))
	onEveryCore(len(items), func(j int) {
		r.processObject(src, doc, p, items[j], j+1, &patches[j], visit, &outcomes[j])
	})
	for j := range items {
		if !patches[j].Empty() {
			list := patch.Key("items")
			list.Items = append(list.Items, manifest.ItemPatch{Index: j, Patch: &patches[j]})
		}
		o.add(&outcomes[j])
	}
}

// add joins what another outcome holds to o (but data).
func (o *outcome) add(other *outcome) {
	o.objects = append(o.objects, other.objects...)
	o.explained = append(o.explained, other.explained...)
	o.sidecars += other.sidecars
	o.notes = append(o.notes, other.notes...)
	o.warnings = append(o.warnings, other.warnings...)
	o.inputs = append(o.inputs, other.inputs...)
	o.rejections = append(o.rejections, other.rejections...)
}

// holdsTemplates reports whether an outlined document may hold an object
// with pod templates: it is one, or it is a List with one among its items.
func (r *runner) holdsTemplates(o manifest.Outline) bool {
	objects := []manifest.ObjectType{o.ObjectType}
	if isList(o.APIVersion, o.Kind) {
		objects = o.Items
	}
	for _, t := range objects {
		if _, ok := r.req.Registry.Lookup(t.APIVersion, t.Kind); ok {
			return true
		}
	}
	return false
}

// visitFunc is what a run does with each pod template: apply the
// PodDefaults (recording the changes in patch) or explain them.
type visitFunc func(pod *corev1.Pod, t template, patch *manifest.Patch, o *outcome)

// template names a pod template found in the input.
type template struct {
	loc    Location
	object string         // Kind/namespace/name
	steps  manifest.Steps // from the object's root
	// notebook: the pod is built by the Notebook controller's rules
	notebook bool
}

// processObject visits each pod template of one object.
func (r *runner) processObject(src *manifest.Source, doc *manifest.Document, p *manifest.Parsed, obj *yaml.Node, item int, patch *manifest.Patch, visit visitFunc, o *outcome) {
	api, kind := manifest.TypeMeta(obj)
	k, ok := r.req.Registry.Lookup(api, kind)
	if !ok {
		if paths := templateShapes(obj); len(paths) > 0 {
			name, namespace := objectName(obj)
			o.warnings = append(o.warnings, Warning{Location: Location{File: src.Name, Document: doc.Index, Line: p.SourceLine(obj), Item: item},
				Object: kind + "/" + workload.Namespace(namespace, r.req.Namespace) + "/" + orUnnamed(name),
				Message: fmt.Sprintf("%s (%s) is not a kind podctl knows, but %s looks like a pod template: declare the kind with --workload-config (docs/workloads.md) for PodDefaults to apply",
					kind, api, strings.Join(paths, ", "))})
		}
		return
	}
	name, namespace := objectName(obj)
	ns := workload.Namespace(namespace, r.req.Namespace)
	object := kind + "/" + ns + "/" + orUnnamed(name)
	if k.ClusterScoped {
		// no namespace, so no PodDefault can be chosen for its pods
		o.notes = append(o.notes, Warning{Location: Location{File: src.Name, Document: doc.Index, Line: p.SourceLine(obj), Item: item},
			Object: kind + "/" + orUnnamed(name), Message: "cluster-scoped: its pod templates belong to no namespace, so no PodDefault applies to them"})
		return
	}
	for _, t := range k.Templates {
		path := t.Path
		for _, found := range manifest.Match(obj, path) {
			loc := Location{File: src.Name, Document: doc.Index, Line: p.SourceLine(found.Node), Item: item}
			tpl := found.Node
			for tpl.Kind == yaml.AliasNode {
				tpl = tpl.Alias
			}
			if tpl.Kind != yaml.MappingNode {
				o.inputs = append(o.inputs, &InputError{Location: loc, Object: object, Err: fmt.Errorf("%s: a pod template must be a mapping", found.Steps)})
				continue
			}
			pod, err := decodeTemplate(p, found.Node, len(path) == 0)
			if err == nil && k.Model == workload.ModelNotebook {
				err = notebookPod(p, obj, pod, name, ns)
			}
			if err != nil {
				ie := locate(src, doc, 0, object, err)
				ie.Item = item
				o.inputs = append(o.inputs, ie)
				continue
			}
			pod.Namespace = ns
			if len(path) > 0 {
				pod.Name = name
			}
			if err := addControllerLabels(pod, obj, path, found.Steps, t.Labels); err != nil {
				o.inputs = append(o.inputs, &InputError{Location: loc, Object: object, Err: err})
				continue
			}
			visit(pod, template{loc: loc, object: object, steps: found.Steps, notebook: k.Model == workload.ModelNotebook}, patch, o)
		}
	}
}

// applyOne runs the engine on one template and records its outcome: a
// rejection, or the template's changes in patch and what applied.
func (r *runner) applyOne(pod *corev1.Pod, t template, patch *manifest.Patch, o *outcome) {
	loc, object, steps, template := t.loc, t.object, t.steps, t.steps.String()
	result, err := poddefault.Apply(pod, r.defaults)
	if err != nil {
		o.rejections = append(o.rejections, &Rejection{Location: loc, Object: object, Template: template, Err: err})
		return
	}
	obj := Object{Location: loc, Object: object, Template: template, Applied: poddefault.Names(result.Applied), Skipped: poddefault.Names(result.Skipped)}
	if len(result.Applied) > 0 {
		var extra map[string]string
		if r.req.MarkExcluded && pod.Annotations[poddefault.ExcludeAnnotation] != "true" {
			extra = map[string]string{poddefault.ExcludeAnnotation: "true"}
		}
		if result.Changed(pod) || extra != nil {
			obj.Changed = true
			md, spec := patch.At(steps).Key("metadata"), patch.At(steps).Key("spec")
			if t.notebook {
				// the Notebook controller copies the Notebook's labels and
				// annotations to the pod, and builds its spec from the template
				md = patch.Key("metadata")
			}
			plan(md, spec, pod, result.Changes, extra, r.written)
		}
		if !r.req.MarkExcluded && bringsSidecars(result.Applied) {
			o.sidecars++
		}
	}
	var warnings []string
	for _, c := range result.Chains {
		warnings = append(warnings, fmt.Sprintf("PodDefault %s would also apply on a second pass: %s %s label %s (labels that PodDefaults add never select, so the webhook applies %s only if this pod passes it again)",
			c.PodDefault, strings.Join(c.AddedBy, ", "), pluralAdds(len(c.AddedBy)), strings.Join(c.Labels, ", "), c.PodDefault))
	}
	for _, d := range result.Defects {
		if d.OwnSidecar {
			continue
		}
		warnings = append(warnings, d.Message+"; podctl writes the intended pod (PodDefaults "+strings.Join(obj.Applied, ", ")+
			"). To keep the webhook off this pod, annotate its template with "+poddefault.ExcludeAnnotation+`: "true", or split the PodDefault`)
	}
	for _, w := range warnings {
		o.warnings = append(o.warnings, Warning{Location: loc, Object: object, Message: w})
	}
	obj.Warnings = warnings
	o.objects = append(o.objects, obj)
}

func bringsSidecars(pds []*poddefault.PodDefault) bool {
	for _, pd := range pds {
		if len(pd.Spec.Sidecars) > 0 {
			return true
		}
	}
	return false
}

// objectName reads metadata.name and metadata.namespace.
func objectName(obj *yaml.Node) (name, namespace string) {
	md := manifest.Field(obj, "metadata")
	if v := manifest.Field(md, "name"); v != nil && v.Kind == yaml.ScalarNode {
		name = v.Value
	}
	if v := manifest.Field(md, "namespace"); v != nil && v.Kind == yaml.ScalarNode {
		namespace = v.Value
	}
	return name, namespace
}

// decodeTemplate reads a pod template (or a Pod) into a Pod, keeping only
// what the webhook sees: labels, annotations and the spec.
func decodeTemplate(p *manifest.Parsed, n *yaml.Node, isPod bool) (*corev1.Pod, error) {
	if isPod {
		var pod corev1.Pod
		if err := p.Decode(n, &pod, false); err != nil {
			return nil, err
		}
		return &corev1.Pod{ObjectMeta: pod.ObjectMeta, Spec: pod.Spec}, nil
	}
	var tpl corev1.PodTemplateSpec
	if err := p.Decode(n, &tpl, false); err != nil {
		return nil, err
	}
	return &corev1.Pod{ObjectMeta: tpl.ObjectMeta, Spec: tpl.Spec}, nil
}

// WriteStream writes every output as one stream: the sources in order,
// joined by "---" lines.
func (res *Result) WriteStream(w io.Writer) error {
	for i := range res.Outputs {
		out := &res.Outputs[i]
		data := out.Source.Data
		if i > 0 && len(data) > 0 && !bytes.HasPrefix(data, []byte("---")) {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := out.WriteTo(w); err != nil {
			return err
		}
		if len(data) > 0 && data[len(data)-1] != '\n' && i < len(res.Outputs)-1 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
	}
	return nil
}

func pluralAdds(n int) string { return plural(n, "adds", "add") }

// sameContent: two PodDefaults of one namespace and name are the same
// when their spec and resourceVersion (the marker's value) are; labels and
// annotations, such as those kpt and kustomize add, do not count.
func sameContent(a, b *poddefault.PodDefault) bool {
	return a.ResourceVersion == b.ResourceVersion && reflect.DeepEqual(a.Spec, b.Spec)
}
