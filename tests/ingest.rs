//! `ingest`: golden tests on pages made for them (an article with navigation, comments and a
//! cookie banner; a liveblog; a block quote and a list; each charset; a WARC; a feed; a news
//! dump), hostile inputs, and the command line's exit codes and JSON lines.

use std::path::{Path, PathBuf};
use std::process::Command;

use press_annotate::ingest::{self, Duplicate, Outcome, provenance};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ingest")
        .join(name)
}

fn run_ingest(inputs: &[PathBuf], into: &Path) -> ingest::Report {
    ingest::ingest(inputs, into, |_| {}).expect("the folder can be made")
}

fn ingested(report: &ingest::Report) -> Vec<&ingest::Ingested> {
    report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Ingested(i) => Some(&**i),
            _ => None,
        })
        .collect()
}

fn failures(report: &ingest::Report) -> Vec<String> {
    report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(e) => Some(e.to_string()),
            _ => None,
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_article_page_keeps_the_story_and_leaves_out_navigation_comments_and_the_cookie_banner() {
    let dir = tempfile::tempdir().unwrap();
    let report = run_ingest(&[data("article.html")], dir.path());
    assert_eq!(failures(&report), Vec::<String>::new());
    let done = ingested(&report)[0];
    assert_eq!(done.article, dir.path().join("article.txt"));
    assert_eq!(
        read(&done.article),
        "Council approves harbour plan\n\n\
         The town council voted on Tuesday night to approve a £12 million plan to rebuild the harbour wall, ending three years of argument over who should pay for the repairs.\n\n\
         \u{201c}This is the most important decision we have taken in a decade,\u{201d} said the council leader, Maria Lopez, after the vote passed by nine votes to four.\n\n\
         What the plan includes\n\n\
         The scheme will replace the crumbling Victorian sea wall, widen the slipway used by the lifeboat crew and add a flood gate at the mouth of the inner basin.\n\n\
         Opponents argued that the cost would fall on local residents through higher council tax, and that the government should fund the work as part of its coastal defence programme.\n\n\
         Work is expected to begin in the autumn and to take two years, during which the fish market will move to a temporary site on the north quay.\n"
    );
    let p = provenance::load(&done.article).unwrap().unwrap();
    assert_eq!(
        p.url.as_deref(),
        Some("https://herald.example/news/2024/05/harbour-plan")
    );
    assert_eq!(p.title.as_deref(), Some("Council approves harbour plan"));
    assert_eq!(p.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(p.site.as_deref(), Some("The Coastal Herald"));
    assert_eq!(p.language.as_deref(), Some("en-GB"));
    assert!(
        p.published.as_deref().unwrap().starts_with("2024-05-01"),
        "{p:?}"
    );
    let original = std::fs::read(data("article.html")).unwrap();
    assert_eq!(p.sha256, ingest::sha256_hex(&original));
    assert_eq!(
        std::fs::read(dir.path().join(p.original.unwrap())).unwrap(),
        original
    );
    assert!(p.input.ends_with("article.html"));
}

#[test]
fn a_liveblog_keeps_every_post() {
    let dir = tempfile::tempdir().unwrap();
    let report = run_ingest(&[data("liveblog.html")], dir.path());
    let text = read(&ingested(&report)[0].article);
    assert!(
        text.starts_with("Election night live: results as they come in\n\n"),
        "{text}"
    );
    for post in [
        "reduced majority of 1,204 votes.",
        "quieter than expected",
        "counting is under way",
    ] {
        assert!(text.contains(post), "{post} missing from {text}");
    }
    for chrome in ["Terms", "Privacy", "Politics"] {
        assert!(!text.contains(chrome), "{chrome} in {text}");
    }
}

#[test]
fn block_quotes_and_lists_are_kept_as_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let report = run_ingest(&[data("quote_list.html")], dir.path());
    let text = read(&ingested(&report)[0].article);
    assert!(text.contains("\n\n- une baisse de l\u{2019}impôt sur le revenu pour les deux premières tranches ;\n\n- un crédit"), "{text}");
    assert!(text.contains("\n\n\u{ab} Nous tenons nos engagements sans augmenter la dette \u{bb}, a-t-il déclaré devant la commission.\n\n"), "{text}");
    assert!(!text.contains("Accueil"));
    let p = provenance::load(&ingested(&report)[0].article)
        .unwrap()
        .unwrap();
    assert_eq!(p.language.as_deref(), Some("fr"));
    // The page names no outlet: its breadcrumb ("Accueil Économie") is not taken for one.
    assert_eq!(p.site, None);
}

fn page(charset_meta: &str, body: &[u8]) -> Vec<u8> {
    let mut page =
        format!("<html><head>{charset_meta}<title>Charset test</title></head><body><article><p>")
            .into_bytes();
    page.extend_from_slice(body);
    page.extend_from_slice(b" The rest of this paragraph is long enough to be the main text of the page, as a real article would be, with several clauses and no links at all in it.</p></article></body></html>");
    page
}

#[test]
fn each_charset_is_decoded_from_the_bom_meta_or_http_equiv() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "utf8",
            page(
                "<meta charset=\"utf-8\">",
                "Café déjà vu – “quoted”.".as_bytes(),
            ),
        ),
        (
            "latin1",
            page("<meta charset=\"iso-8859-1\">", b"Caf\xe9 d\xe9j\xe0 vu."),
        ),
        (
            "cp1252",
            page(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
                b"Caf\xe9 \x93quoted\x94 \x96 dash.",
            ),
        ),
        (
            "utf8bom",
            [&[0xEF, 0xBB, 0xBF][..], &page("", "Café BOM.".as_bytes())].concat(),
        ),
        (
            "utf16",
            [0xFF, 0xFE]
                .into_iter()
                .chain(
                    String::from_utf8(page("", "Café seize.".as_bytes()))
                        .unwrap()
                        .encode_utf16()
                        .flat_map(|u| u.to_le_bytes()),
                )
                .collect(),
        ),
        ("nometa", page("", b"Caf\xe9 sans meta.")),
    ];
    for (name, bytes) in &cases {
        std::fs::write(inputs.join(format!("{name}.html")), bytes).unwrap();
    }
    let report = run_ingest(std::slice::from_ref(&inputs), &dir.path().join("out"));
    assert_eq!(failures(&report), Vec::<String>::new());
    let text = |name: &str| read(&dir.path().join("out").join(format!("{name}.txt")));
    assert!(text("utf8").contains("Café déjà vu – “quoted”."));
    assert!(text("latin1").contains("Café déjà vu."));
    assert!(text("cp1252").contains("Café “quoted” – dash."));
    assert!(text("utf8bom").contains("Café BOM."));
    assert!(text("utf16").contains("Café seize."));
    assert!(text("nometa").contains("Café sans meta."));
}

