//! What attributes say about an element: hidden, boilerplate (class, id or role words such as
//! `share`, `related`, `cookie`, `navigation`), likely article content (`article`, `story`,
//! `itemprop="articleBody"`), unlikely content, or an auxiliary line (caption, byline,
//! credit). Also the whole lines that are never body text ("Advertisement").

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Hidden (`hidden`, `aria-hidden="true"`, `display: none`).
pub const HIDDEN: u16 = 1;
/// Class, id or role say boilerplate: the subtree is dropped.
pub const BOILERPLATE: u16 = 2;
/// Class, id or role say article content.
pub const POSITIVE: u16 = 4;
/// Class or id say unlikely content (scored down, not dropped).
pub const NEGATIVE: u16 = 8;
/// `itemprop="articleBody"`.
pub const ARTICLE_BODY: u16 = 16;
/// Class or id name a caption, byline, credit or similar (not body text).
pub const AUXILIARY: u16 = 64;
/// Not an element's flag: a class word that keeps an element despite boilerplate words.
const KEEP: u16 = 1 << 15;

/// Words in class and id values that mark boilerplate (the subtree is dropped).
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "cookie",
    "consent",
    "banner",
    "promo",
    "sidebar",
    "breadcrumb",
    "subscribe",
    "subscription",
    "signup",
    "popup",
    "modal",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "recommend",
    "masthead",
    "paywall",
    "disqus",
    "skiplink",
    "skip-link",
    "nav",
    "menu",
    "footer",
    "widget",
    "trending",
    "most-popular",
    "mostpopular",
    "more-stories",
    "read-more",
    "readmore",
    "tags",
    "tag-list",
    "toolbar",
    "print",
    "login",
];
/// Whole parts of a class or id (split at spaces, `-` and `_`) that mark boilerplate.
const BOILERPLATE_PARTS: &[&str] = &[
    "ad", "ads", "adv", "dfp", "gpt", "rail", "hidden", "hide", "tools", "more",
];
/// Words that keep an element despite boilerplate words (`article-footer` is not a footer).
const KEEP_WORDS: &[&str] = &[
    "article", "body", "content", "main", "story", "post-", "entry",
];
/// Words that make an element a likelier container of the article.
const POSITIVE_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
];
/// Words that make an element an unlikelier container of the article.
const NEGATIVE_WORDS: &[&str] = &[
    "hid", "banner", "combx", "contact", "foot", "footnote", "masthead", "media", "meta",
    "outbrain", "promo", "related", "scroll", "shoutbox", "sidebar", "sponsor", "shopping", "tags",
    "tool", "widget", "byline", "author", "dateline", "caption", "credit",
];
/// Words that name lines around the article that are not its text.
const AUXILIARY_WORDS: &[&str] = &[
    "caption",
    "credit",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "published",
    "kicker",
    "image",
    "photo",
    "figure",
    "video",
    "gallery",
    "slideshow",
    "hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader",
];

/// Whole blocks (as [`key`]s) that are never body text.
const STOP_BLOCKS: &[&str] = &[
    "ad",
    "advert",
    "advertisement",
    "sponsored",
    "sponsoredcontent",
    "comments",
    "comment",
    "share",
    "sharethis",
    "sharethisarticle",
    "sharethisstory",
    "storycontinuesbelowadvertisement",
    "continuereadingbelow",
    "articlecontinuesbelow",
    "articlecontinuesbelowthisad",
    "advertisementcontinuereadingbelow",
    "readmore",
    "relatedarticles",
    "relatedstories",
    "youmayalsolike",
    "morestories",
    "thisslideshowrequiresjavascript",
];

/// Every class/id word in one automaton, with each word's flags.
static CLASS_WORDS: LazyLock<Option<(AhoCorasick, Vec<u16>)>> = LazyLock::new(|| {
    let mut words: Vec<(&str, u16)> = Vec::new();
    let lists: [(&[&str], u16); 5] = [
        (BOILERPLATE_WORDS, BOILERPLATE),
        (KEEP_WORDS, KEEP),
        (POSITIVE_WORDS, POSITIVE),
        (NEGATIVE_WORDS, NEGATIVE),
        (AUXILIARY_WORDS, AUXILIARY),
    ];
    for (list, flag) in lists {
        for w in list {
            match words.iter_mut().find(|(x, _)| x == w) {
                Some((_, f)) => *f |= flag,
                None => words.push((w, flag)),
            }
        }
    }
    // The word lists are constants: building cannot fail on any page.
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words.iter().map(|(w, _)| w))
        .ok()?;
    Some((automaton, words.into_iter().map(|(_, f)| f).collect()))
});

