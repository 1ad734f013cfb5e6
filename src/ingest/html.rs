//! A saved page's main text and metadata, read by our own extractor
//! ([`super::main_text`]: one parse, linear passes, no recursion, so no page overflows the
//! stack or takes more than time linear in its length).

use super::html_text::Block;
use super::main_text::{self, MainText};

/// The largest page read: the extractor's offsets are 32-bit.
pub const MAX_PAGE_BYTES: usize = u32::MAX as usize - 1;

/// What a page says it is, and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub language: Option<String>,
    /// The body's blocks, headline not included.
    pub blocks: Vec<Block>,
    /// Something the user should know about the page.
    pub note: Option<String>,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PageError {
    #[error("the page has no text")]
    NoText,
    #[error("binary data, not a page")]
    Binary,
    #[error("the page is over 4 GiB")]
    TooLarge,
}

/// The main text and metadata of a decoded page. `url`: the address it was fetched from,
/// if known (a WARC target), used where the page names none.
pub fn extract(html: &str, url: Option<&str>) -> Result<Extracted, PageError> {
    if html.trim().is_empty() {
        return Err(PageError::NoText);
    }
    let sample = &html.as_bytes()[..html.len().min(8192)];
    if sample.contains(&0) {
        return Err(PageError::Binary);
    }
    if html.len() > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge);
    }
    let MainText {
        metadata,
        mut blocks,
    } = main_text::read(html);
    // The headline heads the article file: not twice.
    if let (Some(title), Some(first)) = (&metadata.title, blocks.first())
        && first.text == *title
    {
        blocks.remove(0);
    }
    if blocks.is_empty() {
        return Err(PageError::NoText);
    }
    let page_url = metadata.url.or(url.map(str::to_owned));
    let site = metadata
        .site
        .or_else(|| page_url.as_deref().and_then(host_of));
    Ok(Extracted {
        title: metadata.title,
        byline: metadata.byline,
        published: metadata.published,
        url: page_url,
        site,
        language: metadata.language,
        blocks,
        note: None,
    })
}

/// `https://www.news.example/a` → `news.example`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multibyte_character_at_any_limit_is_no_panic() {
        let page = format!(
            "<html lang=\"ko\"><title>제목</title>{}<p>{}</p></html>",
            "듀".repeat(5000),
            "본문 ".repeat(200)
        );
        let got = extract(&page, None).expect("a page with text");
        assert_eq!(got.language.as_deref(), Some("ko"));
        assert_eq!(got.title.as_deref(), Some("제목"));
    }

    #[test]
    fn the_fetch_address_stands_in_for_the_one_the_page_does_not_give() {
        let page = "<h1>Headline</h1><p>A paragraph of text that is the whole story here.</p>";
        let got = extract(page, Some("https://www.news.example/a")).expect("a page with text");
        assert_eq!(got.url.as_deref(), Some("https://www.news.example/a"));
        assert_eq!(got.site.as_deref(), Some("news.example"));
        assert_eq!(got.title.as_deref(), Some("Headline"));
        assert_eq!(got.blocks.len(), 1);
        assert_eq!(extract(" \n", None), Err(PageError::NoText));
        assert_eq!(extract("a\0b", None), Err(PageError::Binary));
    }
}
