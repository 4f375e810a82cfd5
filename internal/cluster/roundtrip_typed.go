package cluster

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The typed round trip gives the pod that json.Marshal and json.Unmarshal
// into a fresh corev1.Pod give, without the text in between: a DeepCopy,
// then a walk that does to the copy what the round trip does. The walk
// follows a plan per Go type, built once by reflection from the same rules
// encoding/json follows (its field list, omitempty's isEmptyValue,
// omitzero, how null decodes), and it gives up — the caller then takes the
// JSON path — wherever it cannot be exact:
//
//   - a string that is not valid UTF-8 (encoding/json replaces each invalid
//     byte with U+FFFD, and map keys could then collide);
//   - a custom marshaler it does not know, or an unusual layout (embedded
//     pointers, conflicting field names, ",string" fields, interfaces,
//     floats, arrays, byte slices, non-string map keys): the plan is not
//     built at all, and TestTypedRoundTripCoversPod says so;
//   - a marshaler's error (the JSON path then reports it), a FieldsV1 with
//     content, an IntOrString of an unknown type.
//
// What a round trip does, and the walk with it:
//   - An omitempty slice or map of length 0 is not written, so it decodes
//     as nil; without omitempty it is written as [] or {} and decodes as an
//     empty, non-nil one. nil slices and maps stay nil.
//   - A pointer is decoded into a fresh value; when what it points to is
//     written as null (a nil slice, map or pointer, a zero metav1.Time, an
//     empty FieldsV1) the decoder sets the pointer itself to nil.
//   - Fields encoding/json does not write (json:"-", unexported ones) are
//     zero after decoding, and so are omitzero fields that are zero.
//   - Types with their own MarshalJSON: resource.Quantity, metav1.Time,
//     intstr.IntOrString and metav1.FieldsV1 are decoded from what their
//     MarshalJSON writes, by their own UnmarshalJSON, so that the internal
//     state (a quantity's cached string and format, a time truncated to
//     seconds in time.Local) is the one the decoder builds.
//   - Everything else (valid strings, integers, booleans) comes back as it
//     was.

// roundTripTyped is RoundTrip without JSON; ok is false when it cannot
// tell the result exactly, and the caller takes the JSON path.
func roundTripTyped(pod *corev1.Pod) (out *corev1.Pod, ok bool) {
	plan, err := podPlan()
	if err != nil || pod == nil {
		return nil, false
	}
	out = pod.DeepCopy()
	if _, ok := plan.apply(reflect.ValueOf(out).Elem()); !ok {
		return nil, false
	}
	return out, true
}

// podPlan is the plan for corev1.Pod, built on first use.
var podPlan = sync.OnceValues(func() (*rtPlan, error) {
	return newPlanBuilder().plan(reflect.TypeFor[corev1.Pod]())
})

type rtKind uint8

const (
	rtScalar      rtKind = iota // booleans and integers: unchanged
	rtString                    // unchanged when valid UTF-8
	rtPointer                   // nil when what it points to is written as null
	rtSlice                     // each element
	rtMap                       // each key and value
	rtStruct                    // each field encoding/json writes
	rtQuantity                  // resource.Quantity
	rtTime                      // metav1.Time
	rtIntOrString               // intstr.IntOrString
	rtFieldsV1                  // metav1.FieldsV1
)

// rtPlan says what a round trip does to values of one type.
type rtPlan struct {
	kind rtKind
	typ  reflect.Type
	// changes: a round trip may give a different value, or write this one
	// as null (which turns a pointer to it into nil).
	changes bool
	// checks: the value holds strings, which must be valid UTF-8.
	checks bool
	// elem is the plan of a pointer's, slice's or map's elements.
	elem *rtPlan
	// fields are the struct's fields that need a look, in order.
	fields []rtField
	// written lists, when the struct has fields encoding/json does not
	// write, the ones it does; the others must be zeroed.
	written [][]int
}

func (p *rtPlan) work() bool { return p.changes || p.checks }

// rtField is one field encoding/json writes, or an embedded struct whose
// fields it writes as the outer struct's: that one has a plan of its own,
// which gives the same as the outer's would, the names being distinct.
type rtField struct {
	index     int
	omitEmpty bool
	omitZero  bool
	isZero    func(reflect.Value) bool // a type's IsZero method, for omitzero
	plan      *rtPlan
}

