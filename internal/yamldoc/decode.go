package yamldoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Decode reads the node n of this document into the typed value that into
// points to, the way the API server reads what kubectl sends: duplicate
// keys are refused, a scalar must have the type of its field (a string
// field takes no unquoted true or 1), merge keys and aliases are resolved.
// With strict set, a key that is not a field of the type is an error too.
// Every error names the source line and the field path.
func (p *Parsed) Decode(n *yaml.Node, into any, strict bool) error {
	d := decoder{p: p, strict: strict, budget: 1_000_000 + 4*len(p.Src)}
	if err := d.value(n, reflect.TypeOf(into).Elem(), ""); err != nil {
		return err
	}
	if err := json.Unmarshal(d.buf.Bytes(), into); err != nil {
		return &PosError{Line: p.SourceLine(n), Msg: err.Error()}
	}
	if len(d.long) > 0 {
		d.buf = bytes.Buffer{}
		d.putLong(reflect.ValueOf(into).Elem())
	}
	return nil
}

type decoder struct {
	p      *Parsed
	strict bool
	buf    bytes.Buffer
	budget int
	// long are the long strings that went through JSON as placeholders.
	long []string
}

// A string field's value of longString bytes or more goes through JSON as
// a placeholder and is put in place after: its node's string is shared,
// where JSON would hold two more copies of a value that may be most of a
// 50 MB document. The placeholder holds a NUL, which no YAML plain or
// quoted scalar gives without an escape, and a process-wide random tag.
const longString = 64 << 10

var longMarker = fmt.Sprintf("\x00podctl-%016x-", rand.Uint64())

// longPrefix is longMarker as JSON writes it.
var longPrefix = `\u0000` + longMarker[1:]

// putLong replaces the placeholders in v with their long strings.
func (d *decoder) putLong(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); strings.HasPrefix(s, longMarker) {
			if i, err := strconv.Atoi(s[len(longMarker):]); err == nil && i < len(d.long) && v.CanSet() {
				v.SetString(d.long[i])
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			d.putLong(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				d.putLong(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			d.putLong(v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			elem := reflect.New(iter.Value().Type()).Elem()
			elem.Set(iter.Value())
			d.putLong(elem)
			v.SetMapIndex(iter.Key(), elem)
		}
	}
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) error {
	line := n.Line
	if d.p != nil {
		line = d.p.SourceLine(n)
	}
	return &PosError{Line: line, Path: strings.TrimPrefix(path, "."), Msg: fmt.Sprintf(format, args...)}
}

// value writes n as JSON for a field of type t (nil: any JSON value).
func (d *decoder) value(n *yaml.Node, t reflect.Type, path string) error {
	if d.budget--; d.budget < 0 {
		return d.fail(n, path, "too many nodes after expanding aliases")
	}
	if n.Kind == yaml.AliasNode {
		return d.value(n.Alias, t, path)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
		// The type reads its own JSON (quantities, int-or-string, times):
		// let it read this value now, so that its refusal has a line.
		start := d.buf.Len()
		if err := d.value(n, nil, path); err != nil {
			return err
		}
		if err := json.Unmarshal(d.buf.Bytes()[start:], reflect.New(t).Interface()); err != nil {
			return d.fail(n, path, "%v", err)
		}
		return nil
	}
	if t != nil && t.Kind() == reflect.Interface {
		t = nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		d.buf.WriteString("null")
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return d.mapping(n, t, path)
	case yaml.SequenceNode:
		if t != nil && t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return d.fail(n, path, "a list where %s is expected", describe(t))
		}
		var elem reflect.Type
		if t != nil {
			elem = t.Elem()
		}
		d.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				d.buf.WriteByte(',')
			}
			if err := d.value(item, elem, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		d.buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return d.scalar(n, t, path)
	}
	return d.fail(n, path, "unexpected YAML node")
}

func (d *decoder) mapping(n *yaml.Node, t reflect.Type, path string) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	if t != nil {
		switch t.Kind() {
		case reflect.Struct:
			fields = structFields(t)
		case reflect.Map:
			elem = t.Elem()
		default:
			return d.fail(n, path, "a mapping where %s is expected", describe(t))
		}
	}
	pairs, err := d.pairs(n, path)
	if err != nil {
		return err
	}
	d.buf.WriteByte('{')
	for i, kv := range pairs {
		key := kv[0].Value
		ft := elem
		if fields != nil {
			var ok bool
			if ft, ok = fields[key]; !ok {
				if d.strict {
					return d.fail(kv[0], path, "unknown field %q", key)
				}
				ft = nil
			}
		}
		if i > 0 {
			d.buf.WriteByte(',')
		}
		WriteJSONString(&d.buf, key)
		d.buf.WriteByte(':')
		if err := d.value(kv[1], ft, path+"."+key); err != nil {
			return err
		}
	}
	d.buf.WriteByte('}')
	return nil
}

