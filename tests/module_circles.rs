//! No import circles, in the core, the command line and the window: read every module's
//! source and check that no module uses one that uses it back, directly or through others.
//!
//! A module "uses" another when its code names a path into it: `crate::a::b`, `super::x`,
//! `self::child`, or a child module by its name (`child::item`). A path is resolved to the
//! deepest module it names, so `crate::export::Doc` is a use of `export` even when `export`
//! only re-exports it. Comments are not read, nor a file's unit tests (`#[cfg(test)] mod`:
//! their `use super::*` is the file itself).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`crate::formats::brat`) of a file under src/, or `None` for the binary.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    match last.as_str() {
        "main.rs" if parts.is_empty() => return None,
        "lib.rs" if parts.is_empty() => {}
        "mod.rs" => {}
        other => parts.push(other.strip_suffix(".rs")?.to_owned()),
    }
    let mut name = String::from("crate");
    for part in parts {
        name.push_str("::");
        name.push_str(&part);
    }
    Some(name)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments (line comments and block comments; string literals kept
/// apart so that `"https://"` is not a comment).
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            // A quote as a char literal (`'"'`) opens no string.
            '\'' if chars.peek() == Some(&'"') => {
                out.push(c);
                if let Some(quote) = chars.next() {
                    out.push(quote);
                }
            }
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if last == '*' && next == '/' {
                        break;
                    }
                    last = next;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The code before the file's unit tests (`#[cfg(test)]` followed by `mod`), which come last.
fn without_unit_tests(code: &str) -> &str {
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let at = from + at;
        let after = code[at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") {
            return &code[..at];
        }
        from = at + 1;
    }
    code
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written in `code`, as its segments (`["crate", "export", "Doc"]`); a use tree
/// (`a::{b, c::d}`) gives one path per leaf.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':'));
        if !starts {
            i += 1;
            continue;
        }
        let (paths, end) = path_tree(&chars, i, Vec::new());
        out.extend(paths.into_iter().filter(|p| p.len() > 1));
        i = end.max(i + 1);
    }
    out
}

/// Parses `ident(::ident)*(::{tree, ...})?` at `at`, under `prefix`.
fn path_tree(chars: &[char], mut at: usize, prefix: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut path = prefix;
    loop {
        let start = at;
        while at < chars.len() && is_ident(chars[at]) {
            at += 1;
        }
        if at == start {
            return (vec![path], at);
        }
        path.push(chars[start..at].iter().collect());
        if chars.get(at) == Some(&':') && chars.get(at + 1) == Some(&':') {
            at += 2;
            if chars.get(at) == Some(&'{') {
                at += 1;
                let mut leaves = Vec::new();
                loop {
                    while at < chars.len() && (chars[at].is_whitespace() || chars[at] == ',') {
                        at += 1;
                    }
                    if at >= chars.len() || chars[at] == '}' {
                        return (leaves, at + 1);
                    }
                    let (inner, end) = path_tree(chars, at, path.clone());
                    leaves.extend(inner);
                    // Skip `as name` and anything else up to the next item.
                    at = end;
                    while at < chars.len() && chars[at] != ',' && chars[at] != '}' {
                        at += 1;
                    }
                }
            }
        } else {
            return (vec![path], at);
        }
    }
}

/// The deepest known module a path written in `module` names, if any.
fn resolve(module: &str, path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let mut base: Vec<String> = module.split("::").map(str::to_owned).collect();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base = vec!["crate".to_owned()];
            rest = &rest[1..];
        }
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => rest = &rest[1..],
        // A child module named by its name.
        Some(first) if modules.contains(&format!("{module}::{first}")) => {}
        _ => return None,
    }
    let mut best = None;
    let mut name = base.join("::");
    if rest.is_empty() || modules.contains(&name) {
        best = Some(name.clone());
    }
    for segment in rest {
        name = format!("{name}::{segment}");
        if modules.contains(&name) {
            best = Some(name.clone());
        } else {
            break;
        }
    }
    best
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let files: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|f| Some((module_of(&src, &f)?, f)))
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    assert!(modules.contains("crate::formats::brat") && modules.contains("crate::cli::suggest"));
    assert!(modules.contains("crate::app::article::view::pointer"));

    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &files {
        let code = without_comments(&std::fs::read_to_string(file).unwrap());
        let code = without_unit_tests(&code);
        let targets = uses.entry(module.clone()).or_default();
        for path in paths_in(code) {
            if let Some(target) = resolve(module, &path, &modules)
                && target != *module
                && target != "crate"
            {
                targets.insert(target);
            }
        }
    }
    // The export of the formats' shared types sits on top of them, as the map says.
    assert!(uses["crate::export"].contains("crate::formats::writing"));

    // A circle: a module that reaches itself.
    let mut circles = Vec::new();
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, trail)) = stack.pop() {
            for next in uses.get(&at).into_iter().flatten() {
                if next == start {
                    let mut circle = trail.clone();
                    circle.push(next.clone());
                    circles.push(circle.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}
