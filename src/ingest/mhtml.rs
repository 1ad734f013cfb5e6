//! MHTML (`.mhtml`, `.mht`: a page saved by a browser as one MIME `multipart/related`
//! message): the first `text/html` part, its transfer encoding (quoted-printable, base64)
//! undone, with its charset and `Content-Location`.

use base64::Engine;

/// The page inside an MHTML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MhtmlPage {
    pub html: Vec<u8>,
    /// The part's `Content-Type` (for its charset).
    pub content_type: Option<String>,
    /// `Snapshot-Content-Location` or the part's `Content-Location`.
    pub url: Option<String>,
}

/// The HTML part of an MHTML file's bytes.
/// Parts are read as text (MHTML parts are quoted-printable or base64, so ASCII); an
/// 8-bit part's non-UTF-8 bytes are replaced.
pub fn read(bytes: &[u8]) -> Result<MhtmlPage, String> {
    let text = String::from_utf8_lossy(bytes);
    let (head, _) = split_headers(&text).ok_or("not an MHTML file: no MIME headers")?;
    let headers = parse_headers(head);
    let content_type =
        find(&headers, "content-type").ok_or("not an MHTML file: no Content-Type")?;
    let snapshot_url = find(&headers, "snapshot-content-location");
    let boundary = parameter(&content_type, "boundary")
        .ok_or("not an MHTML file: the Content-Type has no boundary")?;
    let delimiter = format!("--{boundary}");
    for part in text.split(&delimiter).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches(['\r', '\n']);
        let Some((part_head, body)) = split_headers(part) else {
            continue;
        };
        let part_headers = parse_headers(part_head);
        let part_type = find(&part_headers, "content-type").unwrap_or_default();
        if !part_type.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = find(&part_headers, "content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let body_bytes = body.as_bytes().to_vec();
        let html = match encoding.as_str() {
            "quoted-printable" => quoted_printable(&body_bytes),
            "base64" => {
                let clean: Vec<u8> = body_bytes
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                base64::engine::general_purpose::STANDARD
                    .decode(clean)
                    .map_err(|e| format!("the HTML part is not valid base64: {e}"))?
            }
            _ => body_bytes,
        };
        return Ok(MhtmlPage {
            html,
            content_type: Some(part_type),
            url: snapshot_url.or_else(|| find(&part_headers, "content-location")),
        });
    }
    Err("the MHTML file has no text/html part".into())
}

fn split_headers(text: &str) -> Option<(&str, &str)> {
    if let Some(at) = text.find("\r\n\r\n") {
        Some((&text[..at], &text[at + 4..]))
    } else {
        text.find("\n\n").map(|at| (&text[..at], &text[at + 2..]))
    }
}

/// Header lines, continuation lines folded in.
fn parse_headers(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    headers
}

fn find(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Quoted-printable decoded (RFC 2045): `=XX` bytes, `=` at a line end joins lines.
fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'=' {
            if body.get(i + 1..i + 3) == Some(b"\r\n") {
                i += 3;
                continue;
            }
            if body.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let Some(hex) = body.get(i + 1..i + 3)
                && let Ok(byte) = u8::from_str_radix(&String::from_utf8_lossy(hex), 16)
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_is_found_and_decoded() {
        let file = "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://m.example/story\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc\"\r\n\r\n\
------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\
Content-Location: https://m.example/story\r\n\r\n<html><meta charset=3D\"utf-8\"><p>Caf=C3=A9 long =\r\nline</p></html>\r\n\
------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
------MultipartBoundary--abc--\r\n";
        let page = read(file.as_bytes()).unwrap();
        assert_eq!(page.url.as_deref(), Some("https://m.example/story"));
        let html = String::from_utf8(page.html).unwrap();
        assert!(html.contains("<p>Café long line</p>"), "{html}");
        assert!(read(b"just text").is_err());
    }
}
