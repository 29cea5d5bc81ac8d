//! AtomVM `.avm` bundles ("packbeam" files): reader, writer, and a tiny
//! `.beam` peek (module name, exports) so tools can pick the start module
//! without the full loader.
//!
//! Layout (all integers 32-bit big-endian, everything 4-byte aligned):
//!
//! ```text
//! header   "#!/usr/bin/env AtomVM\n" + two NULs            (24 bytes)
//! section  size | flags | reserved (0) | name NUL [pad] | payload [pad]
//!          `size` counts the whole section, header included
//! ...
//! end      size 0 | flags 0 | 0 | "end\0"                  (16 bytes)
//! ```
//!
//! A BEAM section's payload is the `.beam` file itself. Any other section's
//! payload is a 32-bit length followed by the file contents: that is what
//! upstream packbeam writes and what `atomvm:read_priv/2` expects.
//! [`Section::data`] is always the plain file contents; the prefix and the
//! padding are handled here.
//!
//! Everything is bounds-checked: a truncated or corrupt bundle gives an
//! [`AvmError`], never a panic.

use std::fmt;

/// The 24 bytes every bundle starts with.
pub const HEADER: [u8; 24] = *b"#!/usr/bin/env AtomVM\n\0\0";
/// Section holds a BEAM module exporting `start/0`: the entry point.
pub const FLAG_START: u32 = 1;
/// Section holds a BEAM module.
pub const FLAG_BEAM: u32 = 2;
/// Section holds a plain data file. Must be non-zero: older AtomVM runtimes
/// stop scanning a bundle at the first section whose flags are 0.
pub const FLAG_DATA: u32 = 4;
/// Name of the closing section (AtomVM also accepts "END" when reading).
pub const END_NAME: &str = "end";

/// Fixed part of a section header: size, flags, reserved.
const SECTION_FIXED: usize = 12;
/// Smallest legal section: fixed part plus a padded, NUL-terminated name.
const MIN_SECTION: usize = 16;

/// One file inside a bundle, owning its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `module.beam` for modules; a path such as `app/priv/file` for data.
    pub name: String,
    pub flags: u32,
    /// The file contents, without the bundle's padding or length prefix.
    pub data: Vec<u8>,
}

/// One file inside a bundle, borrowing from the bundle bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionRef<'a> {
    pub name: &'a str,
    pub flags: u32,
    pub data: &'a [u8],
}

impl Section {
    /// A BEAM section, flagged as the entry point if `start` is set.
    pub fn beam(name: impl Into<String>, data: Vec<u8>, start: bool) -> Section {
        let flags = if start {
            FLAG_BEAM | FLAG_START
        } else {
            FLAG_BEAM
        };
        Section {
            name: name.into(),
            flags,
            data,
        }
    }

    /// A plain data section.
    pub fn data_file(name: impl Into<String>, data: Vec<u8>) -> Section {
        Section {
            name: name.into(),
            flags: FLAG_DATA,
            data,
        }
    }

    pub fn is_beam(&self) -> bool {
        self.flags & FLAG_BEAM != 0
    }

    pub fn is_start(&self) -> bool {
        self.flags & FLAG_START != 0
    }

    pub fn as_ref(&self) -> SectionRef<'_> {
        SectionRef {
            name: &self.name,
            flags: self.flags,
            data: &self.data,
        }
    }
}

impl SectionRef<'_> {
    pub fn is_beam(&self) -> bool {
        self.flags & FLAG_BEAM != 0
    }

    pub fn is_start(&self) -> bool {
        self.flags & FLAG_START != 0
    }

    pub fn to_owned(&self) -> Section {
        Section {
            name: self.name.to_string(),
            flags: self.flags,
            data: self.data.to_vec(),
        }
    }
}

/// What is wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AvmErrorKind {
    /// The first 24 bytes are not the AtomVM header.
    BadHeader,
    /// The bytes stop before the structure they announce is complete.
    Truncated { needed: usize, available: usize },
    /// The bytes stop cleanly between sections but there is no end section.
    MissingEnd,
    /// A section size that is too small or not a multiple of 4.
    BadSectionSize(u32),
    /// A size-0 section that is not the end marker.
    BadEndSection,
    /// The section name has no terminating NUL inside the section.
    UnterminatedName,
    /// The section name is not valid UTF-8.
    NameNotUtf8,
    /// A BEAM-flagged section whose payload is not an IFF `FOR1`/`BEAM` file.
    NotABeam { name: String },
    /// A data section's length prefix is missing or larger than its payload.
    BadDataLength {
        name: String,
        declared: u64,
        available: usize,
    },
    /// Writing: a name containing a NUL byte cannot be stored.
    NameHasNul { name: String },
    /// Writing: a section too large for the 32-bit size field.
    TooLarge { name: String, size: usize },
}

