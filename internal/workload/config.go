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
	// Model is "" (the template is the pod) or one of Models: the kind's
	// controller builds the pod its own way, which podctl models; the
	// paths then lead to what the controller builds a pod from (a pod
	// template, a pod spec, a component).
	Model string `json:"model,omitempty"`
	// Lands says, for the docs, where a PodDefault's fields are written in
	// a kind with a model.
	Lands string `json:"lands,omitempty"`
}

// The models: how a kind's controller builds its pods (internal/apply has
// an adapter for each).
const (
	// ModelNotebook: the Notebook controller (a template without metadata,
	// the Notebook's labels and annotations, NB_PREFIX, …).
	ModelNotebook = "notebook"
	// ModelPVCViewer: a PVCViewer's spec.podSpec in a Deployment.
	ModelPVCViewer = "pvcviewer"
	// ModelInferenceService: a KServe component (predictor, transformer,
	// explainer): a pod spec inline, the model container apart.
	ModelInferenceService = "kserve-component"
	// ModelServingRuntime: a KServe ServingRuntimePodSpec.
	ModelServingRuntime = "kserve-servingruntime"
	// ModelLLMInferenceService: a pod spec of a KServe LLMInferenceService.
	ModelLLMInferenceService = "kserve-llm"
	// ModelArgoWorkflow: an Argo Workflows template (container, script,
	// containerSet) and the workflow's defaults.
	ModelArgoWorkflow = "argo-template"
	// ModelSparkApplication: a SparkApplication's driver or executor.
	ModelSparkApplication = "spark-role"
	// ModelTrainJob: a Kubeflow Trainer TrainJob, whose pods are the
	// replicated jobs of the runtime it refers to with its own overrides.
	ModelTrainJob = "trainjob"
)

// Models are the models a kind entry may name.
var Models = []string{ModelNotebook, ModelPVCViewer, ModelInferenceService, ModelServingRuntime, ModelArgoWorkflow, ModelSparkApplication, ModelLLMInferenceService, ModelTrainJob}

// TemplateEntry is one pod template path, and the labels the kind's
// controller puts on every pod made from it.
type TemplateEntry struct {
	Path   string       `json:"path"`
	Labels []LabelEntry `json:"labels,omitempty"`
	// Embedded: the path leads to a whole object of another kind (Katib's
	// trialSpec holds a Job, a PyTorchJob, …), whose pod templates its own
	// kind's entry finds. The controller that creates it names it and puts
	// it in the outer object's namespace.
	Embedded bool `json:"embedded,omitempty"`
}

// LabelEntry is a label whose value the manifest fixes: a literal Value,
// or ValueFrom — a path from the object's root, "$key" (the map key that
// the nearest "*" of the template path matched), "$item.<field>" (a field
// of the list item that the nearest "[]" matched) or "$items.<field>" (the
// sum of that field over every item of that list). Or MapFrom: a map of
// the object whose every entry is a label.
type LabelEntry struct {
	Key       string `json:"key,omitempty"`
	Value     string `json:"value,omitempty"`
	ValueFrom string `json:"valueFrom,omitempty"`
	// Default is the value where the field ValueFrom names is absent, as
	// the kind's defaulting fills it in; for $items, what an item without
	// the field counts.
	Default string `json:"default,omitempty"`
	// GroupBy, with $items: only the items that give the label of this key
	// (an earlier entry of the template) the same value as this item.
	GroupBy string `json:"groupBy,omitempty"`
	// Transform "lower" lower-cases the value.
	Transform string `json:"transform,omitempty"`
	// Format puts the value in place of "{}": "{}-head".
	Format string `json:"format,omitempty"`
	// MapFrom is where a map of labels is: a path from the object's root
	// or "$item.<field>"; every entry of it is a label.
	MapFrom string `json:"mapFrom,omitempty"`
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
		if k.Model != "" && !slices.Contains(Models, k.Model) {
			problems = append(problems, fmt.Sprintf("%s: model must be one of %s or none, not %q", at, strings.Join(Models, ", "), k.Model))
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
			if t.Embedded {
				switch {
				case len(p) == 0:
					problems = append(problems, fmt.Sprintf("%s.templates[%d]: an embedded object needs a path below the object's root", at, j))
				case len(t.Labels) > 0:
					problems = append(problems, fmt.Sprintf("%s.templates[%d]: an embedded object takes no labels: its own kind's entry gives them", at, j))
				case k.Model != "":
					problems = append(problems, fmt.Sprintf("%s.templates[%d]: an embedded object cannot be built by model %s", at, j, k.Model))
				}
			}
			for l, lab := range t.Labels {
				if msg := lab.check(p, t.Labels[:l]); msg != "" {
					problems = append(problems, fmt.Sprintf("%s.templates[%d].labels[%d]: %s", at, j, l, msg))
				}
			}
		}
	}
	return problems
}

