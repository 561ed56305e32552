#!/usr/bin/env bash
# snarkjs side of the proof-time comparison (NOT run in CI). Uses the snarkjs/circom2 pinned in tests/interop
# (run `npm ci` there first).
#
#   compare.sh build  (--power P | --constraints N) [-o DIR]
#       Builds the chained-squaring circuit (tests/interop/circuits/chain_template.circom, x_{i+1} = x_i^2 + c)
#       with circom2 for BLS12-381: --power P gives N = 2^P - 3 constraints, so that with its 2 public signals
#       and the constant wire the Groth16 domain is exactly 2^P. Writes DIR/chain_N.r1cs, DIR/chain_N_js/chain_N.wasm,
#       DIR/input.json and DIR/chain_N.wtns (default DIR: bench/snarkjs/build/, git-ignored), then prints the paths.
#       snarkjs's own `powersoftau prepare phase2` at 2^16..2^18 takes hours on 2 cores, so make the zkey for that
#       r1cs with another tool (our C# setup writes snarkjs-format zkeys), or with --ptau for small sizes:
#   compare.sh build  --power P --ptau FILE.ptau [-o DIR]
#       ... and also runs `snarkjs groth16 setup` + `zkey beacon` to write DIR/chain_N.zkey (small P only).
#
#   compare.sh prove  ZKEY WTNS [-r REPS] [--no-verify]
#       Runs `snarkjs groth16 prove ZKEY WTNS proof.json public.json` REPS times (default 5) under /usr/bin/time -v,
#       prints each run's wall time and peak RSS and then their medians. The zkey may come from any tool.
#       Afterwards (unless --no-verify) exports the zkey's verification key with snarkjs and checks the last proof
#       with `snarkjs groth16 verify`, so a timing on an inconsistent zkey/witness pair is not reported as valid.
#       snarkjs uses every core (worker threads in one process: peak RSS covers them).
#
# Example (the committed 1000-constraint fixture):
#   bench/snarkjs/compare.sh prove tests/fixtures/snarkjs/chain/circuit_final.zkey tests/fixtures/snarkjs/chain/witness.wtns -r 7
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
interop="$repo/tests/interop"
snarkjs="$interop/node_modules/.bin/snarkjs"
circom="$interop/node_modules/.bin/circom2"
[ -x "$snarkjs" ] && [ -x "$circom" ] || { echo "snarkjs/circom2 missing: run 'npm ci' in $interop" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }

usage() { sed -n '2,27p' "$0" >&2; exit 2; }

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Wall seconds from /usr/bin/time -v's "Elapsed (wall clock) time (h:mm:ss or m:ss): M:SS.ss" line.
wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f\n", s }' "$1"; }
peak_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

cmd_build() {
  local n="" out="$repo/bench/snarkjs/build" ptau=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --power) n=$(( (1 << $2) - 3 )); shift 2 ;;
      --constraints) n="$2"; shift 2 ;;
      -o) out="$2"; shift 2 ;;
      --ptau) ptau="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
      *) usage ;;
    esac
  done
  [ -n "$n" ] && [ "$n" -ge 1 ] || usage
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  local name="chain_$n"
  cp "$interop/circuits/chain_template.circom" "$out/"
  printf 'pragma circom 2.0.0;\ninclude "chain_template.circom";\ncomponent main {public [c]} = Chain(%s);\n' "$n" > "$out/$name.circom"
  echo '{ "x0": "3", "c": "7" }' > "$out/input.json"
  echo "circom2 $name.circom (bls12381, --O1)" >&2
  # circom2 (WASI) resolves includes against the working folder: compile from inside $out.
  (cd "$out" && /usr/bin/time -f "  circom2: %e s, %M KB" "$circom" "$name.circom" --r1cs --wasm --O1 --prime bls12381 -o . > "$name.circom.log")
  echo "snarkjs wtns calculate" >&2
  /usr/bin/time -f "  wtns calculate: %e s, %M KB" "$snarkjs" wtns calculate "$out/${name}_js/$name.wasm" "$out/input.json" "$out/$name.wtns"
  if [ -n "$ptau" ]; then
    echo "snarkjs groth16 setup + zkey beacon" >&2
    /usr/bin/time -f "  groth16 setup: %e s, %M KB" "$snarkjs" groth16 setup "$out/$name.r1cs" "$ptau" "$out/${name}_0000.zkey" > /dev/null
    /usr/bin/time -f "  zkey beacon: %e s, %M KB" "$snarkjs" zkey beacon "$out/${name}_0000.zkey" "$out/$name.zkey" \
      0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20 10 -n="compare.sh beacon" > /dev/null
    rm -f "$out/${name}_0000.zkey"
  fi
  "$snarkjs" r1cs info "$out/$name.r1cs" | sed 's/\x1b\[[0-9;]*m//g' | grep -E "Constraints|Wires|Public|Private" >&2 || true
  echo "r1cs: $out/$name.r1cs"
  echo "wtns: $out/$name.wtns"
  [ -n "$ptau" ] && echo "zkey: $out/$name.zkey"
  return 0
}

cmd_prove() {
  local zkey="" wtns="" reps=5 verify=1
  while [ $# -gt 0 ]; do
    case "$1" in
      -r) reps="$2"; shift 2 ;;
      --no-verify) verify=0; shift ;;
      -*) usage ;;
      *) if [ -z "$zkey" ]; then zkey="$1"; elif [ -z "$wtns" ]; then wtns="$1"; else usage; fi; shift ;;
    esac
  done
  [ -f "$zkey" ] && [ -f "$wtns" ] || usage
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  echo "snarkjs $("$snarkjs" --version 2>&1 | head -n 1 | sed 's/^snarkjs@//'), node $(node --version), $(nproc) cores"
  echo "zkey $zkey ($(stat -c %s "$zkey") B), wtns $wtns ($(stat -c %s "$wtns") B), $reps runs"
  local i
  for i in $(seq 1 "$reps"); do
    /usr/bin/time -v -o "$tmp/time.$i" "$snarkjs" groth16 prove "$zkey" "$wtns" "$tmp/proof.json" "$tmp/public.json" > "$tmp/out.$i" 2>&1 \
      || { cat "$tmp/out.$i" "$tmp/time.$i" >&2; echo "snarkjs groth16 prove failed" >&2; return 1; }
    printf 'run %d: %s s wall, %s KB peak RSS\n' "$i" "$(wall_seconds "$tmp/time.$i")" "$(peak_kb "$tmp/time.$i")"
  done
  local w m
  w=$(for i in $(seq 1 "$reps"); do wall_seconds "$tmp/time.$i"; done | median)
  m=$(for i in $(seq 1 "$reps"); do peak_kb "$tmp/time.$i"; done | median)
  echo "median: $w s wall, $m KB peak RSS (snarkjs groth16 prove, $reps runs)"
  if [ "$verify" -eq 1 ]; then
    "$snarkjs" zkey export verificationkey "$zkey" "$tmp/vk.json" > /dev/null
    if "$snarkjs" groth16 verify "$tmp/vk.json" "$tmp/public.json" "$tmp/proof.json" > "$tmp/verify.out" 2>&1; then
      echo "last proof verifies with snarkjs groth16 verify"
    else
      cat "$tmp/verify.out" >&2; echo "last proof does NOT verify: zkey and witness do not match" >&2; return 1
    fi
  fi
}

case "${1:-}" in
  build) shift; cmd_build "$@" ;;
  prove) shift; cmd_prove "$@" ;;
  *) usage ;;
esac
