#!/usr/bin/env python3
"""The clustering-quality reference: scikit-learn TF-IDF + k-means NMI on labelled paragraphs.

SPEC §5 asks that policylens' discovered themes reach at least the NMI of the usual Python
pipeline (scikit-learn `TfidfVectorizer` + `KMeans`) on a labelled set. This script

1. (with `--from`) builds the labelled set `tests/fixtures/nmi/labelled_units.jsonl` from the
   paragraphs of `data/corpus/city-gwr-2024` exported by policylens with the heading of the
   level-2 section (（一）…) each sits in. A heading is given a label when exactly one of the
   keyword classes in `CLASSES` below matches it; paragraphs under headings matching none or
   several classes, heading-only paragraphs, and paragraphs with fewer than `MIN_TOKENS` tokens
   are dropped. At most `SAMPLE` paragraphs are kept (a seeded sample, in corpus order), and
   then, repeatedly, those with no term in 2 or more kept paragraphs (they would be rows of
   zeros at `min_df=2`), so both pipelines cluster exactly the same units.
2. clusters the labelled set's tokens with scikit-learn: `TfidfVectorizer` on the token lists
   as given (pass-through analyzer, `lowercase=False`, `sublinear_tf=True`, `min_df=2`, the
   settings policylens' `DiscoverConfig::default()` uses), then `KMeans(n_clusters = number of
   labels, n_init=10, random_state=0)` on the sparse TF-IDF rows, and writes the NMI
   (`normalized_mutual_info_score`, arithmetic mean) to `tests/fixtures/nmi/sklearn_nmi.json`.

The Rust test `gwr_paragraph_nmi_is_at_least_scikit_learns` in `tests/discover.rs` clusters the
same tokens with `policylens::themes::discover` at the same k and asserts its NMI is at least
the committed value; Python is needed only to remake the files. Set up once with:

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn

Remake the labelled set and the reference (the export is an ignored Rust test):

    cargo test --test discover export -- --ignored      # writes /tmp/gwr_paragraphs.jsonl
    /tmp/skl/bin/python scripts/nmi_reference.py --from /tmp/gwr_paragraphs.jsonl

or only the reference, from the committed labelled set:

    /tmp/skl/bin/python scripts/nmi_reference.py
"""

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "nmi"
LABELLED = FIXTURES / "labelled_units.jsonl"
RESULT = FIXTURES / "sklearn_nmi.json"

SAMPLE = 3000
SEED = 0
MIN_TOKENS = 5

# Keyword classes of level-2 headings. A heading takes the label of the single class whose
# pattern matches it; headings matching none or several classes are dropped.
CLASSES = {
    "产业经济": r"产业|工业|制造|实体经济|内需|消费|扩大.*需求|服务业|数字经济|新质生产力|项目建设",
    "科技人才": r"科技|科教|人才|创新驱动|创新能力|创新策源|创新高地",
    "改革开放": r"改革|开放|营商环境|招商|外贸|外资",
    "乡村农业": r"三农|乡村|农业|农村",
    "城乡区域": r"城市|城乡|区域|城镇|基础设施|交通",
    "生态环保": r"生态|绿色|低碳|环保|污染|美丽",
    "民生社会": r"民生|就业|养老|医疗|健康|社会保障|社会事业|获得感|幸福",
    "安全稳定": r"安全|风险|稳定|平安|应急",
    "政府建设": r"政府|作风|廉政|廉洁|法治|自身建设",
}


def label_of(heading):
    if not heading:
        return None
    hits = [name for name, pattern in CLASSES.items() if re.search(pattern, heading)]
    return hits[0] if len(hits) == 1 else None


def build(source):
    rows = []
    with open(source, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            label = label_of(r["heading"])
            if label and not r["is_heading"] and len(r["tokens"]) >= MIN_TOKENS:
                rows.append({"file": r["file"], "paragraph": r["paragraph"],
                             "label": label, "tokens": r["tokens"]})
    if len(rows) > SAMPLE:
        keep = sorted(random.Random(SEED).sample(range(len(rows)), SAMPLE))
        rows = [rows[i] for i in keep]
    while True:
        df = Counter(t for r in rows for t in set(r["tokens"]))
        kept = [r for r in rows if any(df[t] >= 2 for t in r["tokens"])]
        if len(kept) == len(rows):
            break
        rows = kept
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with open(LABELLED, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def reference():
    import sklearn
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    rows = [json.loads(line) for line in open(LABELLED, encoding="utf-8")]
    labels = sorted({r["label"] for r in rows})
    truth = [labels.index(r["label"]) for r in rows]
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, lowercase=False,
                                 sublinear_tf=True, min_df=2)
    x = vectorizer.fit_transform([r["tokens"] for r in rows])
    k = len(labels)
    found = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(x)
    nmi = normalized_mutual_info_score(truth, found)
    # k-means' result depends on its seed: the spread over ten seeds puts `nmi` in context.
    spread = [normalized_mutual_info_score(
        truth, KMeans(n_clusters=k, n_init=10, random_state=s).fit_predict(x)) for s in range(10)]
    result = {
        "units": len(rows),
        "terms": x.shape[1],
        "k": k,
        "labels": {name: truth.count(i) for i, name in enumerate(labels)},
        "nmi": nmi,
        "nmi_random_states_0_to_9": spread,
        "nmi_mean_over_random_states": sum(spread) / len(spread),
        "settings": "TfidfVectorizer(sublinear_tf=True, min_df=2, lowercase=False, "
                    "pass-through analyzer) + KMeans(n_init=10, random_state=0)",
        "sklearn": sklearn.__version__,
    }
    with open(RESULT, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="source",
                        help="paragraphs exported by the ignored Rust test; rebuilds the labelled set")
    args = parser.parse_args()
    if args.source:
        build(args.source)
    reference()


if __name__ == "__main__":
    main()
