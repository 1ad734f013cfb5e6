//! One page's bytes through `ingest`'s HTML reader (charset sniffing, depth limit, main-text
//! extraction, paragraphs) and its WARC, MHTML, feed and dump readers: never a panic, and
//! every paragraph it gives is non-empty, trimmed and free of runs of white space.
#![no_main]

use libfuzzer_sys::fuzz_target;
use press_annotate::ingest::{charset, dump, feed, html, html_text, mhtml, warc};

fn check(blocks: &[html_text::Block]) {
    for b in blocks {
        assert!(!b.text.is_empty(), "an empty paragraph");
        assert_eq!(b.text, html_text::collapse(&b.text), "white space not normalised");
    }
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = charset::decode_html(data, None);
    if let Ok(page) = html::extract(&text, Some("https://fuzz.example/page")) {
        check(&page.blocks);
    }
    check(&html_text::blocks(&text, true));
    let _ = warc::read_pages(data);
    let _ = mhtml::read(data);
    let _ = feed::read(data);
    if let Ok(records) = dump::read(&String::from_utf8_lossy(data), true) {
        for (_, record) in records.iter() {
            if let Ok(record) = record {
                check(&record.blocks);
            }
        }
    }
    let _ = charset::convert_text_to_utf8(data);
});