// pairs lists a mapping's entries with merge keys resolved: its own keys
// first, then those of merged mappings that it does not set itself.
// A key given twice is an error, as in kubectl.
func (d *decoder) pairs(n *yaml.Node, path string) ([][2]*yaml.Node, error) {
	seen := make(map[string]bool, len(n.Content)/2)
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if IsMerge(k) {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, d.fail(k, path, "a mapping key must be a scalar")
		}
		if seen[k.Value] {
			return nil, d.fail(k, path, "mapping key %q already defined", k.Value)
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	for _, m := range merges {
		for _, src := range Merged(m) {
			if src == nil || src.Kind != yaml.MappingNode {
				return nil, d.fail(m, path, "a merge key (<<) must refer to a mapping")
			}
			sub, err := d.pairs(src, path)
			if err != nil {
				return nil, err
			}
			for _, kv := range sub {
				if !seen[kv[0].Value] {
					seen[kv[0].Value] = true
					out = append(out, kv)
				}
			}
		}
	}
	return out, nil
}

func (d *decoder) scalar(n *yaml.Node, t reflect.Type, path string) error {
	tag := n.ShortTag()
	want := reflect.Invalid
	if t != nil {
		want = t.Kind()
	}
	switch want {
	case reflect.String:
		if tag == "!!int" || tag == "!!float" || tag == "!!bool" || n.Style == 0 && yaml11Bools[n.Value] {
			// kubectl reads YAML 1.1, where a plain yes, on or y is a boolean
			return d.fail(n, path, "%s must be a string: quote it (\"%s\")", n.Value, n.Value)
		}
		if len(n.Value) >= longString {
			d.buf.WriteString(`"` + longPrefix + strconv.Itoa(len(d.long)) + `"`)
			d.long = append(d.long, n.Value)
			return nil
		}
		WriteJSONString(&d.buf, n.Value)
		return nil
	case reflect.Bool:
		if tag != "!!bool" {
			return d.fail(n, path, "%q must be true or false", n.Value)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag != "!!int" {
			return d.fail(n, path, "%q must be an integer", n.Value)
		}
	case reflect.Float32, reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			return d.fail(n, path, "%q must be a number", n.Value)
		}
	case reflect.Struct, reflect.Map, reflect.Slice:
		return d.fail(n, path, "%q where %s is expected", n.Value, describe(t))
	}
	switch tag {
	case "!!bool":
		var b bool
		if v, ok := plainBools[n.Value]; ok {
			b = v // what yaml.v3 reads these as, without a decoder for each
		} else if err := n.Decode(&b); err != nil {
			return d.fail(n, path, "%v", err)
		}
		d.buf.WriteString(strconv.FormatBool(b))
	case "!!int":
		if isDecimal(n.Value) {
			d.buf.WriteString(n.Value) // as yaml.v3 reads it, and as JSON writes it
			return nil
		}
		var i int64
		if err := n.Decode(&i); err != nil {
			var u uint64
			if err := n.Decode(&u); err != nil {
				return d.fail(n, path, "%v", err)
			}
			d.buf.WriteString(strconv.FormatUint(u, 10))
			return nil
		}
		d.buf.WriteString(strconv.FormatInt(i, 10))
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return d.fail(n, path, "%v", err)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return d.fail(n, path, "%s is not a number JSON can carry", n.Value)
		}
		d.buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		WriteJSONString(&d.buf, n.Value)
	}
	return nil
}

// plainBools are the booleans of YAML 1.2's core schema, as yaml.v3 reads
// them.
var plainBools = map[string]bool{"true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false}

// isDecimal reports whether s is a decimal integer that fits an int64 and
// reads the same in any base yaml.v3 tries: no sign but "-", no leading
// zero, no underscore.
func isDecimal(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 18 || digits[0] == '0' && len(digits) != len(s) || digits[0] == '0' && len(digits) > 1 {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	}
	return "a " + t.Kind().String()
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// structFields maps the JSON names of a struct's fields to their types,
// with inlined and embedded structs flattened as encoding/json does.
func structFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && (name == "" || strings.Contains(opts, "inline")) {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range structFields(ft) {
					fields[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	fieldCache.Store(t, fields)
	return fields
}

// WriteJSONString writes s as a JSON string (invalid UTF-8 as U+FFFD).
func WriteJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\ufffd`)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl) reads as
// booleans while YAML 1.2 reads them as strings.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}
