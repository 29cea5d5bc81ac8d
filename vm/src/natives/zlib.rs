//! zlib streams: the natives under estdlib's `zlib` module (`zlib:nif_*`), on miniz_oxide.
//!
//! A stream is a resource (`resource.rs`) owned by the process that opened it (or was given it
//! by `set_controlling_process`); Erlang sees a plain reference, as `zlib:open/0` returns in OTP.
//! Only the owner may use it (`not_on_controlling_process`), and its exit frees the stream.
//! miniz_oxide speaks zlib and raw deflate; the gzip wrapper (header, CRC-32 and size trailer) is
//! written and checked here. Errors are OTP's: `not_initialized`, `already_initialized`,
//! `stream_error`, `data_error`.
//!
//! Locking: each stream sits behind its own lock; only its owner uses it, so it is never contended.

use crate::code::native::Ctx;
use crate::natives::binaries::{walk_iolist, IoMode, Piece};
use crate::natives::checksum::{adler32_update, crc32_update};
use crate::natives::registry::BifEntry;
use crate::natives::resource::ResourceTable;
use crate::natives::results::make_binary;
use crate::terms::atom;
use crate::terms::binary::view_bytes;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::reference::{build_ref, ref_number, REF_WORDS};
use crate::terms::term::Term;
use miniz_oxide::deflate::core::{create_comp_flags_from_zip_params, CompressorOxide};
use miniz_oxide::inflate::stream::InflateState;
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Output is produced in pieces of this size.
const CHUNK: usize = 16 * 1024;

struct Stream {
    owner: Term,
    mode: Mode,
}

enum Mode {
    Idle,
    Deflate(Box<Deflater>),
    Inflate(Box<Inflater>),
}

/// miniz_oxide writes raw deflate; the zlib and gzip wrappers are ours, so that the headers
/// are zlib's own (miniz_oxide's zlib header rates the level differently).
struct Deflater {
    core: CompressorOxide,
    wrap: Wrap,
    /// log2 of the window, for the zlib header.
    window_bits: i32,
    level: i32,
    strategy: i32,
    /// The header has been written.
    started: bool,
    /// A finish has ended the stream.
    finished: bool,
    /// Input came after the finish: it stays unconsumed, so ending the stream is a data_error.
    refused: bool,
    /// Checksum (CRC-32 for gzip, Adler-32 for zlib) and length of the input: the trailer.
    check: u32,
    size: u32,
}

#[derive(Clone, Copy, PartialEq)]
enum Wrap {
    Zlib,
    Raw,
    Gzip,
    /// zlib or gzip, told by the first bytes (window bits 32 + N).
    Auto,
}

enum Phase {
    /// Gathering a gzip header (or, for `Auto`, the bytes that tell the format).
    Header,
    Body,
    /// Gathering gzip's 8-byte trailer.
    Trailer,
    /// The stream ended; with `reset_on_end` a following gzip member starts a new one.
    Done,
}

struct Inflater {
    state: Box<InflateState>,
    wrap: Wrap,
    phase: Phase,
    pending: Vec<u8>,
    /// The current member is gzip-wrapped: its CRC-32 and length are checked by a trailer.
    gzip: bool,
    crc: u32,
    size: u32,
    /// Concatenated gzip members are one stream (gunzip); otherwise what follows the end is ignored.
    reset_on_end: bool,
}

static STREAMS: ResourceTable<Stream> = ResourceTable::new();

fn err(name: &str) -> Exception {
    Exception::error_atom(atom::intern_str(name))
}

