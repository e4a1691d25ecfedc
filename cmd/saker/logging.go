package main

import (
	"fmt"
	"io"
	"log/syslog"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// parseLogLevel maps Falco's log_level names (syslog severities) onto zap's
// levels: the three most severe all become errors.
func parseLogLevel(s string) (zapcore.Level, error) {
	switch strings.ToLower(s) {
	case "emergency", "alert", "critical", "error":
		return zapcore.ErrorLevel, nil
	case "warning":
		return zapcore.WarnLevel, nil
	case "notice", "info":
		return zapcore.InfoLevel, nil
	case "debug":
		return zapcore.DebugLevel, nil
	}
	return 0, fmt.Errorf("log_level: unknown level %q: must be one of emergency, alert, critical, error, warning, notice, info, debug", s)
}

// newLogger logs to stderr (log_stderr) and syslog (log_syslog). On a
// terminal lines are for people; otherwise each is a JSON object, for
// log collectors.
func newLogger(c *config, stderr io.Writer) (*zap.SugaredLogger, func()) {
	level, err := parseLogLevel(c.LogLevel)
	if err != nil {
		level = zapcore.InfoLevel // loadConfig has refused it already
	}
	var cores []zapcore.Core
	if c.LogStderr {
		cores = append(cores, zapcore.NewCore(stderrEncoder(stderr), zapcore.Lock(zapcore.AddSync(stderr)), level))
	}
	var closers []func()
	if c.LogSyslog {
		if w, err := syslog.New(syslog.LOG_USER|syslog.LOG_INFO, "saker"); err == nil {
			cores = append(cores, &syslogCore{LevelEnabler: level, enc: zapcore.NewConsoleEncoder(syslogEncoderConfig()), w: w})
			closers = append(closers, func() { w.Close() })
		}
		// Without a syslog daemon there is nowhere to report to but stderr,
		// which log_stderr governs: stay silent rather than fail.
	}
	l := zap.New(zapcore.NewTee(cores...))
	return l.Sugar(), func() {
		_ = l.Sync()
		for _, c := range closers {
			c()
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func stderrEncoder(w io.Writer) zapcore.Encoder {
	if isTerminal(w) {
		ec := zap.NewDevelopmentEncoderConfig()
		ec.EncodeTime = func(t time.Time, enc zapcore.PrimitiveArrayEncoder) {
			enc.AppendString(t.Format("Mon Jan _2 15:04:05 2006"))
		}
		ec.EncodeLevel = zapcore.CapitalLevelEncoder
		ec.CallerKey, ec.StacktraceKey = "", ""
		return zapcore.NewConsoleEncoder(ec)
	}
	ec := zap.NewProductionEncoderConfig()
	ec.EncodeTime = zapcore.ISO8601TimeEncoder
	ec.CallerKey, ec.StacktraceKey = "", ""
	return zapcore.NewJSONEncoder(ec)
}

func syslogEncoderConfig() zapcore.EncoderConfig {
	ec := zap.NewProductionEncoderConfig()
	// syslog stamps the time and the severity itself.
	ec.TimeKey, ec.LevelKey, ec.CallerKey, ec.StacktraceKey = "", "", "", ""
	return ec
}

// syslogCore writes each entry to syslog with the matching severity.
type syslogCore struct {
	zapcore.LevelEnabler
	enc zapcore.Encoder
	w   *syslog.Writer
}

func (c *syslogCore) With(fs []zapcore.Field) zapcore.Core {
	enc := c.enc.Clone()
	for _, f := range fs {
		f.AddTo(enc)
	}
	return &syslogCore{LevelEnabler: c.LevelEnabler, enc: enc, w: c.w}
}

func (c *syslogCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}

func (c *syslogCore) Write(e zapcore.Entry, fs []zapcore.Field) error {
	buf, err := c.enc.EncodeEntry(e, fs)
	if err != nil {
		return err
	}
	msg := strings.TrimRight(buf.String(), "\n")
	buf.Free()
	switch {
	case e.Level >= zapcore.ErrorLevel:
		return c.w.Err(msg)
	case e.Level == zapcore.WarnLevel:
		return c.w.Warning(msg)
	case e.Level == zapcore.InfoLevel:
		return c.w.Info(msg)
	}
	return c.w.Debug(msg)
}

func (c *syslogCore) Sync() error { return nil }
