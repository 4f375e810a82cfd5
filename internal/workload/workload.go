package workload

import "strings"

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
	// Templates are the paths of the kind's pod templates.
	Templates []Path
}

// builtins are the kinds of Kubernetes itself whose pods the webhook sees.
var builtins = []Kind{
	{Group: "", Kind: "Pod", Templates: []Path{{}}},
	{Group: "", Kind: "PodTemplate", Templates: []Path{{"template"}}},
	{Group: "", Kind: "ReplicationController", Templates: []Path{{"spec", "template"}}},
	{Group: "apps", Kind: "Deployment", Templates: []Path{{"spec", "template"}}},
	{Group: "apps", Kind: "StatefulSet", Templates: []Path{{"spec", "template"}}},
	{Group: "apps", Kind: "DaemonSet", Templates: []Path{{"spec", "template"}}},
	{Group: "apps", Kind: "ReplicaSet", Templates: []Path{{"spec", "template"}}},
	{Group: "batch", Kind: "Job", Templates: []Path{{"spec", "template"}}},
	{Group: "batch", Kind: "CronJob", Templates: []Path{{"spec", "jobTemplate", "spec", "template"}}},
}

// Registry maps group and kind to where their pod templates are.
type Registry struct {
	kinds map[string]*Kind
}

// Builtin returns a registry of the built-in kinds.
func Builtin() *Registry {
	r := &Registry{kinds: map[string]*Kind{}}
	for i := range builtins {
		r.Add(builtins[i])
	}
	return r
}

// Add adds a kind, replacing one of the same group and kind.
func (r *Registry) Add(k Kind) {
	r.kinds[k.Group+"/"+k.Kind] = &k
}

// Lookup finds the kind of an object by its apiVersion and kind.
func (r *Registry) Lookup(apiVersion, kind string) (*Kind, bool) {
	k, ok := r.kinds[Group(apiVersion)+"/"+kind]
	return k, ok
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
