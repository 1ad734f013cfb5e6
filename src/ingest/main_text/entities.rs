//! Character references (`&amp;`, `&#8217;`, `&#x2014;`, legacy `&nbsp` without its
//! semicolon) decoded as browsers decode them, from HTML's table of named references.

/// Appends `raw` to `out` with its character references decoded; anything that is not a
/// reference (`&bogus;`, a lone `&`) is kept as written.
pub fn decode_into(raw: &str, out: &mut String) {
    let b = raw.as_bytes();
    let mut copied = 0;
    let mut from = 0;
    while let Some(off) = memchr::memchr(b'&', &b[from..]) {
        let amp = from + off;
        from = amp + 1;
        let Some((first, second, len)) = reference(&b[amp + 1..]) else {
            continue;
        };
        out.push_str(&raw[copied..amp]);
        out.push(first);
        if let Some(second) = second {
            out.push(second);
        }
        copied = amp + 1 + len;
        from = copied;
    }
    out.push_str(&raw[copied..]);
}

/// `raw` with its character references decoded.
pub fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    decode_into(raw, &mut out);
    out
}

/// The character reference at the start of `b` (just after its `&`): its one or two
/// characters and how many bytes it takes.
fn reference(b: &[u8]) -> Option<(char, Option<char>, usize)> {
    if b.first() == Some(&b'#') {
        return numeric(b);
    }
    let mut j = 0;
    while j < b.len() && j < 32 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == 0 {
        return None;
    }
    let name = std::str::from_utf8(&b[..j]).ok()?;
    let entities = &markup5ever::data::NAMED_ENTITIES;
    if b.get(j) == Some(&b';') {
        let with = format!("{name};");
        if let Some(&(c1, c2)) = entities.get(with.as_str())
            && c1 != 0
        {
            return Some((
                char::from_u32(c1)?,
                char::from_u32(c2).filter(|_| c2 != 0),
                j + 1,
            ));
        }
    }
    // Legacy references without a semicolon (`&amp`, `&nbsp`): the longest known prefix.
    for k in (2..=j.min(6)).rev() {
        if let Some(&(c1, _)) = entities.get(&name[..k])
            && c1 != 0
        {
            return Some((char::from_u32(c1)?, None, k));
        }
    }
    None
}

/// A numeric reference (`#8217;`, `#x2014`): out-of-range values and NUL become U+FFFD, the
/// C1 range is read as Windows-1252 (as browsers do).
fn numeric(b: &[u8]) -> Option<(char, Option<char>, usize)> {
    let (radix, digits_at) = match b.get(1) {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let mut j = digits_at;
    let mut value: u32 = 0;
    while let Some(d) = b.get(j).and_then(|&c| (c as char).to_digit(radix)) {
        value = value.saturating_mul(radix).saturating_add(d);
        j += 1;
    }
    if j == digits_at {
        return None;
    }
    if b.get(j) == Some(&b';') {
        j += 1;
    }
    let ch = match value {
        0 => '\u{fffd}',
        0x80..=0x9f => windows_1252(value),
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    };
    Some((ch, None, j))
}

/// The Windows-1252 character of a C1 code (0x80 to 0x9F).
fn windows_1252(v: u32) -> char {
    const TABLE: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let index = v.wrapping_sub(0x80) as usize;
    TABLE
        .get(index)
        .and_then(|&c| char::from_u32(c))
        .unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_numeric_and_legacy_references_are_decoded_and_the_rest_kept() {
        assert_eq!(
            decode("caf&eacute; &#x2014;&#8212; &amp &nbsp;x &bogus; a < b &#150; &#x110000; &#0;"),
            "café —— & \u{a0}x &bogus; a < b – \u{fffd} \u{fffd}"
        );
        assert_eq!(decode("&"), "&");
        assert_eq!(decode("&#"), "&#");
        assert_eq!(decode("&#99999999999999999999;"), "\u{fffd}");
    }
}
