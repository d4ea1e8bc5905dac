"""The usual Python pipeline, the peer of `policylens report` in benches/e2e.sh.

jieba (HMM off, as policylens) segments every paragraph of every `.txt` under DIR with a pool of
PROCESSES workers; scikit-learn's TfidfVectorizer (pre-tokenized, sublinear tf, min_df=2) builds
the paragraph × term matrix; KMeans (k=12, n_init=10) clusters it;
then the top terms of each cluster are printed. Stopwords are not removed and no metadata is
inferred: the peer does less than policylens, never more.

Usage: python python_peer.py DIR [PROCESSES]
"""

import os
import sys
import time
from multiprocessing import Pool


def paragraphs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [p.strip() for p in f.read().split("\n") if p.strip()]


def cut(path):
    import jieba

    return [jieba.lcut(p, HMM=False) for p in paragraphs(path)]


def main():
    root = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    started = time.time()
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt")
    )
    with Pool(processes) as pool:
        units = [u for doc in pool.map(cut, files, chunksize=4) for u in doc]
    segmented = time.time()

    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens, sublinear_tf=True, min_df=2
    )
    x = vectorizer.fit_transform(units)
    labels = KMeans(n_clusters=12, n_init=10, random_state=0).fit_predict(x)
    terms = vectorizer.get_feature_names_out()
    for c in range(12):
        rows = x[labels == c]
        top = rows.sum(axis=0).A1.argsort()[::-1][:5]
        print(c, int((labels == c).sum()), " ".join(terms[i] for i in top))
    print(
        f"python peer: {len(files)} files, {len(units)} paragraphs, {x.shape[1]} terms, "
        f"segmentation {segmented - started:.1f} s, total {time.time() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