// apply turns v into the value a round trip gives, in place, and reports
// whether v is written as null. v must be settable when the plan changes
// values; a plan that only checks can read any value. ok is false when the
// result cannot be told exactly.
func (p *rtPlan) apply(v reflect.Value) (null, ok bool) {
	switch p.kind {
	case rtScalar:
		return false, true
	case rtString:
		return false, utf8.ValidString(v.String())
	case rtPointer:
		if v.IsNil() {
			return true, true
		}
		null, ok := p.elem.apply(v.Elem())
		if null && ok {
			// decoding null into a pointer sets the pointer to nil
			v.SetZero()
		}
		return null, ok
	case rtSlice:
		if v.IsNil() {
			return true, true
		}
		if p.elem.work() {
			for i := range v.Len() {
				// an element written as null decodes to what the plan
				// left: a nil pointer, slice or map, a zero time
				if _, ok := p.elem.apply(v.Index(i)); !ok {
					return false, false
				}
			}
		}
		return false, true
	case rtMap:
		if v.IsNil() {
			return true, true
		}
		return false, p.applyMap(v)
	case rtStruct:
		return false, p.applyStruct(v)
	case rtQuantity:
		return false, roundTripQuantity(v.Addr().Interface().(*resource.Quantity))
	case rtTime:
		return roundTripTime(v.Addr().Interface().(*metav1.Time))
	case rtIntOrString:
		return false, roundTripIntOrString(v.Addr().Interface().(*intstr.IntOrString))
	case rtFieldsV1:
		return roundTripFieldsV1(v.Addr().Interface().(*metav1.FieldsV1))
	}
	return false, false
}

func (p *rtPlan) applyMap(v reflect.Value) bool {
	switch m := v.Interface().(type) {
	case map[string]string:
		// labels and annotations: the common case, without reflection
		for k, s := range m {
			if !utf8.ValidString(k) || !utf8.ValidString(s) {
				return false
			}
		}
		return true
	case corev1.ResourceList:
		for k, q := range m {
			if !utf8.ValidString(string(k)) || !roundTripQuantity(&q) {
				return false
			}
			m[k] = q
		}
		return true
	}
	key := reflect.New(v.Type().Key()).Elem()
	var val reflect.Value
	if p.elem.changes {
		val = reflect.New(v.Type().Elem()).Elem()
	}
	for it := v.MapRange(); it.Next(); {
		key.SetIterKey(it)
		if !utf8.ValidString(key.String()) {
			return false
		}
		switch {
		case p.elem.changes:
			// map values cannot be changed in place: a fresh one, as the
			// decoder fills it, is stored back
			val.SetIterValue(it)
			if _, ok := p.elem.apply(val); !ok {
				return false
			}
			v.SetMapIndex(key, val)
		case p.elem.checks:
			if _, ok := p.elem.apply(it.Value()); !ok {
				return false
			}
		}
	}
	return true
}

func (p *rtPlan) applyStruct(v reflect.Value) bool {
	if p.written != nil {
		// fields encoding/json leaves out are zero after decoding
		fresh := reflect.New(p.typ).Elem()
		for _, index := range p.written {
			fresh.FieldByIndex(index).Set(v.FieldByIndex(index))
		}
		v.Set(fresh)
	}
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.Field(f.index)
		// encoding/json's structEncoder.encode: a field it leaves out
		// decodes as the zero value. An empty string, number, boolean or
		// pointer is zero already, and the plan leaves a zero one as it
		// is: for those omitempty changes nothing.
		if f.omitEmpty && f.plan.kind != rtString && f.plan.kind != rtScalar && f.plan.kind != rtPointer && isEmptyValue(fv) ||
			(f.omitZero && (f.isZero == nil && fv.IsZero() || (f.isZero != nil && f.isZero(fv)))) {
			if !fv.IsZero() {
				fv.SetZero()
			}
			continue
		}
		// a field written as null decodes to what the plan left (a field
		// is no pointer that null could reset: pointers are plans of their
		// own, which set themselves to nil)
		if f.plan.kind == rtPointer && fv.IsNil() {
			continue // most are: a VolumeSource has 30
		}
		if _, ok := f.plan.apply(fv); !ok {
			return false
		}
	}
	return true
}

// isEmptyValue is encoding/json's, for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// roundTripQuantity decodes q from what its MarshalJSON writes, as the
// decoder does: the result has the canonical string cached and the format
// of that string, whatever q had.
func roundTripQuantity(q *resource.Quantity) bool {
	b, err := q.MarshalJSON()
	if err != nil || !plainJSONString(b) {
		return false
	}
	var out resource.Quantity
	if err := out.UnmarshalJSON(b); err != nil {
		return false
	}
	*q = out
	return true
}

// roundTripTime: a zero time is written as null and decoded as the zero
// Time; any other is written in RFC 3339 in UTC, to the second, and decoded
// in time.Local.
func roundTripTime(t *metav1.Time) (null, ok bool) {
	if t.IsZero() {
		*t = metav1.Time{}
		return true, true
	}
	b, err := t.MarshalJSON()
	if err != nil || !plainJSONString(b) {
		return false, false
	}
	var out metav1.Time
	if err := out.UnmarshalJSON(b); err != nil {
		return false, false
	}
	*t = out
	return false, true
}

