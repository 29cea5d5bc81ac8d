//! The BEAM container: an IFF form ("FOR1", size, "BEAM") holding chunks, each padded to 4 bytes.
//! Everything here is bounds-checked: a corrupt file gives an error, never a panic.

use std::fmt;

/// One chunk: its four-byte id and its data (without padding).
#[derive(Clone, Copy, Debug)]
pub struct Chunk<'a> {
    pub id: [u8; 4],
    pub data: &'a [u8],
}

impl Chunk<'_> {
    pub fn id_str(&self) -> String {
        chunk_name(&self.id)
    }
}

/// Printable form of a chunk id (non-printable bytes escaped).
pub fn chunk_name(id: &[u8; 4]) -> String {
    id.iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                (b as char).to_string()
            } else {
                format!("\\x{:02x}", b)
            }
        })
        .collect()
}

/// The chunks of a BEAM file, in file order.
#[derive(Debug)]
pub struct BeamFile<'a> {
    pub chunks: Vec<Chunk<'a>>,
}

impl<'a> BeamFile<'a> {
    /// Data of the first chunk with this id.
    pub fn chunk(&self, id: &[u8; 4]) -> Option<&'a [u8]> {
        self.chunks.iter().find(|c| &c.id == id).map(|c| c.data)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeamFileError {
    /// The form header is not "FOR1" … "BEAM".
    BadHeader,
    /// The form's declared size runs past the end of the data.
    TruncatedForm,
    /// A chunk header or body runs past the end of the form.
    TruncatedChunk(String),
    /// A gzip-compressed BEAM file (`erlc +compressed`) that does not inflate.
    BadGzip(&'static str),
}

impl fmt::Display for BeamFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BeamFileError::BadHeader => write!(f, "not a BEAM file (bad IFF header)"),
            BeamFileError::TruncatedForm => {
                write!(f, "truncated BEAM file (IFF size past end of data)")
            }
            BeamFileError::TruncatedChunk(id) => write!(f, "truncated chunk {}", id),
            BeamFileError::BadGzip(why) => write!(f, "corrupt compressed BEAM file: {}", why),
        }
    }
}

impl std::error::Error for BeamFileError {}

/// Largest BEAM file a compressed one may inflate to (a bomb stops here, not at memory's end).
const MAX_INFLATED: usize = 256 << 20;

/// Is this a gzip stream (a BEAM file compiled with `+compressed`, which OTP loads as is)?
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Inflate a gzip stream (RFC 1952): a 10-byte header with optional extra field, name, comment
/// and header CRC, raw deflate data, then CRC-32 and the size modulo 2^32. The size is checked;
/// the deflate stream's own structure catches the rest of any corruption.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, BeamFileError> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let short = BeamFileError::BadGzip("truncated header");
    if bytes.len() < 18 || bytes[2] != 8 {
        return Err(BeamFileError::BadGzip("not a deflate gzip stream"));
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes([
            *bytes.get(at).ok_or(short.clone())?,
            *bytes.get(at + 1).ok_or(short.clone())?,
        ]) as usize;
        at += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = bytes.get(at..).ok_or(short.clone())?;
            let nul = rest.iter().position(|&b| b == 0).ok_or(short.clone())?;
            at += nul + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    let body = bytes
        .get(at..bytes.len().saturating_sub(8))
        .filter(|_| at + 8 <= bytes.len())
        .ok_or(short)?;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_INFLATED)
        .map_err(|_| BeamFileError::BadGzip("bad deflate data or too large"))?;
    let tail = &bytes[bytes.len() - 4..];
    let size = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
    if size != out.len() as u32 {
        return Err(BeamFileError::BadGzip("size does not match"));
    }
    Ok(out)
}

/// Split a BEAM file into its chunks.
pub fn parse(bytes: &[u8]) -> Result<BeamFile<'_>, BeamFileError> {
    if bytes.len() < 12 || &bytes[0..4] != b"FOR1" || &bytes[8..12] != b"BEAM" {
        return Err(BeamFileError::BadHeader);
    }
    let form_size = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    // The form size counts everything after the size word, "BEAM" included.
    let end = form_size
        .checked_add(8)
        .ok_or(BeamFileError::TruncatedForm)?;
    if end > bytes.len() || form_size < 4 {
        return Err(BeamFileError::TruncatedForm);
    }
    let body = &bytes[12..end];
    let mut chunks = Vec::new();
    let mut pos = 0usize;
    while pos < body.len() {
        let rest = &body[pos..];
        if rest.len() < 8 {
            // Stray padding at the very end is harmless; a partial chunk header is not.
            if rest.iter().all(|&b| b == 0) {
                break;
            }
            return Err(BeamFileError::TruncatedChunk("(header)".into()));
        }
        let id = [rest[0], rest[1], rest[2], rest[3]];
        let size = u32::from_be_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let data_end = 8usize.checked_add(size).filter(|&e| e <= rest.len());
        let Some(data_end) = data_end else {
            return Err(BeamFileError::TruncatedChunk(chunk_name(&id)));
        };
        chunks.push(Chunk {
            id,
            data: &rest[8..data_end],
        });
        // Padding to 4 bytes; the final chunk's padding may be missing.
        let padded = data_end.div_ceil(4) * 4;
        pos += padded.min(rest.len());
    }
    Ok(BeamFile { chunks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = b"BEAM".to_vec();
        for (id, data) in chunks {
            body.extend_from_slice(*id);
            body.extend_from_slice(&(data.len() as u32).to_be_bytes());
            body.extend_from_slice(data);
            while !body.len().is_multiple_of(4) {
                body.push(0);
            }
        }
        let mut out = b"FOR1".to_vec();
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn chunks_round_trip() {
        let f = form(&[(b"AtU8", b"abc"), (b"Code", b"12345678")]);
        let b = parse(&f).unwrap();
        assert_eq!(b.chunks.len(), 2);
        assert_eq!(b.chunk(b"AtU8"), Some(&b"abc"[..]));
        assert_eq!(b.chunk(b"Code"), Some(&b"12345678"[..]));
        assert_eq!(b.chunk(b"LitT"), None);
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(parse(b"").unwrap_err(), BeamFileError::BadHeader);
        assert_eq!(
            parse(b"FOR1\0\0\0\x04BEAX").unwrap_err(),
            BeamFileError::BadHeader
        );
        let mut f = form(&[(b"AtU8", b"abcdef")]);
        f.truncate(f.len() - 4);
        assert_eq!(parse(&f).unwrap_err(), BeamFileError::TruncatedForm);
        // Fix the form size so only the chunk is inconsistent.
        let n = (f.len() - 8) as u32;
        f[4..8].copy_from_slice(&n.to_be_bytes());
        assert_eq!(
            parse(&f).unwrap_err(),
            BeamFileError::TruncatedChunk("AtU8".into())
        );
        let e = parse(&f).unwrap_err().to_string();
        assert_eq!(e, "truncated chunk AtU8");
    }
}
