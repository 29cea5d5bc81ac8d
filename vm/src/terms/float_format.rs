//! Float ⇄ text the way OTP 25's `float_to_list/2` and `list_to_float/1` do it, as pure functions.
//!
//! OTP formats with C `printf` (`%.*e`, `%.*f`) except for `{decimals, N}` with N < 19 on values up
//! to 2^53, where it uses its own fast routine that rounds in binary floating point: the fractional
//! part is scaled by 10^N and rounded half away from zero, so `0.125` with 2 decimals gives "0.13"
//! where exact decimal rounding would give "0.12". Both paths are reproduced here. Rust's `{:.N}` /
//! `{:.Ne}` formatting is exact with ties to even, like glibc's printf.
//! The short form (`[short]`, `~p`) lives in `print::format_float`.

/// OTP's output buffer: results longer than this are `badarg`.
const MAX_LEN: usize = 255;
/// Largest `{decimals, N}` / `{scientific, N}` OTP accepts.
pub const MAX_DECIMALS: i32 = 253;
pub const MAX_SCIENTIFIC: i32 = 249;

/// `%.{prec}e` as C prints it: exponent with a sign and at least two digits. A negative precision
/// means the default, 6 (printf semantics, which `{scientific, N}` passes through).
pub fn scientific(f: f64, prec: i32) -> Option<String> {
    let prec = if prec < 0 { 6 } else { prec as usize };
    let s = format!("{:.*e}", prec, f);
    let (mant, exp) = s.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let out = format!(
        "{}e{}{:02}",
        mant,
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    );
    (out.len() <= MAX_LEN).then_some(out)
}

/// The default `float_to_list/1` form: `%.20e`.
pub fn default_form(f: f64) -> String {
    // 20 digits after the point always fit the buffer.
    scientific(f, 20).unwrap_or_default()
}

/// Drop trailing zeros, keeping one digit after a decimal point (OTP's compact option; it also
/// applies to the integer digits of a `%.0f` result, so 1.0e20 with `[{decimals,0},compact]` is "1").
fn strip_trailing_zeros(s: &mut String) {
    while s.len() > 1 && s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.push('0');
    }
}

const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// `{decimals, N}` (0 ≤ N ≤ 253), optionally `compact`; None where OTP says `badarg` (too long).
pub fn fixed(f: f64, decimals: i32, compact: bool) -> Option<String> {
    let d = usize::try_from(decimals).ok()?;
    let af = f.abs();
    if af > 9007199254740992.0 || d >= POW10.len() {
        // OTP's printf path: exact decimal expansion.
        let mut s = format!("{:.*}", d, f);
        if s.len() > MAX_LEN {
            return None;
        }
        if compact {
            strip_trailing_zeros(&mut s);
        }
        return Some(s);
    }
    // OTP's fast path (|f| ≤ 2^53, fewer than 19 decimals). The sign comes from the sign bit, so
    // -0.0 and values that round to zero keep their minus.
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let mut s = if d == 0 {
        // lround: half away from zero. |af| ≤ 2^53 fits u64 exactly.
        format!("{}{}", sign, af.round() as u64)
    } else {
        let int_f = af.floor();
        let frac_f = ((af - int_f) * POW10[d]).round();
        let (mut int_part, mut frac_part) = (int_f as u64, frac_f as u64);
        if frac_f >= POW10[d] {
            int_part += 1;
            frac_part = 0;
        }
        format!("{}{}.{:0w$}", sign, int_part, frac_part, w = d)
    };
    if compact && d > 0 {
        strip_trailing_zeros(&mut s);
    }
    Some(s)
}

