use super::*;

fn docs() -> Vec<KeywordDoc<'static>> {
    let doc = |group: &str, units: Vec<Vec<&'static str>>| KeywordDoc {
        group: group.to_string(),
        units,
    };
    vec![
        doc(
            "稠江",
            vec![vec!["有机更新", "快递", "有机更新"], vec!["快递"]],
        ),
        doc("金沙", vec![vec!["党建引领", "网格化", "快递"]]),
        doc("金沙", vec![vec!["党建引领"]]),
    ]
}

fn run(method: KeywordMethod, top: usize) -> Vec<Keyword> {
    let config = KeywordConfig {
        method,
        top,
        ..KeywordConfig::default()
    };
    extract(&docs(), &config).unwrap()
}

#[test]
fn tfidf_multiplies_group_counts_by_document_idf() {
    let rows = run(KeywordMethod::Tfidf, 10);
    let get = |g: &str, t: &str| rows.iter().find(|k| k.group == g && k.term == t).unwrap();
    // Three documents; 快递 is in two, 有机更新 in one.
    let idf = |df: f64| (4.0 / (1.0 + df)).ln() + 1.0;
    assert!((get("稠江", "有机更新").score - 2.0 * idf(1.0)).abs() < 1e-12);
    assert!((get("稠江", "快递").score - 2.0 * idf(2.0)).abs() < 1e-12);
    assert!((get("金沙", "党建引领").score - 2.0 * idf(2.0)).abs() < 1e-12);
    assert_eq!(get("金沙", "党建引领").count, 2);
    let groups: Vec<&str> = rows.iter().map(|k| k.group.as_str()).collect();
    assert_eq!(groups, ["稠江", "稠江", "金沙", "金沙", "金沙"]);
    assert_eq!(rows[0].rank, 1);
    assert_eq!(rows[0].term, "有机更新");
}

#[test]
fn ctfidf_follows_bertopic() {
    let rows = run(KeywordMethod::Ctfidf, 1);
    assert_eq!(rows.len(), 2);
    // Sizes 4 and 4: A = 4. 有机更新: 2/4 × ln(1 + 4/2); 快递 (f = 3): 2/4 × ln(1 + 4/3).
    assert_eq!(rows[0].term, "有机更新");
    assert!((rows[0].score - 0.5 * 3f64.ln()).abs() < 1e-12);
    assert_eq!((rows[1].term.as_str(), rows[1].count), ("党建引领", 2));
}

#[test]
fn ties_go_to_the_term_first_in_code_point_order() {
    let tied = [KeywordDoc {
        group: "乙".to_string(),
        units: vec![vec!["基层治理", "城市更新"]],
    }];
    for method in [
        KeywordMethod::Tfidf,
        KeywordMethod::Textrank,
        KeywordMethod::Ctfidf,
    ] {
        let config = KeywordConfig {
            method,
            ..KeywordConfig::default()
        };
        let rows = extract(&tied, &config).unwrap();
        assert_eq!(rows[0].score, rows[1].score, "{method}");
        let terms: Vec<&str> = rows.iter().map(|k| k.term.as_str()).collect();
        assert_eq!(terms, ["城市更新", "基层治理"], "{method}");
        assert_eq!((rows[0].rank, rows[1].rank), (1, 2));
    }
    let textrank = run(KeywordMethod::Textrank, 10);
    assert!(textrank.iter().all(|k| k.score > 0.0));
    assert_eq!(textrank.iter().filter(|k| k.group == "稠江").count(), 2);
}

#[test]
fn bad_settings_are_refused_before_work() {
    for (config, name) in [
        (
            KeywordConfig {
                top: 0,
                ..KeywordConfig::default()
            },
            "top",
        ),
        (
            KeywordConfig {
                window: 1,
                ..KeywordConfig::default()
            },
            "window",
        ),
        (
            KeywordConfig {
                damping: 1.0,
                ..KeywordConfig::default()
            },
            "damping",
        ),
        (
            KeywordConfig {
                tolerance: 0.0,
                ..KeywordConfig::default()
            },
            "tolerance",
        ),
    ] {
        let err = extract(&docs(), &config).unwrap_err().to_string();
        assert!(err.starts_with(&format!("invalid {name} = ")), "{err}");
    }
    assert_eq!(
        "textrank".parse::<KeywordMethod>().unwrap(),
        KeywordMethod::Textrank
    );
    assert!("lda".parse::<KeywordMethod>().is_err());
}
