package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sakerhq/saker/engine/output"

	"github.com/sakerhq/saker/engine/suggest"
)

// defaultConfigPath is read when -c is not given and the file exists.
var defaultConfigPath = "/etc/saker/saker.yaml"

// maxConfigSize bounds the configuration file; real ones are a few KiB.
const maxConfigSize = 4 << 20

// config is saker.yaml: Falco's keys wherever saker does what they mean.
type config struct {
	output.Config `yaml:",inline"`
	RulesFiles    stringList `yaml:"rules_files"`
	// RulesFile is the key's name before Falco 0.38, still accepted.
	RulesFile stringList `yaml:"rules_file"`
	LogLevel  string     `yaml:"log_level"`
	LogStderr bool       `yaml:"log_stderr"`
	LogSyslog bool       `yaml:"log_syslog"`
	// SyscallEventDrops says what live capture does when the driver drops
	// events.
	SyscallEventDrops dropsConfig `yaml:"syscall_event_drops"`
	// Webserver serves the health endpoint in live mode.
	Webserver webserverConfig `yaml:"webserver"`
}

// ignoredKeys are falco.yaml sections saker accepts without acting on them
// (plugins, gRPC, driver tuning): a falco.yaml reused as is
// must not drown the log in warnings. Their content is not checked.
var ignoredKeys = []string{
	"append_output", "base_syscalls", "capture", "config_files", "container_engines", "engine",
	"falco_libs", "grpc", "grpc_output", "libs_logger", "load_plugins", "metrics", "modern_bpf",
	"plugins", "rule_matching", "static_fields", "syscall_buf_size_preset", "syscall_drop_failed_exit",
	"syscall_event_timeouts", "watch_config_files",
}

// stringList decodes a YAML sequence of strings, or one string.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if n.ShortTag() == "!!null" {
			*l = nil
			return nil
		}
		*l = stringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// defaultConfig is what applies when no file sets a key: Falco's output
// defaults, info logging to standard error only.
func defaultConfig() config {
	return config{Config: output.DefaultConfig(), LogLevel: "info", LogStderr: true, Webserver: defaultWebserver()}
}

// loadedConfig is the configuration with where it came from.
type loadedConfig struct {
	config
	path     string   // "" when no file was read
	content  []byte   // the file as read, for --support
	warnings []string // unknown keys, to log once logging is set up
}

