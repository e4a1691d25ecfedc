package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestWebserverHealthz(t *testing.T) {
	cfg := defaultWebserver()
	cfg.ListenAddress, cfg.ListenPort = "127.0.0.1", 0
	addr, stop, err := startWebserver(cfg)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("GET /healthz = %d %q", code, body)
	}
	if code, _ := get("/other"); code != 404 {
		t.Fatalf("GET /other = %d, want 404", code)
	}
	stop()
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still answers after stop")
	}
}

func TestWebserverConfigErrors(t *testing.T) {
	for name, mod := range map[string]func(*webserverConfig){
		"ssl":      func(c *webserverConfig) { c.SSLEnabled = true },
		"port":     func(c *webserverConfig) { c.ListenPort = 70000 },
		"endpoint": func(c *webserverConfig) { c.K8sHealthzEndpoint = "healthz" },
	} {
		cfg := defaultWebserver()
		cfg.ListenAddress, cfg.ListenPort = "127.0.0.1", 0
		mod(&cfg)
		if _, stop, err := startWebserver(cfg); err == nil {
			stop()
			t.Errorf("%s: no error", name)
		}
	}
}

func TestWebserverKeysFromConfig(t *testing.T) {
	lc, err := loadConfig("", false, []string{"webserver.listen_port=9999", "webserver.enabled=false"})
	if err != nil {
		t.Fatal(err)
	}
	if lc.Webserver.ListenPort != 9999 || lc.Webserver.Enabled || lc.Webserver.K8sHealthzEndpoint != "/healthz" {
		t.Fatalf("webserver config = %+v", lc.Webserver)
	}
	if len(lc.warnings) != 0 {
		t.Fatalf("warnings for known keys: %v", lc.warnings)
	}
}
