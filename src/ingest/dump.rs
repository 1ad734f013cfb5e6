//! News dumps: `.jsonl` (one JSON object a line, CC-News and news-please style) or `.json`
//! (an array of such objects, or one). The text is in `text`, `maintext` or `content`
//! (plain text, or HTML which is rendered to paragraphs); `title`, `url`, `date` /
//! `date_publish`, `authors` / `byline`, `language` and `source_domain` / `site` are read when
//! present.

use serde_json::Value;

use super::html::{Extracted, host_of};
use super::html_text::{self, Block, BlockKind};

/// One record's article, or why it has none; `record` is 1-based (the line in a `.jsonl`).
pub type DumpRecord = (usize, Result<Extracted, String>);

/// The records of a dump's text. `lines`: one object a line (`.jsonl`), else one JSON value.
pub fn read(text: &str, lines: bool) -> Result<Vec<DumpRecord>, String> {
    if lines {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                let record = serde_json::from_str::<Value>(line)
                    .map_err(|e| format!("line {}: not JSON: {e}", i + 1))
                    .and_then(|v| article_of(&v).map_err(|e| format!("line {}: {e}", i + 1)));
                (i + 1, record)
            })
            .collect());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                i + 1,
                article_of(v).map_err(|e| format!("record {}: {e}", i + 1)),
            )
        })
        .collect())
}

fn string(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Array(items)) => {
            let names: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    })
}

/// The paragraphs of a record's text: HTML rendered, plain text split at line breaks.
pub fn paragraphs(text: &str) -> Vec<Block> {
    let looks_html = text.contains("</p>") || text.contains("<br") || text.contains("</div>");
    if looks_html {
        return html_text::blocks(text, false);
    }
    text.lines()
        .map(html_text::collapse)
        .filter(|l| !l.is_empty())
        .map(|text| Block {
            kind: BlockKind::Paragraph,
            text,
        })
        .collect()
}

fn article_of(v: &Value) -> Result<Extracted, String> {
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let text = string(v, &["text", "maintext", "content"])
        .ok_or("no text (none of `text`, `maintext`, `content`)")?;
    let blocks = paragraphs(&text);
    if blocks.is_empty() {
        return Err("the text is empty".into());
    }
    let url = string(v, &["url", "link"]);
    Ok(Extracted {
        title: string(v, &["title", "headline"]).map(|t| html_text::collapse(&t)),
        byline: string(v, &["authors", "byline", "author"]),
        published: string(v, &["date_publish", "date", "published", "date_published"]),
        site: string(v, &["source_domain", "site", "site_name", "domain"])
            .or_else(|| url.as_deref().and_then(host_of)),
        language: string(v, &["language", "lang"]),
        url,
        blocks,
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_please_and_cc_news_records_are_read() {
        let dump = r#"{"title":"A","maintext":"One.\nTwo.","url":"https://n.example/a","date_publish":"2024-05-01 10:00:00","authors":["Ann","Bo"],"language":"en","source_domain":"n.example"}

{"title":"B","text":"<p>HTML &amp; text</p>"}
not json
{"title":"C"}"#;
        let records = read(dump, true).unwrap();
        assert_eq!(records.len(), 4);
        let a = records[0].1.as_ref().unwrap();
        assert_eq!(a.byline.as_deref(), Some("Ann, Bo"));
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.published.as_deref(), Some("2024-05-01 10:00:00"));
        assert_eq!(records[1].1.as_ref().unwrap().blocks[0].text, "HTML & text");
        assert!(
            records[2]
                .1
                .as_ref()
                .unwrap_err()
                .starts_with("line 4: not JSON")
        );
        assert!(records[3].1.as_ref().unwrap_err().contains("no text"));
        let array = read(
            r#"[{"content":"x","url":"https://www.s.example/p"}]"#,
            false,
        )
        .unwrap();
        assert_eq!(
            array[0].1.as_ref().unwrap().site.as_deref(),
            Some("s.example")
        );
    }
}