fn http_response(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    http
}

#[test]
fn a_warc_gives_one_article_per_html_response_and_its_header_charset_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = ingest::warc::record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(ingest::warc::record(
        "request",
        "https://w.example/one",
        "application/http; msgtype=request",
        b"GET /one HTTP/1.1\r\nHost: w.example\r\n\r\n",
    ));
    warc.extend(ingest::warc::record(
        "response",
        "https://w.example/one",
        "application/http; msgtype=response",
        &http_response(
            "text/html; charset=iso-8859-1",
            &page("", b"Premi\xe8re r\xe9ponse."),
        ),
    ));
    warc.extend(ingest::warc::record(
        "response",
        "https://w.example/logo.png",
        "application/http; msgtype=response",
        &http_response("image/png", b"\x89PNG\r\n\x1a\n"),
    ));
    warc.extend(ingest::warc::record(
        "response",
        "https://w.example/two",
        "application/http; msgtype=response",
        &http_response(
            "text/html",
            &page("<meta charset=utf-8>", "Deuxième réponse.".as_bytes())
                .replace_title("Second page"),
        ),
    ));
    let path = dir.path().join("crawl.warc");
    std::fs::write(&path, &warc).unwrap();
    let report = run_ingest(&[path], &dir.path().join("out"));
    assert_eq!(failures(&report), Vec::<String>::new());
    let done = ingested(&report);
    assert_eq!(done.len(), 2);
    assert!(read(&done[0].article).contains("Première réponse."));
    assert_eq!(
        done[0].provenance.url.as_deref(),
        Some("https://w.example/one")
    );
    assert_eq!(done[0].provenance.record, Some(1));
    assert_eq!(done[1].article.file_name().unwrap(), "second-page.txt");
    // Both titles are the same for the first two pages: names never clash.
    assert_eq!(done[0].article.file_name().unwrap(), "charset-test.txt");
    // The record kept is the HTTP response as archived.
    let kept = std::fs::read(
        dir.path()
            .join("out")
            .join(done[0].provenance.original.as_ref().unwrap()),
    )
    .unwrap();
    assert!(kept.starts_with(b"HTTP/1.1 200 OK"));
}