/// A bundle error: where (file, when known, and byte offset) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvmError {
    pub file: Option<String>,
    pub offset: usize,
    pub kind: AvmErrorKind,
}

impl AvmError {
    fn at(offset: usize, kind: AvmErrorKind) -> AvmError {
        AvmError {
            file: None,
            offset,
            kind,
        }
    }

    /// Attach the file name so the message says which bundle is broken.
    pub fn in_file(mut self, file: impl Into<String>) -> AvmError {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for AvmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        match &self.kind {
            AvmErrorKind::BadHeader => {
                write!(
                    f,
                    "not an AtomVM bundle (missing \"#!/usr/bin/env AtomVM\" header)"
                )
            }
            AvmErrorKind::Truncated { needed, available } => write!(
                f,
                "truncated bundle: section at byte {} needs {needed} bytes, only {available} left",
                self.offset
            ),
            AvmErrorKind::MissingEnd => {
                write!(
                    f,
                    "truncated bundle: no end section (data stops at byte {})",
                    self.offset
                )
            }
            AvmErrorKind::BadSectionSize(size) => write!(
                f,
                "corrupt bundle: section at byte {} has invalid size {size} \
                 (must be at least {MIN_SECTION} and a multiple of 4)",
                self.offset
            ),
            AvmErrorKind::BadEndSection => write!(
                f,
                "corrupt bundle: section at byte {} has size 0 but is not the end marker",
                self.offset
            ),
            AvmErrorKind::UnterminatedName => write!(
                f,
                "corrupt bundle: section at byte {} has a name without a terminating NUL",
                self.offset
            ),
            AvmErrorKind::NameNotUtf8 => write!(
                f,
                "corrupt bundle: section at byte {} has a name that is not UTF-8",
                self.offset
            ),
            AvmErrorKind::NotABeam { name } => write!(
                f,
                "corrupt bundle: section '{name}' at byte {} is flagged BEAM but does not hold \
                 a complete FOR1/BEAM file",
                self.offset
            ),
            AvmErrorKind::BadDataLength {
                name,
                declared,
                available,
            } => write!(
                f,
                "corrupt bundle: data section '{name}' at byte {} declares {declared} bytes \
                 but holds {available}",
                self.offset
            ),
            AvmErrorKind::NameHasNul { name } => {
                write!(
                    f,
                    "section name {name:?} contains a NUL byte and cannot be stored"
                )
            }
            AvmErrorKind::TooLarge { name, size } => {
                write!(
                    f,
                    "section '{name}' is too large for a bundle ({size} bytes)"
                )
            }
        }
    }
}

impl std::error::Error for AvmError {}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn pad4(n: usize) -> usize {
    (4 - n % 4) % 4
}

/// True if `bytes` starts with the AtomVM bundle header.
pub fn is_avm(bytes: &[u8]) -> bool {
    bytes.starts_with(&HEADER)
}

