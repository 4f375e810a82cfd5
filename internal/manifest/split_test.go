package manifest

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

func TestSplitKeepsEveryByte(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		spans int
	}{
		{"empty", "", 0},
		{"one document", "a: 1\n", 1},
		{"leading comment block", "# header\n\n---\na: 1\n---\nb: 2\n", 3},
		{"marker with content and comment", "--- # first\na: 1\n--- !!map\nb: 2", 2},
		{"document end marker", "a: 1\n...\n---\nb: 2\n", 2},
		{"marker-like text is not a marker", "a: ---x\n----\nb: |\n  ---\n", 1},
		{"CRLF", "a: 1\r\n---\r\nb: 2\r\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := Split([]byte(tc.in))
			if len(docs) != tc.spans {
				t.Fatalf("%d spans, want %d: %+v", len(docs), tc.spans, docs)
			}
			var b strings.Builder
			for i, d := range docs {
				if i > 0 && docs[i-1].End != d.Start {
					t.Fatalf("gap between spans %d and %d", i-1, i)
				}
				b.WriteString(tc.in[d.Start:d.End])
			}
			if b.String() != tc.in {
				t.Fatalf("spans give %q, want %q", b.String(), tc.in)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	docs := Split([]byte("a: 1\n---\nb: 2\nc: 3\n---\nd: 4\n"))
	var lines []int
	for _, d := range docs {
		lines = append(lines, d.Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 2 || lines[2] != 5 {
		t.Fatalf("lines %v, want [1 2 5]", lines)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		in        string
		api, kind string
		ok        bool
	}{
		{"apiVersion: apps/v1\nkind: Deployment\n", "apps/v1", "Deployment", true},
		{"# c\nkind: 'Pod'  # a pod\napiVersion: \"v1\"\n", "v1", "Pod", true},
		{"kind: &k Pod\napiVersion: v1\n", "", "", false},
		{"{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}", "", "", false},
		{"metadata: {}\n", "", "", false},
	}
	for _, tc := range tests {
		api, kind, ok := Sniff([]byte(tc.in))
		if api != tc.api || kind != tc.kind || ok != tc.ok {
			t.Errorf("Sniff(%q) = %q, %q, %v; want %q, %q, %v", tc.in, api, kind, ok, tc.api, tc.kind, tc.ok)
		}
	}
}

// TestDecode: templates are read as the API server reads what kubectl
// sends, and every refusal names its line and field.
func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		strict  bool
		wantErr string // "" for success
		check   func(*corev1.PodTemplateSpec) bool
	}{
		{"unknown fields are kept out, not refused", "metadata: {labels: {a: b}}\nspec:\n  custom: 1\n  containers: [{name: c}]\n", false, "", func(p *corev1.PodTemplateSpec) bool { return p.Labels["a"] == "b" && len(p.Spec.Containers) == 1 }},
		{"strict refuses unknown fields", "spec:\n  containers:\n  - name: c\n    volumeMount: []\n", true, `line 4: spec.containers[0]: unknown field "volumeMount"`, nil},
		{"duplicate keys", "metadata:\n  labels:\n    a: b\n    a: c\n", false, `line 4: metadata.labels: mapping key "a" already defined`, nil},
		{"a label must be a string", "metadata:\n  labels:\n    gpu: true\n", false, `line 3: metadata.labels.gpu: true must be a string: quote it ("true")`, nil},
		{"an env value must be a string", "spec:\n  containers:\n  - name: c\n    env:\n    - name: NAME\n      value: 1\n", false, `line 6: spec.containers[0].env[0].value: 1 must be a string: quote it ("1")`, nil},
		{"merge keys and aliases resolve", "x: &c {name: c, image: i}\nspec:\n  containers:\n  - <<: *c\n    image: j\n", false, "", func(p *corev1.PodTemplateSpec) bool {
			return p.Spec.Containers[0].Name == "c" && p.Spec.Containers[0].Image == "j"
		}},
		{"quantities as numbers", "spec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: 0.5, memory: 1048576}}\n", false, "", func(p *corev1.PodTemplateSpec) bool {
			return p.Spec.Containers[0].Resources.Limits.Cpu().MilliValue() == 500
		}},
		{"a list where a mapping belongs", "spec: [a]\n", false, "line 1: spec: a list where a mapping is expected", nil},
		{"yes is a boolean to kubectl", "metadata:\n  labels:\n    gpu: yes\n", false, `line 3: metadata.labels.gpu: yes must be a string: quote it ("yes")`, nil},
		{"a quoted yes is a string", "metadata:\n  labels:\n    gpu: 'yes'\n", false, "", func(p *corev1.PodTemplateSpec) bool { return p.Labels["gpu"] == "yes" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.in), 1)
			if err != nil {
				t.Fatal(err)
			}
			var tpl corev1.PodTemplateSpec
			err = p.Decode(p.Root, &tpl, tc.strict)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(&tpl) {
				t.Fatalf("decoded %+v", tpl)
			}
		})
	}
}

