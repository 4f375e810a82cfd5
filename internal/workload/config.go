package workload

import (
	"fmt"
	"slices"
	"strings"
)

// The workload config format: the built-in table and --workload-config
// files are documents of this apiVersion and kind.
const (
	ConfigAPIVersion = "podctl.dev/v1alpha1"
	ConfigKind       = "WorkloadConfig"
)

// Config is a WorkloadConfig document: kinds that carry pod templates.
type Config struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Metadata   ConfigMeta  `json:"metadata,omitempty"`
	Kinds      []KindEntry `json:"kinds"`
}

// ConfigMeta names a config.
type ConfigMeta struct {
	Name string `json:"name,omitempty"`
}

// KindEntry says where the pod templates of one kind are.
type KindEntry struct {
	// APIVersion is group/version; every version of the group matches.
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Templates  []TemplateEntry `json:"templates"`
	// Scope is "Namespaced" (the default) or "Cluster": a cluster-scoped
	// object's templates belong to no namespace, so no PodDefault applies.
	Scope string `json:"scope,omitempty"`
	// Source names the API types the paths were checked against.
	Source string `json:"source,omitempty"`
	// Model is "" (the template is the pod) or "notebook" (the Notebook
	// controller builds the pod; podctl models it).
	Model string `json:"model,omitempty"`
}

// ModelNotebook is the Notebook controller's way of building a pod.
const ModelNotebook = "notebook"

// TemplateEntry is one pod template path, and the labels the kind's
// controller puts on every pod made from it.
type TemplateEntry struct {
	Path   string       `json:"path"`
	Labels []LabelEntry `json:"labels,omitempty"`
}

// LabelEntry is a label whose value the manifest fixes: a literal Value,
// or ValueFrom — a path from the object's root, "$key" (the map key that
// the nearest "*" of the template path matched) or "$item.<field>" (a field
// of the list item that the nearest "[]" matched).
type LabelEntry struct {
	Key       string `json:"key"`
	Value     string `json:"value,omitempty"`
	ValueFrom string `json:"valueFrom,omitempty"`
	// Transform "lower" lower-cases the value.
	Transform string `json:"transform,omitempty"`
	// IfAbsent: the controller sets the label only where the template
	// has none of that key; else its value wins.
	IfAbsent bool `json:"ifAbsent,omitempty"`
}

// ParsePath reads a template path: "spec.template", "spec.jobs[].template",
// "spec.replicas.*.template"; "" or "." is the object itself.
func ParsePath(s string) (Path, error) {
	if s == "" || s == "." {
		return Path{}, nil
	}
	var p Path
	for _, part := range strings.Split(s, ".") {
		switch {
		case part == "":
			return nil, fmt.Errorf("path %q has an empty step", s)
		case part == "*":
			p = append(p, "*")
		case strings.HasSuffix(part, "[]"):
			name := strings.TrimSuffix(part, "[]")
			if name == "" || strings.ContainsAny(name, "[]*") {
				return nil, fmt.Errorf("path %q: %q is not a field name", s, part)
			}
			p = append(p, name, "[]")
		case strings.ContainsAny(part, "[]*$ "):
			return nil, fmt.Errorf("path %q: %q is not a field name", s, part)
		default:
			p = append(p, part)
		}
	}
	return p, nil
}

// Validate checks a config and reports every problem, by entry.
func (c *Config) Validate() []string {
	var problems []string
	if c.APIVersion != ConfigAPIVersion || c.Kind != ConfigKind {
		problems = append(problems, fmt.Sprintf("apiVersion and kind must be %s and %s, not %q and %q", ConfigAPIVersion, ConfigKind, c.APIVersion, c.Kind))
	}
	for i, k := range c.Kinds {
		at := fmt.Sprintf("kinds[%d]", i)
		if k.APIVersion == "" || k.Kind == "" {
			problems = append(problems, at+": apiVersion and kind are required")
		}
		if k.Model != "" && k.Model != ModelNotebook {
			problems = append(problems, fmt.Sprintf("%s: model must be %s or none, not %q", at, ModelNotebook, k.Model))
		}
		if k.Scope != "" && k.Scope != "Namespaced" && k.Scope != "Cluster" {
			problems = append(problems, fmt.Sprintf("%s: scope must be Namespaced or Cluster, not %q", at, k.Scope))
		}
		if len(k.Templates) == 0 {
			problems = append(problems, at+": templates: at least one path is required")
		}
		for j, t := range k.Templates {
			p, err := ParsePath(t.Path)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s.templates[%d]: %v", at, j, err))
				continue
			}
			for l, lab := range t.Labels {
				if msg := lab.check(p); msg != "" {
					problems = append(problems, fmt.Sprintf("%s.templates[%d].labels[%d]: %s", at, j, l, msg))
				}
			}
		}
	}
	return problems
}

func (l LabelEntry) check(p Path) string {
	switch {
	case l.Key == "":
		return "key is required"
	case (l.Value == "") == (l.ValueFrom == ""):
		return "give value or valueFrom, one of them"
	case l.Transform != "" && l.Transform != "lower":
		return fmt.Sprintf("transform must be lower, not %q", l.Transform)
	case l.ValueFrom == "$key" && !slices.Contains(p, "*"):
		return `valueFrom $key needs a "*" in the template path`
	case strings.HasPrefix(l.ValueFrom, "$item.") && !slices.Contains(p, "[]"):
		return `valueFrom $item.<field> needs a "[]" in the template path`
	case strings.HasPrefix(l.ValueFrom, "$") && l.ValueFrom != "$key" && !strings.HasPrefix(l.ValueFrom, "$item."):
		return fmt.Sprintf("valueFrom %q: use a path, $key or $item.<field>", l.ValueFrom)
	}
	return ""
}

// Markdown renders the kinds of a config as a table for the docs.
func (c *Config) Markdown() string {
	var b strings.Builder
	b.WriteString("| apiVersion | kind | pod templates | labels the controller adds |\n| --- | --- | --- | --- |\n")
	for _, k := range c.Kinds {
		var paths, labels []string
		for _, t := range k.Templates {
			paths = append(paths, "`"+t.Path+"`")
			for _, l := range t.Labels {
				v := l.Value
				if v == "" {
					v = "<" + l.ValueFrom + ">"
					if l.Transform != "" {
						v = "<" + l.ValueFrom + ", " + l.Transform + ">"
					}
				}
				labels = append(labels, "`"+l.Key+"="+v+"`")
			}
		}
		if k.Scope == "Cluster" {
			paths = append(paths, "(cluster-scoped: no PodDefault applies)")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", k.APIVersion, k.Kind, strings.Join(paths, "<br>"), strings.Join(dedupeStrings(labels), "<br>"))
	}
	return b.String()
}

func dedupeStrings(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
