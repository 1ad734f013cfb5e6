//! `ingest/pages`: main-text extraction of generated news pages (navigation, a cookie
//! banner, share links, comments, related links and a footer around an article of about
//! 1,000 words): one page at a time, as `ingest` does, from bytes to paragraphs.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use press_annotate::ingest::{charset, html};

/// A news page of `paragraphs` paragraphs of body text, numbered by `n`.
fn page(n: usize, paragraphs: usize) -> String {
    let mut body = String::new();
    for p in 0..paragraphs {
        body.push_str(&format!(
            "<p>Paragraph {p} of story {n}: the council said on Tuesday that the plan &ldquo;would \
             go ahead&rdquo; despite objections from residents, who argued that the cost of the \
             harbour wall would fall on them through higher taxes over the coming decade.</p>\n"
        ));
        if p % 6 == 5 {
            body.push_str(&format!("<h2>Section {p}</h2>\n"));
        }
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story {n} | Herald</title>\
         <meta property=\"og:site_name\" content=\"Herald\"><meta name=\"author\" content=\"Jane Doe\">\
         <script>var tracking = {{ id: {n} }};</script><style>body {{ font: 16px serif }}</style></head>\
         <body><div class=\"cookie-banner\">We use cookies. <button>Accept</button></div>\
         <header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav></header>\
         <main><article><h1>Story {n}</h1><div class=\"share\"><a href=\"#\">Share</a></div>{body}</article>\
         <section class=\"comments\"><div class=\"comment\"><p>First!</p></div><div class=\"comment\"><p>Who pays?</p></div></section>\
         <aside class=\"related\"><ul><li><a href=\"/a\">Related one</a></li><li><a href=\"/b\">Related two</a></li></ul></aside></main>\
         <footer><p>&copy; Herald</p></footer></body></html>"
    )
}

fn bench_pages(c: &mut Criterion) {
    let pages: Vec<Vec<u8>> = (0..20).map(|n| page(n, 30).into_bytes()).collect();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("pages", |b| {
        b.iter(|| {
            for page in &pages {
                let (text, _) = charset::decode_html(page, None);
                let extracted = html::extract(&text, None).expect("a generated page has text");
                std::hint::black_box(extracted.blocks.len());
            }
        })
    });
    group.finish();
    eprintln!(
        "ingest/pages: {} pages, {} bytes in all",
        pages.len(),
        bytes
    );
}

criterion_group!(benches, bench_pages);
criterion_main!(benches);