fn small(t: Term) -> Result<i32, Exception> {
    t.as_small()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// The stream `t` names, checked to be the caller's.
fn with_stream<R>(
    ctx: &Ctx,
    t: Term,
    f: impl FnOnce(&mut Stream) -> Result<R, Exception>,
) -> Result<R, Exception> {
    let id = ref_number(t).ok_or_else(Exception::badarg)?;
    let entry = STREAMS
        .get(id)
        .ok_or_else(|| err("not_on_controlling_process"))?;
    let mut s = entry.lock();
    if s.owner != ctx.proc.pid {
        return Err(err("not_on_controlling_process"));
    }
    f(&mut s)
}

fn input_bytes(t: Term) -> Result<Vec<u8>, Exception> {
    let mut out = Vec::new();
    walk_iolist(t, IoMode::Binary, |p| match p {
        Piece::Byte(b) => out.push(b),
        Piece::Bits(v) => out.extend_from_slice(&view_bytes(v)),
    })
    .map_err(|_| Exception::badarg())?;
    Ok(out)
}

/// A process exited: free the streams it owned.
pub fn owner_exited(pid: Term) {
    drop(STREAMS.take_owned(pid));
}

// ---- open, close, owner ----

fn open_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let owner = ctx.proc.pid;
    let id = STREAMS.insert(
        owner,
        Stream {
            owner,
            mode: Mode::Idle,
        },
    );
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, id))
}

fn close_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_stream(ctx, args[0], |_| Ok(()))?;
    if let Some(id) = ref_number(args[0]) {
        STREAMS.remove(id);
    }
    Ok(Term::atom(atom::OK))
}

fn set_owner_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pid = args[1];
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    with_stream(ctx, args[0], |s| {
        s.owner = pid;
        Ok(())
    })?;
    if let Some(id) = ref_number(args[0]) {
        STREAMS.set_owner(id, pid);
    }
    Ok(Term::atom(atom::OK))
}

// ---- deflate ----

/// deflateInit(Z, Level, 8, WindowBits, MemLevel, Strategy), Level -1..9, Strategy 0..4.
fn deflate_init_6(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let level = small(args[1])?;
    let method = small(args[2])?;
    let bits = small(args[3])?;
    let mem_level = small(args[4])?;
    let strategy = small(args[5])?;
    let (wrap, window_bits) = match bits {
        8..=15 => (Wrap::Zlib, bits),
        -15..=-8 => (Wrap::Raw, -bits),
        24..=31 => (Wrap::Gzip, bits - 16),
        _ => return Err(err("stream_error")),
    };
    if !(-1..=9).contains(&level)
        || method != 8
        || !(1..=9).contains(&mem_level)
        || !(0..=4).contains(&strategy)
    {
        return Err(err("stream_error"));
    }
    with_stream(ctx, args[0], |s| {
        if !matches!(s.mode, Mode::Idle) {
            return Err(err("already_initialized"));
        }
        let flags = create_comp_flags_from_zip_params(level, -window_bits, strategy);
        s.mode = Mode::Deflate(Box::new(Deflater {
            core: CompressorOxide::new(flags),
            wrap,
            window_bits,
            level: if level < 0 { 6 } else { level },
            strategy,
            started: false,
            finished: false,
            refused: false,
            check: initial_check(wrap),
            size: 0,
        }));
        Ok(())
    })?;
    Ok(Term::atom(atom::OK))
}

