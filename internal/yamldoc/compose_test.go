package yamldoc

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/podctl/podctl/internal/third_party/forked/yamlevents"
)

// composeAgreesWithYAMLv3: the composer builds, document for document, the
// node tree yaml.v3's decoder builds, or fails with its error.
func composeAgreesWithYAMLv3(t *testing.T, src []byte) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	c := yamlevents.NewComposer(src)
	defer c.Release()
	for i := 0; i < 3; i++ {
		var want yaml.Node
		wantErr := dec.Decode(&want)
		got, err := c.Document()
		switch {
		case errors.Is(wantErr, io.EOF):
			if got != nil || err != nil {
				t.Fatalf("document %d: yaml.v3 finds the end, the composer %v, %v", i+1, got, err)
			}
			return
		case wantErr != nil:
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("document %d: yaml.v3 says %q, the composer %v", i+1, wantErr, err)
			}
			return
		case err != nil:
			t.Fatalf("document %d: the composer says %v, yaml.v3 reads it", i+1, err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("document %d: the trees differ:\ncomposer: %s\nyaml.v3:  %s", i+1, dumpNode(got), dumpNode(&want))
		}
	}
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		b.WriteString("\n" + strings.Repeat("  ", depth))
		b.WriteString(strings.ReplaceAll(strings.TrimPrefix(
			strings.Join([]string{"kind", string(rune('0' + n.Kind)), "tag", n.Tag, "style", string(rune('0' + n.Style)), "value", n.Value,
				"anchor", n.Anchor, "head", n.HeadComment, "line", n.LineComment, "foot", n.FootComment}, "|"), "|"), "\n", `\n`))
		b.WriteString("@" + string(rune('0'+n.Line)) + ":" + string(rune('0'+n.Column)))
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

func TestComposeAgreesWithYAMLv3(t *testing.T) {
	tests := map[string]string{
		"comments everywhere": "# head\na: 1 # line\n# foot of a\n\nb:\n  # head of c\n  c: [x, y] # line\n  d: {e: f}\n  # foot in b\n# foot at the end\n",
		"styles and tags":     "a: 'single'\nb: \"double\\n\"\nc: |\n  lit\nd: >-\n  fold\n  ed\ne: !!str 1\nf: !custom x\ng: !!binary aGk=\nh: ~\ni: 1.5\nj: 0x1f\nk: true\nl: 2001-12-14\n",
		"anchors and merges":  "base: &b {x: 1}\nother:\n  <<: *b\n  y: &y [1, 2]\nz: *y\n",
		"a second document":   "a: 1\n...\nb: 2\n",
		"directives":          "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!x b\n",
		"errors":              "a: b: c\n",
		"unknown anchor":      "a: *x\n",
		"empty":               "",
		"comments only":       "# a\n",
		"null document":       "null\n",
		"sequence of maps":    "- a: 1\n  # between\n  b: 2\n\n# foot of the list\n- c\n",
		"flow with comments":  "a: [\n  x, # one\n  y\n]\n",
		"crlf":                "a: 1\r\nb:\r\n  - x\r\n",
		"bom":                 "\xef\xbb\xbfa: 1\n",
		"tail comments":       "a:\n  b: 1\n  # tail of a\nc: 2\n",
		"long literal":        "a: |\n  " + strings.Repeat("x", 100000) + "\n\n  more\nb: 1\n",
		"long folded":         "a: >-\n" + strings.Repeat("  "+strings.Repeat("y", 99)+"\n", 1000) + "\n  end\nb: 1\n",
		"long plain":          "a: " + strings.Repeat("p", 100000) + "\nb: 1\n",
		"long multi-line":     "a: " + strings.Repeat("p", 70000) + "\n  " + strings.Repeat("q", 70000) + "\nb: 1\n",
		"long single":         "a: '" + strings.Repeat("s''", 40000) + "'\nb: 1\n",
		"long double":         "a: \"" + strings.Repeat(`d\"\L\P\\`, 20000) + "\"\nb: 1\n",
		"long double folded":  "a: \"" + strings.Repeat("w ", 40000) + "\n  " + strings.Repeat("v", 70000) + "\"\n",
		"long then long":      "a: |\n  " + strings.Repeat("x", 70000) + "\nb: |\n  " + strings.Repeat("z", 90000) + "\n",
		"numbers and not":     "[500m, 2Gi, 1Ki, 0x1F, 0o17, 0b101, 1_000, -1, +2, 1.5, -.inf, +.Inf, .nan, 1e3, 1e, 2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 1:20, 0.5.1, 3days, -x, +y, 12h, 08, 09, 1.2.3-rc1, 4K, 7z]\n",
		"long and unicode":    "a: \"" + strings.Repeat("é€😀", 30000) + "\"\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) { composeAgreesWithYAMLv3(t, []byte(src)) })
	}
}

