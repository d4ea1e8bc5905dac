#!/usr/bin/env bash
# The README's test command: every unit, integration and doc test, plus a check that the
# benchmarks still compile (they are run by hand, never timed in tests).
set -euo pipefail
cd "$(dirname "$0")/.."
export INSTA_UPDATE=no   # a changed snapshot fails the run instead of being rewritten
cargo test --locked --all-targets
cargo test --locked --doc
