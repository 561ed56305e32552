#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ and SharpFuzz, on demand (CI runs the bounded smoke tests instead).
#   tests/fuzz/afl.sh <target> [seconds]      targets: dotnet run --project tests/fuzz/Settlement.Fuzz -- --list
# Installs afl++ (apt) and the SharpFuzz instrumenter (NuGet tool, pinned) where missing, publishes the harness,
# instruments the project's assemblies, and fuzzes from the target's seeds in tests/fuzz/corpus. Crashes land in
# $work/findings/default/crashes; replay one with: settlement-fuzz <target> --replay <file>.
set -euo pipefail
target=${1:?usage: tests/fuzz/afl.sh <target> [seconds]}
seconds=${2:-600}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${SETTLEMENT_FUZZ_WORK:-$(mktemp -d /tmp/settlement-fuzz-XXXXXX)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y afl++ || { apt-get update && apt-get install -y afl++; }
  else echo "afl-fuzz is missing: install Debian's afl++ package" >&2; exit 2; fi
fi
[ -x "$work/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools"

dotnet publish "$root/tests/fuzz/Settlement.Fuzz" -c Release -o "$work/out" -v quiet
for dll in Settlement.Verifier.dll Settlement.Prover.dll; do "$work/tools/sharpfuzz" "$work/out/$dll"; done

mkdir -p "$work/in"
"$work/out/settlement-fuzz" "$target" --seeds | while read -r f; do cp "$root/tests/fuzz/corpus/$f" "$work/in/"; done

echo "fuzzing $target for $seconds s in $work"
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 afl-fuzz -V "$seconds" -i "$work/in" -o "$work/findings" -t 10000 -m none -- \
  "$work/out/settlement-fuzz" "$target" --corpus "$root/tests/fuzz/corpus"
crashes=$(find "$work/findings" -path '*crashes/id:*' | wc -l)
echo "$target: $crashes crash(es) in $seconds s (AFL++ stats: $work/findings/default/fuzzer_stats)"
[ "$crashes" -eq 0 ]
