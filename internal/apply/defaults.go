package apply

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/cluster"
	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/poddefault"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// collectDefaults finds the PodDefaults of a document. In a defaults
// document every object must be one; a workload document's errors are
// reported when its objects are visited.
func (r *runner) collectDefaults(d *document) {
	root := d.rootNode()
	if root == nil {
		if d.defaults && d.err != nil {
			r.fail.Inputs = append(r.fail.Inputs, d.err)
		}
		return
	}
	api, kind := yamldoc.TypeMeta(root)
	switch {
	case isList(api, kind):
		for j, item := range yamldoc.Items(root) {
			ia, ik := yamldoc.TypeMeta(item)
			if ik == poddefault.Kind { // its apiVersion is checked when it is read
				r.addDefault(d, item)
			} else if d.defaults {
				r.fail.Inputs = append(r.fail.Inputs, d.inputError(item, 0, "", fmt.Errorf("items[%d] is a %s, not a PodDefault", j, describeKind(ia, ik))))
			}
		}
	case workload.Group(api) == poddefault.Group && kind == poddefault.ListKind:
		if err := checkVersion(api); err != nil {
			r.fail.Inputs = append(r.fail.Inputs, d.inputError(root, 0, "", err))
			return
		}
		for _, item := range yamldoc.Items(root) {
			r.addDefault(d, item)
		}
	case workload.Group(api) == poddefault.Group && kind == poddefault.Kind:
		r.addDefault(d, root)
	case d.defaults:
		r.fail.Inputs = append(r.fail.Inputs, d.inputError(root, 0, "", fmt.Errorf("a %s is not a PodDefault: -d takes PodDefault, PodDefaultList and List documents", describeKind(api, kind))))
	}
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
func (r *runner) addDefault(d *document, n *yaml.Node) {
	src, doc, p := d.src, d.doc, d.tree
	line := p.SourceLine(n)
	api, _ := yamldoc.TypeMeta(n)
	if err := checkVersion(api); err != nil {
		r.inputError(src, doc, line, "", err)
		return
	}
	if ms := misspeltPodDefault(n); len(ms) > 0 {
		// what the strict decoding refuses, with the field that was meant
		name, namespace := objectName(n)
		for _, m := range ms {
			r.inputError(src, doc, p.SourceLine(m.key), "PodDefault "+workload.Namespace(namespace, r.req.Namespace)+"/"+orUnnamed(name), m)
		}
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
	if yamldoc.Field(yamldoc.Field(n, "spec"), "selector") == nil {
		// the webhook would read a missing selector as one that selects
		// every pod, but the API server never stores such a PodDefault
		r.inputError(src, doc, line, "PodDefault "+workload.Namespace(pd.Namespace, r.req.Namespace)+"/"+pd.Name,
			errors.New(`spec.selector: Required value: the PodDefault CRD requires a selector (selector: {} selects every pod)`))
		return
	}
	if pd.Namespace == "" {
		pd.Namespace = r.namespace
	}
	if unknown := cluster.CRDUnknownFields(pd); len(unknown) > 0 {
		// kubectl's strict field validation refuses such a PodDefault
		r.inputError(src, doc, line, "PodDefault "+pd.Namespace+"/"+pd.Name,
			fmt.Errorf("the PodDefault CRD does not know %s: the API server would refuse this PodDefault (its schema predates these fields)", strings.Join(unknown, ", ")))
		return
	}
	loc := Location{File: src.Name, Document: doc.Index, Line: line}
	for i := range r.defaults {
		other := &r.defaults[i]
		if other.Namespace != pd.Namespace || other.Name != pd.Name {
			continue
		}
		differ := specDiff(other, &pd)
		if len(differ) == 0 {
			return // the same PodDefault given twice is used once
		}
		r.fail.Inputs = append(r.fail.Inputs, &InputError{Location: loc, Object: "PodDefault " + pd.Namespace + "/" + pd.Name,
			Err: fmt.Errorf("given again with a different %s (first at %s)", strings.Join(differ, ", "), r.origin[i])})
		return
	}
	spec, err := yamldoc.Expand(yamldoc.Field(n, "spec"))
	if err != nil {
		r.inputError(src, doc, line, "PodDefault "+pd.Namespace+"/"+pd.Name, err)
		return
	}
	r.defaults = append(r.defaults, pd)
	r.origin = append(r.origin, loc)
	r.specs = append(r.specs, spec)
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
	var pe *yamldoc.PosError
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

// specDiff names the spec fields in which two PodDefaults of one namespace
// and name differ; none means they are the same PodDefault given twice.
// Metadata does not count: labels and annotations that kpt and kustomize
// add, and what the API server sets (resourceVersion, uid, generation,
// managedFields, creationTimestamp) on a copy read back from a cluster.
func specDiff(a, b *poddefault.PodDefault) []string {
	if reflect.DeepEqual(a.Spec, b.Spec) {
		return nil
	}
	ga, _ := generic(a.Spec)
	gb, _ := generic(b.Spec)
	ma, _ := ga.(map[string]any)
	mb, _ := gb.(map[string]any)
	if out := fieldsThatDiffer("spec", ma, mb); len(out) > 0 {
		return out
	}
	return []string{"spec"}
}
