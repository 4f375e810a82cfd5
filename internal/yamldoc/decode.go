package yamldoc

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
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
	if p.decodeDirect(n, into, strict) {
		return nil
	}
	return p.decodeJSON(n, into, strict)
}

// decodeJSON is Decode through JSON: the node written as JSON, which
// encoding/json reads.
func (p *Parsed) decodeJSON(n *yaml.Node, into any, strict bool) error {
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

// The direct path. Decode writes the node as JSON and has encoding/json
// read it, which spends most of its time on the JSON text. decodeDirect
// sets the typed value from the nodes instead, with the same checks in the
// same order and the value encoding/json would give; whatever it is not
// sure of — an error, a type or a key it does not handle the way
// encoding/json does — sends the document down the JSON path, which then
// gives the result or the error as it always has.

// errIndirect says that a value must go the JSON path.
var errIndirect = errors.New("decode through JSON")

// decodeDirect decodes n into into without JSON and reports whether it
// did; into is left as it was when it did not.
func (p *Parsed) decodeDirect(n *yaml.Node, into any, strict bool) bool {
	rv := reflect.ValueOf(into)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || !rv.Elem().IsZero() {
		return false // encoding/json would merge into what is there
	}
	plan := directPlanFor(rv.Elem().Type())
	if plan == nil {
		return false
	}
	d := decoder{p: p, strict: strict, budget: 1_000_000 + 4*len(p.Src)}
	v := reflect.New(plan.t).Elem()
	if err := d.direct(n, v, plan); err != nil {
		return false
	}
	rv.Elem().Set(v)
	return true
}

// directPlan is what direct needs to know of a type, worked out once.
type directPlan struct {
	t    reflect.Type // the type of the value
	base reflect.Type // t, or what it points to
	ptr  bool         // t is a pointer to base
	kind reflect.Kind // base's
	// unmarshals says that base reads its own JSON (json.Unmarshaler)
	unmarshals bool
	elem       *directPlan // a list's or map's
	fields     map[string]directField
	// folded are the field names in ASCII lower case: encoding/json
	// matches a key case-insensitively when no name matches it exactly
	folded map[string]bool
}

type directField struct {
	index []int // for FieldByIndex
	plan  *directPlan
}

var directPlans sync.Map // reflect.Type → *directPlan, nil where the JSON path decodes it

// directPlanFor is the plan of a type, nil unless direct handles every
// type a value of it holds (but those that read their own JSON): structs
// whose fields are certainly what encoding/json and structFields make of
// them, maps with string keys, lists (not of bytes), pointers (not to
// pointers), strings, booleans and numbers. Interfaces, arrays, types
// that read text (encoding.TextUnmarshaler), json.Number, embedded
// pointers, field names given twice or that encoding/json would not take
// and the ,string option go the JSON path.
func directPlanFor(t reflect.Type) *directPlan {
	if plan, ok := directPlans.Load(t); ok {
		return plan.(*directPlan)
	}
	plan := buildPlan(t, map[reflect.Type]*directPlan{})
	directPlans.Store(t, plan)
	return plan
}

// buildPlan builds the plan of t; plans holds those being built, for
// types that hold themselves.
func buildPlan(t reflect.Type, plans map[reflect.Type]*directPlan) *directPlan {
	if plan, ok := plans[t]; ok {
		return plan
	}
	plan := &directPlan{t: t, base: t}
	plans[t] = plan
	if t.Kind() == reflect.Pointer {
		plan.base, plan.ptr = t.Elem(), true
		if plan.base.Kind() == reflect.Pointer {
			return nil
		}
	}
	base := plan.base
	plan.kind = base.Kind()
	if reflect.PointerTo(base).Implements(unmarshalerType) {
		plan.unmarshals = true
		return plan
	}
	if reflect.PointerTo(base).Implements(textUnmarshalerType) || base == numberType {
		return nil
	}
	switch plan.kind {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return plan
	case reflect.Slice:
		if base.Elem().Kind() == reflect.Uint8 {
			return nil
		}
		if plan.elem = buildPlan(base.Elem(), plans); plan.elem == nil {
			return nil
		}
		return plan
	case reflect.Map:
		k := base.Key()
		if k.Kind() != reflect.String || reflect.PointerTo(k).Implements(textUnmarshalerType) {
			return nil
		}
		if plan.elem = buildPlan(base.Elem(), plans); plan.elem == nil {
			return nil
		}
		return plan
	case reflect.Struct:
		plan.fields, plan.folded = map[string]directField{}, map[string]bool{}
		if !plan.addFields(base, nil, plans) || !plan.sameFields(structFields(base)) {
			return nil
		}
		return plan
	}
	return nil
}

// addFields adds the fields of the struct t, at index, as encoding/json
// names them.
func (plan *directPlan) addFields(t reflect.Type, index []int, plans map[reflect.Type]*directPlan) bool {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",string,") || !plainName(name) {
			return false
		}
		at := append(index[:len(index):len(index)], i)
		if sf.Anonymous {
			if !sf.IsExported() || sf.Type.Kind() == reflect.Pointer {
				return false
			}
			if name == "" && sf.Type.Kind() == reflect.Struct {
				if !plan.addFields(sf.Type, at, plans) {
					return false
				}
				continue
			}
			if name != "" && strings.Contains(opts, "inline") {
				return false // structFields inlines it, encoding/json does not
			}
		} else if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		lower := strings.ToLower(name)
		if _, dup := plan.fields[name]; dup || plan.folded[lower] {
			return false
		}
		field := directField{index: at, plan: buildPlan(sf.Type, plans)}
		if field.plan == nil {
			return false
		}
		plan.fields[name] = field
		plan.folded[lower] = true
	}
	return true
}

