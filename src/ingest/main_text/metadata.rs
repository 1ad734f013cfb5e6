//! What a page says about itself, read from the same parse as its text: `<meta>` tags (Open
//! Graph, `article:*`, Dublin Core, Parse.ly, Sailthru, `author`, `date`, `itemprop`),
//! JSON-LD (`headline`, `author.name`, `datePublished`, `publisher.name`), `<link
//! rel=canonical>`, `<time datetime>`, `<html lang>`, `<title>` and the first `<h1>`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use serde_json::Value;

use super::entities::decode;
use super::markup::Tree;
use super::tag::Tag;
use crate::ingest::html_text::collapse;

/// The page's own description of itself; every field as the page declares it, decoded and
/// with white space collapsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline as printed: the first `<h1>` when it contains the declared title
    /// (`og:title`, JSON-LD `headline`, …) or `<title>` contains it, else the declared title,
    /// else `<title>` (the outlet's name cut off), else the first `<h1>`.
    pub title: Option<String>,
    /// Who wrote it (several authors joined by `, `).
    pub byline: Option<String>,
    /// When it was published: `YYYY-MM-DD`, or RFC 3339 in UTC when the page gives a time.
    pub published: Option<String>,
    /// The page's own address (`og:url`, canonical link, JSON-LD `url`).
    pub url: Option<String>,
    /// The outlet (`og:site_name`, JSON-LD `publisher.name`).
    pub site: Option<String>,
    /// `<html lang>` as written (`en-GB`), else a declared content language.
    pub language: Option<String>,
    /// `og:title`, which with the first `<h1>` and `<title>` names the headline that the
    /// body should not repeat.
    pub og_title: Option<String>,
    /// The first `<h1>` with text.
    pub first_h1: Option<String>,
    /// The `<title>` element's text, whole.
    pub title_tag: Option<String>,
}

impl Metadata {
    /// The headline a heading in the body must not repeat: `og:title`, else the first
    /// `<h1>`, else `<title>`.
    pub fn repeated_headline(&self) -> Option<&str> {
        self.og_title
            .as_deref()
            .or(self.first_h1.as_deref())
            .or(self.title_tag.as_deref())
    }
}

/// Names of `<meta>` tags, in order of preference, for each field.
const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "dc.title",
    "dcterms.title",
    "parsely-title",
    "sailthru.title",
    "headline",
    "title",
];
const BYLINE_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
];
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "publish-date",
    "publish_date",
    "date",
    "pubdate",
];
const URL_KEYS: &[&str] = &["og:url", "twitter:url", "dc.identifier", "parsely-link"];
const SITE_KEYS: &[&str] = &["og:site_name", "application-name", "dc.publisher"];
const LANGUAGE_KEYS: &[&str] = &["content-language", "dc.language", "language", "og:locale"];

/// What JSON-LD says about the article.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    authors: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
    /// Authors given by reference only (`{"@id": "…#/schema/person/1"}`, as WordPress's
    /// Yoast writes them), named by another object of the graph.
    author_ids: Vec<String>,
    /// The names of objects with an `@id`, for those references.
    named: HashMap<String, String>,
}