// loadConfig reads the file (explicit, or the default one when present),
// applies the -o overrides and decodes the result over the defaults.
func loadConfig(path string, explicit bool, overrides []string) (*loadedConfig, error) {
	lc := &loadedConfig{config: defaultConfig()}
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if path != "" {
		data, err := readConfigFile(path)
		switch {
		case err == nil:
			lc.path, lc.content = path, data
			if root, err = parseConfig(path, data); err != nil {
				return nil, err
			}
		case explicit || !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	for _, kv := range overrides {
		k, v, _ := strings.Cut(kv, "=")
		if err := setOption(root, strings.TrimSpace(k), v); err != nil {
			return nil, fmt.Errorf("-o %s: %w", kv, err)
		}
	}
	lc.warnings = checkKeys(root, configSchema, "")
	if err := root.Decode(&lc.config); err != nil {
		where := "configuration"
		if lc.path != "" {
			where = lc.path
		}
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if err := lc.Config.Validate(); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	if _, err := parseLogLevel(lc.LogLevel); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	return lc, nil
}

func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("could not read configuration file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("could not read configuration file: %w", err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("configuration file %s: over the %d byte limit", path, maxConfigSize)
	}
	return data, nil
}

// parseConfig returns the top-level mapping of a configuration file; an
// empty file is an empty mapping.
func parseConfig(path string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("configuration file %s: %w", path, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("configuration file %s: line %d: the top level must be a mapping of keys", path, root.Line)
	}
	return root, nil
}

// setOption sets a dotted key (Falco's -o syntax: a.b.c, a.list[2],
// a.list[] to append) to a value. The value is read as YAML, so
// "true" and "5" become a bool and a number where the key wants one and
// "[a, b]" a list.
func setOption(root *yaml.Node, key, val string) error {
	parts := strings.Split(key, ".")
	node := root
	for i, part := range parts {
		name, index, hasIndex, err := splitIndex(part)
		if err != nil {
			return err
		}
		if name == "" {
			return fmt.Errorf("empty key segment in %q", key)
		}
		if node.Kind != yaml.MappingNode {
			return fmt.Errorf("%s is not a mapping", strings.Join(parts[:i], "."))
		}
		last := i == len(parts)-1
		child := mappingValue(node, name)
		if child == nil {
			child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			if hasIndex {
				child = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			}
			node.Content = append(node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, child)
		}
		if hasIndex {
			if child.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s is not a list", name)
			}
			switch {
			case index < 0 || index == len(child.Content):
				child.Content = append(child.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
				index = len(child.Content) - 1
			case index > len(child.Content):
				return fmt.Errorf("%s[%d]: the list has %d items", name, index, len(child.Content))
			}
			if last {
				v, err := valueNode(val)
				if err != nil {
					return err
				}
				child.Content[index] = v
				return nil
			}
			node = child.Content[index]
			continue
		}
		if last {
			v, err := valueNode(val)
			if err != nil {
				return err
			}
			*child = *v
			return nil
		}
		if child.Kind != yaml.MappingNode {
			// A scalar or list in the way is replaced, as a command line
			// override is meant to win.
			*child = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		}
		node = child
	}
	return nil
}

// splitIndex splits "name[3]" into its parts; "name[]" gives index -1.
func splitIndex(s string) (name string, index int, has bool, err error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s, 0, false, nil
	}
	if !strings.HasSuffix(s, "]") {
		return "", 0, false, fmt.Errorf("%q: missing ']'", s)
	}
	inner := s[i+1 : len(s)-1]
	if inner == "" {
		return s[:i], -1, true, nil
	}
	n, err := strconv.Atoi(inner)
	if err != nil || n < 0 {
		return "", 0, false, fmt.Errorf("%q: list index must be a whole number", s)
	}
	return s[:i], n, true, nil
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// valueNode reads a -o value: flow collections as YAML, anything else as
// one plain scalar whose type is resolved when decoded.
func valueNode(val string) (*yaml.Node, error) {
	t := strings.TrimSpace(val)
	if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(t), &doc); err != nil {
			return nil, fmt.Errorf("value: %w", err)
		}
		if len(doc.Content) == 1 {
			return doc.Content[0], nil
		}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Value: val}, nil
}

// schemaNode is the set of keys known at one level; a nil children map is
// a leaf (or a section whose content is not checked).
type schemaNode map[string]schemaNode

var configSchema = buildSchema()

func buildSchema() schemaNode {
	s := schemaOf(reflect.TypeOf(config{}))
	for _, k := range ignoredKeys {
		s[k] = nil
	}
	return s
}

func schemaOf(t reflect.Type) schemaNode {
	s := schemaNode{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" {
			for k, v := range schemaOf(f.Type) {
				s[k] = v
			}
			continue
		}
		if name == "" || name == "-" {
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			s[name] = schemaOf(f.Type)
		} else {
			s[name] = nil
		}
	}
	return s
}

// checkKeys returns a warning for every key the schema does not know,
// naming the closest known key at the same level.
func checkKeys(m *yaml.Node, schema schemaNode, prefix string) []string {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	var out []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		sub, known := schema[k.Value]
		if !known {
			msg := fmt.Sprintf("unknown configuration key %q", prefix+k.Value)
			if k.Line > 0 {
				msg += fmt.Sprintf(" (line %d)", k.Line)
			}
			if s := nearestKey(k.Value, schema); s != "" {
				msg += fmt.Sprintf(", did you mean %q?", prefix+s)
			}
			out = append(out, msg)
			continue
		}
		if sub != nil {
			out = append(out, checkKeys(v, sub, prefix+k.Value+".")...)
		}
	}
	return out
}

// nearestKey is the known key closest to key by edit distance, or "" when
// none is close enough to be a plausible typo.
func nearestKey(key string, schema schemaNode) string {
	names := make([]string, 0, len(schema))
	for n := range schema {
		names = append(names, n)
	}
	return suggest.Closest(key, names)
}

// rulesPaths is the configured list of rules files and directories.
func (c *config) rulesPaths() []string {
	if len(c.RulesFiles) > 0 {
		return c.RulesFiles
	}
	return c.RulesFile
}
