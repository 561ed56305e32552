#!/usr/bin/env bash
# Regenerates the committed snarkjs interop fixtures in tests/fixtures/snarkjs/ from the circuits in
# tests/interop/circuits/, with the snarkjs and circom2 versions pinned in tests/interop/package.json.
#
#   cd tests/interop && npm ci && ./make-fixtures.sh            # everything, ptau included: ~1 min on 2 cores
#   ./make-fixtures.sh --keep-ptau                              # reuse the committed ptau, redo the circuits only
#   POWER=11 ./make-fixtures.sh                                 # another ptau power (the README and tests assume 10)
#
# Deterministic as far as snarkjs allows: every contribution is a *beacon* (a fixed hash, 2^10 iterations), not
# `contribute`, which mixes in random bytes. So the ptau, the zkeys, the verification keys, the r1cs and the
# witnesses come out byte-identical on every run; only proof.json differs (Groth16 proofs are randomised by r, s).
# Intermediate files go to tests/interop/build/ (git-ignored).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
out="$(cd .. && pwd)/fixtures/snarkjs"
build="$here/build"
POWER="${POWER:-10}"
CIRCUITS=(multiplier poly chain)
# Beacon hashes: fixed, arbitrary (SHA-256 of the ASCII strings "settlement ptau beacon" / "settlement zkey beacon").
PTAU_BEACON="$(printf 'settlement ptau beacon' | sha256sum | cut -d' ' -f1)"
ZKEY_BEACON="$(printf 'settlement zkey beacon' | sha256sum | cut -d' ' -f1)"
BEACON_ITER_EXP=10

keep_ptau=0
[ "${1:-}" = "--keep-ptau" ] && keep_ptau=1

snarkjs="$here/node_modules/.bin/snarkjs"
circom="$here/node_modules/.bin/circom2"
if [ ! -x "$snarkjs" ] || [ ! -x "$circom" ]; then
  echo "snarkjs/circom2 not installed: run 'npm ci' in $here first" >&2
  exit 1
fi

mkdir -p "$build" "$out"
log="$build/make-fixtures.log"
: > "$log"
step() { echo "+ $*" | tee -a "$log" >&2; /usr/bin/time -f "  %e s, %M KB" -a -o "$log" "$@" >> "$log" 2>&1; tail -n 1 "$log" >&2; }

echo "snarkjs $("$snarkjs" --version 2>&1 | head -n 1 | sed 's/^snarkjs@//'), $("$circom" --version 2>/dev/null | tail -n 1), node $(node --version)" | tee -a "$log"

# ---- Powers of tau (phase 1), shared by all circuits -------------------------------------------------------------
ptau="$out/pot${POWER}_final.ptau"
if [ "$keep_ptau" -eq 1 ] && [ -f "$ptau" ]; then
  echo "keeping $ptau" | tee -a "$log"
else
  step "$snarkjs" powersoftau new bls12381 "$POWER" "$build/pot${POWER}_0000.ptau"
  step "$snarkjs" powersoftau beacon "$build/pot${POWER}_0000.ptau" "$build/pot${POWER}_0001.ptau" \
       "$PTAU_BEACON" "$BEACON_ITER_EXP" -n="settlement fixtures ptau beacon"
  step "$snarkjs" powersoftau prepare phase2 "$build/pot${POWER}_0001.ptau" "$ptau"
  step "$snarkjs" powersoftau verify "$ptau"
fi

# ---- Per circuit: compile, witness, setup, contribution, vkey, proof, verify --------------------------------------
for c in "${CIRCUITS[@]}"; do
  b="$build/$c"
  d="$out/$c"
  rm -rf "$b"
  mkdir -p "$b" "$d"
  step "$circom" "circuits/$c.circom" --r1cs --wasm --sym --O1 --prime bls12381 -o "$b"
  step "$snarkjs" r1cs info "$b/$c.r1cs"
  cp "circuits/$c.input.json" "$d/input.json"
  step "$snarkjs" wtns calculate "$b/${c}_js/$c.wasm" "$d/input.json" "$b/witness.wtns"
  step "$snarkjs" wtns check "$b/$c.r1cs" "$b/witness.wtns"
  step "$snarkjs" groth16 setup "$b/$c.r1cs" "$ptau" "$b/circuit_0000.zkey"
  step "$snarkjs" zkey beacon "$b/circuit_0000.zkey" "$b/circuit_final.zkey" \
       "$ZKEY_BEACON" "$BEACON_ITER_EXP" -n="settlement fixtures zkey beacon"
  step "$snarkjs" zkey verify "$b/$c.r1cs" "$ptau" "$b/circuit_final.zkey"
  step "$snarkjs" zkey export verificationkey "$b/circuit_final.zkey" "$b/verification_key.json"
  step "$snarkjs" groth16 prove "$b/circuit_final.zkey" "$b/witness.wtns" "$b/proof.json" "$b/public.json"
  step "$snarkjs" groth16 verify "$b/verification_key.json" "$b/public.json" "$b/proof.json"

  cp "$b/$c.r1cs" "$d/circuit.r1cs"
  cp "$b/witness.wtns" "$b/circuit_0000.zkey" "$b/circuit_final.zkey" \
     "$b/verification_key.json" "$b/proof.json" "$b/public.json" "$d/"
done

# snarkjs exits non-zero when a verify fails, and set -e stops there; reaching this line means all passed.
echo "done: ${#CIRCUITS[@]} circuits; log in $log" >&2
(cd "$out" && sha256sum pot*_final.ptau */* | tee "$build/SHA256SUMS")