// roundTripIntOrString: the decoder sets the type and the one value it
// read; the other value is zero. A string that is not valid UTF-8 would be
// changed by the encoder, an unknown type is an encoding error: the JSON
// path tells both.
func roundTripIntOrString(v *intstr.IntOrString) bool {
	switch v.Type {
	case intstr.Int:
		*v = intstr.IntOrString{Type: intstr.Int, IntVal: v.IntVal}
		return true
	case intstr.String:
		if !utf8.ValidString(v.StrVal) {
			return false
		}
		*v = intstr.IntOrString{Type: intstr.String, StrVal: v.StrVal}
		return true
	}
	return false
}

// roundTripFieldsV1: an empty FieldsV1 is written as null; one with
// content is compacted by the encoder, which the JSON path does.
func roundTripFieldsV1(f *metav1.FieldsV1) (null, ok bool) {
	b, err := f.MarshalJSON()
	if err != nil || string(b) != "null" {
		return false, false
	}
	*f = metav1.FieldsV1{}
	return true, true
}

// plainJSONString reports whether b is a JSON string that the encoder's
// compaction (which escapes <, > and & in HTML-safe mode) and the decoder
// pass on unchanged: printable ASCII without quotes, backslashes or those
// three.
func plainJSONString(b []byte) bool {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c >= 0x7f || strings.IndexByte(`"\<>&`, c) >= 0 {
			return false
		}
	}
	return true
}

var (
	quantityType    = reflect.TypeFor[resource.Quantity]()
	timeType        = reflect.TypeFor[metav1.Time]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	fieldsV1Type    = reflect.TypeFor[metav1.FieldsV1]()

	jsonMarshalerType   = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	isZeroerType        = reflect.TypeFor[interface{ IsZero() bool }]()
)

// planBuilder builds the plans of a type and of every type in it, once.
type planBuilder struct{ plans map[reflect.Type]*rtPlan }

func newPlanBuilder() *planBuilder { return &planBuilder{plans: map[reflect.Type]*rtPlan{}} }

func (b *planBuilder) plan(t reflect.Type) (*rtPlan, error) {
	if p, ok := b.plans[t]; ok {
		return p, nil
	}
	// a type that holds itself sees this plan while it is built: assume it
	// changes and checks, which only costs time
	p := &rtPlan{typ: t, changes: true, checks: true}
	b.plans[t] = p
	if err := b.fill(p, t); err != nil {
		return nil, fmt.Errorf("%v: %w", t, err)
	}
	return p, nil
}

func (b *planBuilder) fill(p *rtPlan, t reflect.Type) error {
	switch t {
	case quantityType:
		p.kind = rtQuantity
		return nil
	case timeType:
		p.kind = rtTime
		return nil
	case intOrStringType:
		p.kind = rtIntOrString
		return nil
	case fieldsV1Type:
		p.kind = rtFieldsV1
		return nil
	}
	if t.Kind() != reflect.Pointer {
		pt := reflect.PointerTo(t)
		for _, i := range []reflect.Type{jsonMarshalerType, jsonUnmarshalerType, textMarshalerType, textUnmarshalerType} {
			if t.Implements(i) || pt.Implements(i) {
				return fmt.Errorf("implements %v, which the typed round trip does not know", i)
			}
		}
	}
	switch t.Kind() {
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p.kind, p.changes, p.checks = rtScalar, false, false
	case reflect.String:
		p.kind, p.changes, p.checks = rtString, false, true
	case reflect.Pointer:
		elem, err := b.plan(t.Elem())
		if err != nil {
			return err
		}
		p.kind, p.elem = rtPointer, elem
		p.changes, p.checks = elem.changes || mayBeNull(elem), elem.checks
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return fmt.Errorf("byte slices are not handled")
		}
		elem, err := b.plan(t.Elem())
		if err != nil {
			return err
		}
		p.kind, p.elem = rtSlice, elem
		p.changes, p.checks = elem.changes, elem.checks
	case reflect.Map:
		k := t.Key()
		if k.Kind() != reflect.String || reflect.PointerTo(k).Implements(textUnmarshalerType) {
			return fmt.Errorf("map keys other than plain strings are not handled")
		}
		elem, err := b.plan(t.Elem())
		if err != nil {
			return err
		}
		p.kind, p.elem = rtMap, elem
		p.changes, p.checks = elem.changes, true
	case reflect.Struct:
		return b.fillStruct(p, t)
	default:
		return fmt.Errorf("kind %v is not handled", t.Kind())
	}
	return nil
}

// mayBeNull reports whether values of the plan's type can be written as
// null, which makes a pointer to them nil.
func mayBeNull(p *rtPlan) bool {
	switch p.kind {
	case rtPointer, rtSlice, rtMap, rtTime, rtFieldsV1:
		return true
	}
	return false
}

