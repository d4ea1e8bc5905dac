//! Character classes of Chinese text, shared with cleaning.

/// CJK ideographs (the basic block, extension A, compatibility ideographs and the supplementary
/// planes), i.e. the characters that make a line Chinese text.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Punctuation that unambiguously ends a sentence, full- or half-width. ASCII `!?;` are handled
/// separately by `sentences::ends_sentence_at` because they also occur inside URLs and code.
pub(super) fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '｡')
}

/// Any sentence-final mark, without looking at its neighbours.
pub(crate) fn is_terminator(c: char) -> bool {
    is_cjk_terminator(c) || matches!(c, '!' | '?' | ';')
}

/// Closing quotes and brackets, which belong to the sentence they close.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '】'
            | '》'
            | '〉'
            | '］'
            | ']'
            | '〕'
            | '"'
            | '\''
            | '＂'
            | '＇'
    )
}

/// Opening quotes and brackets.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '「' | '『' | '（' | '(' | '【' | '《' | '〈' | '［' | '[' | '〔'
    )
}

/// Clause-internal punctuation (after full-width folding or not).
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';')
}

/// An ASCII or full-width digit.
pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

const CN_NUMERALS: &str = "一二三四五六七八九十";

pub(crate) fn is_cn_numeral(c: char) -> bool {
    CN_NUMERALS.contains(c)
}
