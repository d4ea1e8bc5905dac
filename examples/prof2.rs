fn main() {
    let root = std::path::Path::new("data/corpus/city-gwr-2024");
    let corpus = policylens::corpus::load(root, &Default::default()).unwrap();
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let seg = policylens::segment::Segmenter::new(&Default::default()).unwrap();
    let mode = std::env::args().nth(1).unwrap();
    let jieba = jieba_rs::Jieba::new();
    let mut n = 0;
    if mode == "none" {
        println!("{}", texts.len());
        return;
    }
    for _ in 0..5 {
        n += if mode == "seg" {
            texts.iter().map(|t| seg.tokens(t).len()).sum::<usize>()
        } else {
            texts
                .iter()
                .map(|t| jieba.cut(t, false).len())
                .sum::<usize>()
        };
    }
    println!("{n}");
}
