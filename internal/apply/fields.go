package apply

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/suggest"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// Misspelt fields. podctl writes into a pod template by its field names: a
// template whose spec is written "spce" decodes as a pod without a spec,
// and the PodDefault's items would go into a new spec beside it; a
// Deployment whose spec is written "spce" has no template podctl can find,
// and would pass without a word. So before a template is used, every key
// of its metadata and spec (and of the object's own metadata) that is not
// a field of the Kubernetes type but is near one is an input error, and so
// is a key near the one the kind's template path expects where that key is
// missing. Other unknown keys stay as they are: a kind may carry fields of
// its own beside a pod spec (Knative's containerConcurrency), and podctl
// leaves what it does not read alone.

// misspelling is a key that is likely a misspelt field name.
type misspelling struct {
	key   *yaml.Node
	path  string // from the object's root, the key included
	meant string
}

func (m misspelling) Error() string {
	return fmt.Sprintf("%s: unknown field (did you mean %s?)", m.path, m.meant)
}

// shape is the field names of a Kubernetes type, and the shapes of their
// values: computed once per type, from the JSON names of the k8s.io/api
// structs.
type shape struct {
	fields map[string]*shape // a struct's fields; nil for other types
	names  []string          // the fields' names, sorted
	elem   *shape            // the shape of a list's items or a map's values
}

var (
	typeShapesMu sync.Mutex
	typeShapes   = map[reflect.Type]*shape{}
)

var (
	podShape         = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[corev1.Pod]()) })
	podTemplateShape = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[corev1.PodTemplateSpec]()) })
	objectMetaShape  = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[metav1.ObjectMeta]()) })
	podDefaultShape  = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[poddefault.PodDefault]()) })
)

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// shapeOf gives the shape of t; nil means any value (a type that reads its
// own JSON, a string, a number).
func shapeOf(t reflect.Type) *shape {
	typeShapesMu.Lock()
	defer typeShapesMu.Unlock()
	return shapeLocked(t)
}

func shapeLocked(t reflect.Type) *shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return nil // quantities, int-or-string, times
	}
	if s, ok := typeShapes[t]; ok {
		return s
	}
	switch t.Kind() {
	case reflect.Struct:
		s := &shape{fields: map[string]*shape{}}
		typeShapes[t] = s // before the fields: a type may hold itself
		addFields(s, t)
		for name := range s.fields {
			s.names = append(s.names, name)
		}
		slices.Sort(s.names)
		return s
	case reflect.Slice, reflect.Array, reflect.Map:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return nil // []byte: a base64 string
		}
		elem := shapeLocked(t.Elem())
		if elem == nil {
			return nil
		}
		s := &shape{elem: elem}
		typeShapes[t] = s
		return s
	}
	return nil
}

// addFields adds the fields of struct t to s, as encoding/json names them,
// with embedded and inlined structs flattened.
func addFields(s *shape, t reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && (name == "" || strings.Contains(opts, "inline")) && ft.Kind() == reflect.Struct {
			addFields(s, ft)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s.fields[name] = shapeLocked(f.Type)
	}
}

// misspelt lists the keys of n, a value of shape s at path, that are not
// fields of s but are near one, and those of its values, in document
// order. Each node is looked at once, however many aliases lead to it.
func misspelt(n *yaml.Node, s *shape, path *valuePath, seen map[*yaml.Node]bool) []misspelling {
	if n = yamldoc.Resolve(n); n == nil || s == nil || n.Kind == yaml.ScalarNode || seen[n] {
		return nil
	}
	seen[n] = true
	var out []misspelling
	switch {
	case yamldoc.IsList(n):
		if s.fields != nil {
			return nil // the decoder says what is wrong
		}
		for i, item := range yamldoc.List(n) {
			out = append(out, misspelt(item, s.elem, &valuePath{up: path, index: i}, seen)...)
		}
	case yamldoc.IsMapping(n):
		for k, v := range yamldoc.Entries(n) {
			if k.Kind != yaml.ScalarNode {
				continue // the decoder says what is wrong
			}
			if yamldoc.IsMerge(k) {
				// a merge key: its mappings are this one's
				for _, m := range yamldoc.Merged(v) {
					out = append(out, misspelt(m, s, path, seen)...)
				}
				continue
			}
			at := &valuePath{up: path, key: k.Value, index: -1}
			if s.fields == nil { // a map: its keys are free
				out = append(out, misspelt(v, s.elem, at, seen)...)
				continue
			}
			field, known := s.fields[k.Value]
			if known {
				out = append(out, misspelt(v, field, at, seen)...)
			} else if meant, ok := suggest.Closest(k.Value, s.names); ok {
				out = append(out, misspelling{key: k, path: at.String(), meant: meant})
			}
		}
	}
	return out
}

// valuePath is where misspelt is in the document, written out only for a
// misspelling: most documents have none, and a template has many keys.
type valuePath struct {
	up    *valuePath // nil for the first, whose path is root
	root  string
	key   string
	index int // an item of a list; -1 for a key
}

