"""Executes notebooks headless with the evcxr (Rust) Jupyter kernel; run by run.sh.

usage: execute.py OUT_DIR TIMEOUT NOTEBOOK...

Each notebook runs in its own directory (so `:dep policylens = { path = ".." }` finds the
crate), cell by cell, printing each code cell's time. The executed copy, outputs included, is
written to OUT_DIR even when a cell fails; the notebook in the repository is never touched.
Exits 1 at the first failing cell, naming the notebook, the cell (number and id) and the error.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def error_text(cell) -> str:
    """The error outputs of an executed cell, colour codes removed, or '' if none."""
    lines = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            lines.extend(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"])
    text = "\n".join(lines)
    while "\x1b[" in text:
        start = text.index("\x1b[")
        end = start + 2
        while end < len(text) and not text[end].isalpha():
            end += 1
        text = text[:start] + text[end + 1 :]
    return text


def panic_text(cell) -> str:
    """The first panic message a cell printed to stderr (the kernel aborts on it), or ''."""
    stderr = "".join(
        "".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stderr"
    )
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if "panicked at" in line:
            message = [line]
            for more in lines[i + 1 : i + 6]:
                if not more.strip() or more.startswith("stack backtrace") or more.startswith("note:"):
                    break
                message.append(more)
            return "\n".join(message)
    return ""


def run(path: Path, out_dir: Path, timeout: int) -> bool:
    """Runs one notebook; True when every cell succeeded."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="rust",
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    ok = True
    print(f"== {path.name}", flush=True)
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                cell_started = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                    failure = error_text(cell)
                except Exception as exc:  # CellExecutionError, CellTimeoutError, a dead kernel
                    failure = error_text(cell) or f"{type(exc).__name__}: {exc}"
                    failure = "\n".join(filter(None, [panic_text(cell), failure]))
                seconds = time.monotonic() - cell_started
                name = f"cell {index + 1} (id {cell.get('id', '?')})"
                if failure:
                    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                    print(f"   {name}: FAILED after {seconds:.1f}s", flush=True)
                    print(
                        f"FAILED: {path} {name}, starting `{first_line}`:\n{failure}",
                        file=sys.stderr,
                        flush=True,
                    )
                    ok = False
                    break
                print(f"   {name}: {seconds:.1f}s", flush=True)
    except Exception as exc:  # the kernel did not start or died between cells
        print(f"FAILED: {path}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        ok = False
    finally:
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / path.name)
    verdict = "ok" if ok else "FAILED"
    print(f"== {path.name}: {verdict} in {time.monotonic() - started:.1f}s", flush=True)
    return ok


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir, timeout = Path(sys.argv[1]), int(sys.argv[2])
    for notebook in sys.argv[3:]:
        if not run(Path(notebook).resolve(), out_dir, timeout):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
