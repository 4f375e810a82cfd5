package splice

import (
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/yamldoc"
)

func parseNode(t *testing.T, s string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil {
		t.Fatal(err)
	}
	plain(n.Content[0])
	return n.Content[0]
}

func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}

// TestApplyPatch checks that a patch changes only what it adds, in the
// document's own style.
func TestApplyPatch(t *testing.T) {
	label := func(pt *Patch) { pt.Key("metadata").Key("labels").Set("team", yamldoc.String("ml")) }
	env := func(t *testing.T) func(pt *Patch) {
		return func(pt *Patch) {
			pt.Key("spec").Key("containers").Item(0).Key("env").Append = []*yaml.Node{parseNode(t, `{name: A, value: "1"}`)}
		}
	}
	sidecar := func(t *testing.T) func(pt *Patch) {
		return func(pt *Patch) {
			pt.Key("spec").Key("containers").Append = []*yaml.Node{parseNode(t, `{name: s, image: busybox, args: [sleep, "3600"]}`)}
		}
	}
	tests := []struct {
		name  string
		in    string
		patch func(*Patch)
		want  string
	}{
		{
			name:  "new key at the end of its mapping, before trailing comments",
			in:    "metadata:\n  name: x   # name\n  labels:\n    app: web  # app\n  # about spec\nspec: {}\n",
			patch: label,
			want:  "metadata:\n  name: x   # name\n  labels:\n    app: web  # app\n    team: ml\n  # about spec\nspec: {}\n",
		},
		{
			name:  "a missing mapping is created, indented like its siblings",
			in:    "metadata:\n    name: x\nspec: {}\n",
			patch: label,
			want:  "metadata:\n    name: x\n    labels:\n        team: ml\nspec: {}\n",
		},
		{
			name:  "flow mapping grows in place",
			in:    "metadata: {name: x, labels: {app: web}}  # keep\n",
			patch: label,
			want:  "metadata: {name: x, labels: {app: web, team: ml}}  # keep\n",
		},
		{
			name:  "empty flow mapping",
			in:    "metadata: {}\n",
			patch: label,
			want:  "metadata: {labels: {team: ml}}\n",
		},
		{
			name:  "null value replaced",
			in:    "metadata:\n  labels: ~   # none yet\n",
			patch: label,
			want:  "metadata:\n  labels:   # none yet\n    team: ml\n",
		},
		{
			name:  "empty value filled",
			in:    "metadata:\nspec: {}\n",
			patch: label,
			want:  "metadata:\n  labels:\n    team: ml\nspec: {}\n",
		},
		{
			name:  "compact list item",
			in:    "spec:\n  containers:\n  - name: c\n    env:\n    - name: B\n      value: b\n",
			patch: env(t),
			want:  "spec:\n  containers:\n  - name: c\n    env:\n    - name: B\n      value: b\n    - name: A\n      value: \"1\"\n",
		},
		{
			name:  "indented list item",
			in:    "spec:\n    containers:\n        -   name: c\n            env:\n                - name: B\n",
			patch: env(t),
			want:  "spec:\n    containers:\n        -   name: c\n            env:\n                - name: B\n                - name: A\n                  value: \"1\"\n",
		},
		{
			name:  "empty flow list",
			in:    "spec:\n  containers:\n  - name: c\n    env: []\n",
			patch: env(t),
			want:  "spec:\n  containers:\n  - name: c\n    env: [{name: A, value: \"1\"}]\n",
		},
		{
			name:  "new list in the document's indented style",
			in:    "spec:\n  volumes:\n    - name: v\n  containers:\n    - name: c\n      image: i\n",
			patch: env(t),
			want:  "spec:\n  volumes:\n    - name: v\n  containers:\n    - name: c\n      image: i\n      env:\n        - name: A\n          value: \"1\"\n",
		},
		{
			name:  "sidecar after a literal block that looks like comments",
			in:    "spec:\n  containers:\n  - name: c\n    args:\n    - |\n      echo hi\n      # not a comment\n\n# end\n",
			patch: sidecar(t),
			want:  "spec:\n  containers:\n  - name: c\n    args:\n    - |\n      echo hi\n      # not a comment\n  - name: s\n    image: busybox\n    args:\n    - sleep\n    - \"3600\"\n\n# end\n",
		},
		{
			name:  "CRLF stays CRLF",
			in:    "metadata:\r\n  name: x\r\n",
			patch: label,
			want:  "metadata:\r\n  name: x\r\n  labels:\r\n    team: ml\r\n",
		},
		{
			name:  "no final newline stays so",
			in:    "metadata:\n  name: x",
			patch: label,
			want:  "metadata:\n  name: x\n  labels:\n    team: ml",
		},
		{
			name:  "an alias is expanded where it is changed; the anchor keeps its value",
			in:    "base: &m {app: web}\nmetadata:\n  labels: *m\n",
			patch: label,
			want:  "base: &m {app: web}\nmetadata:\n  labels:\n    app: web\n    team: ml\n",
		},
		{
			name:  "the other users of a changed anchor keep its old value",
			in:    "metadata:\n  labels: &m\n    app: web\nother: *m\n",
			patch: label,
			want:  "metadata:\n  labels: &m\n    app: web\n    team: ml\nother:\n  app: web\n",
		},
		{
			name:  "a key inherited through a merge key becomes the object's own",
			in:    "base: &b\n  labels: {app: web}\nmetadata:\n  <<: *b\n  name: x\n",
			patch: label,
			want:  "base: &b\n  labels: {app: web}\nmetadata:\n  <<: *b\n  name: x\n  labels:\n    app: web\n    team: ml\n",
		},
		{
			name:  "scalar value replaced in place",
			in:    "spec:\n  serviceAccountName: 'old'  # keep\n",
			patch: func(pt *Patch) { pt.Key("spec").Set("serviceAccountName", yamldoc.String("new")) },
			want:  "spec:\n  serviceAccountName: new  # keep\n",
		},
		{
			name:  "strings that read as other types are quoted",
			in:    "metadata:\n  name: x\n",
			patch: func(pt *Patch) { pt.Key("metadata").Key("labels").Set("on", yamldoc.String("yes")) },
			want:  "metadata:\n  name: x\n  labels:\n    \"on\": \"yes\"\n",
		},
		{
			name:  "a comment before a flow collection's closing bracket stays a comment",
			in:    "metadata: {\n  name: x  # the name\n}\n",
			patch: label,
			want:  "metadata: {\n  name: x, labels: {team: ml}  # the name\n}\n",
		},
		{
			name:  "a quote inside a plain scalar is text",
			in:    "metadata: {name: x, annotations: {note: it's fine}}\nspec: {zone: 'eu}'}\n",
			patch: label,
			want:  "metadata: {name: x, annotations: {note: it's fine}, labels: {team: ml}}\nspec: {zone: 'eu}'}\n",
		},
		{
			name:  "the blank lines a |+ block keeps stay in it",
			in:    "metadata:\n  note: |+\n    hello\n\nspec: {}\n",
			patch: label,
			want:  "metadata:\n  note: |+\n    hello\n\n  labels:\n    team: ml\nspec: {}\n",
		},
		{
			name:  "an anchored null keeps its anchor",
			in:    "metadata:\n  labels: &l\n",
			patch: label,
			want:  "metadata:\n  labels: &l\n    team: ml\n",
		},
		{
			name:  "a tagged null loses its tag",
			in:    "metadata:\n  labels: !!null ''\n",
			patch: label,
			want:  "metadata:\n  labels:\n    team: ml\n",
		},
		{
			name:  "a key without a value in a flow mapping",
			in:    "metadata: {name: x, labels}\n",
			patch: label,
			want:  "metadata: {name: x, labels: {team: ml}}\n",
		},
		{
			name:  "a flow mapping with a comment is YAML, not JSON",
			in:    "{metadata: {name: x},  # c\n kind: Pod}\n",
			patch: label,
			want:  "{metadata: {name: x, labels: {team: ml}},  # c\n kind: Pod}\n",
		},
		{
			name:  `JSON's "\/" escape`,
			in:    `{"metadata":{"name":"a\/b"}}`,
			patch: label,
			want:  `{"metadata":{"name":"a/b","labels":{"team":"ml"}}}`,
		},
		{
			name:  "a quoted scalar whose next line sits left of its key",
			in:    "metadata:\n  labels:\n    app: x\n    z: \"a\n  b\"\nspec: {}\n",
			patch: label,
			want:  "metadata:\n  labels:\n    app: x\n    z: \"a\n  b\"\n    team: ml\nspec: {}\n",
		},
		{
			name:  "a flow list whose next line sits left of its key",
			in:    "spec:\n  containers:\n  - name: c\n    args: [a,\n  b]\n",
			patch: env(t),
			want:  "spec:\n  containers:\n  - name: c\n    args: [a,\n  b]\n    env:\n    - name: A\n      value: \"1\"\n",
		},
		{
			name:  "JSON stays JSON, in its indentation",
			in:    "{\n  \"metadata\": {\"name\": \"x\"}\n}\n",
			patch: label,
			want:  "{\n  \"metadata\": {\n    \"name\": \"x\",\n    \"labels\": {\n      \"team\": \"ml\"\n    }\n  }\n}\n",
		},
		{
			name:  "one-line JSON stays one line",
			in:    `{"metadata":{"name":"x"}}`,
			patch: label,
			want:  `{"metadata":{"name":"x","labels":{"team":"ml"}}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := yamldoc.Parse([]byte(tc.in), 1)
			if err != nil {
				t.Fatal(err)
			}
			pt := &Patch{}
			tc.patch(pt)
			out, err := Bytes(p, pt)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", show(out), show([]byte(tc.want)))
			}
			var check yaml.Node
			if err := yaml.Unmarshal(out, &check); err != nil {
				t.Fatalf("output is not YAML: %v", err)
			}
		})
	}
}

func show(b []byte) string { return strings.ReplaceAll(string(b), " ", "·") }

func TestEmptyPatchKeepsBytes(t *testing.T) {
	in := "# c\nmetadata: {name: x}\n"
	p, err := yamldoc.Parse([]byte(in), 1)
	if err != nil {
		t.Fatal(err)
	}
	pt := &Patch{}
	pt.Key("metadata").Key("labels") // a patch that adds nothing
	out, err := Bytes(p, pt)
	if err != nil || string(out) != in {
		t.Fatalf("got %q, %v", out, err)
	}
}

func TestExplicitKeysAreRefused(t *testing.T) {
	p, err := yamldoc.Parse([]byte("metadata:\n  ? name\n  : x\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	pt := &Patch{}
	pt.Key("metadata").Key("labels").Set("team", yamldoc.String("ml"))
	if _, err := Bytes(p, pt); err == nil || !strings.Contains(err.Error(), "explicit") {
		t.Fatalf("want a refusal, got %v", err)
	}
}

// TestUnterminatedEndTakesNoLiteralBlock: a document that ends without a
// line break cannot end in a literal block (its value would lose its last
// line break), so a multi-line string appended there is quoted.
func TestUnterminatedEndTakesNoLiteralBlock(t *testing.T) {
	p, err := yamldoc.Parse([]byte("spec:\n  args:\n  - a"), 1)
	if err != nil {
		t.Fatal(err)
	}
	pt := &Patch{}
	pt.Key("spec").Key("args").Append = []*yaml.Node{yamldoc.String("line1\nline2\n")}
	out, err := Bytes(p, pt)
	if err != nil {
		t.Fatal(err)
	}
	if want := "spec:\n  args:\n  - a\n  - \"line1\\nline2\\n\""; string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

// TestEdit: an edit writes what Apply returns, knows its length, and
// tells a change from a rewrite of the same text.
func TestEdit(t *testing.T) {
	p, err := yamldoc.Parse([]byte("a: b # keep\nc:\n  d: e\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	same := &Patch{}
	same.Set("a", yamldoc.String("b"))
	e, err := Apply(p, same)
	if err != nil {
		t.Fatal(err)
	}
	if e.Changed() || string(e.Bytes()) != string(p.Src) {
		t.Errorf("setting a to its own value: changed %v, %q", e.Changed(), e.Bytes())
	}
	pt := &Patch{}
	pt.Key("c").Set("f", yamldoc.String("g"))
	pt.Set("a", yamldoc.String("x"))
	e, err = Apply(p, pt)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n, err := e.WriteTo(&b)
	if err != nil || int(n) != e.Len() || b.String() != string(e.Bytes()) || !e.Changed() {
		t.Fatalf("WriteTo %q (%d, %v), Bytes %q, Len %d", b.String(), n, err, e.Bytes(), e.Len())
	}
	if want := "a: x # keep\nc:\n  d: e\n  f: g\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestEditMerge: two edits of one document join when they touch
// different places, as one patch with both would; not otherwise.
func TestEditMerge(t *testing.T) {
	p, err := yamldoc.Parse([]byte("a:\n  b: 1\nc:\n  d: 2\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(pt *Patch) *Edit {
		e, err := Apply(p, pt)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	inA, inC, both, inAagain := &Patch{}, &Patch{}, &Patch{}, &Patch{}
	inA.Key("a").Set("x", yamldoc.String("1"))
	inC.Key("c").Set("y", yamldoc.String("2"))
	both.Key("a").Set("x", yamldoc.String("1"))
	both.Key("c").Set("y", yamldoc.String("2"))
	inAagain.Key("a").Set("z", yamldoc.String("3"))
	merged, ok := edit(inA).Merge(edit(inC))
	if !ok || string(merged.Bytes()) != string(edit(both).Bytes()) {
		t.Fatalf("merged %v: %q, want %q", ok, merged.Bytes(), edit(both).Bytes())
	}
	if _, ok := edit(inA).Merge(edit(inAagain)); ok {
		t.Error("two insertions at one place merged")
	}
	other, err := yamldoc.Parse([]byte("a:\n  b: 1\nc:\n  d: 2\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := Apply(other, inC)
	if _, ok := edit(inA).Merge(e); ok {
		t.Error("edits of two documents merged")
	}
}

// A block scalar that ends a file without a line break keeps its value
// when lines are added after it: its last line gains a line break, which
// clip and keep chomping would take into the value.
func TestBlockScalarAtAnUnterminatedEndKeepsItsValue(t *testing.T) {
	add := func(pt *Patch) { pt.Set("after", yamldoc.String("x")) }
	for _, tc := range []struct{ header, want string }{
		{"|", "|-"},
		{">", ">-"},
		{"|+", "|-"},
		{"|2", "|-2"},
		{"|2+", "|2-"},
		{"|-", "|-"},
	} {
		t.Run(tc.header, func(t *testing.T) {
			in := "a: 1\nscript: " + tc.header + "\n  sleep 10\n  echo done"
			p, err := yamldoc.Parse([]byte(in), 1)
			if err != nil {
				t.Fatal(err)
			}
			pt := &Patch{}
			add(pt)
			out, err := Bytes(p, pt)
			if err != nil {
				t.Fatal(err)
			}
			want := "a: 1\nscript: " + tc.want + "\n  sleep 10\n  echo done\nafter: x" // still no final line break
			if string(out) != want {
				t.Fatalf("got\n%q\nwant\n%q", out, want)
			}
			var before, after map[string]any
			if err := yaml.Unmarshal([]byte(in), &before); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(out, &after); err != nil {
				t.Fatal(err)
			}
			if before["script"] != after["script"] {
				t.Errorf("value %q became %q", before["script"], after["script"])
			}
		})
	}
}