// rootPath starts a valuePath at path.
func rootPath(path string) *valuePath { return &valuePath{root: path, index: -1} }

func (p *valuePath) String() string {
	if p.up == nil {
		return p.root
	}
	s := p.up.String()
	switch {
	case p.index >= 0:
		return s + "[" + strconv.Itoa(p.index) + "]"
	case s == "":
		return p.key
	}
	return s + "." + p.key
}

// isPodTemplate reports whether what a kind's template paths find is a pod
// template (or a Pod), as the Kubernetes types define it: not for the
// kinds whose adapter reads a pod spec of their own shape (model.go), but
// for a Notebook's template.
func isPodTemplate(k *workload.Kind) bool {
	_, modelled := podModels[k.Model]
	return !modelled || k.Model == workload.ModelNotebook
}

// misspeltTemplate lists the misspelt keys of a pod template (or, isPod,
// a Pod) found at steps from the object's root.
func misspeltTemplate(tpl *yaml.Node, steps yamldoc.Steps, isPod bool) []misspelling {
	s := podTemplateShape()
	if isPod {
		s = podShape()
	}
	return misspelt(tpl, s, rootPath(steps.String()), map[*yaml.Node]bool{})
}

// misspeltPodDefault lists the misspelt keys of a PodDefault, which is
// decoded strictly: the decoding refuses every unknown key, these also
// get the name that was meant.
func misspeltPodDefault(n *yaml.Node) []misspelling {
	return misspelt(n, podDefaultShape(), rootPath(""), map[*yaml.Node]bool{})
}

// misspeltMetadata lists the misspelt keys of an object's own metadata, at
// steps from the root object: a misspelt namespace would put its pods in
// another namespace, a misspelt label of a Notebook keep it off its pods.
func misspeltMetadata(obj *yaml.Node, at yamldoc.Steps) []misspelling {
	md := yamldoc.Field(obj, "metadata")
	path := append(append(yamldoc.Steps(nil), at...), yamldoc.Step{Key: "metadata"}).String()
	return misspelt(md, objectMetaShape(), rootPath(path), map[*yaml.Node]bool{})
}

// misspeltPath finds, where path leads nowhere in obj, a key near the one
// the path expects where that key is missing: "spce" for spec. others are
// the keys the kind's other template paths expect at the same place, which
// are no misspelling.
func misspeltPath(obj *yaml.Node, path workload.Path, at yamldoc.Steps, others []workload.Path) []misspelling {
	var out []misspelling
	var walk func(n *yaml.Node, i int, steps yamldoc.Steps)
	walk = func(n *yaml.Node, i int, steps yamldoc.Steps) {
		if n == nil || i == len(path) {
			return
		}
		switch path[i] {
		case "[]":
			for j, item := range yamldoc.List(n) {
				walk(item, i+1, append(steps, yamldoc.Step{Index: j, IsIndex: true}))
			}
			return
		case "*":
			for k, v := range yamldoc.Entries(n) {
				walk(v, i+1, append(steps, yamldoc.Step{Key: k.Value}))
			}
			return
		}
		if !yamldoc.IsMapping(n) {
			return
		}
		if v := yamldoc.Field(n, path[i]); v != nil {
			walk(v, i+1, append(steps, yamldoc.Step{Key: path[i]}))
			return
		}
		for k := range yamldoc.Entries(n) {
			if k.Kind != yaml.ScalarNode || expected(others, path[:i], k.Value) {
				continue
			}
			if meant, ok := suggest.Closest(k.Value, []string{path[i]}); ok {
				key := append(append(yamldoc.Steps(nil), steps...), yamldoc.Step{Key: k.Value})
				out = append(out, misspelling{key: k, path: key.String(), meant: meant})
			}
		}
	}
	walk(obj, 0, append(yamldoc.Steps(nil), at...))
	return out
}

// expected reports whether one of paths expects key after prefix.
func expected(paths []workload.Path, prefix workload.Path, key string) bool {
	for _, p := range paths {
		if len(p) > len(prefix) && slices.Equal(p[:len(prefix)], prefix) && p[len(prefix)] == key {
			return true
		}
	}
	return false
}

// misspelt records an input error for each misspelling of the object not
// recorded yet, and reports whether there was any.
func (w walk) misspelt(ms []misspelling) bool {
	d := w.ob.d
	for _, m := range ms {
		if w.reported[m.key] {
			continue
		}
		w.reported[m.key] = true
		loc := Location{File: d.src.Name, Document: d.doc.Index, Line: d.tree.SourceLine(m.key), Item: w.ob.item}
		w.o.inputs = append(w.o.inputs, &InputError{Location: loc, Object: w.object, Err: m})
	}
	return len(ms) > 0
}

// templatePaths are the template paths of a kind.
func templatePaths(k *workload.Kind) []workload.Path {
	paths := make([]workload.Path, len(k.Templates))
	for i, t := range k.Templates {
		paths[i] = t.Path
	}
	return paths
}
