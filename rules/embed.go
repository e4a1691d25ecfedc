package rules

import _ "embed"

// Default is the content of saker_rules.yaml.
//
//go:embed saker_rules.yaml
var Default []byte

// DefaultName is the name to report in diagnostics about Default.
const DefaultName = "saker_rules.yaml"
