package output

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config mirrors the output sections of falco.yaml; the yaml tags are Falco's
// key names, so a falco.yaml decoded over DefaultConfig() fills it.
type Config struct {
	JSONOutput                      bool   `yaml:"json_output"`
	JSONIncludeOutputProperty       bool   `yaml:"json_include_output_property"`
	JSONIncludeTagsProperty         bool   `yaml:"json_include_tags_property"`
	JSONIncludeMessageProperty      bool   `yaml:"json_include_message_property"`
	JSONIncludeOutputFieldsProperty bool   `yaml:"json_include_output_fields_property"`
	TimeFormatISO8601               bool   `yaml:"time_format_iso_8601"`
	Priority                        string `yaml:"priority"`
	BufferedOutputs                 bool   `yaml:"buffered_outputs"`
	// OutputTimeout (ms) is how long a blocked channel may hold up a
	// graceful stop before what it still has queued is discarded.
	OutputTimeout uint32           `yaml:"output_timeout"`
	Outputs       RateConfig       `yaml:"outputs"`
	OutputsQueue  QueueConfig      `yaml:"outputs_queue"`
	StdoutOutput  StdoutConfig     `yaml:"stdout_output"`
	FileOutput    FileConfig       `yaml:"file_output"`
	SyslogOutput  SyslogConfig     `yaml:"syslog_output"`
	ProgramOutput ProgramConfig    `yaml:"program_output"`
	HTTPOutput    HTTPOutputConfig `yaml:"http_output"`
}

// RateConfig is the "outputs" throttling block: a token bucket per event
// source gaining Rate tokens a second, holding at most MaxBurst. Rate 0
// disables throttling. (Falco deprecated the block in 0.36 and dropped it in
// 0.37; it is kept for configurations that still set it.)
type RateConfig struct {
	Rate     float64 `yaml:"rate"`
	MaxBurst float64 `yaml:"max_burst"`
}

// QueueConfig bounds each channel's queue. Falco reads 0 as unbounded; here
// 0 means DefaultQueueCapacity, since memory must stay bounded.
type QueueConfig struct {
	Capacity int `yaml:"capacity"`
}

// DefaultQueueCapacity is the per-channel queue bound used when
// outputs_queue.capacity is 0.
const DefaultQueueCapacity = 10000

// StdoutConfig is stdout_output.
type StdoutConfig struct {
	Enabled bool `yaml:"enabled"`
}

// SyslogConfig is syslog_output.
type SyslogConfig struct {
	Enabled bool `yaml:"enabled"`
}

// FileConfig is file_output.
type FileConfig struct {
	Enabled bool `yaml:"enabled"`
	// KeepAlive keeps the file open; otherwise it is reopened per alert.
	KeepAlive bool   `yaml:"keep_alive"`
	Filename  string `yaml:"filename"`
}

// ProgramConfig is program_output.
type ProgramConfig struct {
	Enabled bool `yaml:"enabled"`
	// KeepAlive runs one process for all alerts; otherwise one per alert.
	KeepAlive bool   `yaml:"keep_alive"`
	Program   string `yaml:"program"`
}

// HTTPOutputConfig is http_output.
type HTTPOutputConfig struct {
	Enabled   bool   `yaml:"enabled"`
	URL       string `yaml:"url"`
	UserAgent string `yaml:"user_agent"`
	Insecure  bool   `yaml:"insecure"`
	// CACert, else CABundle, else CAPath (a directory of PEM files added to
	// the system roots) verifies the server.
	CACert     string `yaml:"ca_cert"`
	CABundle   string `yaml:"ca_bundle"`
	CAPath     string `yaml:"ca_path"`
	MTLS       bool   `yaml:"mtls"`
	ClientCert string `yaml:"client_cert"`
	ClientKey  string `yaml:"client_key"`
	// Echo copies the server's answers to stdout.
	Echo bool `yaml:"echo"`
	// CompressUploads is accepted for compatibility. In Falco it only asks
	// the server for a compressed response (the body is sent as is), which
	// Go's client already does.
	CompressUploads bool `yaml:"compress_uploads"`
	// KeepAlive turns on TCP keep-alive probes on the connection.
	KeepAlive bool `yaml:"keep_alive"`
	// MaxConsecutiveTimeouts is how many times one alert is retried.
	MaxConsecutiveTimeouts uint8 `yaml:"max_consecutive_timeouts"`
}

// DefaultConfig is Falco's behaviour without a configuration file (alerts on
// stdout only) with the defaults Falco applies to every key a file leaves out.
func DefaultConfig() Config {
	return Config{
		JSONIncludeOutputProperty:       true,
		JSONIncludeTagsProperty:         true,
		JSONIncludeOutputFieldsProperty: true,
		Priority:                        "debug",
		OutputTimeout:                   2000,
		Outputs:                         RateConfig{Rate: 0, MaxBurst: 1000},
		StdoutOutput:                    StdoutConfig{Enabled: true},
		HTTPOutput: HTTPOutputConfig{
			UserAgent:              "falcosecurity/falco",
			CAPath:                 "/etc/ssl/certs",
			ClientCert:             "/etc/ssl/certs/client.crt",
			ClientKey:              "/etc/ssl/certs/client.key",
			MaxConsecutiveTimeouts: 5,
		},
	}
}

// MinPriority parses the priority key: alerts less severe are not output.
func (c *Config) MinPriority() (Priority, error) {
	if c.Priority == "" {
		return PriorityDebug, nil
	}
	return ParsePriority(c.Priority)
}

// QueueCapacity is the bound of each channel's queue.
func (c *Config) QueueCapacity() int {
	if c.OutputsQueue.Capacity <= 0 {
		return DefaultQueueCapacity
	}
	return c.OutputsQueue.Capacity
}

// Timeout is output_timeout as a duration.
func (c *Config) Timeout() time.Duration {
	return time.Duration(c.OutputTimeout) * time.Millisecond
}

// Validate reports every inconsistency Falco refuses at startup, plus values
// this package cannot use.
func (c *Config) Validate() error {
	var errs []error
	if _, err := c.MinPriority(); err != nil {
		errs = append(errs, fmt.Errorf("priority: %w", err))
	}
	if c.Outputs.Rate < 0 || c.Outputs.MaxBurst < 0 {
		errs = append(errs, fmt.Errorf("outputs: rate %v and max_burst %v must not be negative", c.Outputs.Rate, c.Outputs.MaxBurst))
	}
	if c.OutputsQueue.Capacity < 0 {
		errs = append(errs, fmt.Errorf("outputs_queue: capacity %d must not be negative", c.OutputsQueue.Capacity))
	}
	if c.FileOutput.Enabled && c.FileOutput.Filename == "" {
		errs = append(errs, errors.New("file_output: enabled but no filename"))
	}
	if c.ProgramOutput.Enabled && strings.TrimSpace(c.ProgramOutput.Program) == "" {
		errs = append(errs, errors.New("program_output: enabled but no program"))
	}
	if c.HTTPOutput.Enabled && unquoteURL(c.HTTPOutput.URL) == "" {
		errs = append(errs, errors.New("http_output: enabled but no url"))
	}
	return errors.Join(errs...)
}