/// Parse a bundle without copying: every section before the end marker.
/// Bytes after the end marker are ignored (flash images often carry some).
pub fn sections(bytes: &[u8]) -> Result<Vec<SectionRef<'_>>, AvmError> {
    if !is_avm(bytes) {
        return Err(AvmError::at(0, AvmErrorKind::BadHeader));
    }
    let mut out = Vec::new();
    let mut off = HEADER.len();
    loop {
        let available = bytes.len().saturating_sub(off);
        if available == 0 {
            return Err(AvmError::at(off, AvmErrorKind::MissingEnd));
        }
        if available < MIN_SECTION {
            return Err(AvmError::at(
                off,
                AvmErrorKind::Truncated {
                    needed: MIN_SECTION,
                    available,
                },
            ));
        }
        let truncated = || {
            AvmError::at(
                off,
                AvmErrorKind::Truncated {
                    needed: MIN_SECTION,
                    available,
                },
            )
        };
        let size = be32(bytes, off).ok_or_else(truncated)?;
        let flags = be32(bytes, off + 4).ok_or_else(truncated)?;
        if size == 0 {
            let name = bytes
                .get(off + SECTION_FIXED..off + MIN_SECTION)
                .ok_or_else(truncated)?;
            if flags == 0 && (name == b"end\0" || name == b"END\0") {
                return Ok(out);
            }
            return Err(AvmError::at(off, AvmErrorKind::BadEndSection));
        }
        let size_us = size as usize;
        if size_us < MIN_SECTION || size % 4 != 0 {
            return Err(AvmError::at(off, AvmErrorKind::BadSectionSize(size)));
        }
        if size_us > available {
            return Err(AvmError::at(
                off,
                AvmErrorKind::Truncated {
                    needed: size_us,
                    available,
                },
            ));
        }
        // In bounds: off + size <= len was checked just above.
        let region = bytes
            .get(off + SECTION_FIXED..off + size_us)
            .ok_or_else(truncated)?;
        let nul = region
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| AvmError::at(off, AvmErrorKind::UnterminatedName))?;
        let name = std::str::from_utf8(&region[..nul])
            .map_err(|_| AvmError::at(off, AvmErrorKind::NameNotUtf8))?;
        // The payload starts at the next 4-byte boundary after the NUL.
        let name_len = nul + 1 + pad4(nul + 1);
        let payload = region
            .get(name_len..)
            .ok_or_else(|| AvmError::at(off, AvmErrorKind::UnterminatedName))?;
        let data = if flags & FLAG_BEAM != 0 {
            beam_extent(payload).ok_or_else(|| {
                AvmError::at(
                    off,
                    AvmErrorKind::NotABeam {
                        name: name.to_string(),
                    },
                )
            })?
        } else {
            data_extent(payload).map_err(|declared| {
                AvmError::at(
                    off,
                    AvmErrorKind::BadDataLength {
                        name: name.to_string(),
                        declared,
                        available: payload.len().saturating_sub(4),
                    },
                )
            })?
        };
        out.push(SectionRef { name, flags, data });
        off += size_us;
    }
}

/// Parse a bundle into owned sections.
pub fn parse(bytes: &[u8]) -> Result<Vec<Section>, AvmError> {
    Ok(sections(bytes)?.iter().map(SectionRef::to_owned).collect())
}

/// The `.beam` inside a BEAM payload, without the trailing padding.
fn beam_extent(payload: &[u8]) -> Option<&[u8]> {
    if payload.get(0..4)? != b"FOR1" || payload.get(8..12)? != b"BEAM" {
        return None;
    }
    let len = (be32(payload, 4)? as usize).checked_add(8)?;
    payload.get(..len)
}

/// The file inside a data payload; Err carries the declared length.
fn data_extent(payload: &[u8]) -> Result<&[u8], u64> {
    let declared = be32(payload, 0).ok_or(0u64)?;
    payload
        .get(4..)
        .and_then(|rest| rest.get(..declared as usize))
        .ok_or(declared as u64)
}

/// Check that [`write`] can store `sections` faithfully.
pub fn check(sections: &[Section]) -> Result<(), AvmError> {
    for s in sections {
        if s.name.as_bytes().contains(&0) {
            return Err(AvmError::at(
                0,
                AvmErrorKind::NameHasNul {
                    name: s.name.clone(),
                },
            ));
        }
        let total = section_len(s.name.as_bytes(), payload_len(s));
        if total.is_none_or(|t| t > u32::MAX as usize) {
            let size = s.data.len();
            return Err(AvmError::at(
                0,
                AvmErrorKind::TooLarge {
                    name: s.name.clone(),
                    size,
                },
            ));
        }
    }
    Ok(())
}

fn payload_len(s: &Section) -> usize {
    if s.is_beam() {
        s.data.len()
    } else {
        s.data.len().saturating_add(4)
    }
}

fn section_len(name: &[u8], payload: usize) -> Option<usize> {
    let head = SECTION_FIXED + name.len() + 1;
    head.checked_add(pad4(head))?
        .checked_add(payload)?
        .checked_add(pad4(payload))
}

/// Serialise a bundle: header, `sections` in order, end marker.
///
/// Never panics. Run [`check`] first to get errors instead of these
/// fallbacks: a name is cut at its first NUL, and a section too large for
/// the 32-bit size field is left out.
pub fn write(sections: &[Section]) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for s in sections {
        let name = s.name.as_bytes();
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
        let plen = payload_len(s);
        let Some(total) = section_len(name, plen).and_then(|t| u32::try_from(t).ok()) else {
            continue;
        };
        let Ok(data_len) = u32::try_from(s.data.len()) else {
            continue;
        };
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&s.flags.to_be_bytes());
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(name);
        let head = SECTION_FIXED + name.len() + 1;
        out.resize(out.len() + 1 + pad4(head), 0);
        if !s.is_beam() {
            out.extend_from_slice(&data_len.to_be_bytes());
        }
        out.extend_from_slice(&s.data);
        out.resize(out.len() + pad4(plen), 0);
    }
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(b"end\0");
    out
}

