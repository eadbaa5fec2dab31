# flowgate: see README.md. Tool versions are pinned here, in one place.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOLANGCI_LINT := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
ADDR          ?= 127.0.0.1:8080
FUZZTIME      ?= 30s
BENCHTIME     ?= 1s
SOAK_DURATION      ?= 3m
ISOLATION_REQUESTS ?= 20000
LOAD_DURATION      ?= 8s

.PHONY: scale mem run demo build test short test-go race vet fmt-check check-generate generate golden lint bench bench-replicas load soak fuzz cover tidy clean ui check-ui

## run: serve on $(ADDR); against AUTHENTIK_URL, or the built-in demo upstream when it is unset.
## Built, then exec'd (not `go run`, which exits 1 after a Ctrl-C): Ctrl-C shuts down cleanly.
run:
	$(GO) build -o bin/flowgate . && exec bin/flowgate -addr $(ADDR)

## demo: serve the built-in demo upstream even when AUTHENTIK_URL is set
demo:
	$(GO) build -o bin/flowgate . && AUTHENTIK_URL= exec bin/flowgate -demo -addr $(ADDR)

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/flowgate .

## test: formatting, vet, generated code up to date, then every test: browser tests (they need
## Debian's chromium, and fail without it when CI=true), Redis tests (a real redis-server, likewise), a 20 s soak, a 3,000-request isolation
## run, the hostile-input corpus and the fuzz seeds
test: fmt-check vet check-generate test-go

## short: the inner loop: every test but the long ones (soak, isolation, browser, load)
short:
	$(GO) test -short ./...

test-go:
	$(GO) test -count=1 ./...

race:
	$(GO) test -count=1 -race ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## generate: regenerate gqlgen code from graph/*.graphqls, and schema.graphql (the whole schema
## as one SDL file, for client code generators)
generate:
	$(GO) tool gqlgen generate
	$(GO) run ./graph/schemagen schema.graphql

## check-generate: fail when the committed generated code or schema.graphql differs from what
## generate produces (runs in a scratch copy, so uncommitted work is never touched)
check-generate:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp -r go.mod go.sum gqlgen.yml graph upstream "$$tmp"/ && \
	(cd "$$tmp" && $(GO) tool gqlgen generate && $(GO) run ./graph/schemagen schema.graphql) && \
	if ! diff -r graph "$$tmp/graph" >/dev/null; then \
		echo "generated code is stale: run 'make generate' and commit"; diff -ru graph "$$tmp/graph" | head -40; exit 1; \
	fi && \
	if ! diff schema.graphql "$$tmp/schema.graphql" >/dev/null; then \
		echo "schema.graphql is stale: run 'make generate' and commit"; diff -u schema.graphql "$$tmp/schema.graphql" | head -40; exit 1; \
	fi && echo "generated code and schema.graphql are up to date"

## ui: rebuild the browser bundles from ui/ with the pinned npm packages: GraphiQL
## (web/graphiql/) and the dashboard (web/dashboard/: TypeScript whose GraphQL documents
## GraphQL Code Generator types from schema.graphql, into ui/src/dashboard/gql/);
## commit the result. `make run` and `make test` never need npm.
ui:
	cd ui && npm ci --no-audit --no-fund --loglevel=error && $(UI_BUILD) ../web

UI_BUILD = npx graphql-codegen --config codegen.yml && npx tsc -p tsconfig.json && node build.mjs

