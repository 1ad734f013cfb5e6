//! A saved page's main text and metadata: `rs-trafilatura` (a port of trafilatura, measured
//! best on the article-extraction benchmark, see the README) finds the article; its HTML is
//! rendered to paragraphs by [`super::html_text`]. Deep markup is flattened first and
//! extraction runs on a thread with its own large stack, so no page overflows the stack;
//! pages over [`LARGE_PAGE_BYTES`] are rendered whole (minus navigation, headers, footers),
//! in linear time.

use super::html_text::{self, Block, BlockKind};

/// Pages with more markup than this (after scripts, styles and comments are dropped) skip
/// main-text extraction, whose cost grows faster than the page.
pub const LARGE_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// The extraction thread's stack.
const STACK_BYTES: usize = 256 * 1024 * 1024;

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
    /// Something the user should know (the page was too large to separate boilerplate).
    pub note: Option<String>,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PageError {
    #[error("the page has no text")]
    NoText,
    #[error("binary data, not a page")]
    Binary,
    #[error("the extractor failed: {0}")]
    Extractor(String),
}

/// The main text and metadata of a decoded page. `url`: the address it was fetched from,
/// if known (a WARC target), used where the page names none.
pub fn extract(html: &str, url: Option<&str>) -> Result<Extracted, PageError> {
    if html.trim().is_empty() {
        return Err(PageError::NoText);
    }
    let sample = &html.as_bytes()[..html.len().min(8192)];
    if sample.iter().filter(|b| **b == 0).count() > 0 {
        return Err(PageError::Binary);
    }
    let flat = html_text::limit_depth(html, html_text::MAX_DEPTH).into_owned();
    let url = url.map(str::to_owned);
    let run = move || extract_flat(&flat, url.as_deref());
    let joined = std::thread::Builder::new()
        .name("ingest-extract".into())
        .stack_size(STACK_BYTES)
        .spawn(run)
        .map_err(|e| PageError::Extractor(e.to_string()))?
        .join();
    match joined {
        Ok(result) => result,
        Err(_) => Err(PageError::Extractor("it stopped on this page".into())),
    }
}

