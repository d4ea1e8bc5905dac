//! Discovering formulations: a planted formulation ranks first, the measures match values
//! worked out by hand, numbered formulations are found in a seed, and `--as-dict` output is a
//! dictionary policylens reads back.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use policylens::corpus::{self, Corpus, Document, LoadOptions};
use policylens::segment::{parse_dict, SegmentConfig, Segmenter};
use policylens::terms::{dict_lines, discover, Candidate, CandidateKind, TermsConfig};
use serde_json::Value;

fn corpus_of(texts: &[String]) -> Corpus {
    let documents = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::from_text(&format!("{i}.txt"), t, &LoadOptions::default()))
        .collect();
    Corpus {
        documents,
        ..Corpus::default()
    }
}

fn segmenter() -> Segmenter {
    Segmenter::new(&SegmentConfig::default()).unwrap()
}

/// Everything, however rare, known or short.
fn everything() -> TermsConfig {
    TermsConfig {
        min_freq: 1,
        min_docs: 1,
        min_chars: 2,
        top: 100_000,
        include_known: true,
        ..TermsConfig::default()
    }
}

fn find<'a>(candidates: &'a [Candidate], term: &str) -> &'a Candidate {
    candidates
        .iter()
        .find(|c| c.term == term)
        .unwrap_or_else(|| panic!("{term} not among the candidates"))
}

/// Six short reports on varied topics, each mentioning the planted 红根先锋 once, in a
/// different context.
fn planted_corpus() -> Corpus {
    let pool = [
        "今年以来，街道聚焦产业培育，全年完成固定资产投资12亿元。",
        "持续改善人居环境，新建口袋公园3个，整治背街小巷15条。",
        "深化平安建设，矛盾纠纷调处成功率达到98%。",
        "加快老旧小区改造，惠及居民2000余户。",
        "组织开展文明实践活动120余场，志愿服务时长突破万小时。",
        "完善养老服务体系，建成社区食堂4家。",
        "推进数字化转型，企业上云数量位居全区前列。",
        "强化安全生产监管，排查整改隐患300余处。",
        "实施河道综合整治，水质稳定达到三类标准。",
        "优化政务服务流程，办理时限压缩一半。",
        "招引亿元以上项目5个，新签约外资项目2个。",
        "举办招聘活动8场，帮助400余人实现就业。",
        "扎实做好防汛工作，确保安全度汛。",
        "推动农文旅融合发展，接待游客同比增长三成。",
        "提升基层治理水平，网格员队伍不断壮大。",
        "加强食品安全检查，抽检合格率保持高位。",
    ];
    let planted = [
        "以“红根先锋”工程为抓手，推动党员下沉网格。",
        "深化红根先锋行动，组建党员突击队12支。",
        "打造红根先锋品牌，带动居民参与社区议事。",
        "红根先锋队伍活跃在防汛一线。",
        "依托红根先锋阵地，开展政策宣讲40余场。",
        "开展“红根先锋”评选，表彰先进党员30名。",
    ];
    let texts: Vec<String> = planted
        .iter()
        .enumerate()
        .map(|(i, plant)| {
            let mut lines: Vec<&str> = (0..5).map(|k| pool[(i * 3 + k) % pool.len()]).collect();
            lines.insert(2, plant);
            lines.join("\n")
        })
        .collect();
    corpus_of(&texts)
}

#[test]
fn a_planted_formulation_that_jieba_splits_ranks_first() {
    let segmenter = segmenter();
    assert!(segmenter.cut("红根先锋").len() > 1, "jieba must split it");
    let config = TermsConfig {
        min_freq: 3,
        min_docs: 3,
        ..TermsConfig::default()
    };
    let found = discover(&planted_corpus(), &segmenter, &config).unwrap();
    assert_eq!(found[0].term, "红根先锋", "{found:?}");
    assert_eq!((found[0].freq, found[0].docs, found[0].quoted), (6, 6, 2));
    assert!(!found[0].known);
}

#[test]
fn pmi_and_entropy_match_hand_computed_values() {
    let segmenter = segmenter();
    let texts = [
        "红根先锋服务发展，红根先锋服务群众。".to_string(),
        "坚持红根先锋，服务群众。".to_string(),
    ];
    let words: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| segmenter.cut(t).into_iter().map(|t| t.text).collect())
        .collect();
    assert_eq!(
        words[0],
        [
            "红", "根", "先锋", "服务", "发展", "，", "红", "根", "先锋", "服务", "群众", "。"
        ]
    );
    assert_eq!(
        words[1],
        ["坚持", "红", "根", "先锋", "，", "服务", "群众", "。"]
    );
    let found = discover(&corpus_of(&texts), &segmenter, &everything()).unwrap();
    // N = 16 word tokens; 红, 根, 先锋, 服务 occur 3 times, 群众 twice.
    let n = 16.0_f64;
    let c = find(&found, "红根先锋");
    assert_eq!((c.freq, c.docs), (3, 2));
    // Both splits (红 | 根先锋, 红根 | 先锋) give ln(3·16 / (3·3)).
    assert!((c.pmi - (3.0 * n / 9.0).ln()).abs() < 1e-12, "{}", c.pmi);
    // Left: text start and "，" (free edges, 1/3 each) and 坚持: ln 3.
    assert!((c.left_entropy - 3.0_f64.ln()).abs() < 1e-12);
    // Right: 服务 twice, "，" once: −(2/3)ln(2/3) + (1/3)ln 3.
    let right = -(2.0 / 3.0) * (2.0_f64 / 3.0).ln() + 3.0_f64.ln() / 3.0;
    assert!((c.right_entropy - right).abs() < 1e-12);
    // 红根先锋服务 (twice): the weakest split is 红根先锋 | 服务, ln(2·16 / (3·3)), not the
    // product over single tokens.
    let c = find(&found, "红根先锋服务");
    assert!((c.pmi - (2.0 * n / 9.0).ln()).abs() < 1e-12, "{}", c.pmi);
    // 服务群众: ln(2·16 / (3·2)).
    let c = find(&found, "服务群众");
    assert!((c.pmi - (2.0 * n / 6.0).ln()).abs() < 1e-12, "{}", c.pmi);
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus/seeds")
        .join(name)
}