/// Parse a float as `list_to_float/1` / `binary_to_float/1` do: `[+-]digits(.|,)digits` with an
/// optional `(e|E)[+-]digits`, nothing else (a NUL byte ends the text, as in C). Overflow is None
/// (`badarg`); underflow gives zero or a subnormal.
pub fn parse(bytes: &[u8]) -> Option<f64> {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let b = &bytes[..end];
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if !digits(&mut i) {
        return None;
    }
    if i >= b.len() || (b[i] != b'.' && b[i] != b',') {
        return None;
    }
    let point = i;
    i += 1;
    if !digits(&mut i) {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let mut text = b.to_vec();
    // OTP accepts either radix character (it retries strtod with the other one).
    text[point] = b'.';
    let s = std::str::from_utf8(&text).ok()?;
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_forms() {
        assert_eq!(default_form(1.0), "1.00000000000000000000e+00");
        assert_eq!(default_form(0.1), "1.00000000000000005551e-01");
        assert_eq!(default_form(-0.0), "-0.00000000000000000000e+00");
        assert_eq!(default_form(5.0e-324), "4.94065645841246544177e-324");
        assert_eq!(scientific(0.125, 1).unwrap(), "1.2e-01");
        assert_eq!(scientific(1.0, 0).unwrap(), "1e+00");
        assert_eq!(scientific(1.0, -1).unwrap(), "1.000000e+00");
        assert_eq!(scientific(1.0e100, 3).unwrap(), "1.000e+100");
        assert_eq!(scientific(1.0, 249).unwrap().len(), 255);
        assert!(scientific(-1.0, 249).is_none());
    }

    #[test]
    fn fixed_forms() {
        let cases: &[(f64, i32, bool, &str)] = &[
            (0.125, 2, false, "0.13"),
            (2.5, 0, false, "3"),
            (-2.5, 0, false, "-3"),
            (-0.0, 2, false, "-0.00"),
            (-0.4, 0, false, "-0"),
            (1.0e20, 0, true, "1"),
            (1.0e20, 2, true, "100000000000000000000.0"),
            (1.0e23, 2, false, "99999999999999991611392.00"),
            (2.675, 2, false, "2.67"),
            (0.9999999999999999, 17, false, "0.99999999999999984"),
            (0.1, 20, false, "0.10000000000000000555"),
            (0.0, 3, true, "0.0"),
            (123.456, 0, true, "123"),
            (100.0, 3, true, "100.0"),
            (1.0e16, 4, false, "10000000000000000.0000"),
            (4503599627370495.5, 0, false, "4503599627370496"),
            (0.999, 2, false, "1.00"),
        ];
        for &(f, d, c, want) in cases {
            assert_eq!(fixed(f, d, c).as_deref(), Some(want), "{f} {d} {c}");
        }
        assert!(fixed(1.0e300, 2, false).is_none());
        assert!(fixed(-1.0, 253, false).is_none());
        assert_eq!(fixed(1.0, 253, false).unwrap().len(), 255);
        assert_eq!(fixed(-1.0e254, 0, false).unwrap().len(), 255);
    }

    #[test]
    fn parsing() {
        let ok: &[(&str, f64)] = &[
            ("1.0e5", 1.0e5),
            ("1.5E-3", 0.0015),
            ("+1.0", 1.0),
            ("1,5", 1.5),
            ("1.0e-400", 0.0),
            ("01.50", 1.5),
            ("1.0\0junk", 1.0),
            ("1.7976931348623158e308", f64::MAX),
        ];
        for &(s, v) in ok {
            assert_eq!(parse(s.as_bytes()), Some(v), "{s}");
        }
        assert!(parse(b"-0.0").unwrap().is_sign_negative());
        for s in [
            "1",
            "1.",
            ".5",
            "1e5",
            "1.0e",
            "1.0e+",
            " 1.0",
            "1.0 ",
            "1.0e400",
            "--1.0",
            "-.5",
            "inf",
            "nan",
            "",
            "1.5,",
            "1.0.0",
            "1.7976931348623159e308",
        ] {
            assert_eq!(parse(s.as_bytes()), None, "{s}");
        }
    }
}
