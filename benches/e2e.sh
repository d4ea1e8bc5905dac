#!/usr/bin/env bash
# End-to-end benchmark: `policylens report` against the usual Python pipeline (jieba with two
# processes, scikit-learn TfidfVectorizer + KMeans; benches/python_peer.py) and against raw
# jieba-rs segmentation (benches/raw_cut.rs, the floor), side by side on the same corpus and
# cores, in one run. The corpus is data/corpus/city-gwr-2024 repeated to the size asked for.
#
# Usage: bash benches/e2e.sh [SIZE_MB ...]        (default: 10 100)
#   PYTHON=0 bash benches/e2e.sh 1000               skip the Python peer (it takes ~40 min there)
#   E2E_DIR=/some/disk bash benches/e2e.sh 100      where the corpora and outputs go
# Prints wall time and peak memory (max RSS) of each, and the ratios. The Python peer is
# installed into target/e2e-venv from PyPI on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
work=${E2E_DIR:-/tmp/policylens-e2e}
python=${PYTHON:-1}
mkdir -p "$work"

cargo build --release --quiet
policylens="$root/target/release/policylens"
raw_cut=$(cargo bench --bench raw_cut --no-run --message-format=json 2>/dev/null |
    python3 -c 'import sys, json
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "raw_cut":
        print(m["executable"])' | tail -1)

venv="$root/target/e2e-venv"
if [ "$python" != 0 ] && [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet jieba scikit-learn
fi

# build_corpus SIZE_MB DIR: copies of the bundled reports (and their metadata rows) under new
# names until the folder holds SIZE_MB megabytes.
build_corpus() {
    python3 - "$1" "$2" "$root/data/corpus/city-gwr-2024" <<'PY'
import csv, os, shutil, sys
size, out, src = int(sys.argv[1]) * 1_000_000, sys.argv[2], sys.argv[3]
if os.path.exists(os.path.join(out, "metadata.csv")):
    sys.exit(0)
os.makedirs(out, exist_ok=True)
with open(os.path.join(src, "metadata.csv"), encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
total, i = 0, 0
with open(os.path.join(out, "metadata.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    while total < size:
        row = dict(rows[i % len(rows)])
        name = f"{i // len(rows):04d}_{row['file']}"
        shutil.copyfile(os.path.join(src, row["file"]), os.path.join(out, name))
        total += os.path.getsize(os.path.join(out, name))
        row["file"] = name
        w.writerow(row)
        i += 1
PY
}

# measure NAME COMMAND...: runs it, keeps "seconds peak_kib" in $work/NAME.time.
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 ||
        { echo "$name failed: see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; return 1; }
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(date -u +%Y-%m-%d)"
printf '%-8s %-22s %10s %12s\n' size run seconds peak_MiB
for size in "${sizes[@]}"; do
    corpus="$work/corpus-${size}MB"
    build_corpus "$size" "$corpus"
    measure "raw-$size" "$raw_cut" "$corpus"
    measure "report-$size" "$policylens" report "$corpus" --by province --k 12 --force --out "$work/report-${size}MB"
    runs=(raw report)
    if [ "$python" != 0 ]; then
        measure "python-$size" "$venv/bin/python" benches/python_peer.py "$corpus" 2
        runs+=(python)
    fi
    for run in "${runs[@]}"; do
        read -r secs kib <"$work/$run-$size.time"
        printf '%-8s %-22s %10.1f %12.0f\n' "${size}MB" "$run" "$secs" "$((kib / 1024))"
    done
    read -r raw_s _ <"$work/raw-$size.time"
    read -r rep_s rep_k <"$work/report-$size.time"
    echo "  report / raw jieba-rs cut: $(python3 -c "print(f'{$rep_s / $raw_s:.2f}')")x the time"
    if [ "$python" != 0 ]; then
        read -r py_s py_k <"$work/python-$size.time"
        echo "  python / report: $(python3 -c "print(f'{$py_s / $rep_s:.1f}')")x the time, report peak memory $(python3 -c "print(f'{$rep_k / $py_k:.2f}')") of python's"
    fi
done
