//! Our own main-text extractor: one parse of the page into a flat tree ([`markup`]), linear
//! passes over it, no recursion. [`boilerplate`] reads what attributes say (class, id and
//! role words, hidden markup); [`scoring`] picks the article's container the way readability
//! does (text length, commas, link density, paragraphs); [`render`] writes its blocks with
//! references decoded ([`entities`]); [`metadata`] reads the page's title, byline, date,
//! address, outlet and language from the same tree.
//!
//! Measured against Python trafilatura on the Scrapinghub/Zyte article-extraction benchmark
//! by `scripts/eval-ingest.sh` (the README has the figures).

pub mod boilerplate;
pub mod entities;
pub mod markup;
pub mod metadata;
pub mod render;
pub mod scoring;
pub mod tag;

use crate::ingest::html_text::Block;
pub use metadata::Metadata;

/// Less body text than this (bytes) and extraction is tried again without class names.
const MIN_TEXT: usize = 300;

/// A page's article: its metadata and the body's blocks (the headline not among them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MainText {
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
}

/// The main text and metadata of a page. Never fails and never panics: a page with no
/// article gives no blocks. Linear in the page's length, whatever its nesting.
pub fn read(html: &str) -> MainText {
    let tree = markup::parse(html);
    let metadata = metadata::read(&tree);
    let headline = metadata.repeated_headline();
    let mut blocks = extract(&tree, headline, true);
    // Too little text: class names may have hidden the article (readability's second try).
    let len = |b: &[Block]| b.iter().map(|b| b.text.len()).sum::<usize>();
    if len(&blocks) < MIN_TEXT {
        let retry = extract(&tree, headline, false);
        if len(&retry) > len(&blocks) * 2 {
            blocks = retry;
        }
    }
    MainText { metadata, blocks }
}

/// One pass: score, choose, render.
fn extract(tree: &markup::Tree<'_>, headline: Option<&str>, use_classes: bool) -> Vec<Block> {
    let mut scorer = scoring::Scorer::new(tree, use_classes);
    let roots = scorer.choose();
    render::render(&scorer, &roots, headline)
}