## check-ui: fail when a dashboard document no longer fits schema.graphql (codegen
## validates every document, then `tsc --noEmit` type-checks the dashboard against the
## generated types), or when the committed generated types or bundles differ from a
## fresh build (needs npm; builds in a scratch directory, so the tree is never touched)
check-ui:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/ui" && \
	cp schema.graphql "$$tmp"/ && \
	cp ui/package.json ui/package-lock.json ui/build.mjs ui/codegen.yml ui/tsconfig.json "$$tmp/ui"/ && \
	cp -r ui/src "$$tmp/ui/src" && rm -rf "$$tmp/ui/src/dashboard/gql" && \
	(cd "$$tmp/ui" && npm ci --no-audit --no-fund --loglevel=error && $(UI_BUILD) out) && \
	if ! diff -r ui/src/dashboard/gql "$$tmp/ui/src/dashboard/gql" >/dev/null; then \
		echo "ui/src/dashboard/gql is stale: run 'make ui' and commit"; diff -r ui/src/dashboard/gql "$$tmp/ui/src/dashboard/gql" | head -10 | cut -c1-200; exit 1; \
	fi && \
	for d in graphiql dashboard; do \
		if ! diff -r web/$$d "$$tmp/ui/out/$$d" >/dev/null; then \
			echo "web/$$d is stale: run 'make ui' and commit"; diff -r web/$$d "$$tmp/ui/out/$$d" | head -5 | cut -c1-200; exit 1; \
		fi; \
	done && echo "dashboard documents fit schema.graphql; generated types and bundles are up to date"

## golden: rewrite the golden GraphQL responses in testdata/golden
golden:
	$(GO) test . -run 'TestQueries' -count=1 -update

lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(GOLANGCI_LINT) run ./...

## bench: Go benchmarks of the handler against the in-process fake, then the load run
## (docs/BENCHMARKS.md; a few minutes)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...
	@$(MAKE) --no-print-directory load
	@$(MAKE) --no-print-directory mem
	@$(MAKE) --no-print-directory bench-replicas

## load: the flowgate binary under concurrent load, batching on and off, upstream +0 and +20 ms
load: build
	$(GO) run ./loadtest -bin bin/flowgate -duration $(LOAD_DURATION)

## mem: peak RSS (VmHWM) of the queries of issue 10 on the 2,000-flow install, each in a fresh
## flowgate process, alone and four at once (a few minutes: they read the whole bindings listing)
mem: build
	$(GO) run ./loadtest -bin bin/flowgate -mem

## bench-replicas: the upstream answer cache under load (the dashboard's list query at +20 ms
## upstream; cache off, on in one process, on in three replicas sharing a redis-server)
bench-replicas: build
	$(GO) run ./loadtest/replicas -bin bin/flowgate -duration $(LOAD_DURATION)

## soak: the chaos soak for $(SOAK_DURATION), then the isolation test over $(ISOLATION_REQUESTS) requests
soak:
	SOAK_DURATION=$(SOAK_DURATION) ISOLATION_REQUESTS=$(ISOLATION_REQUESTS) \
		$(GO) test -count=1 -v -timeout 60m -run '^(TestSoak|TestIsolation)$$' .

## scale: the queries of issue 10 on the 2,000-flow install, the heavy ones (which read the whole
## bindings listing) included, each 20 times: exact upstream requests, the same every run (a few minutes)
scale:
	SCALE_RUNS=20 $(GO) test -count=1 -v -timeout 60m -run '^TestScale_' .

## fuzz: each fuzz target for $(FUZZTIME) (make test runs their seed corpora in testdata/fuzz)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzGraphQL$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzCheckBody$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzCharChecks$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzWriteAnswer$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzSimpleBody$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzRequestLine$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeError$$' -fuzztime $(FUZZTIME) ./upstream
	$(GO) test -run '^$$' -fuzz '^FuzzWireDecode$$' -fuzztime $(FUZZTIME) ./upstream
	$(GO) test -run '^$$' -fuzz '^FuzzEndpoint$$' -fuzztime $(FUZZTIME) ./upstream
	$(GO) test -run '^$$' -fuzz '^FuzzCursor$$' -fuzztime $(FUZZTIME) ./graph
	$(GO) test -run '^$$' -fuzz '^FuzzGuards$$' -fuzztime $(FUZZTIME) ./graph/guard

cover:
	$(GO) test -count=1 -coverprofile=cover.out ./...
	grep -v -e '/generated.go:' -e '_gen.go:' cover.out > cover.trim.out
	$(GO) tool cover -func=cover.trim.out | tail -1

tidy:
	$(GO) mod tidy
	git diff --exit-code go.mod go.sum

clean:
	rm -rf bin cover.out cover.trim.out testdata/screenshots