/// Compress `input` with zlib's flush mode `flush` (0 none, 2 sync, 3 full, 4 finish).
fn deflate_bytes(d: &mut Deflater, input: &[u8], flush: i32) -> Result<Vec<u8>, Exception> {
    let flush = match flush {
        0 => MZFlush::None,
        1 | 2 => MZFlush::Sync,
        3 => MZFlush::Full,
        4 => MZFlush::Finish,
        _ => return Err(Exception::badarg()),
    };
    let mut out = Vec::new();
    if d.finished {
        if input.is_empty() && flush == MZFlush::Finish {
            return Ok(out);
        }
        d.refused |= !input.is_empty();
        return Err(err("stream_error"));
    }
    if !d.started {
        write_header(d, &mut out);
    }
    d.started = true;
    d.check = match d.wrap {
        Wrap::Gzip => crc32_update(d.check, input),
        _ => adler32_update(d.check, input),
    };
    d.size = d.size.wrapping_add(input.len() as u32);
    let mut rest = input;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let r = miniz_oxide::deflate::stream::deflate(&mut d.core, rest, &mut buf, flush);
        rest = &rest[r.bytes_consumed..];
        out.extend_from_slice(&buf[..r.bytes_written]);
        match r.status {
            Ok(MZStatus::StreamEnd) => {
                d.finished = true;
                break;
            }
            Ok(_) => {
                if rest.is_empty() && r.bytes_written < buf.len() && flush != MZFlush::Finish {
                    break;
                }
            }
            // No progress possible: everything given was taken and nothing more to flush.
            Err(MZError::Buf) => break,
            Err(_) => return Err(err("stream_error")),
        }
    }
    if d.finished {
        match d.wrap {
            Wrap::Gzip => {
                out.extend_from_slice(&d.check.to_le_bytes());
                out.extend_from_slice(&d.size.to_le_bytes());
            }
            Wrap::Zlib => out.extend_from_slice(&d.check.to_be_bytes()),
            _ => {}
        }
    }
    Ok(out)
}

fn initial_check(wrap: Wrap) -> u32 {
    if wrap == Wrap::Gzip {
        0
    } else {
        1
    }
}

/// zlib's headers: gzip's with no name or time and OS 3 (Unix), zlib's with its level rating.
fn write_header(d: &Deflater, out: &mut Vec<u8>) {
    const HUFFMAN_ONLY: i32 = 2;
    match d.wrap {
        Wrap::Gzip => {
            let xfl = match d.level {
                9 => 2,
                _ if d.level < 2 || d.strategy >= HUFFMAN_ONLY => 4,
                _ => 0,
            };
            out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]);
        }
        Wrap::Zlib => {
            let cmf = (((d.window_bits - 8) << 4) | 8) as u16;
            let rating: u16 = match d.level {
                _ if d.level < 2 || d.strategy >= HUFFMAN_ONLY => 0,
                2..=5 => 1,
                6 => 2,
                _ => 3,
            };
            let mut h = (cmf << 8) | (rating << 6);
            h += 31 - h % 31;
            out.extend_from_slice(&h.to_be_bytes());
        }
        _ => {}
    }
}

fn deflate_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let input = input_bytes(args[1])?;
    let flush = small(args[2])?;
    let out = with_stream(ctx, args[0], |s| match &mut s.mode {
        Mode::Deflate(d) => deflate_bytes(d, &input, flush),
        Mode::Idle => Err(err("not_initialized")),
        Mode::Inflate(_) => Err(err("stream_error")),
    })?;
    make_binary(ctx, args, &out)
}

/// deflateParams(Z, Level, Strategy): later input is compressed at the new level.
fn deflate_params_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let level = small(args[1])?;
    let strategy = small(args[2])?;
    if !(-1..=9).contains(&level) {
        return Err(err("stream_error"));
    }
    with_stream(ctx, args[0], |s| match &mut s.mode {
        Mode::Deflate(d) => {
            let l = if level < 0 { 6 } else { level };
            d.level = l;
            d.strategy = strategy;
            d.core.set_compression_level_raw(l as u8);
            Ok(())
        }
        _ => Err(err("not_initialized")),
    })?;
    Ok(Term::atom(atom::OK))
}

fn deflate_reset_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_stream(ctx, args[0], |s| match &mut s.mode {
        Mode::Deflate(d) => {
            d.core.reset();
            d.started = false;
            d.finished = false;
            d.refused = false;
            d.check = initial_check(d.wrap);
            d.size = 0;
            Ok(())
        }
        _ => Err(err("not_initialized")),
    })?;
    Ok(Term::atom(atom::OK))
}

