package apply

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// visitFunc is what a run does with each pod template: apply the
// PodDefaults (recording the changes in patch) or explain them.
type visitFunc func(pod *corev1.Pod, t template, patch *splice.Patch, o *outcome)

// template names a pod template found in the input.
type template struct {
	loc    Location
	object string        // Kind/namespace/name
	steps  yamldoc.Steps // from the object's root
	// at leads from the object's root to the object of the template's
	// kind: empty, or the path of an embedded object
	at yamldoc.Steps
	// notebook: the pod is built by the Notebook controller's rules
	notebook bool
	// layout maps the pod's fields back to the manifest where its kind's
	// controller builds the pod (model.go); nil for a pod template
	layout *layout
	// isPod: the object is a Pod, created as it is; a template's pods are
	// created by a controller, with generated names
	isPod bool
	// knative: Knative Serving's webhook checks the template (knative.go)
	knative bool
}

// maxEmbedded is how deep embedded objects may nest (Katib's trialSpec is
// one level).
const maxEmbedded = 4

// visitObject visits each pod template of one object.
func (r *runner) visitObject(ob object, patch *splice.Patch, visit visitFunc, o *outcome) {
	src, doc, p, obj, item := ob.d.src, ob.d.doc, ob.d.tree, ob.node, ob.item
	api, kind := yamldoc.TypeMeta(obj)
	name, namespace := objectName(obj)
	ns := workload.Namespace(namespace, r.req.Namespace)
	object := kind + "/" + ns + "/" + orUnnamed(name)
	at := Location{File: src.Name, Document: doc.Index, Line: p.SourceLine(obj), Item: item}
	k, ok := r.req.Registry.Lookup(api, kind)
	if !ok {
		for _, m := range templateShapes(obj).warnings(r.req.Wording) {
			o.warnings = append(o.warnings, Warning{Location: at, Object: object,
				Message: fmt.Sprintf("%s (%s) is not a kind podctl knows, but %s", kind, api, m)})
		}
		return
	}
	if r.visitTrainer(ob, k, patch, visit, o, at) {
		return
	}
	if k.ClusterScoped {
		// no namespace, so no PodDefault can be chosen for its pods
		o.notes = append(o.notes, Warning{Location: at, Object: kind + "/" + orUnnamed(name),
			Message: "cluster-scoped: its pod templates belong to no namespace, so no PodDefault applies to them"})
		return
	}
	w := walk{ob: ob, patch: patch, visit: visit, o: o, object: object, name: name, ns: ns, reported: map[*yaml.Node]bool{}}
	if !slices.ContainsFunc(k.Templates, func(t workload.Template) bool { return len(t.Path) == 0 }) && w.misspelt(misspeltMetadata(obj, nil)) {
		return // its name, namespace or labels may be wrong
	}
	r.visitKind(w, k, obj, nil, 0)
}

// walk is what the templates of one object share.
type walk struct {
	ob       object
	patch    *splice.Patch
	visit    visitFunc
	o        *outcome
	object   string // Kind/namespace/name of the object at the root
	name, ns string // its name, and the namespace of every pod it makes
	// reported are the misspelt keys reported already
	reported map[*yaml.Node]bool
}

