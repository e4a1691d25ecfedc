package output

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// HTTPOptions are the settings of the http channel that falco.yaml does not
// have.
type HTTPOptions struct {
	// Timeout bounds one request; 0 means 10s.
	Timeout time.Duration
	// BackoffBase is the wait before the first retry, doubled each retry up
	// to BackoffMax; 0 means 100ms and 5s.
	BackoffBase, BackoffMax time.Duration
	// Echo receives the server's answers when http_output.echo is set; nil
	// means os.Stdout.
	Echo io.Writer
}

// HTTPChannel POSTs each alert (the JSON object, or the text line when JSON is
// off) to a URL, as Falco's http output does for falcosidekick and webhooks.
// Transport errors, 5xx and 429 answers are retried with exponential backoff.
type HTTPChannel struct {
	url         string
	userAgent   string
	contentType string
	client      *http.Client
	retries     int
	base, max   time.Duration
	echo        io.Writer
	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// NewHTTPChannel checks the TLS material now, so that a bad path is reported
// at startup rather than on the first alert.
func NewHTTPChannel(cfg *HTTPOutputConfig, jsonOutput bool, opts HTTPOptions) (*HTTPChannel, error) {
	url := unquoteURL(cfg.URL)
	if url == "" {
		return nil, errors.New("http output: no url")
	}
	tlsCfg, err := httpTLSConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("http output: %w", err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = 100 * time.Millisecond
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = 5 * time.Second
	}
	if opts.Echo == nil {
		opts.Echo = os.Stdout
	}
	// keep_alive is libcurl's TCP keep-alive switch, which is off by
	// default there; HTTP connection reuse happens either way.
	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: -1}
	if cfg.KeepAlive {
		dialer.KeepAlive = 0
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSClientConfig:     tlsCfg,
		TLSHandshakeTimeout: opts.Timeout,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
	}
	c := &HTTPChannel{
		url:         url,
		userAgent:   cfg.UserAgent,
		contentType: "text/plain",
		client:      &http.Client{Transport: tr, Timeout: opts.Timeout},
		retries:     int(cfg.MaxConsecutiveTimeouts),
		base:        opts.BackoffBase,
		max:         opts.BackoffMax,
		sleep:       sleepCtx,
	}
	if jsonOutput {
		c.contentType = "application/json"
	}
	if cfg.Echo {
		c.echo = opts.Echo
	}
	return c, nil
}

// unquoteURL drops the quotes Falco also strips from a quoted url value.
func unquoteURL(u string) string {
	if len(u) >= 2 {
		switch {
		case u[0] == '"' && u[len(u)-1] == '"':
			if s, err := strconv.Unquote(u); err == nil {
				return s
			}
			return u[1 : len(u)-1]
		case u[0] == '\'' && u[len(u)-1] == '\'':
			return u[1 : len(u)-1]
		}
	}
	return u
}

func httpTLSConfig(cfg *HTTPOutputConfig) (*tls.Config, error) {
	t := &tls.Config{InsecureSkipVerify: cfg.Insecure}
	switch {
	case cfg.CACert != "":
		pool, err := poolFromFile(cfg.CACert)
		if err != nil {
			return nil, fmt.Errorf("ca_cert: %w", err)
		}
		t.RootCAs = pool
	case cfg.CABundle != "":
		pool, err := poolFromFile(cfg.CABundle)
		if err != nil {
			return nil, fmt.Errorf("ca_bundle: %w", err)
		}
		t.RootCAs = pool
	case cfg.CAPath != "":
		pool, err := poolFromDir(cfg.CAPath)
		if err != nil {
			return nil, fmt.Errorf("ca_path: %w", err)
		}
		t.RootCAs = pool
	}
	if cfg.MTLS {
		cert, err := tls.LoadX509KeyPair(cfg.ClientCert, cfg.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("mtls client_cert/client_key: %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

func poolFromFile(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificate", path)
	}
	return pool, nil
}

// poolFromDir adds the PEM certificates of a directory to the system roots;
// a missing directory leaves the system roots alone, as libcurl's default
// bundle still applies there.
func poolFromDir(dir string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return pool, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() || fi.Size() > 1<<20 {
			continue
		}
		if pem, err := os.ReadFile(p); err == nil {
			pool.AppendCertsFromPEM(pem)
		}
	}
	return pool, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send posts line, retrying up to max_consecutive_timeouts times.
func (c *HTTPChannel) Send(ctx context.Context, _ *Alert, line []byte) error {
	wait := c.base
	var err error
	for attempt := 0; ; attempt++ {
		var retry bool
		retry, err = c.post(ctx, line)
		if err == nil {
			return nil
		}
		if !retry || attempt >= c.retries || ctx.Err() != nil {
			break
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			break
		}
		wait = min(wait*2, c.max)
	}
	return err
}

// maxEcho bounds how much of an answer is echoed or read.
const maxEcho = 64 << 10

func (c *HTTPChannel) post(ctx context.Context, line []byte) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(line))
	if err != nil {
		return false, fmt.Errorf("http output: %w", err)
	}
	req.Header.Set("Content-Type", c.contentType)
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return true, fmt.Errorf("http output: %w", err)
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxEcho)
	if c.echo != nil {
		io.Copy(c.echo, body)
	} else {
		// Reading the answer lets the connection be reused.
		io.Copy(io.Discard, body)
	}
	if resp.StatusCode >= 300 {
		retry = resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		return retry, fmt.Errorf("http output: %s answered %s", c.url, resp.Status)
	}
	return false, nil
}

func (c *HTTPChannel) Close() error {
	c.client.CloseIdleConnections()
	return nil
}
