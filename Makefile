# podctl — one way to build, test and release.
MODULE  := github.com/podctl/podctl
# the version, commit and build date podctl version prints; goreleaser sets the same three
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -s -w -X $(MODULE)/internal/cli.version=$(VERSION) -X $(MODULE)/internal/cli.commit=$(COMMIT) -X $(MODULE)/internal/cli.date=$(DATE)
BIN     := bin/podctl

.PHONY: build test test-large test-cluster demo bench fuzz fmt-check vet tidy-check clean

build:
	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/podctl

## test: formatting, tidy go.mod, vet (this platform; make vet, which CI runs, vets every shipped one), then every test but the large ones and the sweeps (-short; make test-large runs
## them) and, in the same pass, each benchmark once on a small input, so that each test binary is built once.
test: fmt-check tidy-check
	go vet -tags large,cluster ./...
	go test -short -bench . -benchtime 1x ./...

## test-large: every test make test skips (CI runs it after make test): the tests of 50 MiB documents and hundreds of
## MiB held (build tag large, named TestLarge…) and, without -short, the sweeps over every file and documented command.
test-large:
	go test -tags large ./...

## test-cluster: the model of the API server against a real kube-apiserver and etcd started on loopback
## (hack/test-cluster.sh); CI builds them from the Go module proxy when missing, elsewhere it skips without them.
test-cluster:
	hack/test-cluster.sh

## demo: apply the Kubeflow guide's two PodDefaults to the example workloads.
demo:
	go run ./cmd/podctl apply-defaults -f testdata/examples/workloads.yaml -d testdata/examples/poddefaults.yaml

## bench: podctl's whole path at 1k, 10k and 100k documents next to two kyaml baselines (whole-stream and streamed), with peak memory.
bench:
	go test -run '^$$' -bench . -benchtime 3x ./internal/cli/

## fuzz: each fuzz target for a short while (FUZZTIME, default 30s); failures land in the package's testdata/fuzz/.
FUZZTIME ?= 30s
fuzz:
	go test -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $(FUZZTIME) ./internal/manifest/
	go test -run '^$$' -fuzz '^FuzzParseAndEdit$$' -fuzztime $(FUZZTIME) ./internal/splice/
	go test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) ./internal/yamldoc/
	go test -run '^$$' -fuzz '^FuzzApply$$' -fuzztime $(FUZZTIME) ./internal/poddefault/
	go test -run '^$$' -fuzz '^FuzzApplyDefaults$$' -fuzztime $(FUZZTIME) ./internal/cli/
	go test -run '^$$' -fuzz '^FuzzRoundTrip$$' -fuzztime $(FUZZTIME) ./internal/cluster/

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# PLATFORMS are the GOOS/GOARCH pairs .goreleaser.yaml ships: internal/release_test.go holds them equal.
PLATFORMS := darwin/amd64 darwin/arm64 linux/amd64 linux/arm64 windows/amd64 windows/arm64

## vet: go vet, with the large and the live-cluster tests, for every platform podctl ships.
vet:
	@set -e; for p in $(PLATFORMS); do \
		echo "GOOS=$${p%/*} GOARCH=$${p#*/} go vet -tags large,cluster ./..."; \
		GOOS=$${p%/*} GOARCH=$${p#*/} go vet -tags large,cluster ./...; \
	done

tidy-check:
	@tmp=$$(mktemp -d); cp go.mod go.sum $$tmp/; go mod tidy; \
	if ! cmp -s go.mod $$tmp/go.mod || ! cmp -s go.sum $$tmp/go.sum; then \
		cp $$tmp/go.mod $$tmp/go.sum .; rm -rf $$tmp; \
		echo "go.mod or go.sum is not tidy: run 'go mod tidy'"; exit 1; fi; rm -rf $$tmp

.PHONY: release-assets dist-check

## release-assets: the man pages and shell completions that the release archives hold (goreleaser's before hook).
release-assets: build
	rm -rf manpages completions && mkdir -p manpages completions
	$(BIN) docs man manpages
	for sh in bash zsh fish; do $(BIN) completion $$sh > completions/podctl.$$sh; done

## dist-check: goreleaser check, a snapshot (archives, krew manifest; no images, nothing published), and a test of what the archives hold. Needs goreleaser; CI does not run it.
dist-check: release-assets
	goreleaser check
	goreleaser release --snapshot --clean --skip=before,docker
	go test -tags dist -run '^TestDistArchives$$' ./internal/

clean:
	rm -rf bin manpages completions dist
