package yamldoc

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

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
