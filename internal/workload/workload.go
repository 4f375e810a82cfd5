package workload

import (
	"fmt"
	"sort"
	"strings"
)

// Path leads from an object's root to a pod template: mapping keys, with
// "[]" for every item of a list and "*" for every value of a map. The
// empty path is the object itself (a Pod is its own template).
type Path []string

func (p Path) String() string {
	if len(p) == 0 {
		return "."
	}
	return strings.ReplaceAll(strings.Join(p, "."), ".[]", "[]")
}

// Kind is one kind of object that carries pod templates.
type Kind struct {
	// Group is the API group, "" for the core group; any version matches.
	Group string
	Kind  string
	// Templates are the kind's pod templates.
	Templates []Template
	// ClusterScoped objects belong to no namespace.
	ClusterScoped bool
	// Model says how the kind's controller builds the pod (ModelNotebook),
	// "" when the template is the pod.
	Model string
}

// Template is a pod template path and the labels the kind's controller
// gives every pod made from it; or, Embedded, the path of an object of
// another kind, whose own entry finds its pod templates.
type Template struct {
	Path     Path
	Labels   []LabelEntry
	Embedded bool
}

// Registry maps group and kind to where their pod templates are.
type Registry struct {
	kinds map[string]*Kind
}

// NewRegistry builds a registry from configs; a later entry for the same
// group and kind replaces an earlier one. The configs must be valid.
func NewRegistry(configs ...*Config) (*Registry, error) {
	r := &Registry{kinds: map[string]*Kind{}}
	for _, c := range configs {
		if problems := c.Validate(); len(problems) > 0 {
			return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
		}
		for _, e := range c.Kinds {
			k := Kind{Group: Group(e.APIVersion), Kind: e.Kind, ClusterScoped: e.Scope == "Cluster", Model: e.Model}
			for _, t := range e.Templates {
				p, _ := ParsePath(t.Path)
				k.Templates = append(k.Templates, Template{Path: p, Labels: t.Labels, Embedded: t.Embedded})
			}
			r.kinds[k.Group+"/"+k.Kind] = &k
			r.kinds[e.APIVersion+"#"+k.Kind] = &k
		}
	}
	return r, nil
}

// Lookup finds the kind of an object by its apiVersion and kind.
// The entry of the exact apiVersion wins; else that of the group, any
// version (the last entry of the group's kind).
func (r *Registry) Lookup(apiVersion, kind string) (*Kind, bool) {
	if k, ok := r.kinds[apiVersion+"#"+kind]; ok {
		return k, ok
	}
	k, ok := r.kinds[Group(apiVersion)+"/"+kind]
	return k, ok
}

// Kinds lists the registry's kinds, ordered by group and kind.
func (r *Registry) Kinds() []*Kind {
	var out []*Kind
	seen := map[*Kind]bool{}
	for _, k := range r.kinds {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

// Group returns the group of an apiVersion ("apps/v1" → "apps", "v1" → "").
func Group(apiVersion string) string {
	if g, _, ok := strings.Cut(apiVersion, "/"); ok {
		return g
	}
	return ""
}

// Namespace is the namespace of a template's pods: the object's own, else
// the one given on the command line, else "default" (kubectl's rule).
func Namespace(objectNamespace, flagNamespace string) string {
	switch {
	case objectNamespace != "":
		return objectNamespace
	case flagNamespace != "":
		return flagNamespace
	}
	return "default"
}