// sameFields reports whether the names and types of the plan's fields are
// those of structFields, so that value checks what direct sets.
func (plan *directPlan) sameFields(types map[string]reflect.Type) bool {
	if len(plan.fields) != len(types) {
		return false
	}
	for name, f := range plan.fields {
		if types[name] != f.plan.t {
			return false
		}
	}
	return true
}

// plainName reports whether a JSON name is one encoding/json takes as it
// is and ASCII: letters, digits and a few marks.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.$/@", c) >= 0) {
			return false
		}
	}
	return true
}

// ignores reports whether encoding/json skips a key that no field of the
// struct has as its name: an ASCII key that no name matches without
// regard to case.
func (plan *directPlan) ignores(key string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return false
		}
	}
	return !plan.folded[strings.ToLower(key)]
}

var (
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	numberType          = reflect.TypeOf(json.Number(""))
)

// direct sets v, a zero value of the plan's type, to what encoding/json
// reads from the JSON that value writes for n, or fails where value fails
// or encoding/json would. It walks the nodes as value does, so that it
// spends the same budget.
func (d *decoder) direct(n *yaml.Node, v reflect.Value, plan *directPlan) error {
	if d.budget--; d.budget < 0 {
		return errIndirect
	}
	if n.Kind == yaml.AliasNode {
		return d.direct(n.Alias, v, plan)
	}
	if plan.unmarshals {
		// The type reads its own JSON, as value has it check: the same
		// bytes, which encoding/json would hand its UnmarshalJSON. The
		// buffer is not reused, for an UnmarshalJSON that keeps them.
		start := d.buf.Len()
		if err := d.value(n, nil, ""); err != nil {
			return err
		}
		data := d.buf.Bytes()[start:]
		if plan.ptr {
			if string(data) == "null" {
				return nil // encoding/json leaves the pointer nil
			}
			p := reflect.New(plan.base)
			if err := json.Unmarshal(data, p.Interface()); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}
		return json.Unmarshal(data, v.Addr().Interface())
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // v stays zero, as null leaves it
	}
	if plan.ptr {
		p := reflect.New(plan.base)
		v.Set(p)
		v = p.Elem()
	}
	switch n.Kind {
	case yaml.MappingNode:
		return d.directMapping(n, v, plan)
	case yaml.SequenceNode:
		if plan.kind != reflect.Slice {
			return errIndirect
		}
		if len(n.Content) == 0 {
			v.Set(reflect.MakeSlice(plan.base, 0, 0)) // [] is an empty list, not none
			return nil
		}
		for i, item := range n.Content {
			// as encoding/json grows it, so that the capacity is the same
			if i >= v.Cap() {
				v.Grow(1)
			}
			v.SetLen(i + 1)
			if err := d.direct(item, v.Index(i), plan.elem); err != nil {
				return err
			}
		}
		return nil
	case yaml.ScalarNode:
		return d.directScalar(n, v, plan.kind)
	}
	return errIndirect
}

