//! WARC files (`.warc`, `.warc.gz`, ISO 28500): each `response` record whose HTTP payload
//! is HTML. Read by hand on `flate2` (a `.warc.gz` is one gzip member per record, which
//! `MultiGzDecoder` reads as one stream); records are streamed, one in memory at a time.

use std::io::{BufRead, BufReader, Read};

/// Larger records are skipped (and reported), so a broken length cannot exhaust memory.
pub const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;

/// One HTML response from a WARC file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarcPage {
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// The HTTP `Content-Type` of the response.
    pub content_type: Option<String>,
    /// The HTTP body (after the headers; chunked and gzip transfer encodings undone).
    pub body: Vec<u8>,
    /// The whole record's payload (HTTP headers and body), as archived.
    pub raw: Vec<u8>,
}

/// What went wrong reading a WARC file.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("not a WARC file: record {record} does not start with \"WARC/\"")]
    NotWarc { record: usize },
    #[error("record {record} has no Content-Length")]
    NoLength { record: usize },
    #[error("record {record} is cut short")]
    Truncated { record: usize },
    #[error("record {record} is larger than {MAX_RECORD_BYTES} bytes")]
    TooLarge { record: usize },
    #[error("reading: {0}")]
    Io(#[from] std::io::Error),
}

/// The HTML responses of a WARC file's bytes (gzip or not), and the number of records that
/// were not HTML responses (request, metadata, warcinfo, images...).
pub fn read_pages(bytes: &[u8]) -> Result<(Vec<WarcPage>, usize), WarcError> {
    let reader: Box<dyn Read + '_> = if bytes.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    let mut reader = BufReader::new(reader);
    let mut pages = Vec::new();
    let mut other = 0;
    let mut record = 0;
    loop {
        let mut line = Vec::new();
        // Skip the blank lines between records.
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                return Ok((pages, other));
            }
            if !line.iter().all(|b| b.is_ascii_whitespace()) {
                break;
            }
        }
        record += 1;
        if !line.starts_with(b"WARC/") {
            return Err(WarcError::NotWarc { record });
        }
        let headers = read_headers(&mut reader)?;
        let length: u64 = header(&headers, "content-length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or(WarcError::NoLength { record })?;
        if length > MAX_RECORD_BYTES {
            return Err(WarcError::TooLarge { record });
        }
        let mut payload = Vec::with_capacity(length.min(1 << 24) as usize);
        (&mut reader).take(length).read_to_end(&mut payload)?;
        if (payload.len() as u64) < length {
            return Err(WarcError::Truncated { record });
        }
        let kind = header(&headers, "warc-type").unwrap_or_default();
        let is_http = header(&headers, "content-type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("application/http"));
        if !kind.eq_ignore_ascii_case("response") || !is_http {
            other += 1;
            continue;
        }
        match http_html_body(&payload) {
            Some((content_type, body)) => pages.push(WarcPage {
                url: header(&headers, "warc-target-uri").map(|u| {
                    u.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                }),
                date: header(&headers, "warc-date").map(|d| d.trim().to_string()),
                content_type,
                body,
                raw: payload,
            }),
            None => other += 1,
        }
    }
}

fn read_headers(reader: &mut impl BufRead) -> std::io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(headers);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(headers);
        }
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// The Content-Type and body of an HTTP response that is HTML; `None` for anything else.
fn http_html_body(payload: &[u8]) -> Option<(Option<String>, Vec<u8>)> {
    let split = payload
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            payload
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })?;
    let head = String::from_utf8_lossy(&payload[..split.0]);
    let mut lines = head.lines();
    if !lines.next()?.starts_with("HTTP/") {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let content_type = header(&headers, "content-type");
    let body = &payload[split.1..];
    let mut body = if header(&headers, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        dechunk(body)
    } else {
        body.to_vec()
    };
    if header(&headers, "content-encoding").is_some_and(|e| e.eq_ignore_ascii_case("gzip")) {
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .is_ok()
        {
            body = out;
        }
    }
    let looks_html = match &content_type {
        Some(t) => {
            let t = t.to_ascii_lowercase();
            t.contains("html")
        }
        None => {
            let start = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            start.contains("<html") || start.contains("<!doctype html")
        }
    };
    looks_html.then_some((content_type, body))
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&body[..end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        body = &body[end + 2..];
        if size == 0 || size > body.len() {
            out.extend_from_slice(&body[..size.min(body.len())]);
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// A WARC record, for tests and benches: `kind` is `response`, `request`, ...
pub fn record(kind: &str, url: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn response(url: &str, ct: &str, body: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\n\r\n{body}");
        record(
            "response",
            url,
            "application/http; msgtype=response",
            http.as_bytes(),
        )
    }

    #[test]
    fn html_responses_are_read_and_other_records_counted() {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: x\r\n",
        );
        warc.extend(response("https://a.example/1", "text/html", "<p>one</p>"));
        warc.extend(response(
            "https://a.example/logo.png",
            "image/png",
            "\u{1}PNG",
        ));
        warc.extend(response(
            "https://a.example/2",
            "text/html; charset=utf-8",
            "<p>two</p>",
        ));
        let (pages, other) = read_pages(&warc).unwrap();
        assert_eq!(other, 2);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].url.as_deref(), Some("https://a.example/2"));
        assert_eq!(pages[1].body, b"<p>two</p>");
        // The same file gzipped, one member per record, reads the same.
        let mut gz = Vec::new();
        for part in [
            response("https://a.example/1", "text/html", "<p>one</p>"),
            response("https://a.example/2", "text/html", "<p>two</p>"),
        ] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&part).unwrap();
            gz.extend(enc.finish().unwrap());
        }
        assert_eq!(read_pages(&gz).unwrap().0.len(), 2);
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        assert!(matches!(
            read_pages(b"hello"),
            Err(WarcError::NotWarc { record: 1 })
        ));
        let full = response("u", "text/html", "<p>long body</p>");
        assert!(matches!(
            read_pages(&full[..full.len() - 10]),
            Err(WarcError::Truncated { .. })
        ));
        assert!(matches!(
            read_pages(&full[..60]),
            Err(WarcError::NoLength { .. })
        ));
        assert!(read_pages(b"").unwrap().0.is_empty());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