trait ReplaceTitle {
    fn replace_title(self, title: &str) -> Vec<u8>;
}
impl ReplaceTitle for Vec<u8> {
    fn replace_title(self, title: &str) -> Vec<u8> {
        String::from_utf8(self)
            .unwrap()
            .replace("Charset test", title)
            .into_bytes()
    }
}

#[test]
fn a_feed_gives_its_entries_with_full_content_and_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("news.rss");
    std::fs::write(
        &feed,
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Gazette</title><link>https://gazette.example/</link><language>en-us</language>
<item><title>Bridge reopens after repairs</title><link>https://gazette.example/bridge</link>
<dc:creator>Sam Lee</dc:creator><pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The old bridge reopened on Thursday &ndash; six months late.</p><p>Drivers welcomed the news.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://gazette.example/teaser</link><description>Read more on our site</description></item>
</channel></rss>"#,
    )
    .unwrap();
    let report = run_ingest(&[feed], dir.path());
    let done = ingested(&report);
    assert_eq!(done.len(), 1);
    assert_eq!(
        read(&done[0].article),
        "Bridge reopens after repairs\n\nThe old bridge reopened on Thursday – six months late.\n\nDrivers welcomed the news.\n"
    );
    let p = &done[0].provenance;
    assert_eq!(p.byline.as_deref(), Some("Sam Lee"));
    assert_eq!(p.site.as_deref(), Some("Valley Gazette"));
    assert_eq!(p.published.as_deref(), Some("2024-05-02T08:00:00Z"));
    assert_eq!(p.language.as_deref(), Some("en-us"));
    assert_eq!(failures(&report).len(), 1);
    assert!(failures(&report)[0].contains("entry 2 has no full content"));
}