/// Why the extractor chose what it did: its best candidates, the chosen container's
/// ancestors and large subtrees it dropped (for looking into a page's errors).
#[doc(hidden)]
pub fn explain(html: &str) -> String {
    let tree = markup::parse(html);
    let mut scorer = scoring::Scorer::new(&tree, true);
    scorer.choose();
    scorer.explain()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html_text::BlockKind;

    fn texts(html: &str) -> Vec<String> {
        read(html).blocks.into_iter().map(|b| b.text).collect()
    }

    const FILLER: &str =
        "This sentence is long enough, with a comma or two, to count as body text. ";

    #[test]
    fn picks_the_article_and_leaves_out_boilerplate() {
        let para = FILLER.repeat(3);
        let page = format!(
            "<html><head><title>T</title><script>var x='<p>no</p>';</script></head><body>\
             <nav><a href=/>Home</a></nav><div class=sidebar><p>{para}</p></div>\
             <div class=story><h1>Headline</h1><p>{para}</p><h2>Sub</h2><p>{para}</p>\
             <ul><li>one &amp; two</li></ul><div class=share-tools><a>Share</a></div></div>\
             <footer><p>{para}</p></footer></body></html>"
        );
        let got = read(&page);
        assert_eq!(got.metadata.repeated_headline(), Some("Headline"));
        let kinds: Vec<_> = got.blocks.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, [Paragraph, Heading, Paragraph, ListItem]);
        assert_eq!(got.blocks[3].text, "- one & two");
    }

    #[test]
    fn decodes_references_and_collapses_space() {
        let page = format!(
            "<div><p>{FILLER} caf&eacute; &#x2014;&#8212; &amp &nbsp;x &bogus; a < b</p></div>"
        );
        let t = texts(&page).join("|");
        assert!(t.ends_with("café —— & x &bogus; a < b"), "{t}");
    }

    #[test]
    fn class_names_do_not_drop_the_article_itself() {
        // A theme's layout class says "sidebar"; a form wraps the page (ASP.NET).
        let para = FILLER.repeat(3);
        let page = format!(
            "<form><div class='container penci_sidebar'><div class=text><p>{para}</p><p>{para}</p></div>\
             <div class=related><p>Other story, with a comma, and long enough to count.</p></div></div></form>"
        );
        let got = texts(&page);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn a_page_that_never_closes_its_head_still_has_an_article() {
        let para = FILLER.repeat(3);
        let page = format!(
            "<html><head><title>T</title><meta charset=utf-8>\
             <div class=story><p>{para}</p><p>{para}</p></div></html>"
        );
        assert_eq!(texts(&page).len(), 2);
    }

    #[test]
    fn an_aside_is_left_out_unless_it_holds_the_article() {
        let para = FILLER.repeat(3);
        let sidebar = format!("<aside><p>Sidebar: {para}</p></aside>");
        let page = format!("<div><p>{para}</p><p>{para}</p></div>{sidebar}");
        assert!(!texts(&page).concat().contains("Sidebar"));
        // A theme that puts the whole story in an `<aside>`.
        let page = format!(
            "<div><p>Menu line with a comma, long enough.</p></div>\
             <aside class=direct-content><p>Story: {para}</p><p>{para}</p></aside>\
             <aside class=sidebar><p>Sidebar: {para}</p><p>{para}</p><p>{para}</p></aside>"
        );
        let got = texts(&page).concat();
        assert!(got.contains("Story:") && !got.contains("Sidebar"), "{got}");
    }

    #[test]
    fn an_article_of_loose_text_between_brs_comes_out_whole() {
        // The story's text lies in its container between `<br>`s, beside an image's
        // `<div>`; a footer line in a `<p>` must not win over it.
        let line = FILLER.repeat(2);
        let page = format!(
            "<div class=body><div class=image><img src=x></div>\
             <strong>{line}</strong><br><br>{line}<br><br>Second: {line}<br>{line}</div>\
             <div><p>Copyright, all rights reserved, by the publisher, 2022.</p></div>"
        );
        let got = texts(&page);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[2].starts_with("Second:"));
    }

    #[test]
    fn a_gallery_of_captions_does_not_outscore_the_article() {
        let para = FILLER.repeat(2);
        let captions = format!("<figure><figcaption><p>{para}</p></figcaption></figure>").repeat(6);
        let page = format!("<div><p>Story: {para}</p><p>{para}</p></div><div>{captions}</div>");
        let got = texts(&page);
        assert!(got.len() == 2 && got[0].starts_with("Story:"), "{got:?}");
    }

    #[test]
    fn a_hidden_consent_dialog_does_not_outweigh_the_article() {
        // The article's class says "hidden" (Drupal's label class); the page also carries a
        // long consent dialog in hidden markup, which must not count as the page's text.
        let para = FILLER.repeat(3);
        let dialog = format!("<div style='display: none'><p>{FILLER}</p></div>").repeat(14);
        let teasers = format!("<p>{FILLER}</p>").repeat(5);
        let page = format!(
            "<div class='text field--label-hidden'><p>Story: {para}</p><p>{para}</p>\
             <p>{para}</p></div><div class=teasers>{teasers}</div>{dialog}"
        );
        let got = texts(&page);
        assert!(got.len() == 3 && got[0].starts_with("Story:"), "{got:?}");
    }

    #[test]
    fn ruby_readings_do_not_split_the_words_they_annotate() {
        let page = format!(
            "<div><p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、{FILLER}</p></div>"
        );
        assert!(texts(&page).concat().starts_with("法律ができて、"));
    }

    #[test]
    fn hidden_markup_and_ad_labels_are_left_out() {
        let page = format!(
            "<div><p>{FILLER}</p><p hidden>secret</p><p style='display: none'>gone</p>\
             <p>Advertisement</p><p>{FILLER}</p></div>"
        );
        assert_eq!(texts(&page).len(), 2);
    }

    #[test]
    fn the_headline_to_leave_out_prefers_og_title_then_h1_then_title() {
        let og = "<html><head><meta property='og:title' content='Og &amp; title'><title>T</title></head><h1>H</h1>";
        assert_eq!(read(og).metadata.repeated_headline(), Some("Og & title"));
        let h1 = read("<title>T</title><h1> H  one</h1>");
        assert_eq!(h1.metadata.repeated_headline(), Some("H one"));
        let title = read("<title> T </title>");
        assert_eq!(title.metadata.repeated_headline(), Some("T"));
    }

    #[test]
    fn stays_linear_on_hostile_markup() {
        let pages = [
            "</div>".repeat(200_000),
            format!("{}{}", "<div>".repeat(1_000), "</span>".repeat(200_000)),
            "<p>a".repeat(100_000),
            "<li>".repeat(100_000),
            "<x-a>".repeat(100_000),
            "<a href=x>".repeat(100_000),
            "<h1><div>".repeat(100_000),
            "<time datetime=2020-01-01>".repeat(100_000),
        ];
        for page in &pages {
            let t = std::time::Instant::now();
            let _ = read(page);
            assert!(t.elapsed().as_secs_f64() < 5.0);
        }
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = format!(
            "{}<p>{FILLER}</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert!(texts(&deep).concat().contains("long enough"));
        let deep = "<span><b>".repeat(100_000);
        let _ = read(&deep);
        for junk in [
            "",
            "<",
            "</",
            "<!--",
            "<a href='",
            "&#",
            "&#x110000;",
            "<script>",
            "<script type=application/ld+json>{",
            "<p a=b/",
            "<meta content",
            "<link rel=canonical href",
            "\u{0}<é>",
            "<é",
            "<title>é",
        ] {
            let _ = read(junk);
        }
    }
}
