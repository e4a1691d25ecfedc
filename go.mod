module github.com/sakerhq/saker

go 1.26

require (
	github.com/alecthomas/participle/v2 v2.1.4
	go.uber.org/zap v1.28.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	go.uber.org/multierr v1.10.0 // indirect
	golang.org/x/sys v0.41.0
)