#[test]
fn a_news_dump_gives_one_article_per_record_and_duplicates_are_not_ingested_twice() {
    let dir = tempfile::tempdir().unwrap();
    let wire = "The central bank raised its main interest rate by a quarter of a point on Thursday, the fourth increase this year, saying inflation remained too high.\nThe governor told reporters that further rises could not be ruled out if prices kept climbing, and markets reacted calmly to a decision most economists had expected.";
    let lines = [
        serde_json::json!({"title": "Rates rise again", "maintext": wire, "url": "https://a.example/rates", "date_publish": "2024-05-02 10:00:00", "authors": ["Ann Wu"], "language": "en", "source_domain": "a.example"}),
        serde_json::json!({"title": "Same story, same URL", "text": "Different words entirely here.", "url": "https://a.example/rates/"}),
        serde_json::json!({"title": "Bank lifts rates", "content": format!("{wire}\nReporting by the wire desk."), "url": "https://b.example/bank"}),
        serde_json::json!({"title": "../../etc/passwd", "text": "A title that is a path stays inside the folder."}),
        serde_json::json!({"title": "No text here"}),
    ];
    let dump = dir.path().join("dump.jsonl");
    std::fs::write(
        &dump,
        lines
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let report = run_ingest(std::slice::from_ref(&dump), &out);
    let done = ingested(&report);
    assert_eq!(done.len(), 3);
    assert_eq!(
        read(&done[0].article),
        format!("Rates rise again\n\n{}\n", wire.replace('\n', "\n\n"))
    );
    assert_eq!(done[0].provenance.byline.as_deref(), Some("Ann Wu"));
    assert_eq!(
        done[0].provenance.published.as_deref(),
        Some("2024-05-02 10:00:00")
    );
    assert!(report.outcomes.iter().any(|o| matches!(o, Outcome::Duplicate { record: Some(2), of: Duplicate::SameUrl(a), .. } if a == &done[0].article)));
    assert_eq!(done[1].near_duplicate_of.as_ref(), Some(&done[0].article));
    assert_eq!(done[2].article, out.join("etc-passwd.txt"));
    assert!(failures(&report)[0].contains("line 5: no text"));
    // The dump is kept once, under .sources.
    assert_eq!(
        tree(&out)
            .iter()
            .filter(|f| f.starts_with(".sources"))
            .count(),
        1
    );
    // Ingesting again adds nothing: every record is already there.
    let again = run_ingest(&[dump], &out);
    assert!(ingested(&again).is_empty());
    assert_eq!(
        again
            .outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Duplicate { .. }))
            .count(),
        4
    );
}

#[test]
fn text_in_latin1_or_utf16_is_converted_to_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"Le ma\xeetre a dit : \xab non \xbb.\n").unwrap();
    let utf16 = dir.path().join("wide.txt");
    let wide: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Zoë said “yes”.\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    std::fs::write(&utf16, wide).unwrap();
    let out = dir.path().join("out");
    let report = run_ingest(&[latin, utf16], &out);
    assert_eq!(failures(&report), Vec::<String>::new());
    assert_eq!(read(&out.join("latin.txt")), "Le maître a dit : « non ».\n");
    assert_eq!(read(&out.join("wide.txt")), "Zoë said “yes”.\n");
    let p = provenance::load(&out.join("latin.txt")).unwrap().unwrap();
    assert_eq!(p.encoding.as_deref(), Some("Windows-1252 (Latin-1)"));
}

#[test]
fn hostile_inputs_each_give_a_reason_and_nothing_is_written_outside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("empty.html"), b"").unwrap();
    std::fs::write(
        inputs.join("binary.html"),
        [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(100),
    )
    .unwrap();
    std::fs::write(inputs.join("blank.html"), b"<html><body>   </body></html>").unwrap();
    std::fs::write(inputs.join("notes.docx"), b"PK\x03\x04").unwrap();
    let deep = format!(
        "<html><body>{}<p>Deep inside one hundred thousand elements there is still a sentence worth reading.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(inputs.join("deep.html"), deep).unwrap();
    let out = dir.path().join("out");
    let before: Vec<String> = tree(dir.path());
    let report = ingest::ingest(
        &[
            inputs.join("empty.html"),
            inputs.join("binary.html"),
            inputs.join("blank.html"),
            inputs.join("notes.docx"),
            inputs.join("deep.html"),
            inputs.join("missing.html"),
        ],
        &out,
        |_| {},
    )
    .unwrap();
    let errors = failures(&report);
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("empty.html: the file is empty")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("binary.html: binary data")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("blank.html: the page has no text")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("notes.docx: not a page")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("missing.html: no such file")),
        "{errors:?}"
    );
    let done = ingested(&report);
    assert!(read(&done[0].article).contains("there is still a sentence worth reading."));
    // Only the folder changed.
    let after: Vec<String> = tree(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with("out"))
        .collect();
    assert_eq!(after, before);
}