func TestAliasBombFailsFast(t *testing.T) {
	in := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		in += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	in += "spec:\n  containers: *i\n"
	// refused when parsed, before anything expands it
	if _, err := Parse([]byte(in), 1); err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Fatalf("want a refusal, got %v", err)
	}
}

func TestSplitIndexCountsDocumentsWithContent(t *testing.T) {
	docs := Split([]byte("# only a comment\n---\na: 1\n---\n# comment\n---\n--- b\n"))
	var got []int
	for _, d := range docs {
		got = append(got, d.Index)
	}
	want := []int{0, 1, 0, 0, 2}
	if len(got) != len(want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("indexes %v, want %v", got, want)
		}
	}
}

func TestParseEmptyDocuments(t *testing.T) {
	for _, in := range []string{"", "# only comments\n", "---\n", "--- # c\n", "...\n"} {
		p, err := Parse([]byte(in), 1)
		if err != nil || p.Root != nil {
			t.Errorf("Parse(%q) = %v, %v; want an empty document", in, p, err)
		}
	}
	if p, err := Parse([]byte("--- ~\n"), 1); err != nil || p.Root != nil {
		t.Errorf("a null document is empty: %v", err)
	}
}

// TestDecodeLongStrings: strings long enough to skip the JSON copy land
// where they belong — struct fields, map values, list items, fields of
// structs in lists — and equal what a plain JSON decode gives.
func TestDecodeLongStrings(t *testing.T) {
	long := func(c string) string { return strings.Repeat(c, longString+7) }
	in := "metadata:\n  labels: {short: s}\n  annotations:\n    a: " + long("a") + "\n    b: \"" + long("b") + "\"\n" +
		"spec:\n  hostname: " + long("h") + "\n  containers:\n  - name: c\n    image: i\n    args: [x, " + long("r") + "]\n" +
		"    env:\n    - name: E\n      value: |\n        " + long("e") + "\n" +
		"    resources: {limits: {cpu: \"1\"}}\n"
	p, err := Parse([]byte(in), 1)
	if err != nil {
		t.Fatal(err)
	}
	var got corev1.PodTemplateSpec
	if err := p.Decode(p.Root, &got, true); err != nil {
		t.Fatal(err)
	}
	var want corev1.PodTemplateSpec
	if err := sigsyaml.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("long strings decoded differently:\nannotations %d %d\nhostname %d\nargs %q\nenv %d",
			len(got.Annotations["a"]), len(got.Annotations["b"]), len(got.Spec.Hostname), got.Spec.Containers[0].Args[0], len(got.Spec.Containers[0].Env[0].Value))
	}
	if got.Annotations["a"] != long("a") || got.Spec.Containers[0].Env[0].Value != long("e")+"\n" {
		t.Fatal("a long string is not the node's")
	}
}

// TestScalarShortcuts: the integers and booleans Decode reads without
// yaml.v3 read as yaml.v3 reads them; the rest go to yaml.v3.
func TestScalarShortcuts(t *testing.T) {
	for _, v := range []string{"0", "7", "-7", "-0", "007", "0x1f", "0o17", "1_000", "+5", "123456789012345678", "1234567890123456789", "9223372036854775807", "1e3", "12a"} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		var want int64
		err := n.Decode(&want)
		if isDecimal(v) && (err != nil || strconv.FormatInt(want, 10) != v) {
			t.Errorf("%q is taken as written, yaml.v3 reads %d (%v)", v, want, err)
		}
	}
	for v, b := range plainBools {
		var want bool
		if err := (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).Decode(&want); err != nil || want != b {
			t.Errorf("%q: yaml.v3 reads %v (%v)", v, want, err)
		}
	}
}

