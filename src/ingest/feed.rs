//! RSS and Atom feeds (and JSON Feed), read with `feed-rs`: each entry with full content
//! (`content:encoded`, Atom `<content>`) becomes an article; entries with only a summary
//! are reported.

use super::html::{Extracted, host_of};
use super::html_text;

/// One entry's article or why it has none; `record` is the entry's 1-based number.
pub type FeedEntry = (usize, Result<Extracted, String>);

/// The entries of a feed file's bytes.
pub fn read(bytes: &[u8]) -> Result<Vec<FeedEntry>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a feed: {e}"))?;
    let site = feed.title.as_ref().map(|t| html_text::collapse(&t.content));
    let language = feed.language.clone();
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let number = i + 1;
            let Some(body) = entry.content.as_ref().and_then(|c| c.body.as_deref()) else {
                return (
                    number,
                    Err(format!(
                        "entry {number} has no full content (a summary at most)"
                    )),
                );
            };
            let blocks = super::dump::paragraphs(body);
            if blocks.is_empty() {
                return (number, Err(format!("entry {number}: the content is empty")));
            }
            let url = entry.links.first().map(|l| l.href.clone());
            let byline: Vec<&str> = entry
                .authors
                .iter()
                .filter_map(|a| a.name.as_deref())
                .filter(|n| !n.trim().is_empty())
                .collect();
            let title = entry.title.as_ref().map(|t| {
                html_text::blocks(&t.content, false)
                    .into_iter()
                    .map(|b| b.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (
                number,
                Ok(Extracted {
                    title: title.filter(|t| !t.is_empty()),
                    byline: (!byline.is_empty()).then(|| byline.join(", ")),
                    published: entry
                        .published
                        .or(entry.updated)
                        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    site: site.clone().or_else(|| url.as_deref().and_then(host_of)),
                    language: language.clone(),
                    url,
                    blocks,
                    note: None,
                }),
            )
        })
        .collect())
}

/// Whether a file's first bytes look like a feed (RSS, RDF or Atom root element).
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_content_become_articles() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Daily News</title><language>en</language>
<item><title>Full one</title><link>https://d.example/1</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>First &amp; only.</p><p>Second.</p>]]></content:encoded></item>
<item><title>Teaser</title><link>https://d.example/2</link><description>Just a summary</description></item>
</channel></rss>"#;
        assert!(looks_like_feed(rss.as_bytes()));
        let entries = read(rss.as_bytes()).unwrap();
        let first = entries[0].1.as_ref().unwrap();
        assert_eq!(first.title.as_deref(), Some("Full one"));
        assert_eq!(first.site.as_deref(), Some("Daily News"));
        assert_eq!(first.published.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(first.blocks[0].text, "First & only.");
        assert!(
            entries[1]
                .1
                .as_ref()
                .unwrap_err()
                .contains("no full content")
        );
    }
}