/// The entry point: the first section flagged as start.
pub fn start_section(sections: &[Section]) -> Option<&Section> {
    sections.iter().find(|s| s.is_start())
}

// ---- minimal .beam peek -------------------------------------------------

/// The chunks of a `.beam` (IFF `FOR1`/`BEAM`) as (id, contents), in order.
/// `None` if the container is malformed. Trailing bytes past the IFF length
/// (bundle padding) are ignored.
pub fn beam_chunks(bytes: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let file = beam_extent(bytes)?;
    let mut chunks = Vec::new();
    let mut off = 12usize;
    while off < file.len() {
        let id = file.get(off..off + 4)?;
        let size = be32(file, off + 4)? as usize;
        let start = off + 8;
        let end = start.checked_add(size)?;
        let body = file.get(start..end)?;
        chunks.push(([id[0], id[1], id[2], id[3]], body));
        // Chunks are padded to 4 bytes; the last one's padding may be absent.
        off = end.checked_add(pad4(size))?;
    }
    Some(chunks)
}

fn chunk<'a>(chunks: &[([u8; 4], &'a [u8])], id: &[u8; 4]) -> Option<&'a [u8]> {
    chunks
        .iter()
        .find(|(cid, _)| cid == id)
        .map(|(_, body)| *body)
}

/// Decode a compact-term-encoded unsigned length (OTP 28 long-atom tables).
fn compact_len(bytes: &[u8], pos: &mut usize) -> Option<usize> {
    let b = *bytes.get(*pos)? as usize;
    *pos += 1;
    if b & 0x08 == 0 {
        Some(b >> 4)
    } else if b & 0x10 == 0 {
        let lo = *bytes.get(*pos)? as usize;
        *pos += 1;
        Some(((b & 0xE0) << 3) | lo)
    } else {
        // Multi-byte form: (b >> 5) + 2 big-endian bytes. Atom lengths never
        // need the extended form (b >> 5 == 7), so treat it as malformed.
        if b >> 5 == 7 {
            return None;
        }
        let n = (b >> 5) + 2;
        let digits = bytes.get(*pos..pos.checked_add(n)?)?;
        *pos += n;
        digits.iter().try_fold(0usize, |acc, &d| {
            acc.checked_mul(256)?.checked_add(d as usize)
        })
    }
}

/// The atom table of a `.beam` (index 0 here is atom 1 in BEAM terms).
pub(crate) fn beam_atoms(chunks: &[([u8; 4], &[u8])]) -> Option<Vec<String>> {
    let (body, utf8) = match chunk(chunks, b"AtU8") {
        Some(b) => (b, true),
        None => (chunk(chunks, b"Atom")?, false),
    };
    let raw = be32(body, 0)? as i32;
    // A negative count (OTP 28+) means lengths are compact-term encoded.
    let compact = raw < 0;
    let count = raw.unsigned_abs() as usize;
    // Each atom takes at least one byte: reject absurd counts before allocating.
    if count > body.len() {
        return None;
    }
    let mut atoms = Vec::with_capacity(count);
    let mut pos = 4usize;
    for _ in 0..count {
        let len = if compact {
            compact_len(body, &mut pos)?
        } else {
            let l = *body.get(pos)? as usize;
            pos += 1;
            l
        };
        let text = body.get(pos..pos.checked_add(len)?)?;
        pos += len;
        atoms.push(if utf8 {
            std::str::from_utf8(text).ok()?.to_string()
        } else {
            text.iter().map(|&c| c as char).collect()
        });
    }
    Some(atoms)
}

/// The atom table of a `.beam`, in order (its first atom is the module's name).
pub fn beam_atom_table(bytes: &[u8]) -> Option<Vec<String>> {
    beam_atoms(&beam_chunks(bytes)?)
}

/// The module name of a `.beam` (its first atom).
pub fn beam_module_name(bytes: &[u8]) -> Option<String> {
    let chunks = beam_chunks(bytes)?;
    beam_atoms(&chunks)?.into_iter().next()
}

