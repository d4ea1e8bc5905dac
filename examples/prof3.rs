fn main() {
    let root = std::path::Path::new("data/corpus/city-gwr-2024");
    let corpus = policylens::corpus::load(root, &Default::default()).unwrap();
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let mode = std::env::args().nth(1).unwrap();
    let mut jieba = jieba_rs::Jieba::new();
    if mode.contains("lex") {
        for w in policylens::PolicyLexicon::bundled().words() {
            jieba.add_word(w, None, Some("nz"));
        }
    }
    if mode.contains("pad") {
        for i in 0..200000u32 {
            let w: String = format!("{}", char::from_u32(0x4e00 + (i % 20000)).unwrap())
                + &format!("{}", char::from_u32(0xAC00 + i / 20000).unwrap());
            jieba.add_word(&w, Some(1), Some("x"));
        }
    }
    let mut n = 0;
    if !mode.contains("none") {
        for _ in 0..5 {
            n += texts
                .iter()
                .map(|t| jieba.cut(t, false).len())
                .sum::<usize>();
        }
    }
    println!("{n}");
}
