//! Word-prefix search, the same on SQLite and PostgreSQL: text is cut into lowercase terms
//! of ASCII letters and digits, and a query word matches every term it begins, found as the
//! range `[word, successor(word))` of an ordinary index.

/// Longest search text, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// Most words (terms) in one search: each costs an index range, and their intersection grows
/// with their number.
pub const QUERY_MAX_WORDS: usize = 10;

/// A search counts its matches up to this many and says "10,000+" past it: counting every match
/// of a common word would cost more than finding the page.
pub const COUNT_CAP: i64 = 10_000;

/// Why a search text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryError {
    TooLong,
    TooManyWords,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLong => write!(f, "Search with at most {QUERY_MAX_CHARS} characters."),
            Self::TooManyWords => write!(f, "Search with at most {QUERY_MAX_WORDS} words."),
        }
    }
}

impl std::error::Error for QueryError {}

/// The search words of `q`, once it is known to be within bounds.
pub fn query_terms(q: &str) -> Result<Vec<String>, QueryError> {
    if q.chars().count() > QUERY_MAX_CHARS {
        return Err(QueryError::TooLong);
    }
    let words: Vec<String> = terms(q).collect();
    if words.len() > QUERY_MAX_WORDS {
        return Err(QueryError::TooManyWords);
    }
    Ok(words)
}

/// The lowercase words of `text`: runs of ASCII letters, and runs of digits (so `okafor123`
/// is `okafor` and `123`, and one prefix does not match a person twice through their name and
/// their email). Anything else separates words.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|word| {
            let mut runs = Vec::new();
            let mut start = 0;
            for (i, pair) in word.as_bytes().windows(2).enumerate() {
                if pair[0].is_ascii_digit() != pair[1].is_ascii_digit() {
                    runs.push(&word[start..=i]);
                    start = i + 1;
                }
            }
            runs.push(&word[start..]);
            runs
        })
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
}

/// The first string after every string that starts with `prefix`, in the alphabet `0-9a-z`;
/// `None` when no string is (a prefix of only `z`s).
pub fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '0'..='8' | 'a'..='y' => Some(char::from(last as u8 + 1)),
            '9' => Some('a'),
            _ => None,
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_ascii_words() {
        let found: Vec<String> = terms("Priya.Raman@HarborView-Dental.example PO#42").collect();
        assert_eq!(found, ["priya", "raman", "harborview", "dental", "example", "po", "42"]);
    }

    #[test]
    fn letters_and_digits_are_separate_terms() {
        let found: Vec<String> = terms("grace.okafor123@customer45 SR2027x").collect();
        assert_eq!(found, ["grace", "okafor", "123", "customer", "45", "sr", "2027", "x"]);
    }

    #[test]
    fn a_search_has_at_most_two_hundred_characters_and_ten_words() {
        assert_eq!(query_terms("harbor view").unwrap(), ["harbor", "view"]);
        assert_eq!(query_terms(&"a ".repeat(10)).unwrap().len(), 10);
        assert_eq!(query_terms(&"a ".repeat(11)), Err(QueryError::TooManyWords));
        assert_eq!(query_terms(&"x".repeat(200)).unwrap().len(), 1);
        assert_eq!(query_terms(&"x".repeat(201)), Err(QueryError::TooLong));
        assert_eq!(QueryError::TooManyWords.to_string(), "Search with at most 10 words.");
    }

    #[test]
    fn the_successor_bounds_exactly_the_words_with_the_prefix() {
        assert_eq!(successor("harb").as_deref(), Some("harc"));
        assert_eq!(successor("harz").as_deref(), Some("has"));
        assert_eq!(successor("a9").as_deref(), Some("aa"));
        assert_eq!(successor("zz"), None);
        let (low, high) = ("harz", successor("harz").unwrap());
        for word in ["harz", "harzzz", "harz0"] {
            assert!(word >= low && word < high.as_str(), "{word}");
        }
        for word in ["hary", "has", "hasa"] {
            assert!(!(word >= low && word < high.as_str()), "{word}");
        }
    }
}
