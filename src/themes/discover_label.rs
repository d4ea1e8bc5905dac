//! Describing clusters: distinctive terms by class-based TF-IDF, the nearest guided theme, and
//! the units closest to each centroid.

use ndarray::Array2;
use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use crate::keywords::{best_first, ctfidf};

/// A cluster's terms with their c-TF-IDF scores, best first.
pub(crate) type Profile = Vec<(String, f64)>;

/// Each cluster's c-TF-IDF profile: every term of its units with its score, best first (ties to
/// the term first in code-point order), as [`crate::keywords`]' `Ctfidf` method scores it with
/// clusters as groups; and every term the clustered units hold. `kept[i]` is the unit of
/// `labels[i]`. Clusters are counted in parallel, each over its own units.
pub(crate) fn profiles<'a, D, S>(
    units: &'a [D],
    kept: &[usize],
    labels: &[usize],
    k: usize,
) -> (Vec<Profile>, FxHashSet<&'a str>)
where
    D: AsRef<[S]> + Sync,
    S: AsRef<str> + Sync + 'a,
{
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (&unit, &c) in kept.iter().zip(labels) {
        if let Some(m) = members.get_mut(c) {
            m.push(unit);
        }
    }
    let counts: Vec<FxHashMap<&'a str, u64>> = members
        .par_iter()
        .map(|units_of| {
            let mut counts = FxHashMap::default();
            for token in units_of.iter().filter_map(|&u| units.get(u)) {
                for t in token.as_ref() {
                    *counts.entry(t.as_ref()).or_default() += 1;
                }
            }
            counts
        })
        .collect();
    let terms: FxHashSet<&str> = counts.iter().flat_map(|c| c.keys().copied()).collect();
    // Groups without units are not groups to c-TF-IDF (they would lower the average size).
    let (present, nonempty): (Vec<usize>, Vec<FxHashMap<&str, u64>>) = counts
        .into_iter()
        .enumerate()
        .filter(|(c, _)| !members[*c].is_empty())
        .unzip();
    let mut out = vec![Vec::new(); k];
    for (&c, mut scored) in present.iter().zip(ctfidf(&nonempty)) {
        best_first(&mut scored);
        out[c] = scored
            .into_iter()
            .map(|(t, s)| (t.to_string(), s))
            .collect();
    }
    (out, terms)
}

/// The guided theme most like a cluster's profile, with the similarity; `None` when no theme
/// shares a term with it. The similarity is the cosine between the profile and the theme's
/// indicator vector (1 on each distinct theme term found in the corpus, so lexicon entries the
/// corpus never uses do not dilute a theme): `Σ_{t ∈ T} p(t) / (‖p‖ √|T|)`, in `[0, 1]` since
/// c-TF-IDF scores are positive. Ties go to the theme listed first.
pub(crate) fn nearest_theme(
    profile: &[(String, f64)],
    themes: &[(String, Vec<String>)],
    corpus_terms: &FxHashSet<&str>,
) -> (Option<String>, f64) {
    let scores: FxHashMap<&str, f64> = profile.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    let length = profile.iter().map(|(_, s)| s * s).sum::<f64>().sqrt();
    let mut best: (Option<String>, f64) = (None, 0.0);
    if length <= 0.0 {
        return best;
    }
    for (name, terms) in themes {
        let present: FxHashSet<&str> = terms
            .iter()
            .map(String::as_str)
            .filter(|t| corpus_terms.contains(t))
            .collect();
        if present.is_empty() {
            continue;
        }
        let dot: f64 = present.iter().filter_map(|t| scores.get(t)).sum();
        let similarity = (dot / (length * (present.len() as f64).sqrt())).clamp(0.0, 1.0);
        if similarity > best.1 {
            best = (Some(name.clone()), similarity);
        }
    }
    best
}

/// Centroids (means of the members' rows of `x`) and, per cluster, up to `count` members
/// closest to the centroid (largest dot product with it, which for unit-length rows is the
/// smallest distance), ties to the lower row.
pub(crate) fn representatives(
    x: &Array2<f64>,
    labels: &[usize],
    k: usize,
    count: usize,
) -> Vec<Vec<usize>> {
    let dims = x.ncols();
    let mut centroids = Array2::<f64>::zeros((k, dims));
    let mut sizes = vec![0usize; k];
    for (i, &c) in labels.iter().enumerate() {
        sizes[c] += 1;
        let mut row = centroids.row_mut(c);
        row += &x.row(i);
    }
    for (c, &size) in sizes.iter().enumerate() {
        if size > 0 {
            centroids.row_mut(c).mapv_inplace(|v| v / size as f64);
        }
    }
    let mut scored: Vec<Vec<(f64, usize)>> = vec![Vec::new(); k];
    for (i, &c) in labels.iter().enumerate() {
        scored[c].push((x.row(i).dot(&centroids.row(c)), i));
    }
    scored
        .into_iter()
        .map(|mut members| {
            members.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            members.into_iter().take(count).map(|(_, i)| i).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_rank_each_clusters_own_terms_first() {
        let a: &[&str] = &["城市更新", "城市更新", "营商环境"];
        let b: &[&str] = &["党建引领", "营商环境"];
        let c: &[&str] = &["未聚类"];
        let units = [a, c, b, b];
        let (p, terms) = profiles(&units, &[0, 2, 3], &[0, 1, 1], 2);
        assert_eq!(p[0][0].0, "城市更新");
        assert_eq!(p[1][0].0, "党建引领");
        let mut terms: Vec<&str> = terms.into_iter().collect();
        terms.sort_unstable();
        assert_eq!(terms, ["党建引领", "城市更新", "营商环境"]);
    }

    #[test]
    fn nearest_theme_is_none_without_shared_terms() {
        let profile = vec![("城市更新".to_string(), 0.5), ("营商环境".to_string(), 0.1)];
        let corpus: FxHashSet<&str> = ["城市更新", "营商环境", "党建引领"].into_iter().collect();
        let themes = vec![
            ("党建".to_string(), vec!["党建引领".to_string()]),
            (
                "更新".to_string(),
                vec!["城市更新".to_string(), "未见词".to_string()],
            ),
        ];
        let (name, sim) = nearest_theme(&profile, &themes, &corpus);
        assert_eq!(name.as_deref(), Some("更新"));
        assert!((sim - 0.5 / (0.26f64).sqrt()).abs() < 1e-12);
        let (name, sim) = nearest_theme(&profile, &themes[..1], &corpus);
        assert_eq!((name, sim), (None, 0.0));
    }
}
