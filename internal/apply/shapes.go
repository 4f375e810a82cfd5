package apply

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

// shapes are what looks like a pod in an object of a kind podctl does not
// know, as paths from the object's root in --workload-config's syntax.
type shapes struct {
	// templates are pod templates: mappings whose spec has containers,
	// which a templates[].path can name as it is.
	templates []string
	// podSpecs are pod specs: mappings with containers themselves, whose
	// pods only a kind's model can build.
	podSpecs []string
}

func (s shapes) empty() bool { return len(s.templates)+len(s.podSpecs) == 0 }

// warnings words what was found, a sentence after "<what> is not a kind
// podctl knows, but ", and what to do about it in the front end's words.
func (s shapes) warnings(w Wording) []string {
	declare := "declare the kind with --workload-config (docs/workloads.md) for PodDefaults to apply"
	adapter := "PodDefaults apply to a pod spec only through an adapter that builds the pod as the kind's controller does (a kinds[].model of --workload-config, docs/workloads.md)"
	if w.UnknownKind != "" {
		declare, adapter = w.UnknownKind, w.UnknownKind
	}
	var out []string
	if n := len(s.templates); n > 0 {
		what := "looks like a pod template"
		if n > 1 {
			what = "look like pod templates"
		}
		out = append(out, fmt.Sprintf("%s %s: %s", pathList(s.templates), what, declare))
	}
	if n := len(s.podSpecs); n > 0 {
		what := "looks like a pod spec, not a pod template"
		if n > 1 {
			what = "look like pod specs, not pod templates"
		}
		out = append(out, fmt.Sprintf("%s %s: %s", pathList(s.podSpecs), what, adapter))
	}
	return out
}

// pathList joins paths; the object's root "." is named as such.
func pathList(paths []string) string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if p == "." {
			p = "the object itself (path .)"
		}
		out[i] = p
	}
	return strings.Join(out, ", ")
}

// The walk of an unknown object stops this deep (a Trainer runtime's
// containers are 11 levels down) and after this many nodes, so that a huge
// document costs no more than one look at a bounded part of it.
const (
	maxShapeDepth = 24
	maxShapeNodes = 200_000
)

// templateShapes finds what looks like a pod in an object of a kind podctl
// does not know: every mapping, under any key and at any depth, with
// containers that are a list of mappings with a name or an image. Where
// that mapping is the spec of another, the other is a pod template (the
// object itself, ".", for a Pod-like kind); else it is a bare pod spec.
// Lists are written with [], each path once; nothing inside a pod is
// searched, and aliases are not followed (their anchor is found where it
// stands). The walk is linear in the object's size and bounded.
func templateShapes(obj *yaml.Node) shapes {
	var s shapes
	seen := map[string]bool{}
	var steps []string // keys, or "[]"
	budget := maxShapeNodes
	path := func(n int) string {
		if n == 0 {
			return "."
		}
		var b strings.Builder
		for i, st := range steps[:n] {
			if i > 0 && st != "[]" {
				b.WriteByte('.')
			}
			b.WriteString(st)
		}
		return b.String()
	}
	add := func(list *[]string, p string) {
		if !seen[p] {
			seen[p] = true
			*list = append(*list, p)
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || budget <= 0 || len(steps) > maxShapeDepth {
			return
		}
		budget--
		switch n.Kind {
		case yaml.MappingNode:
			if hasContainers(n) {
				if len(steps) > 0 && steps[len(steps)-1] == "spec" {
					add(&s.templates, path(len(steps)-1))
				} else {
					add(&s.podSpecs, path(len(steps)))
				}
				return
			}
			for k, v := range yamldoc.Entries(n) {
				if k.Kind != yaml.ScalarNode {
					continue
				}
				steps = append(steps, k.Value)
				walk(v)
				steps = steps[:len(steps)-1]
			}
		case yaml.SequenceNode:
			steps = append(steps, "[]")
			for _, item := range yamldoc.List(n) {
				walk(item)
			}
			steps = steps[:len(steps)-1]
		}
	}
	walk(obj)
	return s
}

// hasContainers: the mapping has containers, a non-empty list of mappings
// each with a name or an image.
func hasContainers(m *yaml.Node) bool {
	c := yamldoc.List(yamldoc.Field(m, "containers"))
	if len(c) == 0 {
		return false
	}
	for _, item := range c {
		if yamldoc.Field(item, "name") == nil && yamldoc.Field(item, "image") == nil {
			return false
		}
	}
	return true
}
