#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds at the lowest CPU priority.
#
#   fuzz/run.sh TARGET [SECONDS]     (TARGET: load clean structure dict theme_lexicon segment)
#
# cargo-fuzz needs nightly-only rustc flags; RUSTC_BOOTSTRAP=1 lets a stable toolchain accept
# them. Crash inputs land in fuzz/artifacts/TARGET/; the growing corpus in fuzz/corpus/TARGET/
# (both ignored by git). The libFuzzer summary (executions, time) is the last lines of the log.
set -euo pipefail
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-600}
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/"$target" fuzz/logs
RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run "$target" fuzz/corpus/"$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    2>&1 | tee fuzz/logs/"$target".log
