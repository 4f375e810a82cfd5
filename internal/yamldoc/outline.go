package yamldoc

import (
	"slices"

	"github.com/podctl/podctl/internal/third_party/forked/yamlevents"
)

// Outline is what Check learns of a document without building its tree.
type Outline struct {
	// Plain is true when the document is one mapping whose apiVersion
	// and kind are top-level scalars, and that holds no alias or merge
	// key: its outline says which objects it holds, as its tree would.
	// Otherwise Parse it to know.
	Plain bool
	// Templates is true when "containers" stands in the document as a key
	// (or a value): it may hold a pod template or a pod spec, whatever its
	// kind says.
	Templates bool
	ObjectType
	// Items are the types of the objects in its top-level items list, as
	// in a List; an item that is no mapping, or gives no apiVersion or
	// kind, has empty ones.
	Items []ObjectType
}

// ObjectType is an object's apiVersion and kind.
type ObjectType struct{ APIVersion, Kind string }

// Check validates one document as Parse does, with the same errors, but
// reads it as a stream of events, in memory that does not grow with the
// document, where Parse builds a node tree several times its size. It is
// for documents that podctl only passes through: when the outline is not
// Plain, or for what Check does not look at (duplicate keys, alias
// expansion), Parse the document.
func Check(src []byte, line int) (Outline, error) {
	if err := CheckText(src, line); err != nil {
		return Outline{}, err
	}
	src = jsonSlashes(src)
	events := yamlevents.NewParser(src)
	defer events.Release()
	events.LimitValues(outlineValueLimit)
	o, err := outline(events)
	if err != nil {
		if !HasContent(src) {
			return Outline{}, nil // as Parse: comments only
		}
		return Outline{}, (&Parsed{Src: src, Line: line}).shiftLines(err)
	}
	return o, nil
}

// outlineValueLimit is as much of a scalar as outline keeps: more than any
// key or apiVersion it reads.
const outlineValueLimit = 1024

// outline reads the events of a document while it stays plain, and gives
// up (Plain false, no error) as soon as it is not.
func outline(p *yamlevents.Parser) (Outline, error) {
	var o Outline
	var ev yamlevents.Event
	// frame is an open collection: in a mapping, whether the next node is
	// a key, and the key whose value comes next.
	type frame struct {
		mapping, atKey bool
		key            string
	}
	var stack []frame
	documents := 0
	names := map[string]string{}
	var rootSeen, itemSeen [2]bool // apiVersion, kind given
	inItems := func() bool { return len(stack) == 2 && !stack[1].mapping && stack[0].key == "items" }
	inItem := func() bool {
		return len(stack) == 3 && stack[2].mapping && stack[0].key == "items" && !stack[1].mapping
	}
	for {
		if err := p.Next(&ev); err != nil {
			return Outline{}, err
		}
		switch ev.Kind {
		case yamlevents.StreamStart, yamlevents.DocumentEnd, yamlevents.TailComment:
			continue
		case yamlevents.StreamEnd:
			o.Plain = documents == 1 && rootSeen == [2]bool{true, true}
			return o, nil
		case yamlevents.DocumentStart:
			if documents++; documents > 1 {
				return Outline{}, nil // Parse says what is wrong with it
			}
			continue
		case yamlevents.MappingEnd, yamlevents.SequenceEnd:
			stack = stack[:len(stack)-1]
			continue
		case yamlevents.Alias:
			return Outline{}, nil
		case yamlevents.Scalar:
			if string(ev.Value) == "<<" {
				return Outline{}, nil // perhaps a merge
			}
			o.Templates = o.Templates || string(ev.Value) == "containers"
		}
		// A node: a key, a value in a mapping, or an item.
		if len(stack) == 0 {
			if ev.Kind != yamlevents.MappingStart {
				return Outline{}, nil // not an object: Parse says what it is
			}
			stack = append(stack, frame{mapping: true, atKey: true})
			continue
		}
		top := &stack[len(stack)-1]
		if top.mapping {
			if top.atKey {
				if ev.Kind != yamlevents.Scalar || ev.Cut {
					return Outline{}, nil // a complex or very long key
				}
				top.key, top.atKey = string(ev.Value), false
				continue
			}
			top.atKey = true
		}
		if inItems() { // a new item
			o.Items = append(o.Items, ObjectType{})
			itemSeen = [2]bool{}
		}
		if i := slices.Index([]string{"apiVersion", "kind"}, top.key); i >= 0 && top.mapping && (len(stack) == 1 || inItem()) {
			object, seen := &o.ObjectType, &rootSeen
			if len(stack) == 3 {
				object, seen = &o.Items[len(o.Items)-1], &itemSeen
			}
			if seen[i] || ev.Kind != yamlevents.Scalar || len(ev.Tag) > 0 || ev.Cut {
				return Outline{}, nil
			}
			seen[i] = true
			name, ok := names[string(ev.Value)]
			if !ok { // a List's items mostly share a few types
				name = string(ev.Value)
				names[name] = name
			}
			if i == 0 {
				object.APIVersion = name
			} else {
				object.Kind = name
			}
		}
		switch ev.Kind {
		case yamlevents.MappingStart:
			stack = append(stack, frame{mapping: true, atKey: true})
		case yamlevents.SequenceStart:
			if len(stack) == 1 && top.key == "items" && o.Items != nil {
				return Outline{}, nil // items given twice
			}
			stack = append(stack, frame{})
			if len(stack) == 2 && stack[0].key == "items" {
				o.Items = []ObjectType{}
			}
		}
	}
}
