package lint

import (
	"fmt"
	"strings"

	"github.com/podctl/podctl/internal/poddefault"
)

// selectsNothing: PD501, a PodDefault that selects none of the pod
// templates of its namespace among the workloads given.
func (l *linter) selectsNothing(ns string, items []*item) {
	n := len(l.templates[ns])
	if n == 0 {
		return
	}
	for _, it := range items {
		if !it.usable() || len(l.selected(it)) > 0 {
			continue
		}
		msg := fmt.Sprintf("PodDefault %s selects none of the %d pod templates of namespace %s among the workloads", it.name(), n, ns)
		if n == 1 {
			msg = fmt.Sprintf("PodDefault %s does not select the one pod template of namespace %s among the workloads", it.name(), ns)
		}
		l.add(finding("PD501", it, msg))
	}
}

// rejectedTemplates: PD502, each template that the engine refuses with
// every PodDefault of its namespace, as apply-defaults would.
func (l *linter) rejectedTemplates() {
	for i := range l.in.Templates {
		t := &l.in.Templates[i]
		_, err := poddefault.Apply(t.Pod, l.all)
		if err == nil {
			continue
		}
		object := t.Object
		if t.Template != "" && t.Template != "." {
			object += " (" + t.Template + ")"
		}
		f := Finding{Rule: "PD502", Location: t.Location, Namespace: t.Namespace, Object: object}
		var involved []string
		switch e := err.(type) {
		case *poddefault.ConflictError:
			f.Message = fmt.Sprintf("%s: the webhook would reject this pod: PodDefaults %s conflict: %s", object, strings.Join(e.PodDefaults, ", "), clashesText(e.Clashes))
			f.Clashes = e.Clashes
			involved = e.PodDefaults
		case *poddefault.SelectorError:
			f.Message = fmt.Sprintf("%s: the webhook would reject this pod: PodDefault %s has a selector that cannot be converted: %v", object, e.PodDefault, e.Err)
			involved = []string{e.PodDefault}
		default:
			f.Message = fmt.Sprintf("%s: %v", object, err)
		}
		for _, name := range involved {
			for _, it := range l.byNS[t.Namespace] {
				if it.name() == name {
					f.Related = append(f.Related, it.related())
				}
			}
		}
		l.add(f)
	}
}
