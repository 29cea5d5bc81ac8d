//! Regular expressions for estdlib's `re` (`re:nif_compile/2`, `re:nif_run/6`), on fancy-regex.
//!
//! fancy-regex (pure Rust, on the `regex` crate) builds for every target with no C toolchain,
//! backtracks only for what needs it (back-references, lookaround, atomic groups, possessive
//! quantifiers), and stops a run after a number of backtracking steps, which is how OTP's
//! `match_limit` bounds a catastrophic pattern here. PCRE's syntax is rewritten for it in
//! `re_syntax.rs`. Offsets are bytes of the subject, as in OTP: a latin-1 subject (no `unicode`)
//! is matched as the characters its bytes are, and positions are mapped back to bytes.
//!
//! Compiled patterns are cached by (pattern, flags, match limit), so `re:run` with a pattern
//! source compiles once. Locking: the cache's lock is held only to look up or insert.

use crate::code::native::Ctx;
use crate::natives::re_syntax::{translate, Syntax};
use crate::natives::registry::BifEntry;
use crate::platform::sync::Mutex;
use crate::terms::atom;
use crate::terms::binary::bytes_of;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

// Compile flags (re.erl passes their sum).
const UNICODE: u32 = 1;
const CASELESS: u32 = 2;
const MULTILINE: u32 = 4;
const DOTALL: u32 = 8;
const EXTENDED: u32 = 16;
const DOLLAR_ENDONLY: u32 = 32;
const UNGREEDY: u32 = 64;
const UCP: u32 = 128;
const NO_AUTO_CAPTURE: u32 = 256;
const ANCHORED: u32 = 512;

// Run flags.
const GLOBAL: u32 = 1;
const NOTEMPTY: u32 = 2;
const NOTEMPTY_ATSTART: u32 = 4;
const RUN_ANCHORED: u32 = 8;

/// Cached patterns past this many are dropped all at once.
const CACHE_MAX: usize = 512;

struct Compiled {
    re: fancy_regex::Regex,
    /// The pattern forced to a non-empty match starting where the search starts: PCRE's retry
    /// after an empty match (global runs, notempty). Built on first use.
    nonempty: OnceLock<Option<fancy_regex::Regex>>,
    /// The source given to fancy-regex, and the backtracking limit (for `nonempty`).
    source: String,
    limit: usize,
    /// Capturing groups, not counting the whole match.
    groups: usize,
    /// Named groups and their numbers.
    names: Vec<(String, usize)>,
    anchored: bool,
}

type Key = (Vec<u8>, u32, u64);

static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Compiled>>>> = OnceLock::new();

fn cache() -> &'static Mutex<HashMap<Key, Arc<Compiled>>> {
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The pattern's characters: UTF-8 with `unicode`, else one character per byte.
fn pattern_text(bytes: &[u8], flags: u32) -> Result<String, (String, usize)> {
    if flags & UNICODE != 0 {
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| ("invalid UTF-8 string".to_string(), e.valid_up_to()))
    } else {
        Ok(bytes.iter().map(|&b| b as char).collect())
    }
}

