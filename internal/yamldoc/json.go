package yamldoc

import (
	"bytes"
	"encoding/json"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// IsJSON reports whether the document is a JSON object: such a document
// stays JSON when it changes.
func (p *Parsed) IsJSON() bool {
	if p.Root == nil || p.Root.Kind != yaml.MappingNode || p.Root.Style&yaml.FlowStyle == 0 {
		return false
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(p.Src, []byte("\xef\xbb\xbf")), " \t\r\n")
	// a YAML flow mapping that is not JSON ({a: b}, comments) is edited as YAML
	return len(body) > 0 && body[0] == '{' && json.Valid(body)
}

// jsonSlashes turns the JSON escape "\/" (which YAML lacks) into "/" in a
// JSON document, so that the YAML parser reads what a JSON parser reads.
func jsonSlashes(src []byte) []byte {
	body := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !bytes.Contains(body, []byte(`\/`)) || !json.Valid(body) {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] == '\\' && i+1 < len(src) {
			if src[i+1] == '/' {
				out = append(out, '/')
			} else {
				out = append(out, src[i], src[i+1])
			}
			i++
			continue
		}
		out = append(out, src[i])
	}
	return out
}