// TestSplitJSONStream: JSON objects one after another are documents of
// their own, as kubectl reads them; each span starts at its object (or at
// what stood before the first) and keeps the blanks after it up to its
// line break, so the spans give back the stream and each parses alone.
func TestSplitJSONStream(t *testing.T) {
	type span struct {
		text        string
		index, line int
	}
	a, b := `{"kind":"A"}`, `{"kind":"B"}`
	tests := []struct {
		name string
		in   string
		want []span
	}{
		{"back to back", a + b, []span{{a, 1, 1}, {b, 2, 1}}},
		{"one a line", a + "\n" + b + "\n", []span{{a + "\n", 1, 1}, {b + "\n", 2, 2}}},
		{"blanks between", a + " \t" + b, []span{{a + " \t", 1, 1}, {b, 2, 1}}},
		{"blank lines and indentation go with the next", a + "\n\n  " + b + "\n", []span{{a + "\n", 1, 1}, {"\n  " + b + "\n", 2, 2}}},
		{"CRLF", a + "\r\n" + b + "\r\n", []span{{a + "\r\n", 1, 1}, {b + "\r\n", 2, 2}}},
		{"byte order mark", "\xef\xbb\xbf" + a + b, []span{{"\xef\xbb\xbf" + a, 1, 1}, {b, 2, 1}}},
		{"pretty-printed, brackets in strings", "{\n  \"kind\": \"}{\\\"\",\n  \"x\": [1, {}]\n}\n{\n  \"kind\": \"B\"\n}\n",
			[]span{{"{\n  \"kind\": \"}{\\\"\",\n  \"x\": [1, {}]\n}\n", 1, 1}, {"{\n  \"kind\": \"B\"\n}\n", 2, 5}}},
		{"three, after a YAML document", "kind: Y\n---\n" + a + b + "\n" + a + "\n",
			[]span{{"kind: Y\n", 1, 1}, {"---\n" + a, 2, 2}, {b + "\n", 3, 3}, {a + "\n", 4, 4}}},
		{"a comment after the last", a + b + "\n# end\n", []span{{a, 1, 1}, {b + "\n", 2, 1}, {"# end\n", 0, 2}}},
		{"a document end marker after the last", a + "\n" + b + "\n...\n" + a, []span{{a + "\n", 1, 1}, {b + "\n", 2, 2}, {"...\n", 0, 3}, {a, 3, 4}}},
		{"a second object that is cut short", a + `{"kind":`, []span{{a, 1, 1}, {`{"kind":`, 2, 1}}},
		{"a second object that is no JSON", a + "\n{kind: B}\n", []span{{a + "\n", 1, 1}, {"{kind: B}\n", 2, 2}}},
		// one document, as before: YAML says what it makes of it
		{"one object", a + "\n", []span{{a + "\n", 1, 1}}},
		{"one object and a comment", a + " # c\n", []span{{a + " # c\n", 1, 1}}},
		{"a YAML flow mapping first", "{kind: A}" + b, []span{{"{kind: A}" + b, 1, 1}}},
		{"a first object that is no JSON", `{"kind":"A",}` + b, []span{{`{"kind":"A",}` + b, 1, 1}}},
		{"an object, then a list", a + "[1]", []span{{a + "[1]", 1, 1}}},
		{"a comment first", "# c\n" + a + b, []span{{"# c\n" + a + b, 1, 1}}},
		{"an object not closed", `{"kind": "A"` + b, []span{{`{"kind": "A"` + b, 1, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []span
			var joined strings.Builder
			for _, d := range Split([]byte(tc.in)) {
				got = append(got, span{tc.in[d.Start:d.End], d.Index, d.Line})
				joined.WriteString(tc.in[d.Start:d.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("spans\n%+v\nwant\n%+v", got, tc.want)
			}
			if joined.String() != tc.in {
				t.Fatalf("the spans give %q", joined.String())
			}
		})
	}
}

// TestJSONStreamDocumentsParse: each object of a stream parses alone, as
// JSON that stays JSON when it changes, and a change to one leaves the
// others as they were.
func TestJSONStreamDocumentsParse(t *testing.T) {
	in := []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}` + "\n" +
		"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"c\"}\n}\n")
	docs := Split(in)
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3", len(docs))
	}
	var out strings.Builder
	for i, d := range docs {
		p, err := Parse(in[d.Start:d.End], d.Line)
		if err != nil {
			t.Fatalf("document %d: %v", d.Index, err)
		}
		if !p.IsJSON() {
			t.Errorf("document %d is not read as JSON", d.Index)
		}
		if _, kind := TypeMeta(p.Root); kind != []string{"ConfigMap", "ConfigMap", "Secret"}[i] {
			t.Errorf("document %d is a %q", d.Index, kind)
		}
		pt := &Patch{}
		if i == 1 {
			pt.Key("metadata").Key("labels").Set("team", scalar("ml"))
		}
		b, err := p.Apply(pt)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	want := strings.Replace(string(in), `{"name":"b"}`, `{"name":"b","labels":{"team":"ml"}}`, 1)
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestJSONStreamErrors: a broken object of a stream is refused at its own
// document and line.
func TestJSONStreamErrors(t *testing.T) {
	in := []byte(`{"apiVersion":"v1","kind":"ConfigMap"}` + "\n" + `{"apiVersion":"v1",` + "\n" + `"kind":"ConfigMap",` + "\n" + `"data":{"a":"b"}` + "\n")
	src := NewSource("stream.json", in)
	if len(src.Docs) != 2 {
		t.Fatalf("%d documents, want 2", len(src.Docs))
	}
	d := src.Docs[1]
	_, err := Parse(in[d.Start:d.End], d.Line)
	var pe *PosError
	if !errors.As(err, &pe) || d.Index != 2 || pe.Line != 4 {
		t.Fatalf("document %d: %v, want an error at line 4 of document 2", d.Index, err)
	}
	if _, err := Check(in[d.Start:d.End], d.Line); err == nil || err.Error() != pe.Error() {
		t.Errorf("Check says %v, Parse %v", err, pe)
	}
}
