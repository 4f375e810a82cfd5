package yamldoc_test

import (
	"fmt"

	"github.com/podctl/podctl/internal/yamldoc"
)

// The accessors read a document as kubectl does: through aliases and
// merge keys, with the source line of every node at hand.
func ExampleParse() {
	p, err := yamldoc.Parse([]byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: &ns team-ml
spec:
  template:
    metadata:
      labels:
        team: *ns
    spec:
      containers:
      - {name: web, image: nginx}
      - {name: proxy, image: envoy}
`), 10)
	if err != nil {
		panic(err)
	}
	api, kind := yamldoc.TypeMeta(p.Root)
	fmt.Println(kind, api, yamldoc.StringField(yamldoc.Field(p.Root, "metadata"), "namespace"))
	tpl := yamldoc.At(p.Root, yamldoc.Steps{{Key: "spec"}, {Key: "template"}})
	fmt.Println("team:", yamldoc.StringField(yamldoc.At(tpl, yamldoc.Steps{{Key: "metadata"}, {Key: "labels"}}), "team"))
	for _, c := range yamldoc.List(yamldoc.At(tpl, yamldoc.Steps{{Key: "spec"}, {Key: "containers"}})) {
		fmt.Printf("line %d: %s\n", p.SourceLine(c), yamldoc.StringField(c, "name"))
	}
	// Output:
	// Deployment apps/v1 team-ml
	// team: team-ml
	// line 22: web
	// line 23: proxy
}
