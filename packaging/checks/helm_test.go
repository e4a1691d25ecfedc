package checks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// The tools the chart tests use, pinned: built from the Go module proxy
// into the user's cache on first use.
const (
	helmModule        = "helm.sh/helm/v3/cmd/helm@v3.22.0"
	kubeconformModule = "github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0"
	// Kubernetes' OpenAPI v3 documents for core/v1 and apps/v1 ship in
	// client-go (openapi/openapitest/testdata); they are the schemas the
	// rendered objects are validated against.
	schemaModule = "k8s.io/client-go@v0.37.0"
)

var (
	toolMu sync.Mutex
	tools  = map[string]string{}
)

// goTool installs a pinned command with go install and returns its path.
func goTool(t *testing.T, module string) string {
	t.Helper()
	toolMu.Lock()
	defer toolMu.Unlock()
	if p, ok := tools[module]; ok {
		return p
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	pkg, version, _ := strings.Cut(module, "@")
	dir := filepath.Join(cache, "saker-tools", filepath.Base(pkg)+"-"+version)
	bin := filepath.Join(dir, filepath.Base(pkg))
	if _, err := os.Stat(bin); err != nil {
		cmd := exec.Command("go", "install", module)
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go install %s: %v\n%s", module, err, out)
		}
	}
	tools[module] = bin
	return bin
}

func chartDir(t *testing.T) string { return filepath.Join(repoRoot(t), "packaging", "helm", "saker") }

// helmTemplate renders the chart; it returns the output and the error.
func helmTemplate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	helm := goTool(t, helmModule)
	cmd := exec.Command(helm, append([]string{"template", "sk", chartDir(t), "--namespace", "security"}, args...)...)
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+t.TempDir(), "HELM_CONFIG_HOME="+t.TempDir(), "HELM_DATA_HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%w: %s", err, errb.String())
	}
	return out.String(), err
}

// object is one rendered Kubernetes object.
type object map[string]any

func (o object) kind() string { s, _ := o["kind"].(string); return s }

// get walks maps and lists: get("spec", "template", "spec", "containers", 0, "tty").
func (o object) get(path ...any) any {
	var cur any = map[string]any(o)
	for _, p := range path {
		switch k := p.(type) {
		case string:
			// yaml.v3 decodes nested mappings into the root's map type.
			switch m := cur.(type) {
			case map[string]any:
				cur = m[k]
			case object:
				cur = m[k]
			default:
				return nil
			}
		case int:
			l, ok := cur.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			cur = l[k]
		}
	}
	return cur
}

func parseObjects(t *testing.T, rendered string) []object {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(rendered))
	var objs []object
	for {
		var o object
		err := dec.Decode(&o)
		if errors.Is(err, os.ErrNotExist) || (err != nil && err.Error() == "EOF") {
			break
		}
		if err != nil {
			t.Fatalf("rendered YAML: %v\n%s", err, rendered)
		}
		if o != nil {
			objs = append(objs, o)
		}
	}
	return objs
}

func find(t *testing.T, objs []object, kind, name string) object {
	t.Helper()
	for _, o := range objs {
		if o.kind() == kind && o.get("metadata", "name") == name {
			return o
		}
	}
	t.Fatalf("no %s %s rendered", kind, name)
	return nil
}

// schemas writes kubeconform schemas ({{.ResourceKind}}{{.KindSuffix}}.json)
// for every kind of core/v1 and apps/v1 into a directory TestMain removes,
// made strict: objects with declared properties accept no others.
func schemas() (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", schemaModule).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", schemaModule, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %v %s", schemaModule, err, out)
	}
	dir, err := os.MkdirTemp("", "saker-schemas-")
	if err != nil {
		return "", err
	}
	cleanup = append(cleanup, dir)
	for _, doc := range []string{"api__v1_openapi.json", "apis__apps__v1_openapi.json"} {
		b, err := os.ReadFile(filepath.Join(mod.Dir, "openapi/openapitest/testdata", doc))
		if err != nil {
			return "", err
		}
		var spec struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &spec); err != nil {
			return "", fmt.Errorf("%s: %w", doc, err)
		}
		for _, s := range spec.Components.Schemas {
			strict(s)
		}
		for name, s := range spec.Components.Schemas {
			gvks, _ := s["x-kubernetes-group-version-kind"].([]any)
			for _, g := range gvks {
				gvk, _ := g.(map[string]any)
				group, _ := gvk["group"].(string)
				version, _ := gvk["version"].(string)
				kind, _ := gvk["kind"].(string)
				suffix := "-" + version
				if group != "" {
					suffix = "-" + strings.Split(group, ".")[0] + suffix
				}
				b, err := json.Marshal(map[string]any{
					"$ref":       "#/components/schemas/" + name,
					"components": map[string]any{"schemas": spec.Components.Schemas},
				})
				if err != nil {
					return "", err
				}
				if err := os.WriteFile(filepath.Join(dir, strings.ToLower(kind)+suffix+".json"), b, 0o644); err != nil {
					return "", err
				}
			}
		}
	}
	for _, want := range []string{"daemonset-apps-v1.json", "configmap-v1.json", "serviceaccount-v1.json"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			return "", fmt.Errorf("no schema %s made from %s", want, schemaModule)
		}
	}
	return dir, nil
}

