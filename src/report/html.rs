//! `index.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched).
//!
//! Every text that comes from the corpus or the user (file names, groups, terms, snippets)
//! goes through [`escape`]; markup is only ever written by this module.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ReportConfig;
use crate::corpus::Corpus;
use crate::keywords::Keyword;
use crate::themes::{PrevalenceRow, ThemeReport};

/// What the page shows.
pub(super) struct Page<'a> {
    pub corpus: &'a Corpus,
    pub config: &'a ReportConfig,
    pub themes: &'a ThemeReport,
    pub by_year: Option<&'a [PrevalenceRow]>,
    pub keywords: &'a [Keyword],
    /// Inline SVG charts by name (ranking, heatmap, …), already rendered.
    pub charts: &'a BTreeMap<String, String>,
    /// Extra sections (compare, similarity, reuse) as ready HTML, in order.
    pub sections: &'a [(String, String, String)],
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif;margin:0 auto;max-width:1200px;padding:0 1.5em 3em;color:#222;line-height:1.5}\
h1{margin-top:1em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\
nav a{margin-right:1em}table{border-collapse:collapse;margin:1em 0;font-size:.9em}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#f3f6f9;position:sticky;top:0;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.wide{overflow-x:auto}.chart svg{max-width:100%;height:auto}\
.ev li{margin:.4em 0}.src{color:#666;font-size:.85em;margin-right:.5em}mark{background:#F0E442}\
.note{color:#666;font-size:.9em}details{margin:.3em 0}summary{cursor:pointer}";

impl Page<'_> {
    /// The whole page.
    pub fn render(&self) -> String {
        let mut h = String::with_capacity(1 << 20);
        let by = escape(&self.themes.config.by);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>policylens report: {root}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>policylens report</h1>\n<p>{docs} documents, {chars} characters of cleaned \
             text from <code>{root}</code>, grouped by <b>{by}</b>; units: {unit}s; seed {seed}.</p>\n",
            root = escape(&self.corpus.root.display().to_string()),
            docs = self.corpus.documents.len(),
            chars = self.corpus.chars(),
            unit = self.themes.config.unit,
            seed = self.themes.config.seed,
        );
        h.push_str("<nav><a href=\"#ranking\">Themes</a><a href=\"#prevalence\">Theme × group</a>");
        if self.by_year.is_some() {
            h.push_str("<a href=\"#over-time\">Over time</a>");
        }
        h.push_str("<a href=\"#discovered\">Discovered</a><a href=\"#keywords\">Keywords</a>");
        for (id, title, _) in self.sections {
            let _ = write!(h, "<a href=\"#{}\">{}</a>", escape(id), escape(title));
        }
        h.push_str(
            "<a href=\"#evidence\">Evidence</a><a href=\"#documents\">Documents</a></nav>\n",
        );
        self.warnings(&mut h);
        self.ranking(&mut h);
        self.prevalence(&mut h);
        self.over_time(&mut h);
        self.discovered(&mut h);
        self.keywords(&mut h);
        for (id, title, body) in self.sections {
            let _ = write!(
                h,
                "<section id=\"{}\">\n<h2>{}</h2>\n{body}</section>\n",
                escape(id),
                escape(title)
            );
        }
        self.evidence(&mut h);
        self.documents(&mut h);
        h.push_str("<p class=\"note\">Made by policylens ");
        h.push_str(env!("CARGO_PKG_VERSION"));
        h.push_str(". Every table is also in <code>tables/</code> as CSV and JSON; settings, versions and timings are in <code>run.json</code>.</p>\n</body>\n</html>\n");
        h
    }

    fn chart(&self, h: &mut String, name: &str) {
        if let Some(svg) = self.charts.get(name) {
            h.push_str("<div class=\"chart\">");
            h.push_str(svg);
            h.push_str("</div>\n");
        }
    }

    fn warnings(&self, h: &mut String) {
        let skipped = &self.corpus.skipped;
        let warnings = &self.themes.warnings;
        if skipped.is_empty() && warnings.is_empty() {
            return;
        }
        h.push_str("<details><summary>Warnings</summary><ul>\n");
        for s in skipped {
            let _ = writeln!(
                h,
                "<li>skipped {}: {}</li>",
                escape(&s.file),
                escape(&s.reason)
            );
        }
        for w in warnings {
            let _ = writeln!(h, "<li>{}</li>", escape(w));
        }
        h.push_str("</ul></details>\n");
    }

    fn ranking(&self, h: &mut String) {
        h.push_str("<section id=\"ranking\">\n<h2>Themes, ranked</h2>\n<p class=\"note\">Ranked by the mean over groups of theme-term hits per 10,000 characters; prevalence is the share of all units carrying the theme, spread the groups where it reaches 5% of units, recurrence the documents. Each theme links to its evidence.</p>\n");
        self.chart(h, "theme_ranking");
        h.push_str("<table><tr><th>#</th><th>theme</th><th>per 10k chars</th><th>prevalence</th><th>share of chars</th><th>spread</th><th>recurrence</th><th>units</th></tr>\n");
        let names = self.themes.lexicon.names();
        for r in &self.themes.ranking {
            let t = names.iter().position(|n| *n == r.theme).unwrap_or(0);
            let _ = writeln!(
                h,
                "<tr><td class=\"n\">{}</td><td><a href=\"#ev-t{t}\">{}</a></td><td class=\"n\">{:.2}</td><td class=\"n\">{:.1}%</td><td class=\"n\">{:.1}%</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                r.rank,
                escape(&r.theme),
                r.per_10k,
                100.0 * r.prevalence,
                100.0 * r.char_share,
                r.spread,
                r.recurrence,
                r.units.len()
            );
        }
        h.push_str("</table>\n</section>\n");
    }

    /// Groups in the order of the prevalence table (sorted), and themes in lexicon order.
    fn axes(rows: &[PrevalenceRow], themes: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut groups: Vec<String> = rows.iter().map(|r| r.group.clone()).collect();
        groups.sort_unstable();
        groups.dedup();
        (groups, themes.iter().map(|t| t.to_string()).collect())
    }

    fn prevalence(&self, h: &mut String) {
        let names = self.themes.lexicon.names();
        let (groups, themes) = Self::axes(&self.themes.prevalence, &names);
        let _ = writeln!(
            h,
            "<section id=\"prevalence\">\n<h2>Theme × {}</h2>\n<p class=\"note\">Theme-term hits per 10,000 characters; hover a cell for the share of units with its bootstrap 95% interval; click it for the sentences behind it.</p>",
            escape(&self.themes.config.by)
        );
        self.chart(h, "theme_heatmap");
        self.chart(h, "theme_prevalence");
        self.matrix(h, &self.themes.prevalence, &groups, &themes, true);
        h.push_str("</section>\n");
    }

    /// A group × theme table of rates; with `links` each cell links to its evidence.
    fn matrix(
        &self,
        h: &mut String,
        rows: &[PrevalenceRow],
        groups: &[String],
        themes: &[String],
        links: bool,
    ) {
        let cell: BTreeMap<(&str, &str), &PrevalenceRow> = rows
            .iter()
            .map(|r| ((r.group.as_str(), r.theme.as_str()), r))
            .collect();
        // Cells are shaded by their rate, the darkest at the table's highest (one blue hue:
        // readable whatever the colour vision).
        let max = rows.iter().map(|r| r.per_10k).fold(0.0_f64, f64::max);
        let shade = |v: f64| {
            if max > 0.0 && v > 0.0 {
                format!(
                    " style=\"background:rgba(0,114,178,{:.2})\"",
                    0.05 + 0.5 * v / max
                )
            } else {
                String::new()
            }
        };
        h.push_str("<div class=\"wide\"><table><tr><th></th>");
        for t in themes {
            let _ = write!(h, "<th>{}</th>", escape(t));
        }
        h.push_str("</tr>\n");
        for (g, group) in groups.iter().enumerate() {
            let _ = write!(h, "<tr><th>{}</th>", escape(group));
            for (t, theme) in themes.iter().enumerate() {
                match cell.get(&(group.as_str(), theme.as_str())) {
                    Some(r) => {
                        let title = format!(
                            "{} units of {}: share {:.1}% [{:.1}%, {:.1}%]; per 10k chars {:.2} [{:.2}, {:.2}]",
                            r.units.len(),
                            r.group_units,
                            100.0 * r.share,
                            100.0 * r.share_lo,
                            100.0 * r.share_hi,
                            r.per_10k,
                            r.per_10k_lo,
                            r.per_10k_hi
                        );
                        if links && !r.units.is_empty() {
                            let _ = write!(
                                h,
                                "<td class=\"n\" title=\"{}\"{}><a href=\"#ev-g{g}-t{t}\">{:.2}</a></td>",
                                escape(&title),
                                shade(r.per_10k),
                                r.per_10k
                            );
                        } else {
                            let _ = write!(
                                h,
                                "<td class=\"n\" title=\"{}\"{}>{:.2}</td>",
                                escape(&title),
                                shade(r.per_10k),
                                r.per_10k
                            );
                        }
                    }
                    None => h.push_str("<td></td>"),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table></div>\n");
    }

    fn over_time(&self, h: &mut String) {
        let Some(rows) = self.by_year else { return };
        let names = self.themes.lexicon.names();
        let (years, themes) = Self::axes(rows, &names);
        h.push_str("<section id=\"over-time\">\n<h2>Themes over time</h2>\n<p class=\"note\">Theme-term hits per 10,000 characters by the year each document speaks of.</p>\n");
        self.chart(h, "themes_over_time");
        for i in 0..3 {
            self.chart(h, &format!("small_multiples_{i}"));
        }
        self.matrix(h, rows, &years, &themes, false);
        h.push_str("</section>\n");
    }

    fn discovered(&self, h: &mut String) {
        h.push_str("<section id=\"discovered\">\n<h2>Discovered themes</h2>\n");
        if self.themes.discovered.is_empty() {
            h.push_str(
                "<p class=\"note\">Discovery was off or found no clusters.</p>\n</section>\n",
            );
            return;
        }
        h.push_str("<p class=\"note\">Units clustered by k-means on reduced TF-IDF vectors, each cluster labelled by its distinctive terms (class-based TF-IDF) and matched to the closest guided theme; a low similarity marks a theme the lexicon does not have.</p>\n<table><tr><th>cluster</th><th>units</th><th>distinctive terms</th><th>nearest theme</th><th>similarity</th><th>most representative</th></tr>\n");
        for d in &self.themes.discovered {
            let _ = write!(
                h,
                "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{:.2}</td><td>",
                d.cluster,
                d.size,
                escape(&d.label_terms.join("、")),
                escape(d.nearest_theme.as_deref().unwrap_or("—")),
                d.similarity
            );
            for r in d.representative.iter().take(2) {
                let _ = write!(
                    h,
                    "<details><summary><span class=\"src\">{} ¶{}</span>{}</summary>{}</details>",
                    escape(&r.file),
                    r.paragraph,
                    escape(&shorten(&r.text, 40)),
                    escape(&r.text)
                );
            }
            h.push_str("</td></tr>\n");
        }
        h.push_str("</table>\n</section>\n");
    }

    fn keywords(&self, h: &mut String) {
        let _ = writeln!(
            h,
            "<section id=\"keywords\">\n<h2>Keywords by {}</h2>\n<p class=\"note\">Top terms of each group by {}; the count is the term's occurrences in the group.</p>\n<table><tr><th>group</th><th>keywords</th></tr>",
            escape(&self.themes.config.by),
            self.config.keywords.method
        );
        let mut by_group: BTreeMap<&str, Vec<&Keyword>> = BTreeMap::new();
        for k in self.keywords {
            by_group.entry(&k.group).or_default().push(k);
        }
        for (group, words) in by_group {
            let list: Vec<String> = words
                .iter()
                .map(|k| format!("{} <span class=\"src\">{}</span>", escape(&k.term), k.count))
                .collect();
            let _ = writeln!(
                h,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(group),
                list.join(" · ")
            );
        }
        h.push_str("</table>\n</section>\n");
    }

    fn evidence(&self, h: &mut String) {
        let names = self.themes.lexicon.names();
        let (groups, themes) = Self::axes(&self.themes.prevalence, &names);
        let cells: BTreeMap<(&str, &str), &PrevalenceRow> = self
            .themes
            .prevalence
            .iter()
            .map(|r| ((r.group.as_str(), r.theme.as_str()), r))
            .collect();
        let _ = writeln!(
            h,
            "<section id=\"evidence\">\n<h2>Evidence</h2>\n<p class=\"note\">For each theme and group, the units that carry the theme, strongest first (at most {} here; all are listed in <code>tables/theme_units.csv</code>). Offsets are bytes into the document's cleaned text.</p>",
            self.config.evidence_per_cell
        );
        for (t, theme) in themes.iter().enumerate() {
            let terms = self.theme_terms(theme);
            let _ = writeln!(h, "<h3 id=\"ev-t{t}\">{}</h3>", escape(theme));
            for (g, group) in groups.iter().enumerate() {
                let Some(cell) = cells.get(&(group.as_str(), theme.as_str())) else {
                    continue;
                };
                if cell.units.is_empty() {
                    continue;
                }
                let mut evidence = match self.themes.evidence(self.corpus, group, theme) {
                    Ok(e) => e,
                    Err(_) => continue,
                };
                evidence.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.unit.cmp(&b.unit)));
                let _ = writeln!(
                    h,
                    "<details id=\"ev-g{g}-t{t}\"><summary>{} · {}: {} of {} units ({:.1}%)</summary><ol class=\"ev\">",
                    escape(group),
                    escape(theme),
                    cell.units.len(),
                    cell.group_units,
                    100.0 * cell.share
                );
                for e in evidence.iter().take(self.config.evidence_per_cell) {
                    let _ = writeln!(
                        h,
                        "<li><span class=\"src\">{} ¶{} [{}, {})</span>{}</li>",
                        escape(&e.file),
                        e.paragraph,
                        e.start,
                        e.end,
                        highlight(&shorten(&e.text, self.config.snippet_chars), &terms)
                    );
                }
                h.push_str("</ol></details>\n");
            }
        }
        h.push_str("</section>\n");
    }

    /// A theme's seeds and expanded terms, longest first.
    fn theme_terms(&self, theme: &str) -> Vec<String> {
        let mut terms: Vec<String> = self
            .themes
            .lexicon
            .theme(theme)
            .map(|t| {
                let mut v = t.seeds.clone();
                v.extend(t.expanded.iter().map(|e| e.term.clone()));
                v
            })
            .unwrap_or_default();
        terms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        terms
    }

    fn documents(&self, h: &mut String) {
        h.push_str("<section id=\"documents\">\n<h2>Documents</h2>\n<div class=\"wide\"><table><tr><th>file</th><th>locality</th><th>level</th><th>province</th><th>city</th><th>year</th><th>encoding</th><th>chars</th><th>paragraphs</th></tr>\n");
        for d in &self.corpus.documents {
            let m = &d.metadata;
            let opt = |v: Option<&str>| escape(v.unwrap_or(""));
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&d.file),
                opt(m.locality.value.as_deref()),
                opt(m.level.value.map(|l| l.as_str())),
                opt(m.province.value.as_deref()),
                opt(m.city.value.as_deref()),
                m.year.value.map(|y| y.to_string()).unwrap_or_default(),
                d.encoding,
                d.chars(),
                d.structure.paragraphs.len()
            );
        }
        h.push_str("</table></div>\n</section>\n");
    }
}

/// The first `max` characters of `text`, with an ellipsis when it was longer.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// `text` escaped, with every occurrence of `terms` (longest first, no overlaps) marked.
pub(super) fn highlight(text: &str, terms: &[String]) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for term in terms.iter().filter(|t| !t.is_empty()) {
        for (start, m) in text.match_indices(term.as_str()) {
            let end = start + m.len();
            if spans.iter().all(|&(s, e)| end <= s || start >= e) {
                spans.push((start, end));
            }
        }
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len() + spans.len() * 13);
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&escape(&text[at..start]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[start..end]));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    out
}