/// The exported functions of a `.beam` as (name, arity), in ExpT order.
pub fn beam_exports(bytes: &[u8]) -> Option<Vec<(String, u32)>> {
    let chunks = beam_chunks(bytes)?;
    let atoms = beam_atoms(&chunks)?;
    let body = chunk(&chunks, b"ExpT")?;
    let count = be32(body, 0)? as usize;
    if count.checked_mul(12)?.checked_add(4)? > body.len() {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let at = 4 + i * 12;
        let name_index = be32(body, at)? as usize;
        let arity = be32(body, at + 4)?;
        // Atom indices in BEAM chunks are 1-based.
        let name = atoms.get(name_index.checked_sub(1)?)?;
        out.push((name.clone(), arity));
    }
    Some(out)
}

/// True if the `.beam` exports `start/0`, i.e. it can be a bundle's entry point.
pub fn beam_exports_start(bytes: &[u8]) -> bool {
    beam_exports(bytes).is_some_and(|e| e.iter().any(|(n, a)| n == "start" && *a == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-built minimal `.beam`: atoms and exports only.
    fn fake_beam(module: &str, exports: &[(&str, u32)], long_atoms: bool) -> Vec<u8> {
        let mut atoms: Vec<&str> = vec![module];
        for (n, _) in exports {
            if !atoms.contains(n) {
                atoms.push(n);
            }
        }
        let mut atu8 = Vec::new();
        let count = atoms.len() as i32;
        atu8.extend_from_slice(&(if long_atoms { -count } else { count }).to_be_bytes());
        for a in &atoms {
            if long_atoms {
                let l = a.len();
                if l < 16 {
                    atu8.push((l << 4) as u8);
                } else {
                    atu8.push((((l >> 3) & 0xE0) | 0x08) as u8);
                    atu8.push((l & 0xFF) as u8);
                }
            } else {
                atu8.push(a.len() as u8);
            }
            atu8.extend_from_slice(a.as_bytes());
        }
        let mut expt = (exports.len() as u32).to_be_bytes().to_vec();
        for (i, (n, ar)) in exports.iter().enumerate() {
            let idx = atoms.iter().position(|a| a == n).unwrap() as u32 + 1;
            expt.extend_from_slice(&idx.to_be_bytes());
            expt.extend_from_slice(&ar.to_be_bytes());
            expt.extend_from_slice(&(i as u32 + 2).to_be_bytes());
        }
        let mut body = b"BEAM".to_vec();
        for (id, c) in [(b"AtU8", atu8), (b"ExpT", expt)] {
            body.extend_from_slice(id);
            body.extend_from_slice(&(c.len() as u32).to_be_bytes());
            body.extend_from_slice(&c);
            body.resize(body.len() + pad4(c.len()), 0);
        }
        let mut out = b"FOR1".to_vec();
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        out.extend_from_slice(&body);
        out
    }

    fn sample() -> Vec<Section> {
        vec![
            Section::beam(
                "hello.beam",
                fake_beam("hello", &[("start", 0), ("f", 2)], false),
                true,
            ),
            Section::beam("lib.beam", fake_beam("lib", &[("g", 1)], false), false),
            Section::data_file("hello/priv/a.txt", b"hi!".to_vec()),
            Section::data_file("e", Vec::new()),
        ]
    }

    #[test]
    fn header_bytes_match_atomvm() {
        assert_eq!(&HEADER[..22], b"#!/usr/bin/env AtomVM\n");
        assert_eq!(&HEADER[22..], &[0, 0]);
    }

    #[test]
    fn round_trip() {
        let secs = sample();
        assert!(check(&secs).is_ok());
        let bytes = write(&secs);
        assert!(is_avm(&bytes));
        assert_eq!(bytes.len() % 4, 0);
        assert_eq!(parse(&bytes).unwrap(), secs);
        assert_eq!(start_section(&secs).unwrap().name, "hello.beam");
        // End marker is exactly the 16 bytes AtomVM expects.
        assert_eq!(&bytes[bytes.len() - 16..], b"\0\0\0\0\0\0\0\0\0\0\0\0end\0");
        // Trailing garbage after the end marker is ignored.
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0xFF; 7]);
        assert_eq!(parse(&padded).unwrap(), secs);
        assert_eq!(parse(&write(&[])).unwrap(), Vec::new());
    }

    #[test]
    fn layout_matches_documented_example() {
        // "mylib.beam" + NUL is 11 bytes: one byte of padding, then the data.
        let beam = fake_beam("mylib", &[("start", 0)], false);
        let bytes = write(&[Section::beam("mylib.beam", beam.clone(), true)]);
        let s = &bytes[24..];
        let size = u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize;
        assert_eq!(size, 24 + beam.len() + pad4(beam.len()));
        assert_eq!(&s[4..8], &[0, 0, 0, 3]);
        assert_eq!(&s[8..12], &[0, 0, 0, 0]);
        assert_eq!(&s[12..24], b"mylib.beam\0\0");
        assert_eq!(&s[24..24 + beam.len()], &beam[..]);
        // Data sections carry a 32-bit length before their contents.
        let bytes = write(&[Section::data_file("x", b"abcde".to_vec())]);
        assert_eq!(&bytes[24..28], &[0, 0, 0, 28]);
        assert_eq!(&bytes[28..32], &[0, 0, 0, 4]);
        assert_eq!(&bytes[36..40], b"x\0\0\0");
        assert_eq!(&bytes[40..44], &[0, 0, 0, 5]);
        assert_eq!(&bytes[44..52], b"abcde\0\0\0");
    }

    #[test]
    fn truncation_at_every_offset_is_an_error() {
        let bytes = write(&sample());
        for cut in 0..bytes.len() {
            let err = parse(&bytes[..cut]).expect_err("truncated bundle parsed");
            assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn byte_flips_never_panic() {
        let bytes = write(&sample());
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for _ in 0..20_000 {
            let mut b = bytes.clone();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() as usize) % b.len();
                b[i] ^= (next() % 255 + 1) as u8;
            }
            if let Ok(secs) = sections(&b) {
                for s in secs {
                    let _ = beam_exports(s.data);
                    let _ = beam_module_name(s.data);
                }
            }
        }
        // Also flip every byte of a lone beam through the peek functions.
        let beam = fake_beam("m", &[("start", 0)], true);
        for i in 0..beam.len() {
            for x in [0x01u8, 0x80, 0xFF] {
                let mut b = beam.clone();
                b[i] ^= x;
                let _ = beam_exports(&b);
                let _ = beam_module_name(&b);
            }
            let _ = beam_exports(&beam[..i]);
        }
    }

    #[test]
    fn corrupt_inputs_give_clear_errors() {
        let good = write(&sample());
        assert_eq!(parse(b"hello").unwrap_err().kind, AvmErrorKind::BadHeader);
        assert_eq!(parse(&HEADER).unwrap_err().kind, AvmErrorKind::MissingEnd);
        let mut bad = good.clone();
        bad[27] = 13; // first section size no longer a multiple of 4
        let err = parse(&bad).unwrap_err().in_file("x.avm");
        assert!(err.to_string().starts_with("x.avm: "), "{err}");
        assert!(matches!(err.kind, AvmErrorKind::BadSectionSize(_)));
        let mut bad = good.clone();
        bad[24 + 24] = b'X'; // break the FOR1 magic of the first module
        assert!(matches!(
            parse(&bad).unwrap_err().kind,
            AvmErrorKind::NotABeam { .. }
        ));
        let nul = Section::data_file("a\0b", Vec::new());
        assert!(matches!(
            check(&[nul]).unwrap_err().kind,
            AvmErrorKind::NameHasNul { .. }
        ));
    }

    #[test]
    fn accepts_uppercase_end() {
        let mut b = write(&sample());
        let n = b.len();
        b[n - 4..].copy_from_slice(b"END\0");
        assert_eq!(parse(&b).unwrap(), sample());
    }

    #[test]
    fn beam_peek() {
        let b = fake_beam("hello", &[("start", 0), ("f", 2)], false);
        assert_eq!(beam_module_name(&b).as_deref(), Some("hello"));
        assert_eq!(
            beam_exports(&b).unwrap(),
            vec![("start".to_string(), 0), ("f".to_string(), 2)]
        );
        assert!(beam_exports_start(&b));
        let long = "a_rather_long_atom_name_over_sixteen";
        let b = fake_beam("m", &[(long, 1)], true);
        assert_eq!(beam_exports(&b).unwrap(), vec![(long.to_string(), 1)]);
        assert!(!beam_exports_start(&b));
        assert_eq!(beam_exports(b"FOR1"), None);
        assert_eq!(beam_module_name(&[]), None);
    }
}
