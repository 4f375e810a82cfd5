package output

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"

	"github.com/podctl/podctl/internal/lint"
	"github.com/podctl/podctl/internal/manifest"
)

// The part of SARIF 2.1.0 (OASIS, sarif-v2.1.0) that podctl lint writes:
// one run, whose tool lists every rule, and a result per finding with its
// rule, level, message and location. GitHub code scanning reads it.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations,omitempty"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifMessage `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// sarifLevels are SARIF's names of lint's severities.
var sarifLevels = map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "note"}

// LintSARIF writes the findings as a SARIF 2.1.0 log; toolVersion is
// podctl's version.
func LintSARIF(w io.Writer, findings []lint.Finding, toolVersion string) error {
	rules := lint.Rules()
	driver := sarifDriver{Name: "podctl", Version: toolVersion, InformationURI: "https://github.com/podctl/podctl", Rules: make([]sarifRule, len(rules))}
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules[i] = sarifRule{
			ID:                   r.ID,
			Name:                 r.Name,
			ShortDescription:     sarifMessage{Text: r.Title},
			FullDescription:      sarifMessage{Text: r.Cluster},
			Help:                 sarifMessage{Text: r.Cluster + "\nFix: " + r.Fix, Markdown: r.Cluster + "\n\n**Fix:** " + r.Fix + "\n\nBad:\n\n```yaml\n" + r.Bad + "```\n\nFixed:\n\n```yaml\n" + r.Good + "```\n"},
			HelpURI:              lint.DocURL(r),
			DefaultConfiguration: sarifConfiguration{Level: sarifLevels[r.Severity]},
		}
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, f := range findings {
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevels[f.Severity],
			Message: sarifMessage{Text: f.Message + "\nFix: " + f.Fix}}
		if loc, ok := sarifLocationOf(f.Location, ""); ok {
			res.Locations = []sarifLocation{loc}
		}
		for i, r := range f.Related {
			if loc, ok := sarifLocationOf(r.Location, r.Object); ok {
				id := i + 1
				loc.ID = &id
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Version: sarifVersion, Schema: sarifSchema, Runs: []sarifRun{run}})
}

// sarifLocationOf is a file and line as SARIF names them: a relative URI
// reference with forward slashes, or a file URI for an absolute path.
// Standard input has none.
func sarifLocationOf(l lint.Location, message string) (sarifLocation, bool) {
	if l.File == "" || l.File == manifest.StdinName {
		return sarifLocation{}, false
	}
	p := filepath.ToSlash(filepath.Clean(l.File))
	u := &url.URL{Path: p}
	if filepath.IsAbs(l.File) {
		u.Scheme = "file"
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: u.String()}}}
	if l.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.Line}
	}
	if message != "" {
		loc.Message = &sarifMessage{Text: message}
	}
	return loc, true
}
