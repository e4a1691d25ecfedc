package output

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type request struct {
	method, contentType, userAgent string
	body                           []byte
}

// recorder is a loopback endpoint that records requests and answers with
// the statuses given, then 200.
type recorder struct {
	mu       sync.Mutex
	reqs     []request
	statuses []int
	answer   string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.reqs = append(r.reqs, request{req.Method, req.Header.Get("Content-Type"), req.Header.Get("User-Agent"), body})
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	r.mu.Unlock()
	w.WriteHeader(status)
	io.WriteString(w, r.answer)
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

func httpConfig(url string) *HTTPOutputConfig {
	c := DefaultConfig().HTTPOutput
	c.Enabled = true
	c.URL = url
	c.CAPath = ""
	return &c
}

func TestHTTPChannelBodyAndHeaders(t *testing.T) {
	rec := &recorder{answer: "thanks"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	line := jsonFormatter().Format(sampleAlert())

	var echo bytes.Buffer
	cfg := httpConfig(`"` + srv.URL + `/falco"`) // Falco strips quotes around the url
	cfg.Echo = true
	c, err := NewHTTPChannel(cfg, true, HTTPOptions{Echo: &echo})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Send(context.Background(), sampleAlert(), line); err != nil {
		t.Fatal(err)
	}
	text, err := NewHTTPChannel(httpConfig(srv.URL), false, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := text.Send(context.Background(), sampleAlert(), []byte("12:00:00.000000000: Warning x")); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.method != http.MethodPost || r.contentType != "application/json" || r.userAgent != "falcosecurity/falco" {
		t.Errorf("request %s %q %q", r.method, r.contentType, r.userAgent)
	}
	if !bytes.Equal(r.body, line) {
		t.Errorf("body %q, want the JSON alert %q", r.body, line)
	}
	var parsed falcoAlert
	if err := jsonUnmarshal(r.body, &parsed); err != nil || parsed.Rule != sampleAlert().Rule {
		t.Errorf("body does not parse as a Falco alert: %v", err)
	}
	if echo.String() != "thanks" {
		t.Errorf("echo wrote %q", echo.String())
	}
	if reqs[1].contentType != "text/plain" {
		t.Errorf("text mode content type %q", reqs[1].contentType)
	}
}

func TestHTTPChannelRetries(t *testing.T) {
	rec := &recorder{statuses: []int{500, 503}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewHTTPChannel(httpConfig(srv.URL), true, HTTPOptions{BackoffBase: 100 * time.Millisecond, BackoffMax: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err != nil {
		t.Fatalf("send after two 5xx: %v", err)
	}
	if n := len(rec.requests()); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	if len(waits) != 2 || waits[0] != 100*time.Millisecond || waits[1] != 200*time.Millisecond {
		t.Errorf("backoff %v, want [100ms 200ms]", waits)
	}

	// Always failing: 1 + max_consecutive_timeouts attempts, capped backoff.
	rec.statuses = []int{500, 500, 500, 500, 500, 500, 500, 500}
	waits = nil
	before := len(rec.requests())
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("persistent 500: %v", err)
	}
	if n := len(rec.requests()) - before; n != 6 {
		t.Errorf("%d attempts, want 6", n)
	}
	if len(waits) != 5 || waits[4] != 300*time.Millisecond {
		t.Errorf("backoff %v, want doubling capped at 300ms", waits)
	}

	// A 4xx is the receiver refusing the alert: no retry.
	rec.statuses = []int{400}
	before = len(rec.requests())
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err == nil {
		t.Error("400 reported as success")
	}
	if n := len(rec.requests()) - before; n != 1 {
		t.Errorf("400 retried: %d attempts", n)
	}
}

func TestHTTPChannelConnectionRefusedIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	cfg := httpConfig(url)
	cfg.MaxConsecutiveTimeouts = 2
	c, err := NewHTTPChannel(cfg, true, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var tries int
	c.sleep = func(context.Context, time.Duration) error { tries++; return nil }
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err == nil {
		t.Fatal("send to a closed port succeeded")
	}
	if tries != 2 {
		t.Errorf("%d retries, want 2", tries)
	}
}

// pki is a throw-away CA with a server certificate for 127.0.0.1 and a client
// certificate, written as PEM files.
type pki struct {
	dir                       string
	caFile, certFile, keyFile string
	caPool                    *x509.CertPool
	server                    tls.Certificate
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	dir := t.TempDir()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "saker test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	issue := func(serial int64, usage x509.ExtKeyUsage) ([]byte, []byte) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "127.0.0.1"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		kd, _ := x509.MarshalECPrivateKey(key)
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd})
	}
	p := &pki{dir: dir, caFile: filepath.Join(dir, "ca.pem"), certFile: filepath.Join(dir, "client.crt"), keyFile: filepath.Join(dir, "client.key")}
	os.WriteFile(p.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600)
	cc, ck := issue(3, x509.ExtKeyUsageClientAuth)
	os.WriteFile(p.certFile, cc, 0o600)
	os.WriteFile(p.keyFile, ck, 0o600)
	sc, sk := issue(2, x509.ExtKeyUsageServerAuth)
	if p.server, err = tls.X509KeyPair(sc, sk); err != nil {
		t.Fatal(err)
	}
	p.caPool = x509.NewCertPool()
	p.caPool.AddCert(ca)
	return p
}

func (p *pki) serve(t *testing.T, h http.Handler, clientAuth tls.ClientAuthType) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: clientAuth, ClientCAs: p.caPool}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPChannelTLS(t *testing.T) {
	p := newPKI(t)
	rec := &recorder{}
	srv := p.serve(t, rec, tls.NoClientCert)
	emptyDir := t.TempDir()
	noRetry := func(c *HTTPOutputConfig) *HTTPOutputConfig { c.MaxConsecutiveTimeouts = 0; return c }

	cases := []struct {
		name string
		cfg  func(c *HTTPOutputConfig)
		ok   bool
	}{
		{"ca_cert", func(c *HTTPOutputConfig) { c.CACert = p.caFile }, true},
		{"ca_bundle", func(c *HTTPOutputConfig) { c.CABundle = p.caFile }, true},
		{"ca_path", func(c *HTTPOutputConfig) { c.CAPath = p.dir }, true},
		{"unknown CA", func(c *HTTPOutputConfig) { c.CAPath = emptyDir }, false},
		{"insecure", func(c *HTTPOutputConfig) { c.CAPath = emptyDir; c.Insecure = true }, true},
	}
	for _, tc := range cases {
		cfg := noRetry(httpConfig(srv.URL))
		tc.cfg(cfg)
		c, err := NewHTTPChannel(cfg, true, HTTPOptions{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		err = c.Send(context.Background(), sampleAlert(), []byte(`{"rule":"x"}`))
		c.Close()
		if (err == nil) != tc.ok {
			t.Errorf("%s: send error %v, want success=%v", tc.name, err, tc.ok)
		}
		if !tc.ok && err != nil && !strings.Contains(err.Error(), "certificate") {
			t.Errorf("%s: error does not name the certificate problem: %v", tc.name, err)
		}
	}

	mtlsSrv := p.serve(t, rec, tls.RequireAndVerifyClientCert)
	cfg := noRetry(httpConfig(mtlsSrv.URL))
	cfg.CACert = p.caFile
	c, _ := NewHTTPChannel(cfg, true, HTTPOptions{})
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err == nil {
		t.Error("mTLS server accepted a client without certificate")
	}
	cfg.MTLS, cfg.ClientCert, cfg.ClientKey = true, p.certFile, p.keyFile
	c, err := NewHTTPChannel(cfg, true, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), sampleAlert(), []byte("{}")); err != nil {
		t.Errorf("mTLS with client certificate: %v", err)
	}

	for name, bad := range map[string]func(c *HTTPOutputConfig){
		"ca_cert":     func(c *HTTPOutputConfig) { c.CACert = filepath.Join(emptyDir, "missing.pem") },
		"ca_bundle":   func(c *HTTPOutputConfig) { c.CABundle = p.keyFile },
		"client_cert": func(c *HTTPOutputConfig) { c.MTLS = true; c.ClientCert = filepath.Join(emptyDir, "none") },
	} {
		cfg := httpConfig(srv.URL)
		bad(cfg)
		if _, err := NewHTTPChannel(cfg, true, HTTPOptions{}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s: %v", name, err)
		}
	}
}

// blockingServer holds every request until release is closed.
type blockingServer struct {
	got     chan struct{}
	release chan struct{}
	served  atomic.Int32
}

func (b *blockingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body)
	b.got <- struct{}{}
	select {
	case <-b.release:
		b.served.Add(1)
	case <-r.Context().Done():
	}
}

func TestHTTPQueueOverflowAndDrain(t *testing.T) {
	b := &blockingServer{got: make(chan struct{}, 100), release: make(chan struct{})}
	srv := httptest.NewServer(b)
	defer srv.Close()
	c, err := NewHTTPChannel(httpConfig(srv.URL), true, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := NewQueue("http", c, 2, t.Logf)
	a := sampleAlert()
	line := []byte("{}")
	if !q.Enqueue(a, line) {
		t.Fatal("first alert refused")
	}
	<-b.got // the worker holds alert 1 in flight
	start := time.Now()
	accepted := 0
	for i := 0; i < 5; i++ {
		if q.Enqueue(a, line) {
			accepted++
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("enqueue blocked for %v", d)
	}
	if accepted != 2 {
		t.Errorf("%d accepted behind a blocked request, want the queue size 2", accepted)
	}
	close(b.release)
	if err := q.Close(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	s := q.Stats()
	if s.Sent != 3 || s.Dropped != 3 || s.Failed != 0 {
		t.Errorf("stats %+v, want 3 sent, 3 dropped", s)
	}
	if b.served.Load() != 3 {
		t.Errorf("server saw %d alerts", b.served.Load())
	}
	if q.Enqueue(a, line) || q.Stats().Dropped != 4 {
		t.Error("enqueue after Close not refused and counted")
	}
}

func TestHTTPCloseDeadline(t *testing.T) {
	b := &blockingServer{got: make(chan struct{}, 100), release: make(chan struct{})}
	srv := httptest.NewServer(b)
	defer srv.Close()
	defer close(b.release)
	c, err := NewHTTPChannel(httpConfig(srv.URL), true, HTTPOptions{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	q := NewQueue("http", c, 10, nil)
	for i := 0; i < 4; i++ {
		q.Enqueue(sampleAlert(), []byte("{}"))
	}
	<-b.got
	start := time.Now()
	if err := q.Close(time.Now().Add(200 * time.Millisecond)); err != nil {
		t.Fatalf("close: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("close took %v past a 200ms deadline", d)
	}
	s := q.Stats()
	if s.Sent != 0 || s.Failed != 1 || s.Dropped != 3 {
		t.Errorf("stats %+v, want the in-flight alert failed and 3 dropped", s)
	}
}