impl LinkedData {
    /// The authors, references resolved.
    fn authors(&self) -> Option<String> {
        if self.authors.is_some() {
            return self.authors.clone();
        }
        let names: Vec<String> = self
            .author_ids
            .iter()
            .filter_map(|id| self.named.get(id))
            .filter_map(|n| clean_byline(n))
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// Reads the metadata of a parsed page.
pub fn read(tree: &Tree<'_>) -> Metadata {
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut canonical = None;
    let mut time = None;
    let mut lang = None;
    let mut linked = LinkedData::default();
    let mut k = 0;
    let attributes = &tree.attributes;
    while k < attributes.len() {
        let node = attributes[k].node;
        let mut of_element = Vec::new();
        while k < attributes.len() && attributes[k].node == node {
            let a = &attributes[k];
            of_element.push((
                tree.attribute_name(a).to_ascii_lowercase(),
                tree.attribute_value(a),
            ));
            k += 1;
        }
        let get = |name: &str| of_element.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
        let Some(element) = tree.nodes.get(node as usize) else {
            continue;
        };
        match element.tag {
            Tag::Html if lang.is_none() => lang = get("lang").and_then(language_tag),
            Tag::Meta => {
                let Some(content) = get("content").map(|c| collapse(&decode(c))) else {
                    continue;
                };
                if content.is_empty() {
                    continue;
                }
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(name) = get(key) {
                        meta.entry(name.trim().to_ascii_lowercase())
                            .or_insert_with(|| content.clone());
                    }
                }
            }
            Tag::Link => {
                let is_canonical = get("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical && canonical.is_none() {
                    canonical = get("href").map(|h| decode(h.trim()));
                }
            }
            Tag::Time => {
                let stated = get("pubdate").is_some()
                    || get("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
                if let Some(when) = get("datetime").and_then(publication_date)
                    && (time.is_none() || stated)
                {
                    let replace = !matches!(time, Some((_, true)));
                    if replace {
                        time = Some((when, stated));
                    }
                }
            }
            Tag::Script
                if get("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                read_linked_data(&tree.raw_text(node as usize), &mut linked);
            }
            _ => {}
        }
    }
    let first = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());
    let first_of = |keys: &[&str], keep: &dyn Fn(&str) -> Option<String>| {
        keys.iter().find_map(|k| meta.get(*k).and_then(|v| keep(v)))
    };

    let og_title = meta.get("og:title").cloned();
    let first_h1 = first_h1(tree);
    let site = first(SITE_KEYS).or(linked.publisher.take());
    let title_tag = title_tag(tree);
    let declared = first(TITLE_KEYS).or(linked.headline.take());
    let title = match (declared, &title_tag) {
        (Some(declared), _) => Some(without_site(&declared, site.as_deref())),
        // `<title>` often adds the outlet (`Story | Herald`): the `<h1>` it contains is the
        // headline alone.
        (None, Some(tag)) => Some(match &first_h1 {
            Some(h1) if tag.contains(h1.as_str()) => h1.clone(),
            _ => without_site(tag, site.as_deref()),
        }),
        (None, None) => None,
    };
    // A declared title may be cut at separators or shortened: the page's `<h1>` that
    // contains it is the headline as printed.
    let title = match (title, &first_h1) {
        (Some(t), Some(h1)) if h1.contains(&t) && h1.chars().count() <= 300 => Some(h1.clone()),
        (None, Some(h1)) => Some(h1.clone()),
        (t, _) => t,
    };
    let byline = linked
        .authors()
        .or_else(|| first_of(BYLINE_KEYS, &clean_byline));
    let published = first_of(PUBLISHED_KEYS, &publication_date)
        .or_else(|| linked.published.as_deref().and_then(publication_date))
        .or(time.map(|(t, _)| t));
    let url = first_of(URL_KEYS, &web_address)
        .or_else(|| canonical.as_deref().and_then(web_address))
        .or_else(|| linked.url.as_deref().and_then(web_address));
    let language = lang
        .or_else(|| first_of(LANGUAGE_KEYS, &language_tag))
        .or_else(|| linked.language.as_deref().and_then(language_tag));
    Metadata {
        title,
        byline,
        published,
        url,
        site,
        language,
        og_title,
        first_h1,
        title_tag,
    }
}

/// JSON-LD's article fields: the first object whose `@type` is an article (`NewsArticle`,
/// `BlogPosting`, …), found at the top, in arrays or in `@graph`; nested objects are not
/// searched. Text that is not JSON is passed over.
fn read_linked_data(raw: &str, into: &mut LinkedData) {
    let raw = raw.trim();
    let raw = raw
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .unwrap_or(raw);
    // serde_json stops at 128 levels of nesting: a hostile script is an error, not a crash.
    let Ok(value) = serde_json::from_str::<Value>(raw) else {
        return;
    };
    let mut stack = vec![&value];
    let mut pages = Vec::new();
    let mut visited = 0;
    while let Some(v) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(object) => {
                if let (Some(Value::String(id)), Some(Value::String(name))) =
                    (object.get("@id"), object.get("name"))
                {
                    into.named
                        .entry(id.clone())
                        .or_insert_with(|| collapse(&decode(name)));
                }
                if let Some(graph) = object.get("@graph") {
                    stack.push(graph);
                }
                match kind(object.get("@type")) {
                    Kind::Article => take_article(object, into),
                    Kind::WebPage => pages.push(object),
                    Kind::Other => {}
                }
            }
            _ => {}
        }
    }
    // What no article object gave, the page's object may (WordPress's Yoast puts the
    // author and date on its `WebPage`); never its name, which is the `<title>`.
    for page in pages {
        let headline = into.headline.take();
        take_article(page, into);
        into.headline = headline;
    }
}

