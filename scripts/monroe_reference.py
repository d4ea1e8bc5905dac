#!/usr/bin/env python3
"""Reference keyness values for tests/compare.rs, computed independently of the Rust code.

Reads tests/fixtures/compare/monroe_counts.json (term counts of a few groups) and writes
tests/fixtures/compare/monroe_expected.json: for every group against the rest, and for each
listed A-against-B pair, every term with a + b >= min_count and its

- log_odds_z: Monroe, Colaresi & Quinn (2008), "Fightin' words", eq. 16-22: the log-odds
  ratio with an informative Dirichlet prior, alpha_w = prior_scale * count of w in the whole
  corpus (all groups), alpha0 = sum of alpha_w;
      delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))
      var   = 1 / (y_i + a_w) + 1 / (y_j + a_w),   z = delta / sqrt(var)
- g2: 2 * sum O ln(O / E) over the 2x2 table (0 ln 0 = 0),
- p: chi-square(1) survival function of g2, erfc(sqrt(g2 / 2)) (math.erfc),
- q: Benjamini-Hochberg over the terms of the comparison.

Pure Python 3 (standard library only). Usage: python3 scripts/monroe_reference.py
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures", "compare")


def g2(a, b, na, nb):
    n = na + nb
    cells = [
        (a, (a + b) * na / n),
        (b, (a + b) * nb / n),
        (na - a, (n - a - b) * na / n),
        (nb - b, (n - a - b) * nb / n),
    ]
    return 2.0 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def monroe_z(yi, yj, ni, nj, aw, a0):
    delta = math.log((yi + aw) / (ni + a0 - yi - aw)) - math.log((yj + aw) / (nj + a0 - yj - aw))
    var = 1.0 / (yi + aw) + 1.0 / (yj + aw)
    return delta / math.sqrt(var)


def bh(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: (ps[i], i))
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        q[i] = min(running, 1.0)
    return q


def comparison(label, side_i, side_j, totals, corpus_tokens, min_count, scale):
    ni, nj = sum(side_i.values()), sum(side_j.values())
    rows = []
    for term in sorted(totals):
        yi, yj = side_i.get(term, 0), side_j.get(term, 0)
        if yi + yj < min_count:
            continue
        g = g2(yi, yj, ni, nj)
        rows.append({
            "group": label,
            "term": term,
            "count_group": yi,
            "count_rest": yj,
            "log_odds_z": monroe_z(yi, yj, ni, nj, scale * totals[term], scale * corpus_tokens),
            "g2": g,
            "p": math.erfc(math.sqrt(g / 2.0)),
        })
    for row, q in zip(rows, bh([r["p"] for r in rows])):
        row["q"] = q
    return rows


def main():
    with open(os.path.join(FIXTURES, "monroe_counts.json"), encoding="utf-8") as f:
        spec = json.load(f)
    counts = spec["counts"]
    min_count, scale = spec["min_count"], spec["prior_scale"]
    totals = {}
    for group in counts.values():
        for term, n in group.items():
            totals[term] = totals.get(term, 0) + n
    totals = {t: n for t, n in totals.items() if n > 0}
    corpus_tokens = sum(totals.values())
    out = {"against_rest": [], "a_against_b": []}
    for name in sorted(counts):
        rest = {t: totals[t] - counts[name].get(t, 0) for t in totals}
        out["against_rest"] += comparison(name, counts[name], rest, totals, corpus_tokens, min_count, scale)
    for a, b in spec["a_against_b"]:
        out["a_against_b"].append({
            "a": a,
            "b": b,
            "rows": comparison(a, counts[a], counts[b], totals, corpus_tokens, min_count, scale),
        })
    with open(os.path.join(FIXTURES, "monroe_expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
