//! PCRE pattern syntax, as OTP's `re` takes it, rewritten into fancy-regex's dialect.
//!
//! Most syntax is shared; what differs is rewritten here: `$` matches before a final newline,
//! multiline `^` not after a newline that ends the subject, `\Z`, `\h` (horizontal space, where
//! fancy-regex means a hex digit), `\v` (vertical space, not just VT), `\R`, `\Q…\E`, `\e`, `\cX`,
//! octal escapes, `\g` and `\k` back-references in all their spellings, `(?'name'…)`,
//! `(?P=name)`, `(?#comment)`, a `{` that is no quantifier (a literal in PCRE), `[`, `&`, `~`
//! and `--` inside classes (literals in PCRE, set syntax in Rust's regex), and — without `ucp` —
//! `\d \w \s \b` and POSIX classes, which PCRE limits to ASCII.

/// Compile options that change how the pattern is read.
#[derive(Clone, Copy, Default)]
pub struct Syntax {
    pub multiline: bool,
    pub dollar_endonly: bool,
    pub ucp: bool,
    pub extended: bool,
    pub no_auto_capture: bool,
}

/// Without `ucp`, PCRE's classes come from its character tables: ASCII only in OTP 28+ (PCRE2's
/// default tables; OTP 25's PCRE added the letters of Latin-1).
const WORD: &str = "0-9A-Za-z_";
const ALPHA: &str = "A-Za-z";
const LOWER: &str = "a-z";
const UPPER: &str = "A-Z";
const SPACE: &str = "\\t\\n\\x0B\\x0C\\r ";
const HSPACE: &str = "\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";
const VSPACE: &str = "\\n\\x0B\\x0C\\r\\x{85}\\x{2028}\\x{2029}";

/// A syntax error: message and byte position, as `re:compile` reports them.
pub type SyntaxError = (String, usize);

struct Translator<'a> {
    src: &'a [char],
    /// Byte offsets of each char in the original pattern (for error positions).
    at: usize,
    out: String,
    opts: Syntax,
    /// Capturing groups opened so far (for relative back-references).
    groups: usize,
}

/// Rewrite `pattern` for fancy-regex. Returns the new pattern.
pub fn translate(pattern: &str, opts: Syntax) -> Result<String, SyntaxError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut t = Translator {
        src: &chars,
        at: 0,
        out: String::with_capacity(pattern.len() + 16),
        opts,
        groups: 0,
    };
    t.run()?;
    Ok(t.out)
}

fn err<T>(msg: &str, pos: usize) -> Result<T, SyntaxError> {
    Err((msg.to_string(), pos))
}

