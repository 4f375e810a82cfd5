package apply

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/manifest"
	"github.com/podctl/podctl/internal/workload"
	"github.com/podctl/podctl/internal/yamldoc"
)

// ReadWorkloadConfig reads the WorkloadConfig documents of a source,
// strictly: an unknown field, a bad path or a document of another kind is
// an error naming its line.
func ReadWorkloadConfig(src *manifest.Source) ([]*workload.Config, error) {
	var out []*workload.Config
	var problems []error
	for i := range src.Docs {
		doc := &src.Docs[i]
		p, err := yamldoc.Parse(src.Data[doc.Start:doc.End], doc.Line)
		if err != nil {
			problems = append(problems, locate(src, doc, 0, "", err))
			continue
		}
		if p.Root == nil {
			continue
		}
		api, kind := yamldoc.TypeMeta(p.Root)
		if api != workload.ConfigAPIVersion || kind != workload.ConfigKind {
			problems = append(problems, locate(src, doc, p.SourceLine(p.Root), "",
				fmt.Errorf("a %s is not a workload config: want apiVersion %s, kind %s", describeKind(api, kind), workload.ConfigAPIVersion, workload.ConfigKind)))
			continue
		}
		if ms := misspelt(p.Root, shapeOf(reflect.TypeFor[workload.Config]()), rootPath(""), map[*yaml.Node]bool{}); len(ms) > 0 {
			for _, m := range ms {
				problems = append(problems, locate(src, doc, p.SourceLine(m.key), "", m))
			}
			continue
		}
		var cfg workload.Config
		if err := p.Decode(p.Root, &cfg, true); err != nil {
			problems = append(problems, locate(src, doc, 0, "", err))
			continue
		}
		for _, msg := range cfg.Validate() {
			problems = append(problems, locate(src, doc, lineOf(p, msg), "", errors.New(msg)))
		}
		out = append(out, &cfg)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return out, nil
}

// RegistryFrom is the built-in kinds with those of the WorkloadConfig
// sources added or replacing them.
func RegistryFrom(sources []*manifest.Source) (*workload.Registry, error) {
	var configs []*workload.Config
	for _, src := range sources {
		cfgs, err := ReadWorkloadConfig(src)
		if err != nil {
			return nil, err
		}
		configs = append(configs, cfgs...)
	}
	return workload.BuiltinRegistry(configs...)
}

// lineOf finds the line of the entry a problem names ("kinds[0].templates[1]: ..."),
// else the document's first.
func lineOf(p *yamldoc.Parsed, msg string) int {
	path, _, _ := strings.Cut(msg, ": ")
	n := p.Root
	for _, part := range strings.Split(path, ".") {
		name, index, hasIndex := strings.Cut(strings.TrimSuffix(part, "]"), "[")
		next := yamldoc.Field(n, name)
		if next == nil {
			break
		}
		n = next
		if hasIndex {
			i, err := strconv.Atoi(index)
			items := yamldoc.List(n)
			if err != nil || i < 0 || i >= len(items) {
				break
			}
			n = items[i]
		}
	}
	return p.SourceLine(n)
}