// strict forbids undeclared properties in every object schema below s.
func strict(s map[string]any) {
	if props, ok := s["properties"].(map[string]any); ok {
		if _, has := s["additionalProperties"]; !has && s["x-kubernetes-preserve-unknown-fields"] != true {
			s["additionalProperties"] = false
		}
		for _, p := range props {
			if m, ok := p.(map[string]any); ok {
				strict(m)
			}
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if m, ok := s[k].(map[string]any); ok {
			strict(m)
		}
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		if l, ok := s[k].([]any); ok {
			for _, e := range l {
				if m, ok := e.(map[string]any); ok {
					strict(m)
				}
			}
		}
	}
}

var (
	schemaOnce sync.Once
	schemaDir  string
	schemaErr  error
)

// kubeconform validates rendered manifests; it returns its report and
// whether every object was valid.
func kubeconform(t *testing.T, rendered string) (string, bool) {
	t.Helper()
	kc := goTool(t, kubeconformModule)
	schemaOnce.Do(func() { schemaDir, schemaErr = schemas() })
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	f := filepath.Join(t.TempDir(), "rendered.yaml")
	if err := os.WriteFile(f, []byte(rendered), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(kc, "-strict", "-summary", "-output", "text",
		"-schema-location", filepath.Join(schemaDir, "{{ .ResourceKind }}{{ .KindSuffix }}.json"), f)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func TestChartDefault(t *testing.T) {
	rendered, err := helmTemplate(t)
	if err != nil {
		t.Fatal(err)
	}
	if report, ok := kubeconform(t, rendered); !ok || !strings.Contains(report, "Valid: 3") {
		t.Errorf("kubeconform:\n%s", report)
	}
	objs := parseObjects(t, rendered)
	ds := find(t, objs, "DaemonSet", "sk-saker")
	if ds.get("metadata", "namespace") != "security" {
		t.Errorf("namespace %v", ds.get("metadata", "namespace"))
	}
	pod := []any{"spec", "template", "spec"}
	at := func(p ...any) any { return ds.get(append(append([]any{}, pod...), p...)...) }
	if at("initContainers", 0, "securityContext", "privileged") != true {
		t.Error("the driver loader is not privileged")
	}
	if at("initContainers", 0, "command", 0) != "/usr/lib/saker/driver-loader" || at("initContainers", 0, "args", 0) != "auto" {
		t.Errorf("driver loader runs %v %v", at("initContainers", 0, "command"), at("initContainers", 0, "args"))
	}
	mounts := map[any]any{}
	for i := 0; at("initContainers", 0, "volumeMounts", i) != nil; i++ {
		mounts[at("initContainers", 0, "volumeMounts", i, "mountPath")] = at("initContainers", 0, "volumeMounts", i, "name")
	}
	for _, want := range []string{"/host/usr", "/host/lib/modules"} {
		if mounts[want] == nil {
			t.Errorf("the loader does not mount %s (mounts %v)", want, mounts)
		}
	}
	if at("containers", 0, "tty") != false {
		t.Errorf("tty %v by default", at("containers", 0, "tty"))
	}
	for _, probe := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
		if at("containers", 0, probe, "httpGet", "path") != "/healthz" || at("containers", 0, probe, "httpGet", "port") != "web" {
			t.Errorf("%s: %v", probe, at("containers", 0, probe))
		}
	}
	if at("containers", 0, "ports", 0, "containerPort") != 8765 {
		t.Errorf("port %v, want webserver.listen_port 8765", at("containers", 0, "ports", 0, "containerPort"))
	}
	if at("tolerations", 0, "key") == nil || at("containers", 0, "resources", "limits", "memory") != "1024Mi" {
		t.Error("tolerations or resources missing")
	}

	cfg := sakerConfig(t, objs)
	if cfg["json_output"] != true {
		t.Errorf("json_output %v, want true by default", cfg["json_output"])
	}
	checkSakerAccepts(t, cfg, nil)
}

// sakerConfig decodes saker.yaml from the rendered ConfigMap.
func sakerConfig(t *testing.T, objs []object) map[string]any {
	t.Helper()
	cm := find(t, objs, "ConfigMap", "sk-saker")
	text, _ := cm.get("data", "saker.yaml").(string)
	var cfg map[string]any
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil || cfg == nil {
		t.Fatalf("saker.yaml in the ConfigMap: %v\n%s", err, text)
	}
	return cfg
}

// checkSakerAccepts runs the packaged saker on the rendered configuration
// (--dry-run loads it, the rules and the outputs) and validates the custom
// rules together with the default ones.
func checkSakerAccepts(t *testing.T, cfg map[string]any, rules map[string]string) {
	t.Helper()
	bin := packages(t).binary
	dir := t.TempDir()
	// The container's paths do not exist here; the rules are given with -r.
	delete(cfg, "rules_files")
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "saker.yaml")
	if err := os.WriteFile(conf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-c", conf, "--dry-run", "-r", filepath.Join(repoRoot(t), "rules", "saker_rules.yaml")}
	validate := []string{"-V", filepath.Join(repoRoot(t), "rules", "saker_rules.yaml")}
	// rules.d loads its files in name order.
	names := make([]string, 0, len(rules))
	for name := range rules {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(rules[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-r", f)
		validate = append(validate, "-V", f)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Errorf("saker --dry-run on the chart's configuration: %v\n%s", err, out)
	}
	if strings.Contains(strings.ToLower(string(out)), "unknown") {
		t.Errorf("saker does not know some of the chart's keys:\n%s", out)
	}
	if len(rules) > 0 {
		if out, err := exec.Command(bin, validate...).CombinedOutput(); err != nil {
			t.Errorf("saker -V on the custom rules: %v\n%s", err, out)
		}
	}
}

func TestChartCustomRules(t *testing.T) {
	values := filepath.Join(chartDir(t), "ci", "custom-rules-values.yaml")
	rendered, err := helmTemplate(t, "-f", values)
	if err != nil {
		t.Fatal(err)
	}
	if report, ok := kubeconform(t, rendered); !ok || !strings.Contains(report, "Valid: 4") {
		t.Errorf("kubeconform:\n%s", report)
	}
	var v struct {
		CustomRules map[string]string `yaml:"customRules"`
	}
	b, err := os.ReadFile(values)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &v); err != nil || len(v.CustomRules) != 2 {
		t.Fatalf("%s: %v", values, err)
	}
	objs := parseObjects(t, rendered)
	cm := find(t, objs, "ConfigMap", "sk-saker-rules")
	for name, text := range v.CustomRules {
		if got := cm.get("data", name); got != text {
			t.Errorf("rules ConfigMap %s:\n%v\nwant:\n%s", name, got, text)
		}
	}
	ds := find(t, objs, "DaemonSet", "sk-saker")
	found := false
	for i := 0; ds.get("spec", "template", "spec", "containers", 0, "volumeMounts", i) != nil; i++ {
		m := ds.get("spec", "template", "spec", "containers", 0, "volumeMounts", i)
		if mm, _ := m.(object); mm["mountPath"] == "/etc/saker/rules.d" && mm["name"] == "rules" {
			found = true
		}
	}
	if !found {
		t.Error("the rules ConfigMap is not mounted at /etc/saker/rules.d")
	}
	cfg := sakerConfig(t, objs)
	rf, _ := cfg["rules_files"].([]any)
	if len(rf) == 0 || rf[len(rf)-1] != "/etc/saker/rules.d" {
		t.Errorf("rules_files %v does not end with /etc/saker/rules.d", rf)
	}
	http, _ := cfg["http_output"].(map[string]any)
	if http == nil {
		t.Fatalf("no http_output map in %v", cfg)
	}
	if http["enabled"] != true || http["url"] != "http://falcosidekick:2801/" || http["user_agent"] != "falcosecurity/falco" {
		t.Errorf("http_output %v: the values file's keys, merged over the defaults", http)
	}
	checkSakerAccepts(t, cfg, v.CustomRules)
}

func TestChartTTYAndDriverKind(t *testing.T) {
	rendered, err := helmTemplate(t, "--set", "tty=true", "--set", "driver.kind=kmod")
	if err != nil {
		t.Fatal(err)
	}
	if report, ok := kubeconform(t, rendered); !ok {
		t.Errorf("kubeconform:\n%s", report)
	}
	ds := find(t, parseObjects(t, rendered), "DaemonSet", "sk-saker")
	if ds.get("spec", "template", "spec", "containers", 0, "tty") != true {
		t.Error("tty=true did not reach the container")
	}
	// Falco's kinds that mean the kernel module work; eBPF is refused with
	// a message naming the value.
	for _, kind := range []string{"module", "auto"} {
		if _, err := helmTemplate(t, "--set", "driver.kind="+kind); err != nil {
			t.Errorf("driver.kind=%s: %v", kind, err)
		}
	}
	if _, err := helmTemplate(t, "--set", "driver.kind=modern_ebpf"); err == nil || !strings.Contains(err.Error(), "driver.kind") {
		t.Errorf("driver.kind=modern_ebpf: %v, want a failure naming driver.kind", err)
	}
}

// TestKubeconformRejects shows the validation is not vacuous: an unknown
// field and a wrong type in a DaemonSet are reported.
func TestKubeconformRejects(t *testing.T) {
	rendered, err := helmTemplate(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ from, to string }{
		{"          tty: false", "          tyy: false"},
		{"      hostPID: true", "      hostPID: \"yes\""},
	} {
		if !strings.Contains(rendered, bad.from+"\n") {
			t.Fatalf("rendered chart has no line %q", bad.from)
		}
		broken := strings.Replace(rendered, bad.from+"\n", bad.to+"\n", 1)
		if report, ok := kubeconform(t, broken); ok {
			t.Errorf("kubeconform accepted %q:\n%s", bad.to, report)
		}
	}
}