/// Push `c` as a literal character.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' || c == '#' {
        out.push('\\');
        out.push(c);
    } else if c.is_control() || c == '\u{85}' {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

impl Translator<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.src.get(self.at + k).copied()
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => self.escape(false)?,
                '[' => self.class()?,
                '$' => {
                    self.at += 1;
                    self.out.push_str(if self.opts.multiline {
                        "(?m:$)"
                    } else if self.opts.dollar_endonly {
                        "\\z"
                    } else {
                        "(?=\\n?\\z)"
                    });
                }
                '^' => {
                    self.at += 1;
                    self.out.push_str(if self.opts.multiline {
                        "(?:\\A|(?<=\\n)(?!\\z))"
                    } else {
                        "\\A"
                    });
                }
                '{' => {
                    if let Some(n) = self.quantifier_len() {
                        let q: String = self.src[self.at + 1..self.at + n - 1].iter().collect();
                        let mut bounds = q.split(',').map(|b| b.parse::<u32>().ok());
                        // PCRE2 10.43 (OTP 28+) reads `{,m}` as `{0,m}`.
                        let low = bounds.next().map(|l| l.or(q.starts_with(',').then_some(0)));
                        let low = low.flatten();
                        let high = bounds.next();
                        if low.is_none_or(|l| l > 65535)
                            || matches!(high, Some(Some(h)) if h > 65535 || Some(h) < low)
                        {
                            return err("numbers out of order in {} quantifier", self.at);
                        }
                        self.out.push('{');
                        if q.starts_with(',') {
                            self.out.push('0');
                        }
                    } else {
                        self.out.push_str("\\{");
                    }
                    self.at += 1;
                }
                '(' => self.group()?,
                '#' if self.opts.extended => {
                    // A comment: up to the end of the line, dropped.
                    while let Some(c) = self.peek(0) {
                        self.at += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                }
                c if self.opts.extended && c.is_whitespace() => self.at += 1,
                _ => {
                    self.out.push(c);
                    self.at += 1;
                }
            }
        }
        Ok(())
    }

    /// `{n}`, `{n,}`, `{n,m}`, `{,m}` at the cursor: its length, or None (then `{` is a literal).
    fn quantifier_len(&self) -> Option<usize> {
        let mut k = 1;
        let digits = |k: &mut usize| {
            let start = *k;
            while self.peek(*k).is_some_and(|c| c.is_ascii_digit()) {
                *k += 1;
            }
            *k > start
        };
        if !digits(&mut k) {
            // `{,m}` (PCRE2 10.43): a comma, then at least one digit.
            if self.peek(k) != Some(',') {
                return None;
            }
            k += 1;
            if !digits(&mut k) {
                return None;
            }
            return (self.peek(k) == Some('}')).then_some(k + 1);
        }
        if self.peek(k) == Some(',') {
            k += 1;
            digits(&mut k);
        }
        (self.peek(k) == Some('}')).then_some(k + 1)
    }

    fn group(&mut self) -> Result<(), SyntaxError> {
        let start = self.at;
        if self.peek(1) != Some('?') && self.peek(1) != Some('*') {
            self.at += 1;
            if self.opts.no_auto_capture {
                self.out.push_str("(?:");
            } else {
                self.groups += 1;
                self.out.push('(');
            }
            return Ok(());
        }
        if self.peek(1) == Some('*') {
            return err("(*VERB) not supported", start);
        }
        match self.peek(2) {
            Some('#') => {
                while let Some(c) = self.peek(0) {
                    self.at += 1;
                    if c == ')' {
                        return Ok(());
                    }
                }
                err("missing ) after comment", start)
            }
            Some('\'') => {
                let name = self.name_until(3, '\'')?;
                self.groups += 1;
                self.out.push_str(&format!("(?<{name}>"));
                Ok(())
            }
            Some('<') if self.peek(3).is_some_and(|c| c != '=' && c != '!') => {
                let name = self.name_until(3, '>')?;
                self.groups += 1;
                self.out.push_str(&format!("(?<{name}>"));
                Ok(())
            }
            Some('P') => match self.peek(3) {
                Some('<') => {
                    let name = self.name_until(4, '>')?;
                    self.groups += 1;
                    self.out.push_str(&format!("(?<{name}>"));
                    Ok(())
                }
                Some('=') => {
                    let name = self.name_until(4, ')')?;
                    self.out.push_str(&format!("\\k<{name}>"));
                    Ok(())
                }
                _ => err("unrecognized character after (?P", start),
            },
            Some('|') => err("branch reset groups are not supported", start),
            Some('R') | Some('&') => err("recursion is not supported", start),
            Some(c) if c.is_ascii_digit() || c == '+' || c == '-' && self.digit_at(3) => {
                err("recursion is not supported", start)
            }
            _ => {
                self.flags(start)?;
                Ok(())
            }
        }
    }

    fn digit_at(&self, k: usize) -> bool {
        self.peek(k).is_some_and(|c| c.is_ascii_digit())
    }

    /// Read a name from offset `k` up to `close`; the cursor moves past `close`.
    fn name_until(&mut self, k: usize, close: char) -> Result<String, SyntaxError> {
        let start = self.at;
        let mut name = String::new();
        let mut j = k;
        loop {
            match self.peek(j) {
                Some(c) if c == close => break,
                Some(c) if c.is_alphanumeric() || c == '_' => name.push(c),
                _ => {
                    return err(
                        "syntax error in subpattern name (missing terminator?)",
                        start,
                    )
                }
            }
            j += 1;
        }
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return err("group name must start with a non-digit", start);
        }
        self.at += j + 1;
        Ok(name)
    }

    /// `(?flags)` or `(?flags:` or another `(?` form passed through (lookaround, atomic, `(?:`).
    /// A flag `m` changes how later `^` and `$` are rewritten; `x` how spaces are read.
    fn flags(&mut self, start: usize) -> Result<(), SyntaxError> {
        let mut j = 2;
        let mut on = true;
        let mut text = String::from("(?");
        while let Some(c) = self.peek(j) {
            match c {
                '-' => on = false,
                'i' | 's' | 'U' => {}
                'm' => self.opts.multiline = on,
                'x' => self.opts.extended = on,
                'J' | 'X' => {
                    j += 1;
                    continue;
                }
                ')' | ':' => {
                    if c == ':' || text.len() > 2 {
                        text.push(c);
                    } else {
                        // `(?)`: an empty flag group.
                        text = String::new();
                    }
                    self.at += j + 1;
                    // m and x are handled here; the others go to fancy-regex.
                    let kept: String = text.chars().filter(|&f| f != 'm' && f != 'x').collect();
                    if c == ')' && (kept == "(?)" || kept == "(?-)") {
                        return Ok(());
                    }
                    self.out
                        .push_str(if kept == "(?-:" { "(?:" } else { &kept });
                    return Ok(());
                }
                _ => {
                    // Not a flag group: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?>`.
                    if j == 2 {
                        self.out.push_str("(?");
                        self.at += 2;
                        return Ok(());
                    }
                    return err("unrecognized character after (? or (?-", start);
                }
            }
            text.push(c);
            j += 1;
        }
        err("missing )", start)
    }

    fn class(&mut self) -> Result<(), SyntaxError> {
        let start = self.at;
        self.at += 1;
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.out.push('^');
            self.at += 1;
        }
        if self.peek(0) == Some(']') {
            self.out.push_str("\\]");
            self.at += 1;
        }
        loop {
            match self.peek(0) {
                None => return err("missing terminating ] for character class", start),
                Some(']') => {
                    self.out.push(']');
                    self.at += 1;
                    return Ok(());
                }
                Some('\\') => self.escape(true)?,
                Some('[') if matches!(self.peek(1), Some(':') | Some('.') | Some('=')) => {
                    self.posix_class()?
                }
                Some(c @ ('[' | '&' | '~')) => {
                    self.out.push('\\');
                    self.out.push(c);
                    self.at += 1;
                }
                Some('-') if self.peek(1) == Some('-') => {
                    self.out.push_str("\\-");
                    self.at += 1;
                }
                Some(c) => {
                    if c.is_control() {
                        push_literal(&mut self.out, c);
                    } else {
                        self.out.push(c);
                    }
                    self.at += 1;
                }
            }
        }
    }

    /// `[:name:]` inside a class; without `ucp` it is ASCII (Rust's POSIX classes are).
    fn posix_class(&mut self) -> Result<(), SyntaxError> {
        let start = self.at;
        let mut j = 2;
        let mut name = String::new();
        while let Some(c) = self.peek(j) {
            if c == ':' && self.peek(j + 1) == Some(']') {
                break;
            }
            if !c.is_ascii_alphabetic() && c != '^' {
                return err("unknown POSIX class name", start);
            }
            name.push(c);
            j += 1;
        }
        if self.peek(j) != Some(':') {
            // Not a POSIX class after all: a literal `[`.
            self.out.push_str("\\[");
            self.at += 1;
            return Ok(());
        }
        let (neg, base) = match name.strip_prefix('^') {
            Some(b) => (true, b),
            None => (false, name.as_str()),
        };
        const NAMES: [&str; 14] = [
            "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print",
            "punct", "space", "upper", "word", "xdigit",
        ];
        if !NAMES.contains(&base) {
            return err("unknown POSIX class name", start);
        }
        let neg_mark = if neg { "^" } else { "" };
        let set = match base {
            // PCRE's [:space:] includes VT.
            "space" => Some(SPACE.to_string()),
            "word" => Some(WORD.to_string()),
            "alpha" => Some(ALPHA.to_string()),
            "alnum" => Some(format!("0-9{ALPHA}")),
            "lower" => Some(LOWER.to_string()),
            "upper" => Some(UPPER.to_string()),
            _ => None,
        };
        let unicode_set = match base {
            "alpha" => Some("\\p{L}"),
            "alnum" => Some("\\p{L}\\p{N}"),
            "lower" => Some("\\p{Ll}"),
            "upper" => Some("\\p{Lu}"),
            "digit" => Some("\\p{Nd}"),
            "word" => Some("\\p{L}\\p{N}_"),
            _ => None,
        };
        let body = if let Some(u) = unicode_set.filter(|_| self.opts.ucp) {
            format!("[{neg_mark}{u}]")
        } else if let Some(set) = set {
            format!("[{neg_mark}{set}]")
        } else {
            format!("[[:{}{base}:]]", if neg { "^" } else { "" })
        };
        self.out.push_str(&body);
        self.at += j + 2;
        Ok(())
    }

    /// A backslash sequence, in a class or not.
    fn escape(&mut self, in_class: bool) -> Result<(), SyntaxError> {
        let start = self.at;
        let Some(c) = self.peek(1) else {
            return err("\\ at end of pattern", start);
        };
        self.at += 2;
        // \d \s \w: Unicode with ucp; else OTP's character tables (in UTF mode too, as OTP 25
        // matches \w on "é" there).
        let ascii = !self.opts.ucp;
        let class = |set: &str, neg: bool| {
            if in_class && !neg {
                set.to_string()
            } else {
                format!("[{}{set}]", if neg { "^" } else { "" })
            }
        };
        let s = match c {
            'd' | 'D' if ascii => class("0-9", c == 'D'),
            'w' | 'W' if ascii => class(WORD, c == 'W'),
            's' | 'S' if ascii => class(SPACE, c == 'S'),
            'b' | 'B' if in_class => {
                if c == 'b' {
                    "\\x08".to_string()
                } else {
                    return err("invalid escape in class", start);
                }
            }
            'b' | 'B' if ascii => {
                let w = format!("[{WORD}]");
                if c == 'b' {
                    format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))")
                } else {
                    format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
                }
            }
            'h' | 'H' => class(HSPACE, c == 'H'),
            'v' | 'V' => class(VSPACE, c == 'V'),
            'R' if !in_class => format!("(?:\\r\\n|[{VSPACE}])"),
            'Z' if !in_class => "(?=\\n?\\z)".to_string(),
            'A' | 'z' | 'G' | 'K' if !in_class => format!("\\{c}"),
            'e' => "\\x1B".to_string(),
            'a' => "\\x07".to_string(),
            'c' => {
                let Some(x) = self.peek(0) else {
                    return err("\\c at end of pattern", start);
                };
                self.at += 1;
                format!("\\x{{{:X}}}", (x.to_ascii_uppercase() as u32) ^ 0x40)
            }
            'Q' => {
                let mut lit = String::new();
                while let Some(x) = self.peek(0) {
                    if x == '\\' && self.peek(1) == Some('E') {
                        self.at += 2;
                        break;
                    }
                    push_literal(&mut lit, x);
                    self.at += 1;
                }
                lit
            }
            'E' => String::new(),
            'x' => {
                if self.peek(0) == Some('{') {
                    let mut hex = String::new();
                    let mut j = 1;
                    while let Some(h) = self.peek(j).filter(|h| *h != '}') {
                        hex.push(h);
                        j += 1;
                    }
                    self.at += j + 1;
                    code_point(&hex, 16, start)?
                } else {
                    let mut hex = String::new();
                    while hex.len() < 2 && self.peek(0).is_some_and(|h| h.is_ascii_hexdigit()) {
                        hex.push(self.peek(0).unwrap_or('0'));
                        self.at += 1;
                    }
                    if hex.is_empty() {
                        hex.push('0');
                    }
                    code_point(&hex, 16, start)?
                }
            }
            'o' if self.peek(0) == Some('{') => {
                let mut oct = String::new();
                let mut j = 1;
                while let Some(h) = self.peek(j).filter(|h| *h != '}') {
                    oct.push(h);
                    j += 1;
                }
                self.at += j + 1;
                code_point(&oct, 8, start)?
            }
            '0' => {
                let mut oct = String::from("0");
                while oct.len() < 3 && self.peek(0).is_some_and(|h| ('0'..='7').contains(&h)) {
                    oct.push(self.peek(0).unwrap_or('0'));
                    self.at += 1;
                }
                code_point(&oct, 8, start)?
            }
            '1'..='9' if in_class => {
                // Octal in a class (a back-reference cannot be).
                let mut oct = String::from(c);
                while oct.len() < 3 && self.peek(0).is_some_and(|h| ('0'..='7').contains(&h)) {
                    oct.push(self.peek(0).unwrap_or('0'));
                    self.at += 1;
                }
                code_point(&oct, 8, start)?
            }
            '1'..='9' => {
                let mut num = String::from(c);
                let mut k = 0;
                while self.peek(k).is_some_and(|h| h.is_ascii_digit()) {
                    num.push(self.peek(k).unwrap_or('0'));
                    k += 1;
                }
                // \1-\9 and numbers up to the groups so far are back-references; other
                // numbers are octal, as PCRE reads them.
                let n: usize = num.parse().unwrap_or(usize::MAX);
                if n < 10 || n <= self.groups {
                    self.at += k;
                    format!("(?:\\{num})")
                } else {
                    let mut oct = String::new();
                    self.at -= 1;
                    while oct.len() < 3 && self.peek(0).is_some_and(|h| ('0'..='7').contains(&h)) {
                        oct.push(self.peek(0).unwrap_or('0'));
                        self.at += 1;
                    }
                    if oct.is_empty() {
                        // \8 or \9 past the groups: the digit itself.
                        self.at += 1;
                        c.to_string()
                    } else {
                        code_point(&oct, 8, start)?
                    }
                }
            }
            'g' if !in_class => self.g_reference(start)?,
            'k' if !in_class => {
                let close = match self.peek(0) {
                    Some('<') => '>',
                    Some('\'') => '\'',
                    Some('{') => '}',
                    _ => return err("\\k is not followed by a name", start),
                };
                self.at -= 1;
                let name = self.name_until(2, close)?;
                format!("(?:\\k<{name}>)")
            }
            // An extended grapheme cluster, approximated as PCRE 8.31 and older did: CR LF, or
            // a character that is no mark followed by its marks (no Hangul or emoji sequences).
            'X' if !in_class => "(?>\\r\\n|\\P{M}\\p{M}*)".to_string(),
            'p' | 'P' | 'C' | 'N' if !in_class || c == 'p' || c == 'P' => {
                // Pass through, with the property name if any.
                let mut s = format!("\\{c}");
                if (c == 'p' || c == 'P') && self.peek(0) == Some('{') {
                    while let Some(x) = self.peek(0) {
                        s.push(x);
                        self.at += 1;
                        if x == '}' {
                            break;
                        }
                    }
                } else if c == 'p' || c == 'P' {
                    if let Some(x) = self.peek(0) {
                        s.push(x);
                        self.at += 1;
                    }
                }
                s
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B' | 'n' | 'r' | 't' | 'f' => {
                format!("\\{c}")
            }
            c if c.is_ascii_alphanumeric() => {
                // PCRE 8 reads an unknown letter escape as the letter.
                c.to_string()
            }
            c => {
                let mut s = String::new();
                push_literal(&mut s, c);
                s
            }
        };
        self.out.push_str(&s);
        Ok(())
    }

    /// `\gN`, `\g{N}`, `\g{-N}`, `\g{name}`, `\g<…>` (subroutine calls are not supported).
    fn g_reference(&mut self, start: usize) -> Result<String, SyntaxError> {
        let (body, braced) = match self.peek(0) {
            Some('{') => {
                let mut b = String::new();
                let mut j = 1;
                while let Some(x) = self.peek(j).filter(|x| *x != '}') {
                    b.push(x);
                    j += 1;
                }
                if self.peek(j) != Some('}') {
                    return err("\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number", start);
                }
                self.at += j + 1;
                (b, true)
            }
            Some(x) if x.is_ascii_digit() || x == '-' || x == '+' => {
                let mut b = String::from(x);
                self.at += 1;
                while let Some(d) = self.peek(0).filter(|d| d.is_ascii_digit()) {
                    b.push(d);
                    self.at += 1;
                }
                (b, false)
            }
            _ => return err("subroutine calls are not supported", start),
        };
        if let Ok(n) = body.parse::<i64>() {
            let n = if body.starts_with('-') {
                self.groups as i64 + 1 + n
            } else {
                n
            };
            if n <= 0 {
                return err("a numbered reference must not be zero", start);
            }
            Ok(format!("(?:\\{n})"))
        } else if braced {
            Ok(format!("(?:\\k<{body}>)"))
        } else {
            err("\\g is not followed by a number", start)
        }
    }
}

