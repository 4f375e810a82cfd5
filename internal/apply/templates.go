package apply

import (
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/workload"
)

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
	// isPod: the object is a Pod, created as it is; a template's pods are
	// created by a controller, with generated names
	isPod bool
}

// visitObject visits each pod template of one object.
func (r *runner) visitObject(ob object, patch *manifest.Patch, visit visitFunc, o *outcome) {
	src, doc, p, obj, item := ob.d.src, ob.d.doc, ob.d.tree, ob.node, ob.item
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
				// field paths from the object's root, not the template's
				var pe *manifest.PosError
				if errors.As(err, &pe) && pe.Path != "" && len(found.Steps) > 0 && !strings.HasPrefix(pe.Path, found.Steps.String()+".") {
					pe.Path = found.Steps.String() + "." + pe.Path
				}
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
			visit(pod, template{loc: loc, object: object, steps: found.Steps, notebook: k.Model == workload.ModelNotebook, isPod: len(path) == 0}, patch, o)
		}
	}
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
// what the cluster sees: labels, annotations and the spec, and a Pod's
// status, which the API server keeps a qosClass of.
func decodeTemplate(p *manifest.Parsed, n *yaml.Node, isPod bool) (*corev1.Pod, error) {
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
