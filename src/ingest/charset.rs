//! Character sets: a page's bytes to text (BOM, then the transport header — HTTP or WARC —,
//! then `<meta charset>` / `http-equiv`, then UTF-8 if the bytes are valid, else
//! Windows-1252), and plain-text files in Latin-1, Windows-1252 or UTF-16 to UTF-8.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` charset (the HTML standard says 1024;
/// real pages put long `<head>`s first, so a little more).
const META_SNIFF_BYTES: usize = 4096;

/// The charset named in a `Content-Type` value (`text/html; charset=ISO-8859-1`).
pub fn charset_of_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The charset a page declares in its first bytes: `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
pub fn charset_of_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SNIFF_BYTES)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<meta") {
        let start = from + found;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(encoding) = charset_of_content_type(tag) {
            // A page saved as UTF-16 that says "utf-16" in ASCII cannot be UTF-16 (the
            // standard's rule): read it as UTF-8.
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                UTF_8
            } else {
                encoding
            });
        }
        from = end;
    }
    None
}

/// A page's bytes decoded: the text and the encoding used.
pub fn decode_html(
    bytes: &[u8],
    transport: Option<&'static Encoding>,
) -> (String, &'static Encoding) {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bom),
        None => {
            let encoding = transport
                .or_else(|| charset_of_meta(bytes))
                .unwrap_or_else(|| {
                    if std::str::from_utf8(bytes).is_ok() {
                        UTF_8
                    } else {
                        WINDOWS_1252
                    }
                });
            (encoding, 0)
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    (text.into_owned(), encoding)
}

/// A plain-text file's encoding, as far as its bytes tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1252, which is also how Latin-1 (ISO-8859-1) files read in practice.
    Windows1252,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252 (Latin-1)",
        }
    }
}

/// Why a plain-text file could not be converted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextConversionError {
    #[error("binary data, not text (a NUL byte at byte {byte})")]
    Binary { byte: usize },
}

/// A plain-text file converted to UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvertedText {
    pub text: String,
    /// The encoding it was read in (`Utf8`: the file needs no conversion).
    pub from: TextEncoding,
}

/// Guesses a text file's encoding (BOM; UTF-16 by its NUL bytes; valid UTF-8; else
/// Windows-1252) and decodes it to UTF-8. The window calls this to offer a conversion instead
/// of refusing a file that is not UTF-8; `ingest` calls it for `.txt` inputs.
pub fn convert_text_to_utf8(bytes: &[u8]) -> Result<ConvertedText, TextConversionError> {
    let (from, body) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let from = if encoding == UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8
        };
        (from, &bytes[bom..])
    } else if let Some(utf16) = utf16_without_bom(bytes) {
        (utf16, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (TextEncoding::Utf8, bytes)
    } else {
        (TextEncoding::Windows1252, bytes)
    };
    let encoding = match from {
        TextEncoding::Utf8 => UTF_8,
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
        TextEncoding::Windows1252 => WINDOWS_1252,
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if let Some(byte) = text.find('\0') {
        return Err(TextConversionError::Binary { byte });
    }
    Ok(ConvertedText {
        text: text.into_owned(),
        from,
    })
}

/// UTF-16 without a BOM: most of the even (BE) or odd (LE) bytes are NUL, as in text that
/// is mostly ASCII, and the length is even.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
        Some(TextEncoding::Utf16Le)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bom_wins_then_the_transport_header_then_meta() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode_html(latin, None).0.contains("café"));
        let (text, enc) = decode_html(latin, Some(UTF_8));
        assert_eq!(enc, UTF_8);
        assert!(text.contains("caf\u{FFFD}"));
        let bom = [&[0xEF, 0xBB, 0xBF][..], "<meta charset=latin1>é".as_bytes()].concat();
        assert_eq!(
            decode_html(&bom, Some(WINDOWS_1252)).0,
            "<meta charset=latin1>é"
        );
    }

    #[test]
    fn http_equiv_and_content_type_values_are_read() {
        let page =
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>\x93hi\x94";
        assert!(decode_html(page, None).0.ends_with("\u{201C}hi\u{201D}"));
        assert_eq!(
            charset_of_content_type("text/html;charset=\"UTF-8\""),
            Some(UTF_8)
        );
        assert_eq!(charset_of_content_type("text/html"), None);
    }

    #[test]
    fn text_files_in_other_encodings_become_utf8() {
        let latin = convert_text_to_utf8(b"Caf\xe9 cr\xe8me").unwrap();
        assert_eq!(
            (latin.text.as_str(), latin.from),
            ("Café crème", TextEncoding::Windows1252)
        );
        let le: Vec<u8> = "Zoë said"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let converted = convert_text_to_utf8(&le).unwrap();
        assert_eq!(
            (converted.text.as_str(), converted.from),
            ("Zoë said", TextEncoding::Utf16Le)
        );
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(convert_text_to_utf8(&be).unwrap().text, "Zoë");
        assert_eq!(
            convert_text_to_utf8("ok ü".as_bytes()).unwrap().from,
            TextEncoding::Utf8
        );
        assert_eq!(
            convert_text_to_utf8(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00"),
            Err(TextConversionError::Binary { byte: 7 })
        );
    }
}