/// The flags one attribute gives its element (`name` as written, any case).
pub fn attribute_flags(name: &[u8], value: &str) -> u16 {
    let is = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    if is("class") || is("id") {
        class_flags(value)
    } else if is("hidden") {
        HIDDEN
    } else if is("aria-hidden") {
        if value.eq_ignore_ascii_case("true") {
            HIDDEN
        } else {
            0
        }
    } else if is("style") {
        let v = value.as_bytes();
        let hidden = v.len() < 200
            && (contains_ignoring_case(v, b"display:none")
                || contains_ignoring_case(v, b"display: none")
                || contains_ignoring_case(v, b"visibility:hidden"));
        if hidden { HIDDEN } else { 0 }
    } else if is("role") {
        role_flags(value)
    } else if is("itemprop") && value.eq_ignore_ascii_case("articleBody") {
        ARTICLE_BODY
    } else {
        0
    }
}

/// What an ARIA role says: landmarks around the article are boilerplate.
fn role_flags(role: &str) -> u16 {
    const BOILERPLATE_ROLES: [&str; 11] = [
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "menu",
        "menubar",
        "dialog",
        "alert",
        "alertdialog",
        "search",
        "toolbar",
    ];
    if BOILERPLATE_ROLES
        .iter()
        .any(|r| role.eq_ignore_ascii_case(r))
    {
        BOILERPLATE
    } else if role.eq_ignore_ascii_case("main") || role.eq_ignore_ascii_case("article") {
        POSITIVE
    } else {
        0
    }
}

/// What a class or id value says. Drupal's `field--label-hidden` says the field's label is
/// hidden, not the field (its article bodies carry it): it says nothing.
fn class_flags(value: &str) -> u16 {
    if value.is_empty() {
        return 0;
    }
    let cleaned;
    let value = if contains_ignoring_case(value.as_bytes(), b"label-hidden") {
        cleaned = value.to_ascii_lowercase().replace("label-hidden", "label");
        cleaned.as_str()
    } else {
        value
    };
    let mut flags = 0;
    if let Some((automaton, flags_of)) = &*CLASS_WORDS {
        for m in automaton.find_overlapping_iter(value) {
            flags |= flags_of.get(m.pattern().as_usize()).copied().unwrap_or(0);
        }
    }
    let part = value
        .split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
        .any(|p| BOILERPLATE_PARTS.iter().any(|b| p.eq_ignore_ascii_case(b)));
    if part {
        flags |= BOILERPLATE;
    }
    if flags & KEEP != 0 {
        flags &= !BOILERPLATE;
    }
    flags & !KEEP
}

/// Whether `hay` contains `needle` (ASCII, any case).
fn contains_ignoring_case(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A block's letters and digits, lower-cased: how blocks are compared.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a block (as its [`key`]) is a label that is never body text ("Advertisement",
/// "Share this article", "Read more").
pub fn is_stop_block(key: &str) -> bool {
    STOP_BLOCKS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_mark_boilerplate_unless_the_article_is_named() {
        assert_eq!(
            attribute_flags(b"class", "share-tools") & BOILERPLATE,
            BOILERPLATE
        );
        assert_eq!(attribute_flags(b"ID", "top-ad") & BOILERPLATE, BOILERPLATE);
        assert_eq!(attribute_flags(b"class", "article-footer") & BOILERPLATE, 0);
        assert_eq!(attribute_flags(b"class", "headline"), 0);
        assert_eq!(attribute_flags(b"class", "story-body") & POSITIVE, POSITIVE);
        assert_eq!(
            attribute_flags(b"class", "photo-credit") & AUXILIARY,
            AUXILIARY
        );
        assert_eq!(attribute_flags(b"role", "Navigation"), BOILERPLATE);
        assert_eq!(
            attribute_flags(b"style", "color: red; display: none"),
            HIDDEN
        );
        assert_eq!(attribute_flags(b"itemprop", "articleBody"), ARTICLE_BODY);
        assert_eq!(
            attribute_flags(b"class", "field field--label-hidden field__item"),
            0
        );
    }

    #[test]
    fn stop_blocks_are_compared_as_keys() {
        assert!(is_stop_block(&key("Story continues below advertisement")));
        assert!(!is_stop_block(&key("The story continues.")));
    }
}