/// What a JSON-LD object describes, as far as the metadata goes.
enum Kind {
    /// An article or a post (`NewsArticle`, `BlogPosting`, `Report`, …).
    Article,
    /// The web page that holds it (`WebPage`, `ItemPage`).
    WebPage,
    Other,
}

/// The [`Kind`] of a JSON-LD `@type` (a name or a list of names).
fn kind(types: Option<&Value>) -> Kind {
    let of = |name: &str| {
        if name.ends_with("Article") || name.ends_with("BlogPosting") || name == "Report" {
            Kind::Article
        } else if name == "WebPage" || name == "ItemPage" {
            Kind::WebPage
        } else {
            Kind::Other
        }
    };
    let names: Vec<&str> = match types {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kinds: Vec<Kind> = names.into_iter().map(of).collect();
    if kinds.iter().any(|k| matches!(k, Kind::Article)) {
        Kind::Article
    } else if kinds.iter().any(|k| matches!(k, Kind::WebPage)) {
        Kind::WebPage
    } else {
        Kind::Other
    }
}

/// Fills what is still missing from one article object.
fn take_article(object: &serde_json::Map<String, Value>, into: &mut LinkedData) {
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(|s| collapse(&decode(s)))
            .filter(|s| !s.is_empty())
    };
    if into.headline.is_none() {
        into.headline = text("headline").or_else(|| text("name"));
    }
    if into.published.is_none() {
        into.published = text("datePublished");
    }
    if into.url.is_none() {
        into.url = text("url").or_else(|| match object.get("mainEntityOfPage") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(o)) => o.get("@id").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        });
    }
    if into.language.is_none() {
        into.language = text("inLanguage");
    }
    if into.publisher.is_none() {
        into.publisher = object
            .get("publisher")
            .and_then(|p| names(p).into_iter().next());
    }
    if into.authors.is_none() && into.author_ids.is_empty() {
        let author = object.get("author");
        let authors: Vec<String> = author
            .map(names)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| clean_byline(&a))
            .collect();
        if !authors.is_empty() {
            into.authors = Some(authors.join(", "));
        } else {
            let one = |v: &Value| v.get("@id").and_then(Value::as_str).map(str::to_owned);
            into.author_ids = match author {
                Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
                Some(v) => one(v).into_iter().collect(),
                None => Vec::new(),
            };
        }
    }
}

/// The names in a JSON-LD person or organization, or a list of them (a plain string is a
/// name too).
fn names(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    let all: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    };
    all.into_iter()
        .map(|n| collapse(&decode(&n)))
        .filter(|n| !n.is_empty())
        .collect()
}

/// A byline as a reader would write it: no leading "By", never an address.
fn clean_byline(value: &str) -> Option<String> {
    let value = value.trim();
    let value = match value.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => value[3..].trim_start(),
        _ => value,
    };
    (!value.is_empty() && !value.contains("://")).then(|| value.to_string())
}

/// A web address (`http://` or `https://`).
fn web_address(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| value.to_string())
}

/// A language tag as written (`en-GB`; `en_GB` as `en-GB`), or nothing if it is not one.
fn language_tag(value: &str) -> Option<String> {
    let tag: String = value
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .map(|c| if c == '_' { '-' } else { c })
        .collect();
    (tag.len() >= 2 && tag.len() <= 35 && tag.starts_with(|c: char| c.is_ascii_alphabetic()))
        .then_some(tag)
}