// visitKind visits the pod templates of obj, an object of kind k at the
// steps at from the root object; depth counts the embedded objects on
// the way. An embedded object is named by the controller that creates
// it, so labels from its own name are not fixed.
func (r *runner) visitKind(w walk, k *workload.Kind, obj *yaml.Node, at yamldoc.Steps, depth int) {
	src, doc, p, item, o := w.ob.d.src, w.ob.d.doc, w.ob.d.tree, w.ob.item, w.o
	for _, t := range k.Templates {
		path := t.Path
		w.misspelt(misspeltPath(obj, path, at, templatePaths(k)))
		for _, found := range yamldoc.Match(obj, path) {
			steps := append(append(yamldoc.Steps(nil), at...), found.Steps...)
			loc := Location{File: src.Name, Document: doc.Index, Line: p.SourceLine(found.Node), Item: item}
			tpl := yamldoc.Resolve(found.Node)
			if !yamldoc.IsMapping(tpl) {
				what := "a pod template"
				if t.Embedded {
					what = "an embedded object"
				}
				o.inputs = append(o.inputs, &InputError{Location: loc, Object: w.object, Err: fmt.Errorf("%s: %s must be a mapping", steps, what)})
				continue
			}
			if t.Embedded {
				r.visitEmbedded(w, tpl, steps, loc, depth+1)
				continue
			}
			if isPodTemplate(k) && w.misspelt(misspeltTemplate(tpl, steps, len(path) == 0)) {
				continue
			}
			var pod *corev1.Pod
			var lay *layout
			var err error
			if m := podModels[k.Model]; m != nil {
				pod, lay, err = m.build(modelInput{p: p, obj: obj, node: tpl, at: at, steps: steps, name: w.name, ns: w.ns})
				if err == nil && pod == nil {
					continue // this entry makes no pod
				}
			} else if pod, err = decodeTemplate(p, found.Node, len(path) == 0); err != nil {
				// field paths from the object's root, not the template's
				var pe *yamldoc.PosError
				if errors.As(err, &pe) && pe.Path != "" && len(steps) > 0 && !strings.HasPrefix(pe.Path, steps.String()+".") {
					pe.Path = steps.String() + "." + pe.Path
				}
			}
			if err != nil {
				ie := w.ob.d.unrendered(locate(src, doc, 0, w.object, err))
				ie.Item = item
				o.inputs = append(o.inputs, ie)
				continue
			}
			pod.Namespace = w.ns
			if len(path) > 0 {
				pod.Name = w.name
			}
			if err := addControllerLabels(pod, obj, path, found.Steps, t.Labels, depth > 0); err != nil {
				o.inputs = append(o.inputs, &InputError{Location: loc, Object: w.object, Err: fmt.Errorf("%s: %w", steps, err)})
				continue
			}
			w.visit(pod, template{loc: loc, object: w.object, steps: steps, at: at, notebook: k.Model == workload.ModelNotebook, layout: lay, isPod: len(path) == 0, knative: k.Group == knativeGroup}, w.patch, o)
		}
	}
}

// visitEmbedded visits the pod templates of an object embedded at steps:
// its kind's entry finds them. Its pods run in the root object's
// namespace.
func (r *runner) visitEmbedded(w walk, obj *yaml.Node, steps yamldoc.Steps, loc Location, depth int) {
	api, kind := yamldoc.TypeMeta(obj)
	k, ok := r.req.Registry.Lookup(api, kind)
	switch {
	case depth > maxEmbedded:
		w.o.inputs = append(w.o.inputs, &InputError{Location: loc, Object: w.object, Err: fmt.Errorf("%s: embedded objects nest deeper than %d", steps, maxEmbedded)})
	case !ok:
		// the paths to declare are the embedded kind's own
		for _, m := range templateShapes(obj).warnings(r.req.Wording) {
			w.o.warnings = append(w.o.warnings, Warning{Location: loc, Object: w.object,
				Message: fmt.Sprintf("%s holds a %s (%s), not a kind podctl knows, but in it %s", steps, kind, api, m)})
		}
	case k.ClusterScoped:
		w.o.notes = append(w.o.notes, Warning{Location: loc, Object: w.object,
			Message: fmt.Sprintf("%s holds a cluster-scoped %s: its pod templates belong to no namespace, so no PodDefault applies to them", steps, kind)})
	case k.Model == workload.ModelNotebook || k.Model == workload.ModelInferenceService:
		// their pods take the name the outer controller gives the object
		w.o.inputs = append(w.o.inputs, &InputError{Location: loc, Object: w.object,
			Err: fmt.Errorf("%s: podctl cannot build the pods of a %s embedded in another object: its controller builds them from the name it is given", steps, kind)})
	default:
		r.visitKind(w, k, obj, steps, depth)
	}
}

// objectName reads metadata.name and metadata.namespace.
func objectName(obj *yaml.Node) (name, namespace string) {
	md := yamldoc.Field(obj, "metadata")
	return yamldoc.StringField(md, "name"), yamldoc.StringField(md, "namespace")
}

// decodeTemplate reads a pod template (or a Pod) into a Pod, keeping only
// what the cluster sees: labels, annotations and the spec, and a Pod's
// status, which the API server keeps a qosClass of.
func decodeTemplate(p *yamldoc.Parsed, n *yaml.Node, isPod bool) (*corev1.Pod, error) {
	if isPod {
		var pod corev1.Pod
		if err := p.Decode(n, &pod, false); err != nil {
			return nil, err
		}
		return &corev1.Pod{ObjectMeta: pod.ObjectMeta, Spec: pod.Spec, Status: pod.Status}, nil
	}
	var tpl corev1.PodTemplateSpec
	if err := p.Decode(n, &tpl, false); err != nil {
		return nil, err
	}
	return &corev1.Pod{ObjectMeta: tpl.ObjectMeta, Spec: tpl.Spec}, nil
}
