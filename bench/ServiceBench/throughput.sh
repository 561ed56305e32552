#!/usr/bin/env bash
# Throughput and latency of the prover service with k prover silos of one core each (bench/ServiceBench/README.md):
# a fresh sample deployment (INSECURE dev setup), a fresh database on the given PostgreSQL server, one full silo
# (--provers 0: sequencer, publisher, HTTP API) and k worker silos, worker i pinned to core i mod nproc with one prover
# thread; then ServiceBench throughput posts the batches and reports. Every process is stopped at the end.
# usage: bench/ServiceBench/throughput.sh <k silos> <PostgreSQL connection string allowed to create databases> [batches=8] [max-ops=8] [depth=8]
set -euo pipefail
k=${1:?number of prover silos}; pg=${2:?PostgreSQL connection string}; batches=${3:-8}; maxops=${4:-8}; depth=${5:-8}
root=$(cd "$(dirname "$0")/../.." && pwd)
settle=(dotnet "$root/prover/Settlement.Cli/bin/Release/net10.0/settle.dll")
bench=(dotnet "$root/bench/ServiceBench/bin/Release/net10.0/ServiceBench.dll")
work=$(mktemp -d -t settle-throughput-XXXXXX)
dep=$work/dep
"${settle[@]}" init --data "$dep" --max-ops "$maxops" --depth "$depth" >/dev/null
"${settle[@]}" setup --data "$dep" >/dev/null
db=$("${bench[@]}" newdb --pg "$pg")
port=$((20000 + RANDOM % 20000))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"${settle[@]}" serve --data "$dep" --cluster "$db" --cluster-id "bench$port" --address 127.0.0.1 --urls "http://127.0.0.1:$port" \
  --provers 0 --silo-port $((port + 1)) --gateway-port $((port + 2)) >"$work/full.log" 2>&1 &
pids+=($!)
for ((i = 0; i < k; i++)); do
  taskset -c $((i % $(nproc))) "${settle[@]}" serve --data "$dep" --cluster "$db" --cluster-id "bench$port" --address 127.0.0.1 \
    --role worker --provers 1 --threads 1 --silo-port $((port + 10 + 2 * i)) --gateway-port $((port + 11 + 2 * i)) >"$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
echo "throughput.sh: $k worker silo(s), logs in $work"
"${bench[@]}" throughput --url "http://127.0.0.1:$port" --data "$dep" --batches "$batches" --wait-silos $((k + 1))