fn compile(bytes: &[u8], flags: u32, limit: u64) -> Result<Arc<Compiled>, (String, usize)> {
    let key = (bytes.to_vec(), flags, limit);
    if let Some(c) = cache().lock().get(&key) {
        return Ok(c.clone());
    }
    let text = pattern_text(bytes, flags)?;
    let syntax = Syntax {
        multiline: flags & MULTILINE != 0,
        dollar_endonly: flags & DOLLAR_ENDONLY != 0,
        ucp: flags & UCP != 0,
        extended: flags & EXTENDED != 0,
        no_auto_capture: flags & NO_AUTO_CAPTURE != 0,
    };
    let mut prefix = String::from("(?");
    for (bit, f) in [(CASELESS, 'i'), (DOTALL, 's'), (UNGREEDY, 'U')] {
        if flags & bit != 0 {
            prefix.push(f);
        }
    }
    let body = translate(&text, syntax)?;
    let source = if prefix.len() > 2 {
        format!("{prefix}){body}")
    } else {
        body
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let re = fancy_regex::RegexBuilder::new(&source)
        .backtrack_limit(limit)
        .build()
        .map_err(|e| (compile_message(&e), 0))?;
    let names = re
        .capture_names()
        .enumerate()
        .filter_map(|(i, n)| n.map(|n| (n.to_string(), i)))
        .collect();
    let compiled = Arc::new(Compiled {
        nonempty: OnceLock::new(),
        source,
        limit,
        groups: re.captures_len().saturating_sub(1),
        names,
        anchored: flags & ANCHORED != 0,
        re,
    });
    let mut c = cache().lock();
    if c.len() >= CACHE_MAX {
        c.clear();
    }
    c.insert(key, compiled.clone());
    Ok(compiled)
}

fn compile_message(e: &fancy_regex::Error) -> String {
    let s = e.to_string();
    // fancy-regex's messages can span lines (the regex crate's report); keep the first.
    s.lines().next().unwrap_or("error").to_string()
}

fn arg_u32(t: Term) -> Result<u32, Exception> {
    t.as_small()
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

fn arg_u64(t: Term) -> Result<u64, Exception> {
    crate::terms::bignum::to_i128(t)
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// nif_compile(Pattern, Flags, MatchLimit) -> {ok, Groups, [{Name, N}]} | {error, {Msg, Pos}}.
fn compile_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bytes = bytes_of(args[0]).ok_or_else(Exception::badarg)?;
    let flags = arg_u32(args[1])?;
    let limit = arg_u64(args[2])?;
    match compile(&bytes, flags, limit) {
        Ok(c) => {
            let need = words::tuple(3)
                + c.names
                    .iter()
                    .map(|(n, _)| words::CONS + words::tuple(2) + words::heap_binary(n.len()))
                    .sum::<usize>();
            if !Term::fits_small(c.groups as i64) {
                return Err(Exception::system_limit());
            }
            let mut r = ctx.reserve(need, args);
            let mut list = Term::NIL;
            for (name, n) in c.names.iter().rev() {
                let b = r.heap_binary(name.as_bytes());
                let pair = r.tuple(&[b, Term::small(*n as isize)]);
                list = r.cons(pair, list);
            }
            Ok(r.tuple(&[Term::atom(atom::OK), Term::small(c.groups as isize), list]))
        }
        Err((msg, pos)) => {
            let mut r = ctx.reserve(words::tuple(2) * 2 + words::list(msg.chars().count()), args);
            let m = crate::terms::text::build_char_list(&mut r, &msg);
            let inner = r.tuple(&[m, Term::small(pos.min(1 << 20) as isize)]);
            Ok(r.tuple(&[Term::atom(atom::ERROR), inner]))
        }
    }
}

/// The subject as text, with a map from text offsets back to subject bytes when they differ.
struct Subject {
    text: String,
    /// For a latin-1 subject with bytes past 127: the text offset of each byte (and the end).
    map: Option<Vec<usize>>,
}

impl Subject {
    fn new(bytes: &[u8], unicode: bool) -> Option<Subject> {
        if unicode || bytes.is_ascii() {
            return Some(Subject {
                text: std::str::from_utf8(bytes).ok()?.to_string(),
                map: None,
            });
        }
        let mut text = String::with_capacity(bytes.len() * 2);
        let mut map = Vec::with_capacity(bytes.len() + 1);
        for &b in bytes {
            map.push(text.len());
            text.push(b as char);
        }
        map.push(text.len());
        Some(Subject {
            text,
            map: Some(map),
        })
    }

    fn to_text(&self, byte: usize) -> Option<usize> {
        match &self.map {
            None => self.text.is_char_boundary(byte).then_some(byte),
            Some(m) => m.get(byte).copied(),
        }
    }

    fn to_byte(&self, text_pos: usize) -> usize {
        match &self.map {
            None => text_pos,
            Some(m) => m.partition_point(|&t| t < text_pos),
        }
    }

    /// The offset of the character after the one at `pos`.
    fn next_char(&self, pos: usize) -> usize {
        pos + self.text[pos..].chars().next().map_or(1, char::len_utf8)
    }
}

enum Outcome {
    Matches(Vec<Vec<(isize, isize)>>),
    Limit,
}

impl Compiled {
    /// A non-empty match starting exactly at `pos`, if there is one.
    fn nonempty_at<'t>(
        &self,
        text: &'t str,
        pos: usize,
    ) -> Result<Option<fancy_regex::Captures<'t, str>>, fancy_regex::Error> {
        let re = self.nonempty.get_or_init(|| {
            // \G pins the start to `pos`; (?!\G) forbids ending there.
            fancy_regex::RegexBuilder::new(&format!("\\G(?:{})(?!\\G)", self.source))
                .backtrack_limit(self.limit)
                .build()
                .ok()
        });
        match re {
            Some(re) => re.captures_from_pos(text, pos),
            None => Ok(None),
        }
    }
}

