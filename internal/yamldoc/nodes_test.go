package yamldoc

import (
	"slices"
	"testing"
)

// The accessors follow aliases and merge keys, so that callers never do.
func TestAccessorsFollowAliases(t *testing.T) {
	p, err := Parse([]byte(`base: &base {name: web, image: nginx}
list: &list [a, b, c]
name: &n podctl
spec:
  <<: *base
  items: *list
  alias: *n
  nested: {deep: [x, {y: z}]}
`), 1)
	if err != nil {
		t.Fatal(err)
	}
	spec := Field(p.Root, "spec")
	if got := StringField(spec, "image"); got != "nginx" {
		t.Errorf("StringField through a merge key = %q, want nginx", got)
	}
	if got := StringField(spec, "alias"); got != "podctl" {
		t.Errorf("StringField of an alias = %q, want podctl", got)
	}
	items := List(Field(spec, "items"))
	if len(items) != 3 || !IsList(Field(spec, "items")) {
		t.Errorf("List of an alias = %d items, want 3", len(items))
	}
	if List(spec) != nil || IsList(spec) || !IsMapping(spec) {
		t.Error("a mapping is no list")
	}
	if got := Keys(spec); !slices.Equal(got, []string{"<<", "items", "alias", "nested"}) {
		t.Errorf("Keys = %v: the mapping's own keys, in order", got)
	}
	var merged []string
	for k, v := range Entries(spec) {
		if IsMerge(k) {
			for _, m := range Merged(v) {
				merged = append(merged, Keys(m)...)
			}
		}
	}
	if !slices.Equal(merged, []string{"name", "image"}) {
		t.Errorf("Merged brings %v, want [name image]", merged)
	}
	deep := At(p.Root, Steps{{Key: "spec"}, {Key: "nested"}, {Key: "deep"}, {Index: 1, IsIndex: true}, {Key: "y"}})
	if v, ok := Scalar(deep); !ok || v != "z" {
		t.Errorf("At = %v, want the scalar z", deep)
	}
	for _, s := range []Steps{{{Key: "spec"}, {Key: "nested"}, {Key: "deep"}, {Index: 2, IsIndex: true}}, {{Key: "spec"}, {Index: 0, IsIndex: true}}, {{Key: "none"}, {Key: "x"}}} {
		if n := At(p.Root, s); n != nil {
			t.Errorf("At(%s) = %v, want nil", s, n)
		}
	}
	if _, ok := Scalar(spec); ok {
		t.Error("a mapping is no scalar")
	}
}

func TestEncodeIsPlain(t *testing.T) {
	n, err := Encode(map[string]any{"b": "true", "a": []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if !IsMapping(n) || StringField(n, "b") != "true" || len(List(Field(n, "a"))) != 1 {
		t.Fatalf("Encode gave %v", n)
	}
	for _, c := range n.Content {
		if c.Style != 0 {
			t.Errorf("%q has style %v: encoded nodes take the document's style", c.Value, c.Style)
		}
	}
}