// check reports what is wrong with a label entry of a template at path p,
// after the entries before.
func (l LabelEntry) check(p Path, before []LabelEntry) string {
	if l.MapFrom != "" {
		switch {
		case l.Key != "" || l.Value != "" || l.ValueFrom != "" || l.Default != "" || l.GroupBy != "" || l.Transform != "" || l.Format != "":
			return "mapFrom takes no key, value, valueFrom, default, groupBy, transform or format: the map gives keys and values"
		case strings.HasPrefix(l.MapFrom, "$item."):
			if !slices.Contains(p, "[]") {
				return `mapFrom $item.<field> needs a "[]" in the template path`
			}
		case strings.HasPrefix(l.MapFrom, "$"):
			return fmt.Sprintf("mapFrom %q: use a path or $item.<field>", l.MapFrom)
		}
		return ""
	}
	items := strings.HasPrefix(l.ValueFrom, "$items.")
	switch {
	case l.Key == "":
		return "key is required"
	case (l.Value == "") == (l.ValueFrom == ""):
		return "give value, valueFrom or mapFrom, one of them"
	case l.Transform != "" && l.Transform != "lower":
		return fmt.Sprintf("transform must be lower, not %q", l.Transform)
	case l.ValueFrom == "$key" && !slices.Contains(p, "*"):
		return `valueFrom $key needs a "*" in the template path`
	case (strings.HasPrefix(l.ValueFrom, "$item.") || items) && !slices.Contains(p, "[]"):
		return fmt.Sprintf(`valueFrom %s needs a "[]" in the template path`, l.ValueFrom)
	case strings.HasPrefix(l.ValueFrom, "$") && l.ValueFrom != "$key" && !strings.HasPrefix(l.ValueFrom, "$item.") && !items:
		return fmt.Sprintf("valueFrom %q: use a path, $key, $item.<field> or $items.<field>", l.ValueFrom)
	case l.Default != "" && l.ValueFrom == "":
		return "default needs valueFrom"
	case l.Format != "" && strings.Count(l.Format, "{}") != 1:
		return fmt.Sprintf(`format %q must hold "{}" once, where the value goes`, l.Format)
	case l.GroupBy != "" && !items:
		return "groupBy needs valueFrom $items.<field>"
	case l.GroupBy != "":
		for _, b := range before {
			if b.Key == l.GroupBy {
				if !strings.HasPrefix(b.ValueFrom, "$item.") {
					return fmt.Sprintf("groupBy %s: that label's valueFrom must be $item.<field>", l.GroupBy)
				}
				return ""
			}
		}
		return fmt.Sprintf("groupBy %s: no earlier label of the template has that key", l.GroupBy)
	}
	return ""
}

// Markdown renders the kinds of a config as a table for the docs: where
// each kind's pod templates are, the labels selectors see on their pods
// besides the template's own, and where a PodDefault's fields are written.
func (c *Config) Markdown() string {
	var b strings.Builder
	b.WriteString("| apiVersion | kind | pod templates | labels the controller adds | PodDefault fields land in |\n| --- | --- | --- | --- | --- |\n")
	for _, k := range c.Kinds {
		var paths, labels []string
		embedded := false
		for _, t := range k.Templates {
			path := "`" + t.Path + "`"
			if t.Embedded {
				path += " (an object: its kind's templates)"
				embedded = true
			}
			paths = append(paths, path)
			for _, l := range t.Labels {
				labels = append(labels, l.describe())
			}
		}
		var lands string
		switch {
		case k.Scope == "Cluster":
			paths = append(paths, "(cluster-scoped: no PodDefault applies)")
			lands = "—"
		case k.Lands != "":
			lands = k.Lands
		case embedded && len(k.Templates) == 1:
			lands = "the embedded object's templates, as its kind's row says"
		case len(k.Templates) == 1 && k.Templates[0].Path == ".":
			lands = "the Pod's `metadata` and `spec`"
		default:
			lands = "each template's `metadata` and `spec`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", k.APIVersion, k.Kind, strings.Join(paths, "<br>"), strings.Join(dedupeStrings(labels), "<br>"), lands)
	}
	return b.String()
}

// describe renders a label entry for the docs: `key=value`, with the
// source of a value the object fixes in angle brackets.
func (l LabelEntry) describe() string {
	if l.MapFrom != "" {
		s := "every entry of `" + l.MapFrom + "`"
		if l.IfAbsent {
			s += " (unless the template sets the key)"
		}
		return s
	}
	v := l.Value
	if v == "" {
		src := l.ValueFrom
		if field, ok := strings.CutPrefix(src, "$items."); ok {
			src = "sum of $items." + field
			if l.GroupBy != "" {
				src += " with the same " + l.GroupBy
			}
		}
		if l.Default != "" {
			src += ", default " + l.Default
		}
		if l.Transform != "" {
			src += ", " + l.Transform
		}
		v = "<" + src + ">"
		if l.Format != "" {
			v = strings.Replace(l.Format, "{}", v, 1)
		}
	}
	s := "`" + l.Key + "=" + v + "`"
	if l.IfAbsent {
		s += " (unless the template sets it)"
	}
	return s
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
