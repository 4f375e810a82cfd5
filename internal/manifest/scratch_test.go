package manifest

import (
	"fmt"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func nodeOf(t *testing.T, s string) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil {
		t.Fatal(err)
	}
	return n.Content[0]
}

func TestScratch(t *testing.T) {
	srcs := []string{
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x  # the name\n  labels: {a: b}\n# trailing\nspec:\n  containers:\n  - name: a\n    image: b\n    env: []\n  - name: c\n    image: d\n    command:\n    - |\n      # hello\n      world\n\n# end\n",
		"kind: Pod\nspec:\n  containers:\n    - name: a\n      image: b\n      env:\n        - name: X\n          value: y\n",
		"kind: Pod\nmetadata:\nspec: &s\n  containers: [{name: a, image: b}]\n",
		"{\n  \"kind\": \"Pod\",\n  \"spec\": {\"containers\": [{\"name\": \"a\"}]}\n}\n",
	}
	for _, src := range srcs {
		p, err := Parse([]byte(src), 1)
		if err != nil {
			t.Fatal(err)
		}
		pt := &Patch{}
		pt.Key("metadata").Key("labels").Set("new", nodeOf(t, `"true"`))
		pt.Key("metadata").Key("annotations").Set("poddefault.admission.kubeflow.org/poddefault-x", nodeOf(t, `""`))
		c := pt.Key("spec").Key("containers")
		c.Item(0).Key("env").Append = []*yaml.Node{nodeOf(t, `{"name":"FOO","value":"bar"}`)}
		c.Append = []*yaml.Node{nodeOf(t, `{"name":"side","image":"alpine","command":["sh","-c","a: b"],"args":["line1\nline2\n"]}`)}
		pt.Key("spec").Set("serviceAccountName", nodeOf(t, `"sa"`))
		out, err := p.Apply(pt)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("-----\n%s", out)
		var chk yaml.Node
		if err := yaml.Unmarshal(out, &chk); err != nil {
			t.Errorf("invalid output: %v", err)
		}
	}
}