#[test]
fn a_50_mb_page_is_ingested_whole_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "<p>Paragraph of a very long page, which keeps going with more and more words to fill it.</p>\n";
    let mut page =
        String::from("<html><head><title>Huge page</title></head><body><nav>Menu</nav><article>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    let paragraphs = page.matches("<p>").count();
    page.push_str("</article><footer>Footer links</footer></body></html>");
    let path = dir.path().join("huge.html");
    std::fs::write(&path, &page).unwrap();
    // The extractor is linear: the whole page goes through main-text extraction (no
    // fallback for large pages any more). About 40 s in a debug build with hashing, near-
    // duplicate shingles and writing, on 2 busy cores; anything quadratic would take hours.
    let started = std::time::Instant::now();
    let report = run_ingest(&[path], &dir.path().join("out"));
    let seconds = started.elapsed().as_secs_f64();
    let done = ingested(&report);
    assert_eq!(done.len(), 1, "{:?}", failures(&report));
    assert!(seconds < 120.0, "{seconds} s");
    let text = read(&done[0].article);
    assert!(text.starts_with("Huge page\n\nParagraph of a very long page"));
    assert!(!text.contains("Menu") && !text.contains("Footer"));
    // Every paragraph is kept: the page's whole article.
    assert_eq!(
        text.matches("Paragraph of a very long page").count(),
        paragraphs
    );
}

#[test]
fn clashing_names_are_numbered_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("article.txt"), "An article the user wrote.\n").unwrap();
    std::fs::write(out.join("article-2.txt.alice.annotations.ron"), "()").unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    std::fs::copy(data("article.html"), a.join("article.html")).unwrap();
    std::fs::copy(data("liveblog.html"), b.join("article.html")).unwrap();
    let report = run_ingest(&[a.join("article.html"), b.join("article.html")], &out);
    let done = ingested(&report);
    assert_eq!(done.len(), 2);
    assert_eq!(
        read(&out.join("article.txt")),
        "An article the user wrote.\n"
    );
    assert_eq!(done[0].article, out.join("article-3.txt"));
    assert_eq!(done[1].article, out.join("article-4.txt"));
    assert!(done[0].notes[0].contains("named article-3.txt: article.txt is taken"));
}

#[test]
fn the_folder_listing_sees_articles_but_not_sidecars_or_sources() {
    let dir = tempfile::tempdir().unwrap();
    run_ingest(&[data("article.html")], dir.path());
    let found = press_annotate::store::discover(dir.path());
    assert_eq!(found.articles, [dir.path().join("article.txt")]);
    assert!(found.annotation_files.is_empty());
    assert!(found.unreadable.is_empty());
    let output = Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_command_prints_json_lines_and_exits_0_1_or_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bin = env!("CARGO_BIN_EXE_press-annotate");
    let ok = Command::new(bin)
        .args(["ingest", "--json", "--into"])
        .arg(&out)
        .arg(data("article.html"))
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(line["title"], "Council approves harbour plan");
    assert_eq!(line["site"], "The Coastal Herald");
    assert_eq!(line["byline"], "Jane Doe");
    assert_eq!(
        line["url"],
        "https://herald.example/news/2024/05/harbour-plan"
    );
    assert_eq!(line["language"], "en-GB");
    assert!(
        line["published"]
            .as_str()
            .unwrap()
            .starts_with("2024-05-01")
    );
    assert!(line["article"].as_str().unwrap().ends_with("article.txt"));
    assert!(line["input"].as_str().unwrap().ends_with("article.html"));
    assert_eq!(
        line["chars"].as_u64().unwrap() as usize,
        read(&out.join("article.txt")).chars().count()
    );

    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let some = Command::new(bin)
        .args(["ingest", "--into"])
        .arg(&out)
        .arg(&empty)
        .arg(data("liveblog.html"))
        .output()
        .unwrap();
    assert_eq!(some.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&some.stderr);
    assert!(stderr.contains("empty.html: the file is empty"), "{stderr}");
    assert!(out.join("liveblog.txt").exists());

    let usage = Command::new(bin)
        .args(["ingest"])
        .arg(data("article.html"))
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let into_file = Command::new(bin)
        .args(["ingest", "--into"])
        .arg(data("article.html"))
        .arg(data("liveblog.html"))
        .output()
        .unwrap();
    assert_eq!(into_file.status.code(), Some(2));
}

