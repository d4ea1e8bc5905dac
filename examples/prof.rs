use std::time::Instant;
fn main() {
    let root = std::path::Path::new("data/corpus/city-gwr-2024");
    let corpus = policylens::corpus::load(root, &Default::default()).unwrap();
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let jieba = jieba_rs::Jieba::new();
    let mut big = jieba_rs::Jieba::new();
    for w in policylens::PolicyLexicon::bundled().words() {
        big.add_word(w, None, Some("nz"));
    }
    let mut big2 = big.clone();
    for w in policylens::corpus::Gazetteer::bundled().place_names() {
        big2.add_word(w, None, Some("ns"));
    }
    let seg = policylens::segment::Segmenter::new(&Default::default()).unwrap();
    let mut best = std::collections::BTreeMap::<&str, u128>::new();
    let mut rec = |k: &'static str, t: Instant| {
        let e = t.elapsed().as_micros();
        let b = best.entry(k).or_insert(u128::MAX);
        *b = (*b).min(e);
    };
    for round in 0..9 {
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| jieba.cut(t, false).len()).sum();
        rec("cut default", t);
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| big.cut(t, false).len()).sum();
        rec("cut +lexicon", t);
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| big2.cut(t, false).len()).sum();
        rec("cut +lex+places", t);
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| big2.tag(t, false).len()).sum();
        rec("tag +lex+places", t);
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| seg.cut(t).len()).sum();
        rec("seg.cut", t);
        let t = Instant::now();
        let _n: usize = texts.iter().map(|t| seg.tokens(t).len()).sum();
        rec("seg.tokens", t);
    }
    for (k, v) in &best {
        println!("{k}: {v} us");
    }
}
