//! The layering rule of `vm/src` (docs/architecture.md), checked on the source: each folder is a
//! layer, and code in a layer names (`crate::<folder>`) only its own layer and the ones below.
//! Unit-test modules (`#[cfg(test)]`) are exempt: a test may set up the whole VM.

use std::path::{Path, PathBuf};

/// Bottom to top. A file at the top of `vm/src` (lib.rs) may use every layer.
const LAYERS: &[&str] = &[
    "platform",
    "terms",
    "processes",
    "code",
    "execution",
    "scheduling",
    "natives",
    "embedding",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read vm/src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments and without `#[cfg(test)]` items (the attribute and the
/// brace-delimited item after it).
fn code_outside_tests(src: &str) -> String {
    let mut out = String::new();
    let mut rest = src;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // Skip to the item's opening brace, then to its matching close.
        let Some(open) = after.find(['{', ';']) else {
            rest = "";
            break;
        };
        if after.as_bytes()[open] == b';' {
            rest = &after[open + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn layer_of(rel: &Path) -> Option<usize> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    LAYERS.iter().position(|l| *l == first)
}

#[test]
fn no_use_runs_up_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 40,
        "found only {} files in vm/src",
        files.len()
    );
    let mut violations = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel.components().count() == 1 {
            continue; // lib.rs
        }
        let Some(own) = layer_of(rel) else {
            violations.push(format!("{}: not in a layer folder", rel.display()));
            continue;
        };
        let code = code_outside_tests(&std::fs::read_to_string(file).unwrap());
        for (n, line) in code.lines().enumerate() {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(target) = LAYERS.iter().position(|l| *l == name) {
                    if target > own {
                        violations.push(format!(
                            "{} (layer {}) uses crate::{} (layer {}): {}",
                            rel.display(),
                            LAYERS[own],
                            name,
                            LAYERS[target],
                            line.trim()
                        ));
                    }
                }
                let _ = n;
            }
        }
    }
    assert!(
        violations.is_empty(),
        "{} upward uses:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_use_and_skips_tests() {
    let code = code_outside_tests(
        "use crate::natives::x;\n// crate::embedding in a comment\n#[cfg(test)]\nmod tests {\n    fn f() { use crate::embedding::vm; }\n}\nfn g() {}\n",
    );
    assert!(code.contains("crate::natives::x"));
    assert!(!code.contains("embedding"));
    assert!(code.contains("fn g()"));
}
