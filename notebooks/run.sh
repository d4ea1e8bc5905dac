#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the evcxr (Rust) Jupyter kernel, installing
# on the first run what the machine lacks:
#   - the notebook runner (nbclient, jupyter_client, nbformat) from PyPI, in notebooks/.venv;
#   - evcxr_jupyter from crates.io, in notebooks/.venv/bin, unless one is on PATH already;
#   - the Rust kernel spec, in notebooks/.venv/share/jupyter, where the venv's Jupyter finds it.
# Later runs install nothing and reuse the compiled library: all notebooks share one evcxr build
# directory (notebooks/.venv/evcxr), so policylens and its dependencies compile once.
#
# Exits non-zero at the first failing cell, naming the notebook and the cell.
#
#   bash notebooks/run.sh                       # every notebook, in order
#   bash notebooks/run.sh notebooks/02_*.ipynb  # some of them
#
# Environment:
#   NOTEBOOK_TIMEOUT  seconds a cell may take (default 1800: the first cell of the first run
#                     compiles policylens and its dependencies)
#   NOTEBOOK_OUT      where executed copies are written (default notebooks/.venv/executed)
#   POLICYLENS_CORPUS, POLICYLENS_BY, POLICYLENS_A, POLICYLENS_B  passed on to the notebooks
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv"
timeout="${NOTEBOOK_TIMEOUT:-1800}"
out="${NOTEBOOK_OUT:-$venv/executed}"
evcxr_version="0.22.0"

step() { printf '%s run.sh: %s\n' "$(date +%T)" "$*"; }

# --- Python: the notebook runner --------------------------------------------------------------
if ! "$venv/bin/python" -c 'import nbclient, jupyter_client, nbformat' 2>/dev/null; then
    step "installing nbclient, jupyter_client and nbformat into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        'nbclient>=0.10,<0.12' 'jupyter_client>=8,<9' 'nbformat>=5.10,<6'
fi
export PATH="$venv/bin:$PATH"

# One run at a time: the notebooks share evcxr's build directory.
exec 9>"$venv/run.lock"
if command -v flock >/dev/null; then
    flock 9
fi

# --- Rust: the evcxr kernel -------------------------------------------------------------------
if ! command -v evcxr_jupyter >/dev/null; then
    step "installing evcxr_jupyter $evcxr_version into $venv/bin (cargo install, several minutes)"
    # Optimised, but lightly: on two cores this builds in about 9 minutes instead of 17, and the
    # kernel (rust-analyzer inside) stays fast; a debug build would make every cell slow.
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_DEBUG=0 \
        cargo install --locked evcxr_jupyter --version "$evcxr_version" --root "$venv"
fi
# The kernel spec goes into the venv's own data directory (JUPYTER_PATH is where evcxr_jupyter
# writes it): the venv's Jupyter finds it there, and nothing is written to ~/.local.
kernel="$venv/share/jupyter/kernels/rust/kernel.json"
if ! grep -qF "\"$(command -v evcxr_jupyter)\"" "$kernel" 2>/dev/null; then
    step "installing the Rust kernel spec into $venv/share/jupyter"
    JUPYTER_PATH="$venv/share/jupyter" evcxr_jupyter --install >/dev/null
fi

# --- Shared build directory -------------------------------------------------------------------
# With EVCXR_TMPDIR set, evcxr keeps its crate and target directory there instead of a fresh
# temporary directory per kernel: the second notebook (and the second run) finds policylens and
# its dependencies compiled. The library's Cargo.lock pins the same dependency versions as
# `cargo build` uses.
export EVCXR_TMPDIR="$venv/evcxr"
mkdir -p "$EVCXR_TMPDIR"
cp "$root/Cargo.lock" "$EVCXR_TMPDIR/Cargo.lock"

if [ "$#" -gt 0 ]; then
    notebooks=("$@")
else
    notebooks=("$here"/[0-9]*.ipynb)
fi
step "executing ${#notebooks[@]} notebook(s); executed copies go to $out"
if "$venv/bin/python" "$here/execute.py" "$out" "$timeout" "${notebooks[@]}"; then
    step "all notebooks ran"
else
    step "a notebook failed (see FAILED above)" >&2
    exit 1
fi
