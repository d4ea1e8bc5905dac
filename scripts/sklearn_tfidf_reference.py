#!/usr/bin/env python3
"""Expected TF-IDF values from scikit-learn, for `tests/vectors.rs`.

Reads the tokenized units in `tests/fixtures/sklearn_tfidf/tokens.json` (a JSON list of token
lists: paragraphs of `data/corpus/seeds` segmented by policylens, plus edge cases) and writes,
for each case below, `tests/fixtures/sklearn_tfidf/expected_<case>.json` with:

- `params`: the TfidfVectorizer settings of the case (besides the pre-tokenized analyzer);
- `vocabulary`: the terms in column order;
- `idf`: `idf_` in column order (null when use_idf is False);
- `shape`: [rows, columns];
- `entries`: the non-zero values as [row, column, value], 0-based, sorted, values in full
  precision (Python's repr of a float round-trips).

The Rust test reads these files; Python is needed only to remake them. This script installs
nothing; set up its environment once with:

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python scripts/sklearn_tfidf_reference.py

The committed files were made with scikit-learn 1.9.1 and numpy 2.4.6 (Python 3.11).

`tokens.json` itself was made (and can be remade, which changes every expected file) from the
segmented seeds: eight evenly spaced paragraphs of at least five tokens from each of the five
seeds, plus four edge cases (an empty unit, a repeated token, an ASCII token, a unit of one
term twice):

    cargo run -- segment data/corpus/seeds --unit paragraph --format json > /tmp/seeds.json
    python3 scripts/sklearn_tfidf_reference.py --tokens-from /tmp/seeds.json

scikit-learn's `max_features` orders terms of equal total count with numpy's unstable argsort,
whose order differs between CPUs; the script refuses a case whose cut falls inside such a tie,
so the expected values never depend on it.
"""

import json
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn_tfidf"

# name -> TfidfVectorizer settings. Keep in step with the `cases` list in tests/vectors.rs.
CASES = {
    "default": {},
    "sublinear": {"sublinear_tf": True},
    # max_features 48, not 50: in these units the 50th and 51st terms tie at 3 occurrences.
    "pruned": {"min_df": 2, "max_df": 0.9, "max_features": 48},
    "no_norm": {"norm": None},
    "bigrams": {"ngram_range": (1, 2), "min_df": 2},
    "raw_idf": {"smooth_idf": False, "min_df": 0.05, "max_df": 3},
    "no_idf": {"use_idf": False, "sublinear_tf": True},
}


def identity(tokens):
    return tokens


def vectorizer(params):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    # The tokens are used as they are: no preprocessing, no lowercasing, no token pattern;
    # ngram_range (when set) joins adjacent tokens with a space.
    return TfidfVectorizer(
        analyzer="word",
        tokenizer=identity,
        preprocessor=identity,
        token_pattern=None,
        lowercase=False,
        dtype=np.float64,
        **params,
    )


def check_no_tie_at_cut(units, params):
    """Fails when max_features would cut through terms of equal total count."""
    import numpy as np

    limit = params.get("max_features")
    if limit is None:
        return
    counts = vectorizer({k: v for k, v in params.items() if k != "max_features"})
    counts.set_params(use_idf=False, norm=None)
    x = counts.fit_transform(units)
    totals = np.sort(np.asarray(x.sum(axis=0)).ravel())[::-1]
    if len(totals) > limit and totals[limit - 1] == totals[limit]:
        sys.exit(
            f"max_features={limit} cuts through a tie of total count {totals[limit]}: "
            "pick another limit"
        )


def expected(units, params):
    import sklearn

    model = vectorizer(params)
    x = model.fit_transform(units).tocoo()
    entries = sorted(zip(x.row.tolist(), x.col.tolist(), x.data.tolist()))
    vocabulary = model.get_feature_names_out().tolist()
    assert vocabulary == sorted(vocabulary)
    return {
        "sklearn": sklearn.__version__,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "vocabulary": vocabulary,
        "idf": model.idf_.tolist() if model.use_idf else None,
        "shape": list(x.shape),
        "entries": [[r, c, v] for r, c, v in entries],
    }


def dump(value, path):
    """Writes one vocabulary term, idf or entry per line, so regenerated files diff well;
    json writes floats with repr, which round-trips every bit."""
    lines = []
    for key, item in value.items():
        if isinstance(item, list) and key != "shape":
            body = ",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in item)
            lines.append(f" {json.dumps(key)}: [\n{body}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(item, ensure_ascii=False)}")
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def make_tokens(segment_json):
    """Writes tokens.json from `policylens segment --unit paragraph --format json` output."""
    rows = json.loads(Path(segment_json).read_text(encoding="utf-8"))
    by_file = {}
    for row in rows:
        if len(row["tokens"]) >= 5:
            by_file.setdefault(row["file"], []).append(row["tokens"])
    units = []
    for file in sorted(by_file):
        paragraphs, k = by_file[file], 8
        units += [paragraphs[round(i * (len(paragraphs) - 1) / (k - 1))] for i in range(k)]
    units.insert(5, [])
    units.insert(17, ["营商环境", "营商环境", "营商环境", "党建引领", "营商环境"])
    units.insert(30, ["A12"])
    units.append(["城市更新", "城市更新"])
    lines = ",\n".join("  " + json.dumps(u, ensure_ascii=False) for u in units)
    (FIXTURES / "tokens.json").write_text("[\n" + lines + "\n]\n", encoding="utf-8")


def main():
    # numpy and scikit-learn are imported where used, so that --tokens-from needs neither.
    if len(sys.argv) == 3 and sys.argv[1] == "--tokens-from":
        make_tokens(sys.argv[2])
        return
    units = json.loads((FIXTURES / "tokens.json").read_text(encoding="utf-8"))
    for name, params in CASES.items():
        check_no_tie_at_cut(units, params)
        result = expected(units, params)
        dump(result, FIXTURES / f"expected_{name}.json")
        print(f"{name}: {result['shape'][0]} x {result['shape'][1]}, {len(result['entries'])} values")


if __name__ == "__main__":
    main()