// jsonField is a field of encoding/json's field list (typeFields).
type jsonField struct {
	name                string
	index               []int
	typ                 reflect.Type
	omitEmpty, omitZero bool
}

func (b *planBuilder) fillStruct(p *rtPlan, t reflect.Type) error {
	fields, dropped, err := jsonFields(t, nil)
	if err != nil {
		return err
	}
	embedded, err := embeddedStructs(t)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range fields {
		// encoding/json lets one field of a name win by depth and tags;
		// with no two of a name, every field is written
		if seen[f.name] {
			return fmt.Errorf("two fields are named %q", f.name)
		}
		seen[f.name] = true
	}
	p.kind, p.changes, p.checks = rtStruct, false, false
	if dropped {
		p.changes = true
		for _, f := range fields {
			p.written = append(p.written, f.index)
		}
	}
	for _, f := range fields {
		if len(f.index) > 1 {
			continue
		}
		fp, err := b.plan(f.typ)
		if err != nil {
			return err
		}
		rf := rtField{index: f.index[0], omitEmpty: f.omitEmpty, omitZero: f.omitZero, plan: fp}
		if f.omitZero {
			rf.isZero = isZeroFunc(f.typ)
		}
		// leaving the field out gives its zero value, which differs from
		// an empty slice or map, or from a value whose IsZero says zero
		k := f.typ.Kind()
		clears := f.omitEmpty && (k == reflect.Slice || k == reflect.Map) || rf.isZero != nil
		if !fp.work() && !clears {
			continue
		}
		p.changes = p.changes || fp.changes || clears
		p.checks = p.checks || fp.checks
		p.fields = append(p.fields, rf)
	}
	for _, i := range embedded {
		fp, err := b.plan(t.Field(i).Type)
		if err != nil {
			return err
		}
		if fp.work() {
			p.changes = p.changes || fp.changes
			p.checks = p.checks || fp.checks
			p.fields = append(p.fields, rtField{index: i, plan: fp})
		}
	}
	slices.SortFunc(p.fields, func(a, b rtField) int { return a.index - b.index })
	return nil
}

// jsonFields lists the fields encoding/json writes for struct type t,
// following its typeFields for the layouts the typed round trip takes, and
// reports whether t has fields it leaves out. Layouts where encoding/json's
// choice between fields needs more are refused.
func jsonFields(t reflect.Type, prefix []int) (fields []jsonField, dropped bool, err error) {
	for i := range t.NumField() {
		sf := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous {
			if sf.Type.Kind() == reflect.Pointer {
				return nil, false, fmt.Errorf("embedded pointer %s is not handled", sf.Name)
			}
			if !sf.IsExported() {
				if sf.Type.Kind() == reflect.Struct {
					return nil, false, fmt.Errorf("embedded unexported struct %s is not handled", sf.Name)
				}
				dropped = true
				continue
			}
		} else if !sf.IsExported() {
			dropped = true
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			dropped = true
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !isValidTag(name) {
			name = ""
		}
		options := "," + opts + ","
		if strings.Contains(options, ",string,") {
			return nil, false, fmt.Errorf("field %s: the string option is not handled", sf.Name)
		}
		if name == "" && sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			inner, d, err := jsonFields(sf.Type, index)
			if err != nil {
				return nil, false, err
			}
			fields = append(fields, inner...)
			dropped = dropped || d
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, jsonField{
			name:      name,
			index:     index,
			typ:       sf.Type,
			omitEmpty: strings.Contains(options, ",omitempty,"),
			omitZero:  strings.Contains(options, ",omitzero,"),
		})
	}
	return fields, dropped, nil
}

// embeddedStructs lists the fields of struct type t that are embedded
// structs whose fields encoding/json writes as t's: what jsonFields
// descends into.
func embeddedStructs(t reflect.Type) ([]int, error) {
	fields, _, err := jsonFields(t, nil)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, f := range fields {
		if len(f.index) > 1 && !slices.Contains(out, f.index[0]) {
			out = append(out, f.index[0])
		}
	}
	return out, nil
}

// isValidTag is encoding/json's: a tag name it does not take leaves the
// Go field name.
func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// isZeroFunc is encoding/json's test for omitzero when the field's type
// has an IsZero method; nil when it has none (reflect's IsZero decides,
// and a zero value is left as it is).
func isZeroFunc(t reflect.Type) func(reflect.Value) bool {
	switch {
	case t.Kind() == reflect.Interface && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() ||
				(v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) ||
				v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() || v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool {
			if !v.CanAddr() {
				v2 := reflect.New(v.Type()).Elem()
				v2.Set(v)
				v = v2
			}
			return v.Addr().Interface().(interface{ IsZero() bool }).IsZero()
		}
	}
	return nil
}