#[test]
fn numbered_formulations_are_found_in_seed_003() {
    let corpus = corpus::load(&seed("003_fe0a95f5f2085df9.txt"), &LoadOptions::default()).unwrap();
    let found = discover(&corpus, &segmenter(), &everything()).unwrap();
    for term in ["五张清单", "四场硬仗"] {
        assert_eq!(find(&found, term).kind, CandidateKind::Numbered, "{term}");
    }
}

#[test]
fn quantities_are_not_numbered_formulations() {
    let texts: Vec<String> = (0..4)
        .map(|i| {
            let n = ["三", "五", "八", "十"][i];
            format!("推进“五个一批”，建成{n}个项目。落实五个一批，新增{n}个项目，2023年完成。")
        })
        .collect();
    let found = discover(&corpus_of(&texts), &segmenter(), &everything()).unwrap();
    let numbered: Vec<&str> = found
        .iter()
        .filter(|c| c.kind == CandidateKind::Numbered)
        .map(|c| c.term.as_str())
        .collect();
    assert!(numbered.contains(&"五个一批"), "{numbered:?}");
    assert!(!numbered.iter().any(|t| t.contains("项目")), "{numbered:?}");
    assert!(!found.iter().any(|c| c.term.contains("2023")));
}

#[test]
fn known_formulations_are_left_out_unless_asked_for() {
    let texts: Vec<String> = ["一", "二", "三"]
        .iter()
        .map(|i| format!("第{i}季度，坚持党建引领，“红根先锋”带头，持续优化营商环境。"))
        .collect();
    let corpus = corpus_of(&texts);
    // Without the lexicon jieba splits 党建引领 and 营商环境, which come back as candidates.
    let segmenter = Segmenter::new(&SegmentConfig {
        policy_lexicon: false,
        ..SegmentConfig::default()
    })
    .unwrap();
    let all = discover(&corpus, &segmenter, &everything()).unwrap();
    assert!(all.iter().any(|c| c.known), "{all:?}");
    let unknown = TermsConfig {
        include_known: false,
        ..everything()
    };
    let found = discover(&corpus, &segmenter, &unknown).unwrap();
    assert!(!found.is_empty() && found.iter().all(|c| !c.known));
}

#[test]
fn dictionary_lines_parse_and_keep_the_terms_whole() {
    let segmenter = segmenter();
    let config = TermsConfig {
        min_freq: 3,
        min_docs: 3,
        top: 5,
        ..TermsConfig::default()
    };
    let found = discover(&planted_corpus(), &segmenter, &config).unwrap();
    let text = dict_lines(&found);
    let entries = parse_dict(&text, "new.dict").unwrap();
    assert_eq!(entries.len(), found.len());
    assert_eq!(entries[0].word, "红根先锋");
    assert_eq!(entries[0].freq, Some(6));
    assert_eq!(entries[0].tag.as_deref(), Some("nz"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.dict");
    std::fs::write(&path, &text).unwrap();
    let with_dict = Segmenter::new(&SegmentConfig {
        user_dicts: vec![path],
        ..SegmentConfig::default()
    })
    .unwrap();
    let tokens: Vec<&str> = with_dict
        .cut("依托红根先锋阵地")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert!(tokens.contains(&"红根先锋"), "{tokens:?}");
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let corpus = planted_corpus();
    let segmenter = segmenter();
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| discover(&corpus, &segmenter, &everything()).unwrap())
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn out_of_range_settings_are_refused_by_name() {
    let corpus = planted_corpus();
    let segmenter = segmenter();
    for (config, name) in [
        (
            TermsConfig {
                max_tokens: 5,
                ..TermsConfig::default()
            },
            "max_tokens = 5",
        ),
        (
            TermsConfig {
                max_tokens: 1,
                ..TermsConfig::default()
            },
            "max_tokens = 1",
        ),
        (
            TermsConfig {
                top: 0,
                ..TermsConfig::default()
            },
            "top = 0",
        ),
        (
            TermsConfig {
                min_freq: 0,
                ..TermsConfig::default()
            },
            "min_freq = 0",
        ),
        (
            TermsConfig {
                min_docs: 0,
                ..TermsConfig::default()
            },
            "min_docs = 0",
        ),
        (
            TermsConfig {
                min_chars: 1,
                ..TermsConfig::default()
            },
            "min_chars = 1",
        ),
    ] {
        let err = discover(&corpus, &segmenter, &config).unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
    }
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

#[test]
fn terms_json_rows_have_the_documented_fields() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds");
    let output = policylens()
        .args(["terms", dir.to_str().unwrap(), "--min-docs", "2", "--all"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!rows.is_empty());
    for row in &rows {
        for field in [
            "term",
            "freq",
            "docs",
            "pmi",
            "left_entropy",
            "right_entropy",
            "known",
        ] {
            assert!(row.get(field).is_some(), "missing {field} in {row}");
        }
    }
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "sorted by score");
}

#[test]
fn terms_as_dict_prints_a_dictionary_policylens_reads() {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in planted_corpus().documents.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.txt")), &text.text).unwrap();
    }
    let output = policylens()
        .args(["terms", dir.path().to_str().unwrap(), "--as-dict"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let entries = parse_dict(&text, "stdout").unwrap();
    assert_eq!(entries[0].word, "红根先锋", "{text}");
}