/// deflateEnd/inflateEnd: the stream goes back to idle; as zlib, ending one whose data did not
/// all come out (no finish, or a truncated input) is a `data_error`.
fn end_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let inflate = args[1] == Term::atom(atom::intern_str("inflate"));
    with_stream(ctx, args[0], |s| {
        let complete = match (&s.mode, inflate) {
            (Mode::Deflate(d), false) => (d.finished || !d.started) && !d.refused,
            (Mode::Inflate(i), true) => matches!(i.phase, Phase::Done),
            (Mode::Idle, _) => return Err(err("not_initialized")),
            _ => return Err(err("stream_error")),
        };
        s.mode = Mode::Idle;
        if complete {
            Ok(())
        } else {
            Err(err("data_error"))
        }
    })?;
    Ok(Term::atom(atom::OK))
}

// ---- inflate ----

/// inflateInit(Z, WindowBits, EoS): EoS 0 ignores what follows the end, 1 starts a new gzip
/// member there.
fn inflate_init_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bits = small(args[1])?;
    let reset_on_end = small(args[2])? == 1;
    let wrap = match bits {
        8..=15 => Wrap::Zlib,
        -15..=-8 => Wrap::Raw,
        24..=31 => Wrap::Gzip,
        40..=47 => Wrap::Auto,
        _ => return Err(err("stream_error")),
    };
    with_stream(ctx, args[0], |s| {
        if !matches!(s.mode, Mode::Idle) {
            return Err(err("already_initialized"));
        }
        s.mode = Mode::Inflate(Box::new(Inflater::new(wrap, reset_on_end)));
        Ok(())
    })?;
    Ok(Term::atom(atom::OK))
}

impl Inflater {
    fn new(wrap: Wrap, reset_on_end: bool) -> Inflater {
        let (format, phase) = match wrap {
            Wrap::Zlib => (DataFormat::Zlib, Phase::Body),
            Wrap::Raw => (DataFormat::Raw, Phase::Body),
            Wrap::Gzip | Wrap::Auto => (DataFormat::Raw, Phase::Header),
        };
        Inflater {
            state: InflateState::new_boxed(format),
            wrap,
            phase,
            pending: Vec::new(),
            gzip: false,
            crc: 0,
            size: 0,
            reset_on_end,
        }
    }

    fn reset(&mut self) {
        *self = Inflater::new(self.wrap, self.reset_on_end);
    }

