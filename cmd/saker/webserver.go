package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// webserverConfig is Falco's webserver section: saker serves the health
// endpoint that Kubernetes probes (the Helm chart's liveness/readiness).
type webserverConfig struct {
	Enabled            bool   `yaml:"enabled"`
	ListenPort         int    `yaml:"listen_port"`
	ListenAddress      string `yaml:"listen_address"`
	K8sHealthzEndpoint string `yaml:"k8s_healthz_endpoint"`
	SSLEnabled         bool   `yaml:"ssl_enabled"`
	SSLCertificate     string `yaml:"ssl_certificate"`
	Threadiness        int    `yaml:"threadiness"`
	PrometheusMetrics  bool   `yaml:"prometheus_metrics_enabled"`
}

// defaultWebserver is Falco's default: on, port 8765, /healthz. Like Falco,
// saker starts it only when watching the live kernel, not for a replay.
func defaultWebserver() webserverConfig {
	return webserverConfig{Enabled: true, ListenPort: 8765, ListenAddress: "0.0.0.0", K8sHealthzEndpoint: "/healthz"}
}

// startWebserver serves the health endpoint until the returned stop is
// called. It answers 200 with {"status": "ok"} while saker runs.
func startWebserver(cfg webserverConfig) (addr string, stop func(), err error) {
	if cfg.SSLEnabled {
		return "", nil, errors.New("webserver.ssl_enabled is not supported yet; terminate TLS in front of saker")
	}
	if cfg.ListenPort < 0 || cfg.ListenPort > 65535 {
		return "", nil, fmt.Errorf("webserver.listen_port %d out of range", cfg.ListenPort)
	}
	path := cfg.K8sHealthzEndpoint
	if path == "" || path[0] != '/' {
		return "", nil, fmt.Errorf("webserver.k8s_healthz_endpoint %q must start with /", path)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.ListenAddress, strconv.Itoa(cfg.ListenPort)))
	if err != nil {
		return "", nil, fmt.Errorf("webserver: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status": "ok"}`))
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