fn run(c: &Compiled, s: &Subject, start: usize, run_flags: u32) -> Outcome {
    let anchored = c.anchored || run_flags & RUN_ANCHORED != 0;
    let mut pos = start;
    let mut found = Vec::new();
    // After an empty match, the next one may not be empty at the same place (PCRE's rule).
    let mut after_empty = false;
    loop {
        if pos > s.text.len() {
            break;
        }
        let at_start = pos == start && found.is_empty();
        let refuse_empty = run_flags & NOTEMPTY != 0
            || (run_flags & NOTEMPTY_ATSTART != 0 && at_start)
            || after_empty;
        let result = if after_empty {
            c.nonempty_at(s.text.as_str(), pos)
        } else {
            c.re.captures_from_pos(s.text.as_str(), pos)
        };
        let caps = match result {
            Ok(Some(caps)) => caps,
            Ok(None) if after_empty => {
                // Nothing non-empty here: go on from the next character.
                after_empty = false;
                if anchored || pos >= s.text.len() {
                    break;
                }
                pos = s.next_char(pos);
                continue;
            }
            Ok(None) => break,
            Err(_) => return Outcome::Limit,
        };
        let Some(whole) = caps.get(0) else { break };
        if anchored && whole.start() != pos {
            break;
        }
        let empty = whole.start() == whole.end();
        if empty && refuse_empty {
            // Look for a non-empty match at the same place before moving on.
            pos = whole.start();
            match c.nonempty_at(s.text.as_str(), pos) {
                Ok(Some(ne)) => {
                    record(&mut found, c, s, &ne);
                    after_empty = false;
                    if run_flags & GLOBAL == 0 {
                        break;
                    }
                    pos = ne.get(0).map_or(pos, |m| m.end());
                    continue;
                }
                Ok(None) => {
                    after_empty = false;
                    if anchored || pos >= s.text.len() {
                        break;
                    }
                    pos = s.next_char(pos);
                    continue;
                }
                Err(_) => return Outcome::Limit,
            }
        }
        record(&mut found, c, s, &caps);
        if run_flags & GLOBAL == 0 {
            break;
        }
        pos = whole.end();
        after_empty = empty;
    }
    Outcome::Matches(found)
}

/// Add a match's groups, as byte offsets and lengths; as OTP, the unset groups after the last
/// set one are left out.
fn record(
    found: &mut Vec<Vec<(isize, isize)>>,
    c: &Compiled,
    s: &Subject,
    caps: &fancy_regex::Captures<'_, str>,
) {
    let last = (0..=c.groups)
        .rev()
        .find(|&i| caps.get(i).is_some())
        .unwrap_or(0);
    let groups = (0..=last)
        .map(|i| match caps.get(i) {
            Some(m) => {
                let b = s.to_byte(m.start());
                (b as isize, (s.to_byte(m.end()) - b) as isize)
            }
            None => (-1, 0),
        })
        .collect();
    found.push(groups);
}

/// nif_run(Pattern, Flags, Subject, Offset, MatchLimit, RunFlags) ->
/// nomatch | {match, [[{Start, Length}]]} (one list per match) | {error, match_limit}.
fn run_6(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pattern = bytes_of(args[0]).ok_or_else(Exception::badarg)?;
    let flags = arg_u32(args[1])?;
    let subject = bytes_of(args[2]).ok_or_else(Exception::badarg)?;
    let offset = arg_u64(args[3])?;
    let limit = arg_u64(args[4])?;
    let run_flags = arg_u32(args[5])?;
    let c = compile(&pattern, flags, limit).map_err(|_| Exception::badarg())?;
    let s = Subject::new(&subject, flags & UNICODE != 0).ok_or_else(Exception::badarg)?;
    let start = usize::try_from(offset)
        .ok()
        .and_then(|o| s.to_text(o))
        .ok_or_else(Exception::badarg)?;
    if !Term::fits_small(subject.len() as i64) {
        return Err(Exception::system_limit());
    }
    match run(&c, &s, start, run_flags) {
        Outcome::Limit => {
            let mut r = ctx.reserve(words::tuple(2), args);
            Ok(r.tuple(&[
                Term::atom(atom::ERROR),
                Term::atom(atom::intern_str("match_limit")),
            ]))
        }
        Outcome::Matches(found) if found.is_empty() => Ok(Term::atom(atom::intern_str("nomatch"))),
        Outcome::Matches(found) => {
            let need = words::tuple(2)
                + found
                    .iter()
                    .map(|g| words::CONS + g.len() * (words::CONS + words::tuple(2)))
                    .sum::<usize>();
            let mut r = ctx.reserve(need, args);
            let mut all = Term::NIL;
            for groups in found.iter().rev() {
                let mut list = Term::NIL;
                for &(b, l) in groups.iter().rev() {
                    let pair = r.tuple(&[Term::small(b), Term::small(l)]);
                    list = r.cons(pair, list);
                }
                all = r.cons(list, all);
            }
            Ok(r.tuple(&[Term::atom(atom::intern_str("match")), all]))
        }
    }
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("re", "nif_compile", 3, compile_3),
    BifEntry::new("re", "nif_run", 6, run_6),
];
