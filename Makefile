# saker build, test and benchmark entry points. `make test` is what CI runs.
GO      ?= go
BIN     := bin/saker
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
# Real captures and upstream rules live beside the project, never inside it.
export SAKER_SHARED ?= $(abspath ../shared)
# Reference sources unpacked by scripts/test-deps.sh.
export SAKER_REFERENCE_SRC ?= /var/cache/saker-ref
GOBIN   := $(shell $(GO) env GOPATH)/bin
STATICCHECK_VERSION := v0.8.2

.PHONY: build demo test test-deps lint test-vm bench fuzz clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/saker

# The main job on the bundled real capture: the default rules over a recorded
# attack story (testdata/README.md), printing Falco-style alerts.
demo: build
	$(BIN) -e testdata/demo.scap.gz

test-deps:
	scripts/test-deps.sh
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint:
	@out=$$(gofmt -l cmd engine packaging driver rules); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...

# Every test, with the reference tools required rather than optional, then
# the kernel module on Debian's 6.1, 5.10 and 6.12 kernels under qemu.
test: test-deps build lint
	SAKER_REQUIRE_REFERENCE=1 $(GO) test -count=1 -timeout 25m ./...
	$(MAKE) test-vm
	$(MAKE) test-boot
	$(MAKE) test-image

test-vm:
	kernels="$$(scripts/vm/test-kernels.sh)" && \
	SAKER_VM_TESTS=1 SAKER_VM_KERNELS="$$kernels" $(GO) test -count=1 -timeout 20m -run '^TestVM(Scenarios)?$$' -v ./engine/live/

# The .deb installed, upgraded, used and purged in a Debian 12 guest booted
# under qemu (scripts/e2e/; the root file system is cached in
# SAKER_E2E_CACHE, default /var/cache/saker-e2e).
.PHONY: test-boot
test-boot:
	SAKER_BOOT_TESTS=1 $(GO) test -count=1 -timeout 20m -run TestBootedDebian -v ./packaging/boot/

# The container image the Helm chart runs: dist/saker-image_VERSION.tar, a
# docker-archive (docker load, podman load) of Debian 12 with the .deb, dkms
# and a compiler (scripts/image.sh; the base is cached in SAKER_IMAGE_CACHE,
# default /var/cache/saker-image).
.PHONY: image test-image
image: packages
	scripts/image.sh

# The image read back, saker run from it, and the init container's DKMS
# build of saker.ko in it for Debian 12's 6.1 kernel.
test-image: image
	SAKER_IMAGE_TESTS=1 $(GO) test -count=1 -timeout 20m -run '^TestImage$$' -v ./packaging/image/

bench: build test-deps
	scripts/bench.sh

# saker.ko against the reference scap.ko (sysdig 0.29's), in one qemu boot.
.PHONY: bench-driver
bench-driver: test-deps
	scripts/vm/bench-driver.sh

# Longer fuzzing than the corpus run in `make test`.
FUZZTIME ?= 60s
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

# dist/saker_VERSION_amd64.deb and dist/saker-VERSION.x86_64.rpm, made with
# nfpm (packaging/README.md).
.PHONY: packages
packages: build
	$(GO) run ./packaging/cmd/mkpkg -binary $(BIN) -version '$(VERSION)' -out dist

clean:
	rm -rf bin