fn code_point(digits: &str, radix: u32, pos: usize) -> Result<String, SyntaxError> {
    let v = u32::from_str_radix(digits, radix).map_err(|_| ("invalid escape".to_string(), pos))?;
    match char::from_u32(v) {
        Some(_) => Ok(format!("\\x{{{v:X}}}")),
        None => err("character value in \\x{} or \\o{} is too large", pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(p: &str) -> String {
        translate(p, Syntax::default()).unwrap()
    }

    #[test]
    fn pcre_forms_are_rewritten() {
        assert_eq!(tr("a$"), "a(?=\\n?\\z)");
        assert_eq!(tr("x{y"), "x\\{y");
        assert_eq!(tr("a{2,3}"), "a{2,3}");
        assert_eq!(tr("[[&]"), "[\\[\\&]");
        assert_eq!(tr("\\Qa.b\\E"), "a\\.b");
        assert_eq!(tr("(?'n'x)\\k'n'"), "(?<n>x)(?:\\k<n>)");
        assert_eq!(tr("(a)\\g{-1}"), "(a)(?:\\1)");
        assert_eq!(tr("\\101"), "\\x{41}");
        assert_eq!(tr("a(?#note)b"), "ab");
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        for p in [
            "(?",
            "[a",
            "\\",
            "a{2,1}",
            "(?<1a>x)",
            "\\x{110000}",
            "(?P",
            "\\c",
            "\\g",
        ] {
            assert!(translate(p, Syntax::default()).is_err(), "{p}");
        }
    }
}
