package apply

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// document is one input document, classified once: whether podctl must
// look inside it, and then its tree. Every later step reads this state;
// none reads the document's bytes again.
type document struct {
	src *manifest.Source
	doc *manifest.Document
	// defaults: the document comes from -d and must hold PodDefaults.
	defaults bool
	// tree is nil when the document only passes through: it was checked
	// without building one.
	tree *yamldoc.Parsed
	// later: the document may hold pod templates and nothing else podctl
	// reads first; it is parsed when its templates are visited, and its
	// tree let go once it is edited, so that a stream's trees are not all
	// held at once.
	later bool
	// root is the node that holds the document's objects when it is not
	// the tree's root (an Embedded node).
	root *yaml.Node
	// err says why the document cannot be read.
	err *InputError
}

// rootNode is the node that holds the document's objects, nil for none.
func (d *document) rootNode() *yaml.Node {
	if d.root != nil {
		return d.root
	}
	if d.tree == nil {
		return nil
	}
	return d.tree.Root
}

// inputError is err at a node's line (or the error's own, when it has one).
func (d *document) inputError(n *yaml.Node, item int, object string, err error) *InputError {
	line := 0
	if n != nil && d.tree != nil {
		line = d.tree.SourceLine(n)
	}
	ie := locate(d.src, d.doc, line, object, err)
	ie.Item = item
	return ie
}

// readDocuments classifies every document of the sources, on every core.
func (r *runner) readDocuments(workloads, defaults []*manifest.Source) []*document {
	var docs []*document
	add := func(srcs []*manifest.Source, defaults bool) {
		for _, src := range srcs {
			for i := range src.Docs {
				docs = append(docs, &document{src: src, doc: &src.Docs[i], defaults: defaults})
			}
		}
	}
	add(workloads, false)
	add(defaults, true)
	onEveryCore(len(docs), func(i int) { r.classify(docs[i]) })
	return docs
}

// classify reads one document as little as it must: a document that can
// hold neither a PodDefault nor a pod template is checked from its events
// and passes through; one that may hold PodDefaults is parsed now; one
// that may hold only templates is parsed when they are visited.
func (r *runner) classify(d *document) {
	data := d.src.Data[d.doc.Start:d.doc.End]
	if p := r.req.Parsed[d.doc]; p != nil {
		d.tree = p
		return
	}
	if !d.defaults {
		if d.doc.Index == 0 { // comments and blank lines
			if err := yamldoc.CheckText(data, d.doc.Line); err != nil {
				d.err = d.readError(err)
			}
			return
		}
		switch r.holds(d, data) {
		case holdsNothing:
			return
		case holdsTemplates:
			d.later = true
			return
		}
	}
	d.parse()
}

// readError is an error reading the document, with a hint where it looks
// like a template that was never rendered (Helm, gomplate): YAML cannot
// read {{ … }}, and its message says nothing of that.
func (d *document) readError(err error) *InputError {
	return d.unrendered(locate(d.src, d.doc, 0, "", err))
}

// unrendered adds the hint to an error in a document that holds {{: YAML
// reads some templates (`image: {{ .Values.image }}` is a flow mapping),
// and the error then names a field, not the template.
func (d *document) unrendered(ie *InputError) *InputError {
	if bytes.Contains(d.src.Data[d.doc.Start:d.doc.End], []byte("{{")) {
		ie.Err = fmt.Errorf("%w (it looks like a template that was not rendered: render it first, with helm template or the tool that owns it)", ie.Err)
	}
	return ie
}

// parse builds the document's tree, or records why it cannot.
func (d *document) parse() {
	p, err := yamldoc.Parse(d.src.Data[d.doc.Start:d.doc.End], d.doc.Line)
	if err != nil {
		d.err = d.readError(err)
		return
	}
	d.tree = p
}

// What a workload document may hold, as far as podctl reads it.
const (
	holdsNothing = iota
	holdsTemplates
	holdsDefaults // or anything: its tree is needed before templates are visited
)

// holds tells, without a tree where it can, what a workload document may
// hold.
func (r *runner) holds(d *document, data []byte) int {
	api, kind, ok := yamldoc.Sniff(data)
	if ok && !isList(api, kind) {
		if isDefaultsKind(api, kind) || isRuntimeKind(api, kind) || isTrainJobKind(api, kind) {
			return holdsDefaults // a TrainJob and its runtime are read before any template
		}
		if _, known := r.req.Registry.Lookup(api, kind); known {
			return holdsTemplates
		}
	}
	// Most documents only pass through: check them without a tree.
	outline, err := yamldoc.Check(data, d.doc.Line)
	switch {
	case err != nil:
		d.err = d.readError(err)
		return holdsNothing
	case !outline.Plain || holdsDefaultsOf(outline) || holdsTrainer(outline):
		return holdsDefaults
	case outline.Templates || r.holdsTemplates(outline):
		return holdsTemplates
	}
	return holdsNothing
}

// holdsDefaultsOf reports whether an outlined document may hold a
// PodDefault: it is one, or a List with one among its items.
func holdsDefaultsOf(o yamldoc.Outline) bool {
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

// holdsTemplates reports whether an outlined document may hold an object
// with pod templates: it is one, or it is a List with one among its items.
func (r *runner) holdsTemplates(o yamldoc.Outline) bool {
	objects := []yamldoc.ObjectType{o.ObjectType}
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

// isDefaultsKind reports whether a document may hold PodDefaults.
func isDefaultsKind(apiVersion, kind string) bool {
	return isList(apiVersion, kind) || workload.Group(apiVersion) == poddefault.Group && (kind == poddefault.Kind || kind == poddefault.ListKind)
}

// isList: a v1 List, or the ResourceList a KRM function reads, whose items
// are objects of their own.
func isList(apiVersion, kind string) bool {
	return kind == "List" || kind == "ResourceList" && workload.Group(apiVersion) == "config.kubernetes.io"
}

// object is one object of a workload document that may hold pod
// templates: the document's root, or an item of a List (item is then its
// 1-based index).
type object struct {
	d    *document
	node *yaml.Node
	item int
}

// objects lists the objects of a workload document to visit, or says why
// the document is not one.
func (d *document) objects() ([]object, *InputError) {
	if d.err != nil {
		return nil, d.err
	}
	if d.tree == nil || d.tree.Root == nil {
		return nil, nil
	}
	root := d.tree.Root
	if !yamldoc.IsMapping(root) {
		return nil, d.inputError(root, 0, "", errors.New("a document must be a mapping (an object with apiVersion and kind)"))
	}
	api, kind := yamldoc.TypeMeta(root)
	if api == "" || kind == "" {
		return nil, d.inputError(root, 0, "", errors.New("an object needs apiVersion and kind"))
	}
	switch {
	case isList(api, kind):
		items := yamldoc.Items(root)
		out := make([]object, len(items))
		for j, item := range items {
			out[j] = object{d: d, node: item, item: j + 1}
		}
		return out, nil
	case isDefaultsKind(api, kind):
		return nil, nil
	}
	return []object{{d: d, node: root}}, nil
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

// holdsTrainer reports whether an outlined document may hold a TrainJob or
// a Trainer runtime, which are read before any template is visited.
func holdsTrainer(o yamldoc.Outline) bool {
	objects := append([]yamldoc.ObjectType{o.ObjectType}, o.Items...)
	for _, t := range objects {
		if isRuntimeKind(t.APIVersion, t.Kind) || isTrainJobKind(t.APIVersion, t.Kind) {
			return true
		}
	}
	return false
}
