#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
# Written by the policylens project.
"""Mine candidate policy formulations (提法) and boilerplate tokens from a corpus.

The script is the reproducible half of how ``data/lexicon/policy_lexicon.tsv``
and ``data/stopwords/domain.txt`` were made; the other half is reading the
candidates by hand.  It does not write the lexicon itself.

Steps
  1. read every ``*.txt`` file of the given corpus folders (one document each);
  2. segment with jieba, default dictionary, ``HMM=False`` (the same
     segmentation the curated lexicon is meant to repair);
  3. count adjacent-token n-grams of 1..4 tokens inside punctuation-free runs,
     with corpus frequency and document frequency;
  4. score each 2..4-token n-gram by the minimum pointwise mutual information
     over its split points and by the left/right branching entropy;
  5. collect quoted phrases (text inside “ ” or 「 」 that recurs across
     documents) and numbered formulations (三个一批, 四大双千, 两个确立,
     三大攻坚战, 一老一小, 15分钟生活圈 ...);
  6. write ``candidates.tsv`` (all three sources, with scores, sorted by
     score) and ``tokens.tsv`` (unigram frequencies, for the domain stopword
     list).

With ``--validate LEXICON`` it only checks a lexicon file against the format
rules of data/lexicon/README.md and exits (no jieba needed).

Only the Python standard library and jieba are needed::

    python3 -m venv venv && venv/bin/pip install jieba
    venv/bin/python scripts/mine_lexicon.py data/corpus/city-gwr-2024 \
        data/corpus/seeds --out-dir /tmp/lexicon-mining
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEP = "\x01"  # joins tokens inside n-gram keys
REPO = Path(__file__).resolve().parent.parent

# Characters that end a run of tokens: n-grams never cross them.
BREAK_RE = re.compile(r"^[\s\u3000\W_]+$|^[0-9０-９.．%％]+$")
HAN_RE = re.compile(r"^[\u4e00-\u9fff]+$")

# Function words and light verbs that never begin or end a formulation.
EDGE_FUNCTION_WORDS = set(
    "的 了 和 与 及 等 在 为 是 对 把 被 将 从 以 于 由 向 让 使 给 到 并 或 也 都 又 "
    "其 之 而 且 这 那 个 着 过 上 下 中 内 外 各 每 该 此 所 能 可 要 就 还 再 更 最 "
    "有 无 不 没 比 如 同 按 经 据 共 已 正 年 月 日 万 亿 元 项 家 名".split()
)

# Pure function words that never begin or end a formulation, however bound.
NEVER_EDGE = set("的 了 着 过 得 地 在 是 为 向 对 把 被 将 从 于 由 让 使 给 到 并 或 也 都 又 其 而 且 这 那 等 及 与 之 所".split())

# Chinese numerals used in numbered formulations.
NUM = "一二三四五六七八九十两双百千万"

QUOTE_RE = re.compile(r"[“\"「『]([^“”\"「」『』\n]{2,16})[”\"」』]")
NUMBERED_RES = [
    # 两个确立, 三大攻坚战, 五张清单, 三个一批, 四大双千, 六个一
    re.compile(rf"[{NUM}][{NUM}]?[个大张项条批类件轮][\u4e00-\u9fff]{{1,6}}"),
    # 一老一小, 一村一品, 一件事一次办, 一网通办-like pairs 一X一Y
    re.compile(r"一[\u4e00-\u9fff]{1,2}一[\u4e00-\u9fff]{1,3}"),
    # 六稳六保, 三去一降一补, 双招双引, 三旧改造 ...
    re.compile(rf"[{NUM}][\u4e00-\u9fff][{NUM}][\u4e00-\u9fff]{{1,3}}"),
    # 15分钟生活圈, 1+N, 5G ...
    re.compile(r"[0-9]{1,3}分钟[\u4e00-\u9fff]{2,4}"),
    re.compile(r"[0-9]+\+[0-9N]+(?:\+[0-9N]+)*[\u4e00-\u9fff]{0,4}"),
    # 双碳, 双减, 双创, 三农, 四下基层: numeral + short noun phrase
    re.compile(rf"[双三四五六七八九][\u4e00-\u9fff]{{1,4}}"),
]


def read_docs(folders: list[Path]) -> list[tuple[str, str]]:
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            docs.append((f"{folder.name}/{path.name}", text))
    if not docs:
        raise SystemExit(f"no *.txt documents under {[str(f) for f in folders]}")
    return docs


def load_wordlist(path: Path | None) -> set[str]:
    if path is None or not path.exists():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.split("\t")[0])
    return words


def load_lexicon(path: Path | None) -> dict[str, str]:
    """Return surface form -> category for an existing lexicon (terms and aliases)."""
    out: dict[str, str] = {}
    if path is None or not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            continue
        term, aliases, cat = cols
        out[term] = cat
        for a in filter(None, aliases.split("|")):
            out[a] = cat
    return out


def runs(tokens: list[str]) -> list[list[str]]:
    """Split a token stream into punctuation/number-free runs."""
    out, cur = [], []
    for t in tokens:
        if BREAK_RE.match(t):
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(cur)
    return out


def entropy(counter: Counter) -> float:
    total = sum(counter.values())
    if total == 0:
        return 0.0
    return -sum(c / total * math.log(c / total) for c in counter.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="*", type=Path, help="folder(s) of *.txt documents")
    ap.add_argument("--out-dir", type=Path, help="where candidates.tsv and tokens.tsv go")
    ap.add_argument("--validate", type=Path, metavar="LEXICON",
                    help="only check a lexicon TSV against the format rules (and, with "
                         "--domain-stopwords, that no term or alias is a stopword), then exit")
    ap.add_argument("--domain-stopwords", type=Path, help="domain stopword list checked by --validate")
    ap.add_argument("--stopwords", type=Path, default=REPO / "data/stopwords/stopwords-iso-zh.txt",
                    help="general stopword list; n-grams may not begin or end with one")
    ap.add_argument("--lexicon", type=Path, default=None,
                    help="existing lexicon TSV: candidates already in it are marked in column in_lexicon")
    ap.add_argument("--min-freq", type=int, default=8, help="minimum corpus frequency of an n-gram (default 8)")
    ap.add_argument("--min-df", type=int, default=4, help="minimum document frequency of an n-gram (default 4)")
    ap.add_argument("--min-pmi", type=float, default=3.0, help="minimum min-split PMI, natural log (default 3.0)")
    ap.add_argument("--bound-ratio", type=float, default=0.8,
                    help="a single-character function word or general stopword may stand at the "
                         "edge of an n-gram when the rest of the n-gram occurs with it at least "
                         "this share of the time (default 0.8)")
    ap.add_argument("--quote-min-df", type=int, default=2, help="minimum document frequency of a quoted phrase (default 2)")
    ap.add_argument("--numbered-min-df", type=int, default=2, help="minimum df of a numbered formulation (default 2)")
    ap.add_argument("--no-entropy", action="store_true", help="skip branching entropy (faster)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if args.validate is not None:
        errors = validate_lexicon(args.validate, args.domain_stopwords)
        for e in errors:
            print(e, file=sys.stderr)
        print(f"{args.validate}: {'OK' if not errors else f'{len(errors)} error(s)'}", file=sys.stderr)
        return 1 if errors else 0
    if not args.corpus or args.out_dir is None:
        ap.error("corpus folder(s) and --out-dir are required unless --validate is given")
    import jieba  # imported late so --help works without it

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    stop = load_wordlist(args.stopwords)
    lexicon = load_lexicon(args.lexicon)
    docs = read_docs(args.corpus)
    n_docs = len(docs)
    logging.info("%d documents", n_docs)

    # ---- segmentation and n-gram counting -------------------------------
    freq: Counter = Counter()          # key: tokens joined by SEP (1..4 tokens)
    df: Counter = Counter()
    tok_freq: Counter = Counter()      # unigram counts including everything
    tok_df: Counter = Counter()
    doc_runs: list[list[list[str]]] = []
    doc_bounds: list[set[int]] = []    # character offsets where a jieba token starts/ends
    n_tokens = 0
    for _, text in docs:
        toks = jieba.lcut(text, HMM=False)
        bounds, pos = {0}, 0
        for t in toks:
            pos += len(t)
            bounds.add(pos)
        doc_bounds.append(bounds)
        rs = runs(toks)
        doc_runs.append(rs)
        seen: set[str] = set()
        for t in toks:
            if not t.strip():
                continue
            tok_freq[t] += 1
        tok_df.update({t for t in toks if t.strip()})
        for r in rs:
            n_tokens += len(r)
            for n in range(1, 5):
                for i in range(len(r) - n + 1):
                    k = SEP.join(r[i:i + n])
                    freq[k] += 1
                    seen.add(k)
        df.update(seen)
    logging.info("%d tokens in runs, %d distinct 1-4-grams", n_tokens, len(freq))

    def ok_edge(tok: str, count: int, rest: str) -> bool:
        """May tok begin or end a candidate?  Function words and general
        stopwords may not, unless the single-character token is bound to the
        rest of the n-gram: the rest is almost never seen without it (碳中 is
        nearly always followed by 和, 学铸魂 preceded by 以, 美乡村 by 和)."""
        if not HAN_RE.match(tok) or tok in NEVER_EDGE:
            return False
        if tok not in stop and tok not in EDGE_FUNCTION_WORDS:
            return True
        return len(tok) == 1 and count >= args.bound_ratio * freq[rest]

    def min_pmi(parts: list[str]) -> float:
        c = freq[SEP.join(parts)]
        best = math.inf
        for k in range(1, len(parts)):
            a, b = freq[SEP.join(parts[:k])], freq[SEP.join(parts[k:])]
            best = min(best, math.log(c * n_tokens / (a * b)))
        return best

    candidates: dict[str, dict] = {}
    for k, c in freq.items():
        if c < args.min_freq:
            continue
        parts = k.split(SEP)
        if len(parts) < 2 or df[k] < args.min_df:
            continue
        if not all(HAN_RE.match(p) for p in parts):
            continue
        pmi = min_pmi(parts)
        if pmi < args.min_pmi:
            continue
        if not (ok_edge(parts[0], c, SEP.join(parts[1:]))
                and ok_edge(parts[-1], c, SEP.join(parts[:-1]))):
            continue
        term = "".join(parts)
        if len(term) > 10:
            continue
        prev = candidates.get(term)
        if prev is not None and prev["freq"] >= c:
            continue  # same surface string from a different segmentation
        candidates[term] = {"source": "ngram", "tokens": " ".join(parts), "n": len(parts),
                            "freq": c, "df": df[k], "pmi": pmi, "key": k}
    logging.info("%d n-gram candidates", len(candidates))

    # ---- branching entropy (second pass, candidates only) --------------
    if not args.no_entropy:
        wanted: dict[tuple, str] = {}
        for term, d in candidates.items():
            wanted[tuple(d["key"].split(SEP))] = term
        left: dict[str, Counter] = defaultdict(Counter)
        right: dict[str, Counter] = defaultdict(Counter)
        for rs in doc_runs:
            for r in rs:
                L = len(r)
                for n in range(2, 5):
                    for i in range(L - n + 1):
                        t = wanted.get(tuple(r[i:i + n]))
                        if t is None:
                            continue
                        left[t][r[i - 1] if i > 0 else "<b>"] += 1
                        right[t][r[i + n] if i + n < L else "<b>"] += 1
        for term, d in candidates.items():
            d["le"], d["re"] = entropy(left[term]), entropy(right[term])

    # ---- quoted phrases --------------------------------------------------
    q_freq: Counter = Counter()
    q_df: Counter = Counter()
    for _, text in docs:
        found = [m.group(1).strip() for m in QUOTE_RE.finditer(text)]
        found = [f for f in found if f and not re.search(r"[，。；：！？、,;:!?\s]", f)]
        q_freq.update(found)
        q_df.update(set(found))
    n_q = 0
    for phrase, c in q_freq.items():
        if q_df[phrase] < args.quote_min_df:
            continue
        d = candidates.get(phrase)
        if d is not None:
            d["source"] += "+quoted"
            d["quoted_df"] = q_df[phrase]
            continue
        candidates[phrase] = {"source": "quoted", "tokens": " ".join(jieba.lcut(phrase, HMM=False)),
                              "n": len(jieba.lcut(phrase, HMM=False)), "freq": c, "df": q_df[phrase],
                              "pmi": float("nan"), "quoted_df": q_df[phrase]}
        n_q += 1
    logging.info("%d quoted candidates", n_q)

    # ---- numbered formulations -------------------------------------------
    nb_freq: Counter = Counter()
    nb_df: Counter = Counter()
    for (_, text), bounds in zip(docs, doc_bounds):
        found: list[str] = []
        for rx in NUMBERED_RES:
            for m in rx.finditer(text):
                s, start = m.group(0), m.start()
                if start not in bounds:
                    continue  # 长三角 is not 三角..., 十四五 is not 四五
                # every prefix of at least 2 chars that ends on a token
                # boundary is a candidate: the regex is greedy and the true
                # right edge is decided by df below.
                for end in range(2, len(s) + 1):
                    if start + end in bounds and s[end - 1] not in EDGE_FUNCTION_WORDS:
                        found.append(s[:end])
        nb_freq.update(found)
        nb_df.update(set(found))
    n_nb = 0
    for phrase, c in nb_freq.items():
        if nb_df[phrase] < args.numbered_min_df:
            continue
        # keep the maximal phrase: drop p if one extension covers most of its
        # documents (三年行动 -> 三年行动计划 when nearly always followed by 计划)
        if any(nb_df.get(phrase + ch, 0) >= 0.8 * nb_df[phrase] for ch in _next_chars(phrase, nb_df)):
            continue
        d = candidates.get(phrase)
        if d is not None:
            if "numbered" not in d["source"]:
                d["source"] += "+numbered"
            continue
        toks = jieba.lcut(phrase, HMM=False)
        candidates[phrase] = {"source": "numbered", "tokens": " ".join(toks), "n": len(toks),
                              "freq": c, "df": nb_df[phrase], "pmi": float("nan")}
        n_nb += 1
    logging.info("%d numbered candidates", n_nb)

    # ---- scoring and output ----------------------------------------------
    for term, d in candidates.items():
        pmi = d["pmi"] if not math.isnan(d["pmi"]) else 0.0
        be = min(d.get("le", 0.0), d.get("re", 0.0))
        # df-weighted: a 提法 recurs across cities; PMI and branching entropy
        # reward units that stick together and occur in varied contexts.
        d["score"] = math.log1p(d["df"]) * (1.0 + max(pmi, 0.0) / 4.0) * (1.0 + be / 2.0)
        if "quoted" in d["source"]:
            d["score"] *= 1.2

    args.out_dir.mkdir(parents=True, exist_ok=True)
    cand_path = args.out_dir / "candidates.tsv"
    with cand_path.open("w", encoding="utf-8") as fh:
        fh.write("candidate\tsource\tjieba_tokens\tn_tokens\tfreq\tdf\tdf_ratio\tpmi\tleft_entropy\t"
                 "right_entropy\tquoted_df\tscore\tin_lexicon\n")
        for term, d in sorted(candidates.items(), key=lambda kv: (-kv[1]["score"], kv[0])):
            fh.write("\t".join([
                term, d["source"], d["tokens"], str(d["n"]), str(d["freq"]), str(d["df"]),
                f"{d['df'] / n_docs:.3f}",
                "" if math.isnan(d["pmi"]) else f"{d['pmi']:.3f}",
                f"{d['le']:.3f}" if "le" in d else "", f"{d['re']:.3f}" if "re" in d else "",
                str(d.get("quoted_df", "")), f"{d['score']:.3f}", lexicon.get(term, ""),
            ]) + "\n")

    tok_path = args.out_dir / "tokens.tsv"
    with tok_path.open("w", encoding="utf-8") as fh:
        fh.write("token\tfreq\tdf\tdf_ratio\tgeneral_stopword\tin_lexicon\n")
        for t, c in tok_freq.most_common():
            if c < 3:
                break
            fh.write(f"{t}\t{c}\t{tok_df[t]}\t{tok_df[t] / n_docs:.3f}\t{int(t in stop)}\t{lexicon.get(t, '')}\n")

    print(f"{n_docs} documents, {n_tokens} tokens; {len(candidates)} candidates -> {cand_path}; "
          f"tokens -> {tok_path}", file=sys.stderr)
    return 0


CATEGORIES = {
    "party_building", "urban_renewal", "investment", "business_environment",
    "grassroots_governance", "livelihood", "ecology", "safety", "epidemic",
    "rural_revitalization", "innovation", "industry_projects", "conduct_integrity",
    "culture_civilization", "petition_stability", "development", "reform_opening",
    "digital_government", "other",
}
# A surface form is CJK ideographs, ASCII letters and digits only (no spaces,
# no punctuation, no symbols such as + or ×).
FORM_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,}$")


def validate_lexicon(path: Path, stopwords_path: Path | None = None) -> list[str]:
    """Check the policy lexicon format; return a list of error messages."""
    errors: list[str] = []
    terms: dict[str, int] = {}
    aliases: dict[str, int] = {}
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"{path}: not UTF-8 ({e})"]
    if text.startswith("\ufeff"):
        errors.append(f"{path}: starts with a byte-order mark")
    for no, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            errors.append(f"{path}:{no}: CRLF line ending")
            line = line[:-1]
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            errors.append(f"{path}:{no}: expected 3 tab-separated columns, got {len(cols)}")
            continue
        term, alias_col, cat = cols
        if cat not in CATEGORIES:
            errors.append(f"{path}:{no}: unknown category {cat!r}")
        if not FORM_RE.match(term):
            errors.append(f"{path}:{no}: bad term {term!r} (>=2 chars, no spaces/punctuation)")
        if term in terms:
            errors.append(f"{path}:{no}: duplicate term {term!r} (first on line {terms[term]})")
        terms.setdefault(term, no)
        for a in alias_col.split("|") if alias_col else []:
            if not FORM_RE.match(a):
                errors.append(f"{path}:{no}: bad alias {a!r}")
            if a == term:
                errors.append(f"{path}:{no}: alias equals its own term {a!r}")
            if a in aliases:
                errors.append(f"{path}:{no}: alias {a!r} already used on line {aliases[a]}")
            aliases.setdefault(a, no)
    for a, no in aliases.items():
        if a in terms:
            errors.append(f"{path}:{no}: alias {a!r} is also a term (line {terms[a]})")
    if stopwords_path is not None:
        stop = load_wordlist(stopwords_path)
        for w in sorted(stop & (set(terms) | set(aliases))):
            errors.append(f"{stopwords_path}: {w!r} is a lexicon term or alias")
    return errors


def _next_chars(phrase: str, table: Counter) -> set[str]:
    """Suffixes x such that phrase + x was counted (cached lazily)."""
    idx = _NEXT_INDEX.get(id(table))
    if idx is None:
        idx = defaultdict(set)
        for p in table:
            for cut in range(2, len(p)):
                idx[p[:cut]].add(p[cut:])
        _NEXT_INDEX[id(table)] = idx
    return idx.get(phrase, set())


_NEXT_INDEX: dict[int, dict[str, set[str]]] = {}


if __name__ == "__main__":
    sys.exit(main())
