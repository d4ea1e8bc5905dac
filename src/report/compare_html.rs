//! The report's comparison sections: keyness per group, the similarity matrix, text reuse.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::{escape, shorten};
use super::{Comparison, ReportConfig};

/// Terms shown per group in the page (the tables hold `keyness.top`).
const SHOWN_TERMS: usize = 10;
/// Reuse pairs shown in the page.
const SHOWN_PAIRS: usize = 30;

/// (id, title, HTML body) of each section, in page order; `charts` are inline SVG by name.
pub(super) fn sections(
    comparison: &Comparison,
    config: &ReportConfig,
    by: &str,
    charts: &BTreeMap<String, String>,
) -> Vec<(String, String, String)> {
    vec![
        (
            "keyness".to_string(),
            format!("Distinctive terms by {by}"),
            keyness(comparison, config, charts),
        ),
        (
            "similarity".to_string(),
            format!("Similarity between {by} groups"),
            similarity(comparison, charts),
        ),
        (
            "reuse".to_string(),
            "Reused paragraphs".to_string(),
            reuse(comparison, config),
        ),
    ]
}

fn keyness(c: &Comparison, config: &ReportConfig, charts: &BTreeMap<String, String>) -> String {
    let mut h = String::new();
    if c.keyness.is_empty() {
        h.push_str("<p class=\"note\">Fewer than two groups: nothing to compare.</p>\n");
        return h;
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">Each group against all the others: the terms it uses far more than its peers, by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &amp; Quinn 2008) as a z-score; rates are per 10,000 tokens, so report length does not decide. {} Terms with q ≥ 0.05 (Benjamini–Hochberg) are greyed. The full rows (G², χ², log ratio, p, q) are in <code>tables/keyness.csv</code>.</p>",
        if config.keyness_exclude_reuse {
            format!(
                "{} paragraphs reused across documents (below) are left out, so template language does not count as local emphasis.",
                c.excluded
            )
        } else {
            String::new()
        }
    );
    let mut by_group: BTreeMap<&str, Vec<&crate::compare::KeynessRow>> = BTreeMap::new();
    for row in &c.keyness {
        by_group.entry(&row.group).or_default().push(row);
    }
    for (i, (group, rows)) in by_group.iter().enumerate() {
        let _ = writeln!(
            h,
            "<details{}><summary><b>{}</b>: {}</summary>",
            if i < 3 { " open" } else { "" },
            escape(group),
            escape(
                &rows
                    .iter()
                    .take(5)
                    .map(|r| r.term.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            )
        );
        if let Some(svg) = charts.get(&format!("keyness_{i}")) {
            let _ = write!(h, "<div class=\"chart\">{svg}</div>");
        }
        h.push_str("<table><tr><th>term</th><th>z</th><th>per 10k here</th><th>per 10k elsewhere</th><th>count</th><th>G²</th><th>q</th></tr>\n");
        for r in rows.iter().take(SHOWN_TERMS) {
            let grey = if r.q >= 0.05 {
                " style=\"color:#999\""
            } else {
                ""
            };
            let _ = writeln!(
                h,
                "<tr{grey}><td>{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.2e}</td></tr>",
                escape(&r.term),
                r.log_odds_z,
                r.per10k_group,
                r.per10k_rest,
                r.count_group,
                r.g2,
                r.q
            );
        }
        h.push_str("</table></details>\n");
    }
    h
}

fn similarity(c: &Comparison, charts: &BTreeMap<String, String>) -> String {
    let mut h = String::new();
    if c.similarity.is_empty() {
        h.push_str("<p class=\"note\">Fewer than two groups: nothing to compare.</p>\n");
        return h;
    }
    h.push_str("<p class=\"note\">Cosine of the groups' TF-IDF profiles (1: the same vocabulary in the same proportions); hover a cell for the Jensen–Shannon divergence of their term distributions and the distance of their theme profiles. All three are in <code>tables/similarity.csv</code>.</p>\n");
    if let Some(svg) = charts.get("similarity") {
        let _ = writeln!(h, "<div class=\"chart\">{svg}</div>");
    }
    let mut groups: Vec<&str> = c.similarity.iter().map(|r| r.a.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let cells: BTreeMap<(&str, &str), &crate::compare::SimilarityRow> = c
        .similarity
        .iter()
        .map(|r| ((r.a.as_str(), r.b.as_str()), r))
        .collect();
    h.push_str("<div class=\"wide\"><table><tr><th></th>");
    for g in &groups {
        let _ = write!(h, "<th>{}</th>", escape(g));
    }
    h.push_str("</tr>\n");
    for a in &groups {
        let _ = write!(h, "<tr><th>{}</th>", escape(a));
        for b in &groups {
            match cells.get(&(*a, *b)) {
                Some(r) => {
                    let _ = write!(
                        h,
                        "<td class=\"n\" title=\"Jensen–Shannon {:.3}; theme distance {:.3}\" style=\"background:rgba(0,114,178,{:.2})\">{:.2}</td>",
                        r.jensen_shannon,
                        r.theme_distance,
                        0.05 + 0.5 * r.cosine.clamp(0.0, 1.0),
                        r.cosine
                    );
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table></div>\n");
    h
}

fn reuse(c: &Comparison, config: &ReportConfig) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<p class=\"note\">Paragraphs of at least {} characters that recur, nearly word for word, in another document (character {}-shingles, MinHash/LSH, exact Jaccard ≥ {}): template language, not local emphasis. {} pairs; the most similar {} are shown, the first {} in <code>tables/reuse.csv</code>.</p>",
        config.reuse.min_chars,
        config.reuse.shingle,
        config.reuse.threshold,
        c.reuse_total,
        SHOWN_PAIRS.min(c.reuse.len()),
        c.reuse.len()
    );
    if c.reuse.is_empty() {
        return h;
    }
    // Already the most similar first.
    let pairs = &c.reuse;
    h.push_str("<table><tr><th>paragraph</th><th>also in</th><th>Jaccard</th><th>text</th></tr>\n");
    for p in pairs.iter().take(SHOWN_PAIRS) {
        let _ = writeln!(
            h,
            "<tr><td>{} ¶{}</td><td>{} ¶{}</td><td class=\"n\">{:.2}</td><td>{}</td></tr>",
            escape(&p.a_file),
            p.a_paragraph,
            escape(&p.b_file),
            p.b_paragraph,
            p.similarity,
            escape(&shorten(&p.text, config.snippet_chars))
        );
    }
    h.push_str("</table>\n");
    h
}