// TestReusedParsersLeaveValuesAlone: parsers are pooled, and a tree's
// strings are the scanner's buffers: parsing more documents must not
// change the values of a tree built before.
func TestReusedParsersLeaveValuesAlone(t *testing.T) {
	first, err := Parse([]byte("a: first\nb: [x, 'y']\nc: |\n  block\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	before := dumpNode(first.Root)
	for i := 0; i < 100; i++ {
		src := "k" + strings.Repeat("z", i) + ": " + strings.Repeat("w", 100-i) + "\nother: [1, 2, 3]\n"
		if _, err := Parse([]byte(src), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := Check([]byte("apiVersion: v1\nkind: A\n"+src), 1); err != nil {
			t.Fatal(err)
		}
	}
	if after := dumpNode(first.Root); after != before {
		t.Fatalf("a tree changed after more parses:\n%s\nwas\n%s", after, before)
	}
}

// Decode's direct path gives what its JSON path gives, to the capacity of
// every list: for every mapping of every YAML file under testdata and of
// the cases below, read as a pod, a pod template, a pod spec, a container
// and a map of strings, strictly or not. Where it cannot, it must leave the
// document to the JSON path.
func TestDecodeDirectAgreesWithJSON(t *testing.T) {
	inputs := map[string][]byte{
		"strings": []byte(`metadata:
  name: "quote \" and \\ backslash"
  labels: {"k\x01": "v\x7f", ctl: "a\x01\x7f\tb\u2028\r\n", uni: "\u00e9\U0001F600\ufffd"}
  annotations:
    long: "` + strings.Repeat("x", 70000) + `"
    longctl: "` + strings.Repeat(`\x01\u00e9`, 20000) + `"
  generateName: !!binary aGk=
  namespace: 2001-12-14
  uid: !custom x
  resourceVersion: ""
`),
		"nulls": []byte(`metadata: {name: a, creationTimestamp: null, labels: {a: null, b: ~}, annotations: null}
spec:
  containers:
  - null
  - name: c
    securityContext: null
    ports: []
    env: [{name: e, valueFrom: null}, null]
    resources: {limits: {x: null}}
  volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {sizeLimit: null}}]
  nodeSelector: {}
`),
		"numbers": []byte(`spec:
  containers:
  - name: c
    resources: {limits: {cpu: 0.5, memory: 1Gi}, requests: {cpu: 100m, memory: 1e3}}
    ports: [{containerPort: 0x1F, hostPort: 0o17}, {containerPort: 99999999999}, {containerPort: -1}]
    livenessProbe: {httpGet: {port: http}, periodSeconds: 1e1}
    readinessProbe: {tcpSocket: {port: 80}, failureThreshold: 3.0}
  terminationGracePeriodSeconds: 18446744073709551615
  activeDeadlineSeconds: -9223372036854775808
  priority: 2147483648
`),
		"booleans": []byte(`spec: {hostNetwork: True, hostPID: yes, hostIPC: "true", enableServiceLinks: 1, containers: [{name: c, stdin: on, tty: FALSE}]}
`),
		"keys": []byte(`Metadata: {name: a}
spec: {Containers: [{name: c}], nodename: n, "ünknown": 1}
kind: Pod
apiVersion: v1
status: {phase: Running, podIP: 1.2.3.4, startTime: 2024-01-02T03:04:05Z}
`),
		"merges": []byte(`base: &b {name: c, image: i, args: [a, b]}
spec:
  containers:
  - <<: *b
    image: j
  - <<: [*b, {command: [x]}]
  initContainers: [*b]
`),
		"wrong types": []byte(`spec:
  containers:
  - name: c
    command: [1, true, 1.5]
  - {name: d, stdin: 1}
  - {name: e, tty: .inf}
  - {name: f, image: [a]}
  - {name: g, env: {a: b}}
  overhead: {cpu: 1}
  nodeSelector: {a: 'on', b: "y"}
  tolerations: [{tolerationSeconds: .nan}]
  schedulingGates: []
  hostAliases: [{ip: 1, hostnames: [a]}]
`),
	}
	// every file of testdata; apply's fixtures only in make test (-short)
	root, least := "../../testdata", 10000
	if testing.Short() {
		root, least = "../apply/testdata", 1000
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			data, err := os.ReadFile(path)
			inputs[path] = data
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	targets := []func() any{
		func() any { return new(corev1.Pod) },
		func() any { return new(corev1.PodTemplateSpec) },
		func() any { return new(corev1.PodSpec) },
		func() any { return new(corev1.Container) },
		func() any { return new(map[string]string) },
	}
	direct, mappings := 0, 0
	for name, data := range inputs {
		for _, doc := range bytes.Split(data, []byte("\n---")) {
			p, err := Parse(doc, 1)
			if err != nil && !strings.Contains(name, "/") {
				t.Fatalf("case %s: %v", name, err) // the cases must parse
			}
			if err != nil || p.Root == nil {
				continue
			}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				if n.Kind == yaml.MappingNode {
					mappings++
					for _, target := range targets {
						for _, strict := range []bool{false, true} {
							got, want := target(), target()
							if !p.decodeDirect(n, got, strict) {
								continue
							}
							direct++
							if err := p.decodeJSON(n, want, strict); err != nil {
								t.Fatalf("%s:%d: decoded as %T directly, but through JSON: %v", name, p.SourceLine(n), got, err)
							}
							if d := sameDecoded(reflect.ValueOf(got), reflect.ValueOf(want), "value"); d != "" {
								t.Fatalf("%s:%d: as %T, strict %v: %s differs", name, p.SourceLine(n), got, strict, d)
							}
						}
					}
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(p.Root)
		}
	}
	if direct < least {
		t.Fatalf("only %d direct decodings of %d mappings", direct, mappings)
	}
	t.Logf("%d direct decodings of %d mappings", direct, mappings)
}

// sameDecoded reports where two decoded values differ, with reflect.DeepEqual
// and in the length and capacity of each list; "" where they do not.
func sameDecoded(a, b reflect.Value, path string) string {
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return path
	}
	switch a.Kind() {
	case reflect.Pointer:
		if !a.IsNil() {
			return sameDecoded(a.Elem(), b.Elem(), path)
		}
	case reflect.Slice:
		if a.Len() != b.Len() || a.Cap() != b.Cap() || a.IsNil() != b.IsNil() {
			return path + " (length, capacity)"
		}
		for i := 0; i < a.Len(); i++ {
			if d := sameDecoded(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
		}
	case reflect.Map:
		iter := a.MapRange()
		for iter.Next() {
			if d := sameDecoded(iter.Value(), b.MapIndex(iter.Key()), path+"["+iter.Key().String()+"]"); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if a.Type().Field(i).IsExported() {
				if d := sameDecoded(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
					return d
				}
			}
		}
	}
	return ""
}