    /// Inflate `input`, appending to `out`.
    fn feed(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<(), Exception> {
        loop {
            match self.phase {
                Phase::Header => {
                    self.pending.extend_from_slice(input);
                    match self.header_len()? {
                        None => return Ok(()),
                        Some(n) => {
                            let rest = self.pending.split_off(n);
                            self.pending.clear();
                            self.phase = Phase::Body;
                            self.crc = 0;
                            self.size = 0;
                            return self.feed(&rest, out);
                        }
                    }
                }
                Phase::Body => {
                    let gzip = self.gzip;
                    let mut buf = vec![0u8; CHUNK];
                    loop {
                        let r = miniz_oxide::inflate::stream::inflate(
                            &mut self.state,
                            input,
                            &mut buf,
                            MZFlush::None,
                        );
                        input = &input[r.bytes_consumed..];
                        let produced = &buf[..r.bytes_written];
                        if gzip {
                            self.crc = crc32_update(self.crc, produced);
                            self.size = self.size.wrapping_add(produced.len() as u32);
                        }
                        out.extend_from_slice(produced);
                        match r.status {
                            Ok(MZStatus::StreamEnd) => {
                                self.phase = if gzip { Phase::Trailer } else { Phase::Done };
                                break;
                            }
                            Ok(MZStatus::NeedDict) => return Err(err("data_error")),
                            Ok(MZStatus::Ok) => {
                                if input.is_empty() && r.bytes_written < buf.len() {
                                    return Ok(());
                                }
                            }
                            Err(MZError::Buf) => return Ok(()),
                            Err(_) => return Err(err("data_error")),
                        }
                    }
                }
                Phase::Trailer => {
                    let take = (8 - self.pending.len()).min(input.len());
                    self.pending.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    if self.pending.len() < 8 {
                        return Ok(());
                    }
                    let p = &self.pending;
                    let crc = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                    let size = u32::from_le_bytes([p[4], p[5], p[6], p[7]]);
                    if crc != self.crc || size != self.size {
                        return Err(err("data_error"));
                    }
                    self.pending.clear();
                    self.phase = Phase::Done;
                }
                Phase::Done => {
                    if input.is_empty() || !self.reset_on_end {
                        return Ok(());
                    }
                    // Another gzip member follows.
                    self.reset();
                }
            }
        }
    }

    /// The length of the complete header in `pending`, None while more bytes are needed.
    /// For `Auto`, anything but gzip's magic is taken as zlib (whose header miniz_oxide reads).
    fn header_len(&mut self) -> Result<Option<usize>, Exception> {
        let p = &self.pending;
        if p.len() < 2 {
            return Ok(None);
        }
        if self.wrap == Wrap::Auto && !(p[0] == 0x1f && p[1] == 0x8b) {
            self.state = InflateState::new_boxed(DataFormat::Zlib);
            self.gzip = false;
            return Ok(Some(0));
        }
        let n = gzip_header_len(p)?;
        if n.is_some() {
            self.gzip = true;
        }
        Ok(n)
    }
}

/// The length of the gzip header (RFC 1952) at the start of `p`; None if `p` ends inside it.
fn gzip_header_len(p: &[u8]) -> Result<Option<usize>, Exception> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if p.len() < 10 {
        return Ok(None);
    }
    if p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || p[3] & 0xe0 != 0 {
        return Err(err("data_error"));
    }
    let flags = p[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(len) = p.get(at..at + 2) else {
            return Ok(None);
        };
        at += 2 + u16::from_le_bytes([len[0], len[1]]) as usize;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            match p.get(at..).and_then(|r| r.iter().position(|&b| b == 0)) {
                Some(z) => at += z + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok(if p.len() >= at { Some(at) } else { None })
}

/// inflate(Z, Data) -> {finished | continue, Output}: finished once the stream has ended.
fn inflate_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let input = input_bytes(args[1])?;
    let (done, out) = with_stream(ctx, args[0], |s| match &mut s.mode {
        Mode::Inflate(i) => {
            let mut out = Vec::new();
            i.feed(&input, &mut out)?;
            Ok((matches!(i.phase, Phase::Done), out))
        }
        Mode::Idle => Err(err("not_initialized")),
        Mode::Deflate(_) => Err(err("stream_error")),
    })?;
    let bin = make_binary(ctx, args, &out)?;
    let tag = Term::atom(atom::intern_str(if done { "finished" } else { "continue" }));
    let mut roots = [bin];
    let mut r = ctx.reserve(words::tuple(2), &mut roots);
    Ok(r.tuple(&[tag, roots[0]]))
}

fn inflate_reset_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_stream(ctx, args[0], |s| match &mut s.mode {
        Mode::Inflate(i) => {
            i.reset();
            Ok(())
        }
        _ => Err(err("not_initialized")),
    })?;
    Ok(Term::atom(atom::OK))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("zlib", "nif_open", 0, open_0),
    BifEntry::new("zlib", "nif_close", 1, close_1),
    BifEntry::new("zlib", "nif_set_owner", 2, set_owner_2),
    BifEntry::new("zlib", "nif_deflate_init", 6, deflate_init_6),
    BifEntry::new("zlib", "nif_deflate", 3, deflate_3),
    BifEntry::new("zlib", "nif_deflate_params", 3, deflate_params_3),
    BifEntry::new("zlib", "nif_deflate_reset", 1, deflate_reset_1),
    BifEntry::new("zlib", "nif_end", 2, end_2),
    BifEntry::new("zlib", "nif_inflate_init", 3, inflate_init_3),
    BifEntry::new("zlib", "nif_inflate", 2, inflate_2),
    BifEntry::new("zlib", "nif_inflate_reset", 1, inflate_reset_1),
];
