package splice_test

import (
	"fmt"

	"github.com/podctl/podctl/internal/splice"
	"github.com/podctl/podctl/internal/yamldoc"
)

// A patch names the keys and items to set; Apply splices them into the
// document's own text, in its own layout, and keeps every other byte:
// the comment, the flow mapping and the quoting stay as they were.
func ExampleApply() {
	doc := []byte(`apiVersion: v1
kind: Pod
metadata:
  name: web   # the front end
  labels: {app: web}
spec:
  containers:
    - name: web
      image: "nginx:1.27"
`)
	p, err := yamldoc.Parse(doc, 1)
	if err != nil {
		panic(err)
	}
	pt := &splice.Patch{}
	pt.Key("metadata").Key("labels").Set("team", yamldoc.String("ml"))
	env := pt.Key("spec").Key("containers").Item(0).Key("env")
	env.Append = append(env.Append, yamldoc.Mapping(yamldoc.String("name"), yamldoc.String("TEAM"), yamldoc.String("value"), yamldoc.String("ml")))
	edit, err := splice.Apply(p, pt)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(edit.Bytes()))
	// Output:
	// apiVersion: v1
	// kind: Pod
	// metadata:
	//   name: web   # the front end
	//   labels: {app: web, team: ml}
	// spec:
	//   containers:
	//     - name: web
	//       image: "nginx:1.27"
	//       env:
	//         - name: TEAM
	//           value: ml
}