/// The jsonl export of articles named directly (so exported without a set).
fn export_jsonl(article: &Path) -> Vec<serde_json::Value> {
    use press_annotate::export::{self, ExportOptions, Output};
    let mut out = Vec::new();
    let options = ExportOptions {
        format: press_annotate::formats::Format::Jsonl,
        ..ExportOptions::default()
    };
    export::run(
        &options,
        &[article.to_owned()],
        Output::Writer(&mut out),
        &mut |_, _| {},
    )
    .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn exports_carry_the_provenance() {
    use press_annotate::export::{self, ExportOptions, Output};
    let dir = tempfile::tempdir().unwrap();
    run_ingest(&[data("article.html")], dir.path());
    let article = dir.path().join("article.txt");
    let lines = export_jsonl(&article);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["meta"]["title"], "Council approves harbour plan");
    assert_eq!(
        lines[0]["meta"]["url"],
        "https://herald.example/news/2024/05/harbour-plan"
    );
    assert_eq!(lines[0]["meta"]["site"], "The Coastal Herald");
    for (format, pick) in [
        (press_annotate::formats::Format::Doccano, "/byline"),
        (
            press_annotate::formats::Format::LabelStudio,
            "/0/data/byline",
        ),
    ] {
        let mut out = Vec::new();
        let options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        export::run(
            &options,
            std::slice::from_ref(&article),
            Output::Writer(&mut out),
            &mut |_, _| {},
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let first = text.lines().next().unwrap();
        let value: serde_json::Value =
            serde_json::from_str(if format == press_annotate::formats::Format::Doccano {
                first
            } else {
                &text
            })
            .unwrap();
        assert_eq!(
            value.pointer(pick).and_then(|v| v.as_str()),
            Some("Jane Doe"),
            "{format:?}: {text}"
        );
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// A dump's record ingested, then exported to jsonl, keeps the article's text exactly;
    /// a page's paragraphs come out as they went in (entities decoded, white space collapsed).
    #[test]
    fn ingesting_then_exporting_keeps_the_text_exact(
        paragraphs in proptest::collection::vec("[\\PC&&[^\u{ad}\u{feff}]]{1,60}", 1..6),
        title in "[A-Za-z0-9 éü“”'-]{1,40}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("in");
        std::fs::create_dir(&inputs).unwrap();
        let collapsed: Vec<String> = paragraphs
            .iter()
            .map(|p| press_annotate::ingest::html_text::collapse(p))
            .filter(|p| !p.is_empty())
            .collect();
        proptest::prop_assume!(!collapsed.is_empty() && !title.trim().is_empty());
        let record = serde_json::json!({"title": title, "text": collapsed.join("\n")});
        std::fs::write(inputs.join("d.jsonl"), record.to_string()).unwrap();
        let out = dir.path().join("out");
        let report = run_ingest(&[inputs.join("d.jsonl")], &out);
        let done = ingested(&report);
        proptest::prop_assert_eq!(done.len(), 1, "{:?}", failures(&report));
        let written = read(&done[0].article);
        let expected = format!("{}\n\n{}\n", press_annotate::ingest::html_text::collapse(&title), collapsed.join("\n\n"));
        proptest::prop_assert_eq!(&written, &expected);
        let lines = export_jsonl(&done[0].article);
        proptest::prop_assert_eq!(lines[0]["text"].as_str(), Some(written.as_str()));

        let body: String = collapsed.iter().map(|p| format!("<p>{}</p>", escape(p))).collect();
        let page = format!("<html><head><title>{}</title></head><body><article>{body}</article></body></html>", escape(&title));
        let blocks = press_annotate::ingest::html_text::blocks(&page, true);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        proptest::prop_assert_eq!(texts, collapsed.iter().map(String::as_str).collect::<Vec<_>>());
    }
}