fn extract_flat(html: &str, url: Option<&str>) -> Result<Extracted, PageError> {
    let markup = strip_scripts_len(html);
    if markup > LARGE_PAGE_BYTES {
        let blocks = html_text::blocks(html, true);
        let title = title_tag(html);
        if blocks.is_empty() {
            return Err(PageError::NoText);
        }
        return Ok(Extracted {
            title,
            url: url.map(str::to_owned),
            site: url.and_then(host_of),
            blocks,
            note: Some(format!(
                "the page has {} MB of markup (over {} MB): its whole text was kept, navigation, headers and footers aside",
                markup / (1024 * 1024),
                LARGE_PAGE_BYTES / (1024 * 1024)
            )),
            ..Extracted::default()
        });
    }
    let options = rs_trafilatura::Options {
        include_comments: false,
        include_tables: true,
        url: url.map(str::to_owned),
        ..rs_trafilatura::Options::default()
    };
    let result = rs_trafilatura::extract_with_options(html, &options)
        .map_err(|e| PageError::Extractor(e.to_string()))?;
    let meta = result.metadata;
    let mut blocks = match &result.content_html {
        Some(content) => html_text::blocks(content, false),
        None => Vec::new(),
    };
    if blocks.is_empty() {
        blocks = result
            .content_text
            .lines()
            .map(html_text::collapse)
            .filter(|l| !l.is_empty())
            .map(|text| Block {
                kind: BlockKind::Paragraph,
                text,
            })
            .collect();
    }
    let title = meta
        .title
        .map(|t| html_text::collapse(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| title_tag(html));
    // The extractor cuts titles at separators (`Live: results` → `results`): the page's
    // `<h1>` that contains the title is the headline as printed.
    let title = match (title, first_h1(html)) {
        (Some(t), Some(h1)) if h1.contains(&t) && h1.chars().count() <= 300 => Some(h1),
        (None, Some(h1)) => Some(h1),
        (t, _) => t,
    };
    // The headline heads the article file: not twice.
    if let (Some(title), Some(first)) = (&title, blocks.first())
        && first.text == *title
    {
        blocks.remove(0);
    }
    if blocks.is_empty() {
        return Err(PageError::NoText);
    }
    let page_url = meta
        .url
        .filter(|u| u.contains("://"))
        .or(url.map(str::to_owned));
    // The extractor may take a site name from the page's text (a breadcrumb: "Accueil
    // Économie"): only a name the page declares (an attribute or JSON value, quoted) is kept.
    let site = meta
        .sitename
        .filter(|s| !s.trim().is_empty() && declared(html, s))
        .or(meta.hostname)
        .or_else(|| page_url.as_deref().and_then(host_of));
    Ok(Extracted {
        title,
        byline: meta.author.filter(|a| !a.trim().is_empty()),
        published: meta.date.map(|d| {
            if d.time() == chrono::NaiveTime::MIN {
                d.format("%Y-%m-%d").to_string()
            } else {
                d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            }
        }),
        url: page_url,
        site,
        // `<html lang>` keeps the region (`en-GB`); the extractor's guess does not.
        language: html_lang(html).or(meta.language),
        blocks,
        note: None,
    })
}

/// Whether `value` is written in the page as a quoted value (`content="…"`, `"name": "…"`).
fn declared(html: &str, value: &str) -> bool {
    let value = value.trim();
    html.contains(&format!("\"{value}\"")) || html.contains(&format!("'{value}'"))
}

/// The markup's length without scripts and styles (their bytes are no page to extract).
fn strip_scripts_len(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let mut total = html.len();
    for tag in ["script", "style"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut from = 0;
        while let Some(s) = lower[from..].find(&open) {
            let start = from + s;
            let end = lower[start..]
                .find(&close)
                .map_or(lower.len(), |e| start + e + close.len());
            total = total.saturating_sub(end - start);
            from = end;
        }
    }
    total
}

fn title_tag(html: &str) -> Option<String> {
    let lower = prefix(html, 65536).to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = lower[start..].find('>')? + start + 1;
    let end = lower[open_end..].find("</title")? + open_end;
    // `lower` is a prefix of `html` with the same byte offsets.
    let text: String = html_text::blocks(&html[open_end..end], false)
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(" ");
    let text = html_text::collapse(&text);
    (!text.is_empty()).then_some(text)
}

/// At most the first `bytes` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The text of the page's first `<h1>`.
fn first_h1(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    let start = loop {
        let at = from + lower[from..].find("<h1")?;
        // `<h1>` or `<h1 class=...>`, not `<h10>` or `<h1x>`.
        if matches!(
            lower.as_bytes().get(at + 3),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        ) {
            break at;
        }
        from = at + 3;
    };
    let open_end = lower[start..].find('>')? + start + 1;
    let end = lower[open_end..].find("</h1")? + open_end;
    let text: Vec<String> = html_text::blocks(&html[open_end..end], false)
        .into_iter()
        .map(|b| b.text)
        .collect();
    let text = html_text::collapse(&text.join(" "));
    (!text.is_empty()).then_some(text)
}

fn html_lang(html: &str) -> Option<String> {
    // Found in a lower-cased copy (same byte offsets), read from the page as written: a
    // language tag keeps its case (`en-GB`).
    let head = prefix(html, 8192);
    let lower = head.to_ascii_lowercase();
    let start = lower.find("<html")?;
    let end = lower[start..].find('>')? + start;
    let at = lower[start..end].find(" lang=")? + 6 + start;
    let value = head[at..end].trim_start_matches(['"', '\'']);
    let value: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!value.is_empty()).then_some(value)
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
    fn a_multibyte_character_at_the_sniffing_limit_is_no_panic() {
        let page = format!(
            "<html lang=\"ko\"><title>제목</title>{}<p>{}</p></html>",
            "듀".repeat(5000),
            "본문 ".repeat(200)
        );
        assert_eq!(html_lang(&page).as_deref(), Some("ko"));
        assert_eq!(title_tag(&page).as_deref(), Some("제목"));
        assert!(extract(&page, None).is_ok());
    }
}
