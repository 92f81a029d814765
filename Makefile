# lanepay: make run (app + simulated terminal), make test (everything).
GO      ?= go
ADDR    ?= 127.0.0.1:8000
BIN     := $(CURDIR)/bin
DIST    := web/dist
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(BIN):$(PATH)

# Small wasm: no paths, no symbol tables (a go-app page is ~1.4 MB brotli at best).
WASMFLAGS := -trimpath -ldflags="-s -w"
# The wasm is built in a workspace replacing go-app by a patched copy
# (app/cmd/patchdeps, its README says what each patch buys): its frame loop
# renders a change at once, it imports no net/http in the browser, survives
# blocked storage and links no regexp without a pattern route.
GOWORK_PATCHED := $(BIN)/patchdeps/go.work

.PHONY: build run test lan-test soak screenshots bench deps lint clean

build: ## the wasm, the static site around it, and the server with it embedded
	$(GO) run ./app/cmd/patchdeps -out $(BIN)/patchdeps
	GOWORK=$(GOWORK_PATCHED) GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o $(DIST)/web/app.wasm ./app
	$(GO) run ./app -out $(DIST) -static web/static
	$(GO) run ./server/cmd/precompress $(DIST)
	$(GO) build -trimpath -o $(BIN)/lanepay ./server

run: build ## serve the app on ADDR with the simulated terminal beside it
	$(BIN)/lanepay -addr $(ADDR) -sim -bridge

# axe-core, the accessibility rules the browser tests audit every screen
# with: from the npm registry, pinned by version and checksum.
AXE_VERSION := 4.14.1
AXE_SHA256  := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745

deps: ## what the tests need: Chromium, axe-core, wasmbrowsertest, staticcheck
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; }
	@test -f $(BIN)/axe-core/axe.min.js || { \
		command -v curl >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y curl ca-certificates; }; \
		mkdir -p $(BIN)/axe-core && \
		curl -fsSL -o $(BIN)/axe-core.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz && \
		echo "$(AXE_SHA256)  $(BIN)/axe-core.tgz" | sha256sum -c --quiet - && \
		tar -xzf $(BIN)/axe-core.tgz -C $(BIN)/axe-core --strip-components=1 package/axe.min.js package/LICENSE && \
		rm $(BIN)/axe-core.tgz; }
	@test -x $(BIN)/go_js_wasm_exec || { GOBIN=$(BIN) $(GO) install github.com/agnivade/wasmbrowsertest@v0.11.0 && cp $(BIN)/wasmbrowsertest $(BIN)/go_js_wasm_exec; }
	@test -x $(BIN)/staticcheck || GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: ## gofmt, go vet and staticcheck, native and wasm
	@out=$$(gofmt -l app server web); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./web/...
	$(BIN)/staticcheck ./...
	GOOS=js GOARCH=wasm $(BIN)/staticcheck ./app/...

test: deps build lint ## every test, browser tests included
	LANEPAY_REQUIRE_BROWSER=1 $(GO) test -count=1 -timeout 30m ./...
	GOOS=js GOARCH=wasm $(GO) test -count=1 ./app/pos/ ./app/journal/ ./app/tabguard/
	@if [ "$$(id -u)" = 0 ] && ip netns list >/dev/null 2>&1; then $(MAKE) lan-test LAN_DEPS= LANEPAY_REQUIRE_LAN=1; else echo "lan-test skipped: the LAN tests need root and network namespaces (ip netns)"; fi

# The LAN tests build a LAN of their own in network namespaces (server/lan):
# root only. `make test` runs them after building, so it passes LAN_DEPS=.
LAN_DEPS ?= deps build
lan-test: $(LAN_DEPS) ## the tablet, the server and the terminal on a LAN of their own (root, ip netns)
	@command -v ip >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y iproute2; }
	@command -v certutil >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y libnss3-tools; }
	LANEPAY_LAN=1 $(GO) test -count=1 -v -timeout 20m ./server/lan/

N ?= 500
soak: ## many charges, a quarter faulty, then the journal against the ledger: default and imported profiles
	$(GO) test -count=1 -run TestSoak -v ./app/till/ -args -soak.n=$(N) -soak.profile=default
	$(GO) test -count=1 -run TestSoak -v ./app/till/ -args -soak.n=$(N) -soak.profile=imported

BENCHFLAGS ?=
bench: deps build ## speed against baselines in one run: one table (BENCHFLAGS=-quick for a smoke run)
	@command -v nginx >/dev/null && test -e /usr/share/nginx/modules-available/mod-http-brotli-static.conf -o -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nginx-light libnginx-mod-http-brotli-static; }
	@test -x $(BIN)/benchstat || GOBIN=$(BIN) $(GO) install golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
	$(GO) test -run '^$$' -bench . -benchtime 2s -count 5 ./server/static/ ./server/bridge/ > $(BIN)/bench-server.txt
	$(BIN)/benchstat -col /server -filter .name:Serve $(BIN)/bench-server.txt
	$(BIN)/benchstat -col /path -filter .name:Bridge $(BIN)/bench-server.txt
	$(GO) run ./server/bench -server $(BIN)/lanepay -dist $(DIST) -gowork $(GOWORK_PATCHED) $(BENCHFLAGS)

screenshots: deps build ## the README's screenshots, from the real app
	@# The Hindi screenshot needs a Devanagari font (a tablet has one).
	@fc-list :lang=hi | grep -q . || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y fonts-lohit-deva; }
	LANEPAY_SCREENSHOTS=$(CURDIR)/web/screenshots $(GO) test -count=1 -run TestScreenshots ./server/

clean:
	rm -rf $(BIN)
	find $(DIST) -mindepth 1 ! -name .gitkeep -delete