/// A publication date as `YYYY-MM-DD` (no time given, or midnight UTC) or RFC 3339 in UTC.
/// Reads RFC 3339 and ISO 8601 variants (offset or not, `T` or a space, fractions of a
/// second), a bare date, RFC 2822 and `YYYY/MM/DD`; dates outside 1900–2100 are refused.
pub fn publication_date(value: &str) -> Option<String> {
    let v = value.trim();
    let utc = parse_date(v)?;
    let year = chrono::Datelike::year(&utc);
    if !(1900..=2100).contains(&year) {
        return None;
    }
    Some(if utc.time() == NaiveTime::MIN {
        utc.format("%Y-%m-%d").to_string()
    } else {
        utc.to_rfc3339_opts(SecondsFormat::Secs, true)
    })
}

fn parse_date(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Some(d.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(v, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(v, format) {
            return Some(d.and_utc());
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, format) {
            return Some(d.and_time(NaiveTime::MIN).and_utc());
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(v) {
        return Some(d.with_timezone(&Utc));
    }
    // A date and something else (`2024-05-01T09:30:00 EST`, `2024-05-01, updated`).
    let date = v.get(..10)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN).and_utc())
}

/// `<title>`'s text.
fn title_tag(tree: &Tree<'_>) -> Option<String> {
    let at = tree.nodes.iter().position(|n| n.tag == Tag::Title)?;
    let text = collapse(&decode(&tree.raw_text(at)));
    (!text.is_empty()).then_some(text)
}

/// A `<title>` without the outlet's name before or after it (`Story | Herald` → `Story`).
fn without_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().eq_ignore_ascii_case(site)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && head.trim().eq_ignore_ascii_case(site)
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// The text of the first `<h1>` that has any. An `<h1>` without text is passed over whole
/// (an `<h1>` inside it has none either), so the walk is linear.
fn first_h1(tree: &Tree<'_>) -> Option<String> {
    let nodes = &tree.nodes;
    let mut i = 0;
    while i < nodes.len() {
        let n = &nodes[i];
        if n.tag != Tag::H1 {
            i += 1;
            continue;
        }
        let end = (n.end as usize).clamp(i + 1, nodes.len());
        let mut raw = String::new();
        for t in &nodes[i + 1..end] {
            if t.tag == Tag::Text && !nodes[t.parent as usize].tag.is_raw_text() {
                raw.push_str(tree.text(t));
                raw.push(' ');
            }
        }
        let text = collapse(&decode(&raw));
        if !text.is_empty() {
            return Some(text);
        }
        i = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::markup::parse;
    use super::*;

    fn of(page: &str) -> Metadata {
        read(&parse(page))
    }

    #[test]
    fn json_ld_gives_headline_authors_date_and_publisher() {
        let page = r#"<html lang="en-US"><head><title>Rates rise | Daily</title>
            <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "Daily site"},
              {"@type": ["NewsArticle"], "headline": "Rates rise &amp; markets fall",
               "author": [{"@type": "Person", "name": "Ann Wu"}, {"name": "By Bo Li"}],
               "datePublished": "2024-05-02T10:00:00+02:00",
               "publisher": {"@type": "Organization", "name": "The Daily"},
               "mainEntityOfPage": {"@id": "https://daily.example/rates"}}]}</script>
            </head><body><h1>Other words</h1></body></html>"#;
        let m = of(page);
        assert_eq!(m.title.as_deref(), Some("Rates rise & markets fall"));
        assert_eq!(m.byline.as_deref(), Some("Ann Wu, Bo Li"));
        assert_eq!(m.published.as_deref(), Some("2024-05-02T08:00:00Z"));
        assert_eq!(m.site.as_deref(), Some("The Daily"));
        assert_eq!(m.url.as_deref(), Some("https://daily.example/rates"));
        assert_eq!(m.language.as_deref(), Some("en-US"));
    }

    #[test]
    fn json_ld_authors_given_by_reference_on_the_web_page_are_named_from_the_graph() {
        let page = r#"<script type="application/ld+json">{"@graph": [
              {"@type": "WebPage", "name": "Open thread - Blog", "datePublished": "2018-10-09",
               "author": {"@id": "https://blog.example/#/schema/person/1"}},
              {"@type": "Person", "@id": "https://blog.example/#/schema/person/1", "name": "Sam Lee"}]}
            </script>"#;
        let m = of(page);
        assert_eq!(m.byline.as_deref(), Some("Sam Lee"));
        assert_eq!(m.published.as_deref(), Some("2018-10-09"));
        assert_eq!(m.title, None);
    }

    #[test]
    fn meta_tags_alone_give_every_field() {
        let page = r#"<html><head><title>Harbour plan | The Herald</title>
            <meta property="og:site_name" content="The Herald">
            <meta name="author" content="By Jane Doe">
            <meta name="dc.language" content="en_GB">
            <meta property="article:author" content="https://facebook.com/jane">
            <meta name="parsely-pub-date" content="2024-05-01">
            <link rel="stylesheet" href="/s.css"><link rel="Canonical" href="https://herald.example/harbour?a=1&amp;b=2">
            </head><body><h1>Council <em>approves</em> harbour plan</h1>
            <time datetime="2020-01-01">old</time></body></html>"#;
        let m = of(page);
        // No declared title: `<title>` without the outlet's name (the `<h1>` is longer).
        assert_eq!(m.title.as_deref(), Some("Harbour plan"));
        assert_eq!(m.first_h1.as_deref(), Some("Council approves harbour plan"));
        assert_eq!(m.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(m.published.as_deref(), Some("2024-05-01"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://herald.example/harbour?a=1&b=2")
        );
        assert_eq!(m.site.as_deref(), Some("The Herald"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn a_page_without_metadata_gives_its_h1_and_time_only() {
        let m = of("<body><h1></h1><h1> Plain <b>page</b> </h1><p>Text.</p>\
                    <time pubdate datetime='2023-03-04 05:06:07'>x</time></body>");
        assert_eq!(m.title.as_deref(), Some("Plain page"));
        assert_eq!(m.published.as_deref(), Some("2023-03-04T05:06:07Z"));
        assert_eq!(
            (m.byline, m.url, m.site, m.language),
            (None, None, None, None)
        );
        assert_eq!(of("").title, None);
    }

    #[test]
    fn the_h1_that_contains_the_declared_title_or_is_in_title_is_the_headline() {
        let m = of("<meta property='og:title' content='results'><h1>Live: results</h1>");
        assert_eq!(m.title.as_deref(), Some("Live: results"));
        assert_eq!(m.repeated_headline(), Some("results"));
        let m = of("<title>Story &amp; more | Some outlet</title><h1>Story &amp; more</h1>");
        assert_eq!(m.title.as_deref(), Some("Story & more"));
        let m = of("<title>Site name</title><h1>Headline</h1>");
        assert_eq!(m.title.as_deref(), Some("Site name"));
    }

    #[test]
    fn dates_are_read_in_their_common_forms() {
        for (given, read) in [
            ("2024-05-01T09:30:00Z", Some("2024-05-01T09:30:00Z")),
            ("2024-05-01T09:30:00.123-0400", Some("2024-05-01T13:30:00Z")),
            ("2024-05-01 09:30", Some("2024-05-01T09:30:00Z")),
            ("2024-05-01T00:00:00+00:00", Some("2024-05-01")),
            (
                "Wed, 01 May 2024 09:30:00 GMT",
                Some("2024-05-01T09:30:00Z"),
            ),
            ("2024/05/01", Some("2024-05-01")),
            ("2024-05-01T09:30:00 EST", Some("2024-05-01")),
            ("0001-01-01", None),
            ("yesterday", None),
            ("", None),
        ] {
            assert_eq!(publication_date(given).as_deref(), read, "{given}");
        }
    }

    #[test]
    fn hostile_json_ld_is_passed_over() {
        let deep = format!(
            "<script type=application/ld+json>{}{}</script><h1>T</h1>",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(of(&deep).title.as_deref(), Some("T"));
        let m = of(
            "<script type=application/ld+json>{\"@type\": \"Article\", \"author\": 5, \"headline\": [1]}</script>",
        );
        assert_eq!((m.title, m.byline), (None, None));
    }
}