func (d *decoder) directMapping(n *yaml.Node, v reflect.Value, plan *directPlan) error {
	switch plan.kind {
	case reflect.Struct, reflect.Map:
	default:
		return errIndirect
	}
	pairs, err := d.directPairs(n)
	if err != nil {
		return err
	}
	if plan.kind == reflect.Map {
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(plan.base, len(pairs)/2))
		}
		// one key and one element, zeroed for each entry, as encoding/json
		// has it: SetMapIndex copies them
		k := reflect.New(plan.base.Key()).Elem()
		elem := reflect.New(plan.elem.t).Elem()
		for i := 0; i < len(pairs); i += 2 {
			elem.SetZero()
			if err := d.direct(pairs[i+1], elem, plan.elem); err != nil {
				return err
			}
			k.SetString(jsonString(pairs[i].Value))
			v.SetMapIndex(k, elem)
		}
		return nil
	}
	for i := 0; i < len(pairs); i += 2 {
		key := pairs[i].Value
		f, ok := plan.fields[key]
		if !ok {
			if d.strict || !plan.ignores(key) {
				return errIndirect
			}
			// encoding/json skips it; value checks it all the same
			if err := d.value(pairs[i+1], nil, ""); err != nil {
				return err
			}
			continue
		}
		fv := v.Field(f.index[0])
		for _, i := range f.index[1:] {
			fv = fv.Field(i)
		}
		if err := d.direct(pairs[i+1], fv, f.plan); err != nil {
			return err
		}
	}
	return nil
}

// directPairs are a mapping's keys and values, in turn, as pairs lists
// them; it fails where pairs does. Without merge keys they are the
// mapping's own content; a mapping with a key << or one that is not a
// scalar is left to pairs.
func (d *decoder) directPairs(n *yaml.Node) ([]*yaml.Node, error) {
	c := n.Content
	for i := 0; i+1 < len(c); i += 2 {
		if k := c[i]; k.Kind != yaml.ScalarNode || k.Value == "<<" {
			return d.flatPairs(n)
		}
	}
	c = c[:len(c)&^1]
	if len(c) <= 16 {
		for i := 2; i < len(c); i += 2 {
			for j := 0; j < i; j += 2 {
				if c[i].Value == c[j].Value {
					return nil, errIndirect // a key given twice
				}
			}
		}
		return c, nil
	}
	seen := make(map[string]bool, len(c)/2)
	for i := 0; i < len(c); i += 2 {
		if seen[c[i].Value] {
			return nil, errIndirect
		}
		seen[c[i].Value] = true
	}
	return c, nil
}

// flatPairs is pairs, flattened.
func (d *decoder) flatPairs(n *yaml.Node) ([]*yaml.Node, error) {
	pairs, err := d.pairs(n, "")
	if err != nil {
		return nil, err
	}
	flat := make([]*yaml.Node, 0, 2*len(pairs))
	for _, kv := range pairs {
		flat = append(flat, kv[0], kv[1])
	}
	return flat, nil
}

// directScalar is scalar, setting v, of the given kind, as encoding/json
// sets it from what scalar writes.
func (d *decoder) directScalar(n *yaml.Node, v reflect.Value, kind reflect.Kind) error {
	tag := n.ShortTag()
	switch kind {
	case reflect.String:
		if tag == "!!int" || tag == "!!float" || tag == "!!bool" || n.Style == 0 && yaml11Bools[n.Value] {
			return errIndirect
		}
		if len(n.Value) >= longString {
			v.SetString(n.Value) // as putLong puts it back
			return nil
		}
		v.SetString(jsonString(n.Value))
		return nil
	case reflect.Bool:
		if tag != "!!bool" {
			return errIndirect
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag != "!!int" {
			return errIndirect
		}
	case reflect.Float32, reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			return errIndirect
		}
	default:
		return errIndirect
	}
	var text string // the JSON number scalar writes
	switch tag {
	case "!!bool":
		var b bool
		if x, ok := plainBools[n.Value]; ok {
			b = x
		} else if err := n.Decode(&b); err != nil {
			return err
		}
		v.SetBool(b) // v is a bool: the tag is checked above
		return nil
	case "!!int":
		if isDecimal(n.Value) {
			text = n.Value
			break
		}
		var i int64
		if err := n.Decode(&i); err != nil {
			var u uint64
			if err := n.Decode(&u); err != nil {
				return err
			}
			text = strconv.FormatUint(u, 10)
			break
		}
		text = strconv.FormatInt(i, 10)
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return err
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return errIndirect
		}
		text = strconv.FormatFloat(f, 'g', -1, 64)
	default:
		return errIndirect
	}
	switch kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil || v.OverflowInt(i) {
			return errIndirect
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := strconv.ParseUint(text, 10, 64)
		if err != nil || v.OverflowUint(u) {
			return errIndirect
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(text, v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return errIndirect
		}
		v.SetFloat(f)
	default:
		return errIndirect // a bool from a number
	}
	return nil
}

// jsonString is s as encoding/json reads it back from writeJSONString:
// the same, but each byte that is not valid UTF-8 becomes U+FFFD.
func jsonString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
