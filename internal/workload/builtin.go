package workload

import (
	_ "embed"
	"fmt"
	"strings"

	"sigs.k8s.io/yaml"
)

//go:embed kinds.yaml
var builtinYAML []byte

// builtin is the table of built-in kinds, read and checked when the
// package loads: it is podctl's own data, so a fault in it is a bug that
// stops every run (and every test), never an input error.
var builtin = mustReadBuiltin(builtinYAML)

// builtinRegistry is the registry of the built-in kinds alone.
var builtinRegistry = func() *Registry {
	r, err := NewRegistry(builtin)
	if err != nil {
		panic("podctl's built-in kinds: " + err.Error())
	}
	return r
}()

func mustReadBuiltin(data []byte) *Config {
	var cfg Config
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		panic(fmt.Sprintf("podctl's built-in kinds (internal/workload/kinds.yaml): %v", err))
	}
	if cfg.APIVersion != ConfigAPIVersion || cfg.Kind != ConfigKind {
		panic(fmt.Sprintf("podctl's built-in kinds: want apiVersion %s, kind %s", ConfigAPIVersion, ConfigKind))
	}
	if problems := cfg.Validate(); len(problems) > 0 {
		panic("podctl's built-in kinds: " + strings.Join(problems, "; "))
	}
	return &cfg
}

// BuiltinConfig is the YAML of the built-in table, in the format that
// --workload-config reads.
func BuiltinConfig() []byte { return builtinYAML }

// Builtin is the table of built-in kinds. Callers must not change it.
func Builtin() *Config { return builtin }

// Builtins is the registry of the built-in kinds.
func Builtins() *Registry { return builtinRegistry }

// BuiltinRegistry is the built-in kinds, with the kinds of configs added
// or replacing them. The configs must be valid.
func BuiltinRegistry(configs ...*Config) (*Registry, error) {
	return NewRegistry(append([]*Config{builtin}, configs...)...)
}
