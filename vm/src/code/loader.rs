//! The loader: a BEAM file's bytes → an (unregistered) `Module`, decoded once.
//!
//! Order of work: split the IFF container, read the atom table (so errors can name the module),
//! literals, imports, exports, lambdas and strings; decode the Code chunk into generic
//! instructions; compute every label's code offset (labels and line markers emit nothing); then
//! translate each generic instruction into an `Instr` with all operands resolved.
//! Every index read from the file is checked: corrupt input gives a `LoadError`, never a panic.

use crate::code::beam_file;
use crate::code::compact::{CompactReader, Operand};
use crate::code::instr::{BinSegment, BsMatchCmd, Dst, Instr, Label, Src, NO_LABEL};
use crate::code::md5::Md5;
use crate::code::module::{self, FunctionInfo, Import, Lambda, LineEntry, Module};
use crate::code::native::{self as bif, BifFn};
use crate::code::opcodes::{self as op, MAX_OPCODE};
use crate::terms::atom;
use crate::terms::byte_reader::ByteReader;
use crate::terms::ext_term;
use crate::terms::heap::{Alloc, Arena};
use crate::terms::term::{Atom, Term, FLOAT_WORDS};
use std::fmt;

/// Largest literal table we agree to inflate (a decompression-bomb guard).
const MAX_LITERALS_BYTES: usize = 256 << 20;

/// Why a module could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The module's name, once the atom table has been read.
    pub module: Option<String>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.module {
            Some(m) => write!(f, "module {}: {}", m, self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for LoadError {}

type R<T> = Result<T, String>;

/// Decode a BEAM file into a module ready for `module::register`.
pub fn load(bytes: &[u8]) -> Result<Module, LoadError> {
    let inflated;
    let bytes = if beam_file::is_gzip(bytes) {
        inflated = beam_file::gunzip(bytes).map_err(|e| LoadError {
            module: None,
            message: e.to_string(),
        })?;
        &inflated[..]
    } else {
        bytes
    };
    let file = beam_file::parse(bytes).map_err(|e| LoadError {
        module: None,
        message: e.to_string(),
    })?;
    let atoms = read_atoms(&file).map_err(|message| LoadError {
        module: None,
        message,
    })?;
    // atoms[1] is the module's own name (read_atoms checked there is one).
    let name = atoms[1];
    load_chunks(&file, atoms).map_err(|message| LoadError {
        module: Some(atom::name_str(name).to_string()),
        message,
    })
}

// ---------------------------------------------------------------------------------------------
// Tables.

fn truncated(chunk: &str) -> String {
    format!("truncated chunk {}", chunk)
}

/// Global atoms by module atom index; index 0 is a placeholder (compact atom 0 means `[]`).
fn read_atoms(file: &beam_file::BeamFile<'_>) -> R<Vec<Atom>> {
    let (data, utf8, id) = if let Some(d) = file.chunk(b"AtU8") {
        (d, true, "AtU8")
    } else if let Some(d) = file.chunk(b"Atom") {
        (d, false, "Atom")
    } else {
        return Err("no atom table (AtU8 chunk)".into());
    };
    let mut r = ByteReader::new(data);
    let raw_count = r.i32().ok_or_else(|| truncated(id))?;
    // OTP 28 writes a negated count when atom lengths are compact `u` values (long atoms).
    let long_lengths = raw_count < 0;
    let count = raw_count.unsigned_abs() as usize;
    if count == 0 {
        return Err(format!("empty atom table in chunk {}", id));
    }
    if count > r.remaining() {
        return Err(truncated(id));
    }
    let mut atoms = Vec::with_capacity(count + 1);
    atoms.push(atom::EMPTY);
    for i in 0..count {
        let len = if long_lengths {
            let mut cr = CompactReader::new(r.rest());
            let len = cr.read_u().map_err(|_| truncated(id))?;
            r.bytes(cr.pos()).ok_or_else(|| truncated(id))?;
            usize::try_from(len).map_err(|_| truncated(id))?
        } else {
            r.u8().ok_or_else(|| truncated(id))? as usize
        };
        let text = r.bytes(len).ok_or_else(|| truncated(id))?;
        let res = if utf8 {
            atom::intern(text)
        } else {
            atom::intern(
                text.iter()
                    .map(|&b| b as char)
                    .collect::<String>()
                    .as_bytes(),
            )
        };
        atoms.push(res.map_err(|e| match e {
            atom::AtomError::TableFull => format!(
                "system_limit: the atom table is full ({} atoms), atom {} in chunk {} is new",
                atom::ATOM_LIMIT,
                i + 1,
                id
            ),
            _ => format!("invalid atom {} in chunk {}", i + 1, id),
        })?);
    }
    Ok(atoms)
}

fn read_literals(file: &beam_file::BeamFile<'_>, arena: &mut Arena) -> R<Vec<Term>> {
    let table: Vec<u8>;
    let data: &[u8] = if let Some(d) = file.chunk(b"LitT") {
        let mut r = ByteReader::new(d);
        let size = r.u32().ok_or_else(|| truncated("LitT"))? as usize;
        if size == 0 {
            // OTP 28: a zero size word means the table follows uncompressed.
            r.rest()
        } else {
            if size > MAX_LITERALS_BYTES {
                return Err(format!("literal table too large ({} bytes)", size));
            }
            table = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(r.rest(), size)
                .map_err(|_| "bad compressed data in chunk LitT".to_string())?;
            &table
        }
    } else if let Some(d) = file.chunk(b"LitU") {
        d
    } else {
        return Ok(Vec::new());
    };
    let mut r = ByteReader::new(data);
    let count = r.u32().ok_or_else(|| truncated("LitT"))? as usize;
    if count > r.remaining() / 4 {
        return Err(truncated("LitT"));
    }
    let mut lits = Vec::with_capacity(count);
    for i in 0..count {
        let size = r.u32().ok_or_else(|| truncated("LitT"))? as usize;
        let bytes = r.bytes(size).ok_or_else(|| truncated("LitT"))?;
        let t = ext_term::decode(bytes, arena).map_err(|e| format!("literal {}: {}", i, e))?;
        lits.push(t);
    }
    Ok(lits)
}

fn atom_at(atoms: &[Atom], index: u64, what: &str) -> R<Atom> {
    if index == 0 {
        return Err(format!("atom index 0 used as {}", what));
    }
    usize::try_from(index)
        .ok()
        .and_then(|i| atoms.get(i))
        .copied()
        .ok_or_else(|| {
            format!(
                "atom index {} out of range ({} atoms) in {}",
                index,
                atoms.len() - 1,
                what
            )
        })
}

/// Entries of a chunk made of a count then `width` u32 words per entry.
fn read_table(data: &[u8], id: &str, width: usize) -> R<Vec<Vec<u32>>> {
    let mut r = ByteReader::new(data);
    let count = r.u32().ok_or_else(|| truncated(id))? as usize;
    if count > r.remaining() / (4 * width) {
        return Err(truncated(id));
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let mut e = Vec::with_capacity(width);
        for _ in 0..width {
            e.push(r.u32().ok_or_else(|| truncated(id))?);
        }
        out.push(e);
    }
    Ok(out)
}

fn read_imports(file: &beam_file::BeamFile<'_>, atoms: &[Atom]) -> R<Vec<Import>> {
    let Some(data) = file.chunk(b"ImpT") else {
        return Ok(Vec::new());
    };
    read_table(data, "ImpT", 3)?
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let what = format!("import {}", i);
            let m = atom_at(atoms, e[0] as u64, &what)?;
            let f = atom_at(atoms, e[1] as u64, &what)?;
            let a = e[2];
            Ok(Import {
                module: m,
                function: f,
                arity: a,
                bif: bif::lookup(m, f, a),
                slot: module::export_slot(m, f, a),
            })
        })
        .collect()
}

/// Line items from the Line chunk: (file index, line), where line index `i` (1-based) is item
/// `i - 1`. None when the module has no line table.
/// Line items (file index, line) and file names.
type LineTable = (Vec<(u32, u32)>, Vec<String>);

fn read_lines(file: &beam_file::BeamFile<'_>, module: Atom) -> R<Option<LineTable>> {
    let Some(data) = file.chunk(b"Line") else {
        return Ok(None);
    };
    let mut r = ByteReader::new(data);
    let mut hdr = [0u32; 5];
    for h in hdr.iter_mut() {
        *h = r.u32().ok_or_else(|| truncated("Line"))?;
    }
    let [version, _flags, _instr_count, item_count, name_count] = hdr;
    if version != 0 {
        return Err(format!("unsupported Line chunk version {}", version));
    }
    let (item_count, name_count) = (item_count as usize, name_count as usize);
    if item_count > r.remaining() || name_count > r.remaining() / 2 {
        return Err(truncated("Line"));
    }
    let mut cr = CompactReader::new(r.rest());
    let mut items = Vec::with_capacity(item_count);
    let mut file_index = 0u32;
    let mut scratch = Arena::new();
    while items.len() < item_count {
        match cr
            .operand(&mut scratch)
            .map_err(|e| format!("chunk Line: {}", e))?
        {
            Operand::Atom(f) => file_index = f,
            Operand::Int(t) => {
                let line = t
                    .as_small()
                    .and_then(|v| u32::try_from(v).ok())
                    .ok_or("chunk Line: bad line number")?;
                items.push((file_index, line));
            }
            _ => return Err("chunk Line: unexpected item".into()),
        }
    }
    let mut names = ByteReader::new(&r.rest()[cr.pos()..]);
    // File 0 is the module's own source, which the chunk leaves out.
    let mut files = vec![format!("{}.erl", atom::name_str(module))];
    for _ in 0..name_count {
        let len = names.u16().ok_or_else(|| truncated("Line"))? as usize;
        let bytes = names.bytes(len).ok_or_else(|| truncated("Line"))?;
        files.push(String::from_utf8_lossy(bytes).into_owned());
    }
    if let Some(&(f, _)) = items.iter().find(|&&(f, _)| f as usize >= files.len()) {
        return Err(format!("chunk Line: file index {} out of range", f));
    }
    Ok(Some((items, files)))
}

// ---------------------------------------------------------------------------------------------
// Code.

struct GenOp {
    op: u8,
    args: Vec<Operand>,
}

/// Does this generic instruction produce an `Instr`? (Labels, line markers and merged `put`s
/// do not; their positions are recorded instead.)
fn emits(opcode: u8) -> bool {
    !matches!(
        opcode,
        op::LABEL
            | op::LINE
            | op::EXECUTABLE_LINE
            | op::DEBUG_LINE
            | op::NIF_START
            | op::ON_LOAD
            | op::RECV_MARK
            | op::RECV_SET
            | op::PUT
    )
}

fn load_chunks(file: &beam_file::BeamFile<'_>, atoms: Vec<Atom>) -> R<Module> {
    let name = atoms[1];
    let mut arena = Arena::new();
    let literals = read_literals(file, &mut arena)?;
    let imports = read_imports(file, &atoms)?;
    let strings = file.chunk(b"StrT").unwrap_or(&[]);
    let exp_raw = match file.chunk(b"ExpT") {
        Some(d) => read_table(d, "ExpT", 3)?,
        None => Vec::new(),
    };
    if let Some(d) = file.chunk(b"LocT") {
        read_table(d, "LocT", 3)?;
    }
    let fun_raw = match file.chunk(b"FunT") {
        Some(d) => read_table(d, "FunT", 6)?,
        None => Vec::new(),
    };
    let lines = read_lines(file, name)?;

    // Code header: sub-header size, instruction set, highest opcode, labels, functions.
    let code = file.chunk(b"Code").ok_or("no Code chunk")?;
    let mut r = ByteReader::new(code);
    let sub_size = r.u32().ok_or_else(|| truncated("Code"))? as usize;
    let mut h = ByteReader::new(r.bytes(sub_size).ok_or_else(|| truncated("Code"))?);
    let (set, max_op, label_count) = match (h.u32(), h.u32(), h.u32()) {
        (Some(a), Some(b), Some(c)) => (a, b, c as usize),
        _ => return Err(truncated("Code")),
    };
    if set != 0 {
        return Err(format!("unsupported instruction set {}", set));
    }
    if max_op > MAX_OPCODE as u32 {
        return Err(format!(
            "uses opcodes up to {} but this VM knows only up to {} (compiled by a newer OTP?)",
            max_op, MAX_OPCODE
        ));
    }
    let body = r.rest();
    if label_count > body.len() + 1 {
        return Err(format!(
            "label count {} impossible for {} bytes of code",
            label_count,
            body.len()
        ));
    }

    // Pass 1: generic instructions.
    let mut ops: Vec<GenOp> = Vec::new();
    let mut cr = CompactReader::new(body);
    let mut ended = false;
    while !cr.is_empty() {
        let n = ops.len();
        let opcode = cr.byte().map_err(|_| truncated("Code"))?;
        let info = op::get(opcode)
            .ok_or_else(|| format!("unknown opcode {} at instruction {}", opcode, n))?;
        if info.obsolete {
            return Err(format!(
                "unsupported (obsolete) opcode {} at instruction {}",
                info.name, n
            ));
        }
        let mut args = Vec::with_capacity(info.arity as usize);
        for i in 0..info.arity {
            let a = cr.operand(&mut arena).map_err(|e| {
                format!(
                    "instruction {} ({}), operand {}: {}",
                    n,
                    info.name,
                    i + 1,
                    e
                )
            })?;
            args.push(a);
        }
        ops.push(GenOp { op: opcode, args });
        if opcode == op::INT_CODE_END {
            ended = true;
            break;
        }
    }
    if !ended {
        return Err("Code chunk ends without int_code_end (truncated?)".into());
    }

    // Labels → offsets.
    let mut labels = vec![NO_LABEL; label_count];
    let mut offset: u32 = 0;
    for (n, g) in ops.iter().enumerate() {
        if g.op == op::LABEL {
            let l = match g.args[0] {
                Operand::U(l) => l,
                _ => return Err(format!("instruction {} (label): bad operand", n)),
            };
            let slot = usize::try_from(l)
                .ok()
                .and_then(|l| labels.get_mut(l))
                .filter(|_| l != 0);
            let Some(slot) = slot else {
                return Err(format!(
                    "label {} out of range (label count {})",
                    l, label_count
                ));
            };
            if *slot != NO_LABEL {
                return Err(format!("label {} defined twice", l));
            }
            *slot = offset;
        } else if emits(g.op) {
            offset += 1;
        }
    }

    // Pass 2: translate.
    let lambdas_free: Vec<u32> = fun_raw.iter().map(|e| e[4]).collect();
    let mut cx = Cx {
        atoms: &atoms,
        literals: &literals,
        imports: &imports,
        lambdas_free: &lambdas_free,
        strings,
        labels: &labels,
        arena: &mut arena,
    };
    let mut code_out: Vec<Instr> = Vec::with_capacity(offset as usize);
    let mut functions: Vec<FunctionInfo> = Vec::new();
    let mut line_entries: Vec<LineEntry> = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        let g = &ops[i];
        let name_of = |o: u8| op::get(o).map_or("?", |x| x.name);
        let ctx = |e: String| format!("instruction {} ({}): {}", i, name_of(g.op), e);
        let here = code_out.len() as u32;
        match g.op {
            op::LABEL | op::NIF_START | op::ON_LOAD | op::RECV_MARK | op::RECV_SET => {}
            op::LINE | op::EXECUTABLE_LINE | op::DEBUG_LINE => {
                let loc = if g.op == op::DEBUG_LINE {
                    &g.args[1]
                } else {
                    &g.args[0]
                };
                if let Some((items, _)) = &lines {
                    let idx = cx.num(loc).map_err(ctx)? as usize;
                    let (file, line) = if idx == 0 {
                        (0, 0)
                    } else {
                        *items
                            .get(idx - 1)
                            .ok_or_else(|| ctx(format!("line index {} out of range", idx)))?
                    };
                    let e = LineEntry {
                        offset: here,
                        line,
                        file,
                    };
                    match line_entries.last_mut() {
                        Some(last) if last.offset == here => *last = e,
                        _ => line_entries.push(e),
                    }
                }
            }
            op::PUT => return Err(ctx("put outside put_tuple".into())),
            op::PUT_TUPLE => {
                let arity = cx.num(&g.args[0]).map_err(ctx)? as usize;
                let dst = cx.dst(&g.args[1]).map_err(ctx)?;
                let mut elements = Vec::with_capacity(arity.min(ops.len()));
                for k in 0..arity {
                    let p = ops.get(i + 1 + k).filter(|p| p.op == op::PUT);
                    let Some(p) = p else {
                        return Err(ctx(format!("expected {} put instructions", arity)));
                    };
                    elements.push(cx.src(&p.args[0]).map_err(ctx)?);
                }
                code_out.push(Instr::PutTuple2 {
                    dst,
                    elements: elements.into(),
                });
                i += arity;
            }
            _ => {
                let ins = cx.translate(g.op, &g.args).map_err(ctx)?;
                if let Instr::FuncInfo {
                    function, arity, ..
                } = ins
                {
                    functions.push(FunctionInfo {
                        name: function,
                        arity,
                        func_info: here,
                        entry: here + 1,
                    });
                }
                code_out.push(ins);
            }
        }
        i += 1;
    }

    let label_offset = |l: u32, what: &str| -> R<Label> {
        labels
            .get(l as usize)
            .copied()
            .filter(|&o| o != NO_LABEL)
            .ok_or_else(|| format!("{} refers to undefined label {}", what, l))
    };
    let mut exports = Vec::with_capacity(exp_raw.len());
    for (k, e) in exp_raw.iter().enumerate() {
        let f = atom_at(&atoms, e[0] as u64, &format!("export {}", k))?;
        exports.push((f, e[1], label_offset(e[2], &format!("export {}", k))?));
    }
    let mut lambdas = Vec::with_capacity(fun_raw.len());
    for (k, e) in fun_raw.iter().enumerate() {
        let what = format!("lambda {}", k);
        lambdas.push(Lambda {
            function: atom_at(&atoms, e[0] as u64, &what)?,
            arity: e[1],
            label: label_offset(e[2], &what)?,
            index: e[3],
            num_free: e[4],
            old_uniq: e[5],
        });
    }

    let mut decode_chunk = |id: &[u8; 4]| -> R<Term> {
        match file.chunk(id) {
            Some(d) => ext_term::decode(d, &mut arena)
                .map_err(|e| format!("chunk {}: {}", beam_file::chunk_name(id), e)),
            None => Ok(Term::NIL),
        }
    };
    let attributes = decode_chunk(b"Attr")?;
    let compile_info = decode_chunk(b"CInf")?;
    let (_, files) =
        lines.unwrap_or_else(|| (Vec::new(), vec![format!("{}.erl", atom::name_str(name))]));

    // A function the VM implements natively (a NIF such as `socket:nif_open/3`) replaces its
    // Erlang stub for local calls too, as loading a NIF does in OTP: the stub's entry becomes a
    // tail call to the BIF, through an import of the module's own {M, F, A}.
    let mut imports = imports;
    for f in &functions {
        if let Some(bif) = bif::lookup(name, f.name, f.arity) {
            if let Some(slot) = code_out.get_mut(f.entry as usize) {
                let import = imports.len() as u32;
                imports.push(Import {
                    module: name,
                    function: f.name,
                    arity: f.arity,
                    bif: Some(bif),
                    slot: module::export_slot(name, f.name, f.arity),
                });
                *slot = Instr::CallBifOnly {
                    arity: f.arity,
                    import,
                    bif,
                };
            }
        }
    }

    Ok(Module {
        name,
        index: 0,
        code: code_out.into_boxed_slice(),
        literals: arena,
        imports: imports.into_boxed_slice(),
        exports,
        functions,
        lambdas,
        lines: line_entries,
        files,
        attributes,
        compile_info,
        md5: module_md5(file),
    })
}

/// Operand resolution for one module.
struct Cx<'a> {
    atoms: &'a [Atom],
    literals: &'a [Term],
    imports: &'a [Import],
    lambdas_free: &'a [u32],
    strings: &'a [u8],
    labels: &'a [Label],
    arena: &'a mut Arena,
}

fn bad(what: &str, o: &Operand) -> String {
    format!("expected {}, found {:?}", what, o)
}

impl Cx<'_> {
    fn atom(&self, o: &Operand) -> R<Atom> {
        match *o {
            Operand::Atom(i) => atom_at(self.atoms, i as u64, "an operand"),
            _ => Err(bad("an atom", o)),
        }
    }

    /// A constant operand as a term.
    fn term(&mut self, o: &Operand) -> R<Term> {
        match *o {
            Operand::Atom(0) => Ok(Term::NIL),
            Operand::Atom(_) => Ok(Term::atom(self.atom(o)?)),
            Operand::Int(t) => Ok(t),
            Operand::Char(c) => Ok(Term::small(c as isize)),
            Operand::U(v) if Term::fits_small(v as i64) && v <= i64::MAX as u64 => {
                Ok(Term::small(v as isize))
            }
            // An unsigned operand past the small range (as a `bs_match` value on wasm32, where
            // smalls have 28 bits): a bignum among the module's literals.
            Operand::U(v) => Ok(crate::terms::bignum::build_i128(self.arena, v as i128)),
            Operand::Literal(i) => self.literals.get(i as usize).copied().ok_or_else(|| {
                format!(
                    "literal index {} out of range ({} literals)",
                    i,
                    self.literals.len()
                )
            }),
            Operand::Float(f) => Ok(self.arena.float(f)),
            _ => Err(bad("a constant", o)),
        }
    }

    fn src(&mut self, o: &Operand) -> R<Src> {
        match *o {
            // The interpreter relies on this bound (it masks x indices instead of checking them).
            Operand::X(r) if r as usize >= crate::code::instr::MAX_X => {
                Err(bad("an x register", o))
            }
            Operand::X(r) => Ok(Src::x(r)),
            Operand::Y(r) => Ok(Src::y(r)),
            _ => self.term(o).map(Src::c),
        }
    }

    fn dst(&self, o: &Operand) -> R<Dst> {
        match *o {
            Operand::X(r) if r as usize >= crate::code::instr::MAX_X => {
                Err(bad("an x register", o))
            }
            Operand::X(r) => Ok(Dst::X(r)),
            Operand::Y(r) => Ok(Dst::Y(r)),
            _ => Err(bad("a register", o)),
        }
    }

    fn num(&self, o: &Operand) -> R<u32> {
        let v = match *o {
            Operand::U(v) => Some(v),
            Operand::Int(t) => t.as_small().and_then(|v| u64::try_from(v).ok()),
            _ => None,
        };
        v.and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bad("a small number", o))
    }

    /// Heap words: a number, or an allocation list (OTP counts floats and funs separately).
    fn words(&self, o: &Operand) -> R<u32> {
        match *o {
            Operand::Alloc {
                words,
                floats,
                funs,
            } => {
                let total = floats
                    .checked_mul(FLOAT_WORDS as u64 + 1)
                    .and_then(|f| funs.checked_mul(FUN_WORDS).and_then(|g| g.checked_add(f)))
                    .and_then(|x| x.checked_add(words));
                total
                    .and_then(|t| u32::try_from(t).ok())
                    .ok_or_else(|| "allocation list too large".to_string())
            }
            _ => self.num(o),
        }
    }

    fn fr(&self, o: &Operand) -> R<u32> {
        match *o {
            Operand::Fr(r) => Ok(r),
            _ => Err(bad("a float register", o)),
        }
    }

    /// A jump target: a label (0 = none → NO_LABEL).
    fn label(&self, o: &Operand) -> R<Label> {
        match *o {
            Operand::Label(0) => Ok(NO_LABEL),
            Operand::Label(l) => self
                .labels
                .get(l as usize)
                .copied()
                .filter(|&x| x != NO_LABEL)
                .ok_or_else(|| format!("undefined label {}", l)),
            // bs_start_match4 may say `no_fail` or `resume` instead of a label.
            Operand::Atom(_) => Ok(NO_LABEL),
            _ => Err(bad("a label", o)),
        }
    }

    /// A label that must exist (call and jump targets).
    fn target(&self, o: &Operand) -> R<Label> {
        match self.label(o)? {
            NO_LABEL => Err(bad("a call or jump target", o)),
            l => Ok(l),
        }
    }

    fn import(&self, o: &Operand) -> R<u32> {
        let i = self.num(o)?;
        if (i as usize) < self.imports.len() {
            Ok(i)
        } else {
            Err(format!(
                "import index {} out of range ({} imports)",
                i,
                self.imports.len()
            ))
        }
    }

    fn bif_of(&self, import: u32) -> BifFn {
        self.imports[import as usize].bif.unwrap_or(bif::missing)
    }

    fn list<'o>(&self, o: &'o Operand) -> R<&'o [Operand]> {
        match o {
            Operand::List(v) => Ok(v),
            _ => Err(bad("a list", o)),
        }
    }

    /// Bytes of the string table at `offset`.
    fn string(&self, offset: u32, len: usize) -> R<&[u8]> {
        let start = offset as usize;
        start
            .checked_add(len)
            .and_then(|end| self.strings.get(start..end))
            .ok_or_else(|| {
                format!(
                    "string {}+{} out of range (StrT has {} bytes)",
                    offset,
                    len,
                    self.strings.len()
                )
            })
    }

    /// Segment flags: a number, or (bs_create_bin, bs_match) a literal list of flag atoms.
    fn flags(&self, o: &Operand) -> R<u32> {
        match *o {
            Operand::U(_) | Operand::Int(_) => self.num(o),
            Operand::Atom(0) => Ok(0),
            Operand::Literal(i) => {
                let mut t = self
                    .literals
                    .get(i as usize)
                    .copied()
                    .ok_or("flags literal out of range")?;
                let mut flags = 0;
                while let Some((h, tail)) = t.as_cons() {
                    flags |= match h.as_atom().map(atom::name) {
                        Some(b"little") => 0x02,
                        Some(b"signed") => 0x04,
                        Some(b"native") => 0x10,
                        _ => 0,
                    };
                    t = tail;
                }
                Ok(flags)
            }
            _ => Err(bad("segment flags", o)),
        }
    }

    fn srcs(&mut self, items: &[Operand]) -> R<Box<[Src]>> {
        items
            .iter()
            .map(|o| self.src(o))
            .collect::<R<Vec<_>>>()
            .map(Into::into)
    }

    /// Decode a list of operand pairs (value lists, map pairs, record updates).
    fn decode_pairs<T>(
        &mut self,
        items: &[Operand],
        mut each: impl FnMut(&mut Self, &Operand, &Operand) -> R<T>,
    ) -> R<Box<[T]>> {
        if !items.len().is_multiple_of(2) {
            return Err("odd-length pair list".into());
        }
        items
            .chunks_exact(2)
            .map(|p| each(self, &p[0], &p[1]))
            .collect::<R<Vec<T>>>()
            .map(Into::into)
    }

    fn bif_call(
        &mut self,
        a: &[Operand],
        fail: usize,
        live: Option<usize>,
        imp: usize,
        nargs: usize,
    ) -> R<Instr> {
        let import = self.import(&a[imp])?;
        let args = self.srcs(&a[imp + 1..imp + 1 + nargs])?;
        Ok(Instr::Bif {
            bif: self.bif_of(import),
            import,
            args,
            fail: self.label(&a[fail])?,
            live: match live {
                Some(l) => self.num(&a[l])?,
                None => 0,
            },
            dst: self.dst(&a[imp + 1 + nargs])?,
        })
    }

    fn bs_create_bin(&mut self, a: &[Operand]) -> R<Instr> {
        let items = self.list(&a[5])?;
        if !items.len().is_multiple_of(6) {
            return Err("bs_create_bin segment list is not groups of 6".into());
        }
        let mut segments = Vec::with_capacity(items.len() / 6);
        for s in items.chunks_exact(6) {
            // Kind, segment index (unused), unit, flags, source, size.
            let kind = self.atom(&s[0])?;
            let unit = self.num(&s[2])?;
            let flags = self.flags(&s[3])?;
            let size = self.src(&s[5])?;
            let src = if atom::name(kind) == b"string" {
                // The source is a StrT offset; hand the interpreter the bytes as a literal binary.
                let len = size
                    .as_const()
                    .and_then(|t| t.as_small())
                    .and_then(|v| usize::try_from(v).ok())
                    .and_then(|n| n.checked_mul(unit.max(1) as usize))
                    .map(|bits| bits.div_ceil(8))
                    .ok_or("string segment without a constant size")?;
                let bytes = self.string(self.num(&s[4])?, len)?.to_vec();
                Src::c(self.arena.heap_binary(&bytes))
            } else {
                self.src(&s[4])?
            };
            segments.push(BinSegment {
                kind,
                unit,
                flags,
                src,
                size,
            });
        }
        Ok(Instr::BsCreateBin {
            fail: self.label(&a[0])?,
            alloc: self.words(&a[1])?,
            live: self.num(&a[2])?,
            unit: self.num(&a[3])?,
            dst: self.dst(&a[4])?,
            segments: segments.into(),
        })
    }

    fn bs_match(&mut self, a: &[Operand]) -> R<Instr> {
        let items = self.list(&a[2])?;
        let mut cmds = Vec::new();
        let mut k = 0;
        let arg = |k: usize| {
            items
                .get(k)
                .ok_or_else(|| "bs_match command list ends early".to_string())
        };
        while k < items.len() {
            let name = self.atom(&items[k])?;
            let (cmd, used) = match atom::name(name) {
                b"ensure_at_least" => (
                    BsMatchCmd::EnsureAtLeast {
                        size: self.num(arg(k + 1)?)?,
                        unit: self.num(arg(k + 2)?)?,
                    },
                    3,
                ),
                b"ensure_exactly" => (
                    BsMatchCmd::EnsureExactly {
                        size: self.num(arg(k + 1)?)?,
                    },
                    2,
                ),
                b"integer" | b"binary" => {
                    let live = self.num(arg(k + 1)?)?;
                    let flags = self.flags(arg(k + 2)?)?;
                    let size = self.src(arg(k + 3)?)?;
                    let unit = self.num(arg(k + 4)?)?;
                    let dst = self.dst(arg(k + 5)?)?;
                    let c = if atom::name(name) == b"integer" {
                        BsMatchCmd::Integer {
                            live,
                            flags,
                            size,
                            unit,
                            dst,
                        }
                    } else {
                        BsMatchCmd::Binary {
                            live,
                            flags,
                            size,
                            unit,
                            dst,
                        }
                    };
                    (c, 6)
                }
                b"skip" => (
                    BsMatchCmd::Skip {
                        size: self.src(arg(k + 1)?)?,
                        unit: 1,
                    },
                    2,
                ),
                b"get_tail" => (
                    BsMatchCmd::GetTail {
                        live: self.num(arg(k + 1)?)?,
                        unit: self.num(arg(k + 2)?)?,
                        dst: self.dst(arg(k + 3)?)?,
                    },
                    4,
                ),
                // {'=:=', Live (nil), Bits, Value}
                b"=:=" => {
                    arg(k + 1)?;
                    let size = self.num(arg(k + 2)?)?;
                    let value = self.term(arg(k + 3)?)?;
                    (BsMatchCmd::EqualValue { size, value }, 4)
                }
                other => {
                    return Err(format!(
                        "unknown bs_match command {}",
                        String::from_utf8_lossy(other)
                    ))
                }
            };
            cmds.push(cmd);
            k += used;
        }
        Ok(Instr::BsMatch {
            fail: self.label(&a[0])?,
            ctx: self.src(&a[1])?,
            commands: cmds.into(),
        })
    }

    /// One generic instruction (not label/line/put_tuple, handled by the caller).
    fn translate(&mut self, opcode: u8, a: &[Operand]) -> R<Instr> {
        use Instr as I;
        macro_rules! test1 {
            ($v:ident) => {
                I::$v {
                    fail: self.label(&a[0])?,
                    src: self.src(&a[1])?,
                }
            };
        }
        macro_rules! cmp {
            ($v:ident) => {
                I::$v {
                    fail: self.label(&a[0])?,
                    a: self.src(&a[1])?,
                    b: self.src(&a[2])?,
                }
            };
        }
        macro_rules! farith {
            ($v:ident) => {
                I::$v {
                    a: self.fr(&a[1])?,
                    b: self.fr(&a[2])?,
                    dst: self.fr(&a[3])?,
                }
            };
        }
        macro_rules! bs_get {
            ($v:ident) => {
                I::$v {
                    fail: self.label(&a[0])?,
                    ctx: self.src(&a[1])?,
                    live: self.num(&a[2])?,
                    size: self.src(&a[3])?,
                    unit: self.num(&a[4])?,
                    flags: self.flags(&a[5])?,
                    dst: self.dst(&a[6])?,
                }
            };
        }
        macro_rules! bs_put {
            ($v:ident) => {
                I::$v {
                    fail: self.label(&a[0])?,
                    size: self.src(&a[1])?,
                    unit: self.num(&a[2])?,
                    flags: self.flags(&a[3])?,
                    src: self.src(&a[4])?,
                }
            };
        }
        Ok(match opcode {
            op::FUNC_INFO => I::FuncInfo {
                module: self.atom(&a[0])?,
                function: self.atom(&a[1])?,
                arity: self.num(&a[2])?,
            },
            op::INT_CODE_END => I::IntCodeEnd,
            op::CALL => I::Call {
                arity: self.num(&a[0])?,
                target: self.target(&a[1])?,
            },
            op::CALL_LAST => I::CallLast {
                arity: self.num(&a[0])?,
                target: self.target(&a[1])?,
                dealloc: self.num(&a[2])?,
            },
            op::CALL_ONLY => I::CallOnly {
                arity: self.num(&a[0])?,
                target: self.target(&a[1])?,
            },
            op::CALL_EXT | op::CALL_EXT_LAST | op::CALL_EXT_ONLY => {
                let arity = self.num(&a[0])?;
                let import = self.import(&a[1])?;
                let dealloc = if opcode == op::CALL_EXT_LAST {
                    self.num(&a[2])?
                } else {
                    0
                };
                match (self.imports[import as usize].bif, opcode) {
                    (Some(bif), op::CALL_EXT) => I::CallBif { arity, import, bif },
                    (Some(bif), op::CALL_EXT_LAST) => I::CallBifLast {
                        arity,
                        import,
                        bif,
                        dealloc,
                    },
                    (Some(bif), _) => I::CallBifOnly { arity, import, bif },
                    (None, op::CALL_EXT) => I::CallExt { arity, import },
                    (None, op::CALL_EXT_LAST) => I::CallExtLast {
                        arity,
                        import,
                        dealloc,
                    },
                    (None, _) => I::CallExtOnly { arity, import },
                }
            }
            op::BIF0 => {
                let import = self.import(&a[0])?;
                let imp = &self.imports[import as usize];
                let dst = self.dst(&a[1])?;
                match bif::lookup0(imp.module, imp.function) {
                    Some(bif) => I::Bif0 { bif, dst },
                    None => I::Bif {
                        bif: bif::missing,
                        import,
                        args: Box::new([]),
                        fail: NO_LABEL,
                        live: 0,
                        dst,
                    },
                }
            }
            op::BIF1 => self.bif_call(a, 0, None, 1, 1)?,
            op::BIF2 => self.bif_call(a, 0, None, 1, 2)?,
            // OTP 29: three-argument guard BIFs (`is_integer/3`).
            op::BIF3 => self.bif_call(a, 0, None, 1, 3)?,
            op::GC_BIF1 => self.bif_call(a, 0, Some(1), 2, 1)?,
            op::GC_BIF2 => self.bif_call(a, 0, Some(1), 2, 2)?,
            op::GC_BIF3 => self.bif_call(a, 0, Some(1), 2, 3)?,
            op::ALLOCATE => I::Allocate {
                stack: self.num(&a[0])?,
                live: self.num(&a[1])?,
            },
            op::ALLOCATE_HEAP => I::AllocateHeap {
                stack: self.num(&a[0])?,
                heap: self.words(&a[1])?,
                live: self.num(&a[2])?,
            },
            op::ALLOCATE_ZERO => I::AllocateZero {
                stack: self.num(&a[0])?,
                live: self.num(&a[1])?,
            },
            op::ALLOCATE_HEAP_ZERO => I::AllocateHeapZero {
                stack: self.num(&a[0])?,
                heap: self.words(&a[1])?,
                live: self.num(&a[2])?,
            },
            op::TEST_HEAP => I::TestHeap {
                heap: self.words(&a[0])?,
                live: self.num(&a[1])?,
            },
            op::INIT => I::Init {
                dst: self.dst(&a[0])?,
            },
            op::DEALLOCATE => I::Deallocate {
                n: self.num(&a[0])?,
            },
            op::RETURN => I::Return,
            op::SEND => I::Send,
            op::REMOVE_MESSAGE => I::RemoveMessage,
            op::TIMEOUT => I::Timeout,
            op::LOOP_REC => I::LoopRec {
                fail: self.target(&a[0])?,
                dst: self.dst(&a[1])?,
            },
            op::LOOP_REC_END => I::LoopRecEnd {
                target: self.target(&a[0])?,
            },
            op::WAIT => I::Wait {
                target: self.target(&a[0])?,
            },
            op::WAIT_TIMEOUT => I::WaitTimeout {
                target: self.target(&a[0])?,
                timeout: self.src(&a[1])?,
            },
            op::IS_LT => cmp!(IsLt),
            op::IS_GE => cmp!(IsGe),
            op::IS_EQ => cmp!(IsEq),
            op::IS_NE => cmp!(IsNe),
            op::IS_EQ_EXACT => cmp!(IsEqExact),
            op::IS_NE_EXACT => cmp!(IsNeExact),
            op::IS_INTEGER => test1!(IsInteger),
            op::IS_FLOAT => test1!(IsFloat),
            op::IS_NUMBER => test1!(IsNumber),
            op::IS_ATOM => test1!(IsAtom),
            op::IS_PID => test1!(IsPid),
            op::IS_REFERENCE => test1!(IsReference),
            op::IS_PORT => test1!(IsPort),
            op::IS_NIL => test1!(IsNil),
            op::IS_BINARY => test1!(IsBinary),
            op::IS_LIST => test1!(IsList),
            op::IS_NONEMPTY_LIST => test1!(IsNonemptyList),
            op::IS_TUPLE => test1!(IsTuple),
            op::IS_BOOLEAN => test1!(IsBoolean),
            op::IS_MAP => test1!(IsMap),
            op::IS_FUNCTION => test1!(IsFunction),
            op::IS_BITSTR => test1!(IsBitstr),
            op::IS_FUNCTION2 => I::IsFunction2 {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                arity: self.src(&a[2])?,
            },
            op::TEST_ARITY => I::TestArity {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                arity: self.num(&a[2])?,
            },
            op::IS_TAGGED_TUPLE => I::IsTaggedTuple {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                arity: self.num(&a[2])?,
                tag: self.term(&a[3])?,
            },
            op::SELECT_VAL => {
                let items = self.list(&a[2])?;
                let list = self.decode_pairs(items, |s, a, b| Ok((s.term(a)?, s.target(b)?)))?;
                I::SelectVal {
                    src: self.src(&a[0])?,
                    fail: self.label(&a[1])?,
                    list,
                }
            }
            op::SELECT_TUPLE_ARITY => {
                let items = self.list(&a[2])?;
                let list = self.decode_pairs(items, |s, a, b| Ok((s.num(a)?, s.target(b)?)))?;
                I::SelectTupleArity {
                    src: self.src(&a[0])?,
                    fail: self.label(&a[1])?,
                    list,
                }
            }
            op::JUMP => I::Jump {
                target: self.target(&a[0])?,
            },
            // OTP 29's native records: this VM makes none, so the test always fails.
            op::IS_ANY_NATIVE_RECORD => {
                self.src(&a[1])?;
                I::Jump {
                    target: self.target(&a[0])?,
                }
            }
            op::CATCH => I::Catch {
                dst: self.dst(&a[0])?,
                handler: self.target(&a[1])?,
            },
            op::CATCH_END => I::CatchEnd {
                dst: self.dst(&a[0])?,
            },
            op::MOVE => I::Move {
                src: self.src(&a[0])?,
                dst: self.dst(&a[1])?,
            },
            op::SWAP => I::Swap {
                a: self.dst(&a[0])?,
                b: self.dst(&a[1])?,
            },
            op::GET_LIST => I::GetList {
                src: self.src(&a[0])?,
                head: self.dst(&a[1])?,
                tail: self.dst(&a[2])?,
            },
            op::GET_HD => I::GetHd {
                src: self.src(&a[0])?,
                dst: self.dst(&a[1])?,
            },
            op::GET_TL => I::GetTl {
                src: self.src(&a[0])?,
                dst: self.dst(&a[1])?,
            },
            op::GET_TUPLE_ELEMENT => I::GetTupleElement {
                src: self.src(&a[0])?,
                index: self.num(&a[1])?,
                dst: self.dst(&a[2])?,
            },
            op::SET_TUPLE_ELEMENT => I::SetTupleElement {
                value: self.src(&a[0])?,
                tuple: self.src(&a[1])?,
                index: self.num(&a[2])?,
            },
            op::PUT_LIST => I::PutList {
                head: self.src(&a[0])?,
                tail: self.src(&a[1])?,
                dst: self.dst(&a[2])?,
            },
            op::PUT_TUPLE2 => {
                let items = self.list(&a[1])?;
                I::PutTuple2 {
                    dst: self.dst(&a[0])?,
                    elements: self.srcs(items)?,
                }
            }
            op::BADMATCH => I::Badmatch {
                src: self.src(&a[0])?,
            },
            op::IF_END => I::IfEnd,
            op::CASE_END => I::CaseEnd {
                src: self.src(&a[0])?,
            },
            op::TRY_CASE_END => I::TryCaseEnd {
                src: self.src(&a[0])?,
            },
            op::BADRECORD => I::Badrecord {
                src: self.src(&a[0])?,
            },
            op::CALL_FUN => I::CallFun {
                arity: self.num(&a[0])?,
            },
            op::CALL_FUN2 => I::CallFun2 {
                tag: self.src(&a[0])?,
                arity: self.num(&a[1])?,
                fun: self.src(&a[2])?,
            },
            op::APPLY => I::Apply {
                arity: self.num(&a[0])?,
            },
            op::APPLY_LAST => I::ApplyLast {
                arity: self.num(&a[0])?,
                dealloc: self.num(&a[1])?,
            },
            op::MAKE_FUN2 => {
                let fun_index = self.num(&a[0])?;
                let free = *self
                    .lambdas_free
                    .get(fun_index as usize)
                    .ok_or_else(|| format!("lambda index {} out of range", fun_index))?;
                I::MakeFun { fun_index, free }
            }
            op::MAKE_FUN3 => {
                let fun_index = self.num(&a[0])?;
                if fun_index as usize >= self.lambdas_free.len() {
                    return Err(format!("lambda index {} out of range", fun_index));
                }
                let items = self.list(&a[2])?;
                I::MakeFun3 {
                    fun_index,
                    dst: self.dst(&a[1])?,
                    env: self.srcs(items)?,
                }
            }
            op::TRY => I::Try {
                dst: self.dst(&a[0])?,
                handler: self.target(&a[1])?,
            },
            op::TRY_END => I::TryEnd {
                dst: self.dst(&a[0])?,
            },
            op::TRY_CASE => I::TryCase {
                dst: self.dst(&a[0])?,
            },
            op::RAISE => I::Raise {
                stacktrace: self.src(&a[0])?,
                reason: self.src(&a[1])?,
            },
            op::BUILD_STACKTRACE => I::BuildStacktrace,
            op::RAW_RAISE => I::RawRaise,
            op::RECV_MARKER_RESERVE => I::RecvMarkerReserve {
                dst: self.dst(&a[0])?,
            },
            op::RECV_MARKER_BIND => I::RecvMarkerBind {
                marker: self.src(&a[0])?,
                reference: self.src(&a[1])?,
            },
            op::RECV_MARKER_CLEAR => I::RecvMarkerClear {
                reference: self.src(&a[0])?,
            },
            op::RECV_MARKER_USE => I::RecvMarkerUse {
                reference: self.src(&a[0])?,
            },
            op::FCLEARERROR => I::Fclearerror,
            op::FCHECKERROR => I::Fcheckerror {
                fail: self.label(&a[0])?,
            },
            op::FMOVE => match (&a[0], &a[1]) {
                (Operand::Fr(s), Operand::Fr(d)) => I::FmoveFrFr { src: *s, dst: *d },
                (Operand::Fr(s), d) => I::FmoveFromFr {
                    fr: *s,
                    dst: self.dst(d)?,
                },
                (s, Operand::Fr(d)) => I::FmoveToFr {
                    src: self.src(s)?,
                    fr: *d,
                },
                _ => return Err("fmove without a float register".into()),
            },
            op::FCONV => I::Fconv {
                src: self.src(&a[0])?,
                fr: self.fr(&a[1])?,
            },
            op::FADD => farith!(Fadd),
            op::FSUB => farith!(Fsub),
            op::FMUL => farith!(Fmul),
            op::FDIV => farith!(Fdiv),
            op::FNEGATE => I::Fnegate {
                src: self.fr(&a[1])?,
                dst: self.fr(&a[2])?,
            },
            op::PUT_MAP_ASSOC | op::PUT_MAP_EXACT => {
                let items = self.list(&a[4])?;
                let pairs = self.decode_pairs(items, |s, a, b| Ok((s.src(a)?, s.src(b)?)))?;
                let (fail, src, dst, live) = (
                    self.label(&a[0])?,
                    self.src(&a[1])?,
                    self.dst(&a[2])?,
                    self.num(&a[3])?,
                );
                if opcode == op::PUT_MAP_ASSOC {
                    I::PutMapAssoc {
                        fail,
                        src,
                        dst,
                        live,
                        pairs,
                    }
                } else {
                    I::PutMapExact {
                        fail,
                        src,
                        dst,
                        live,
                        pairs,
                    }
                }
            }
            op::HAS_MAP_FIELDS => {
                let items = self.list(&a[2])?;
                I::HasMapFields {
                    fail: self.label(&a[0])?,
                    src: self.src(&a[1])?,
                    keys: self.srcs(items)?,
                }
            }
            op::GET_MAP_ELEMENTS => {
                let items = self.list(&a[2])?;
                let pairs = self.decode_pairs(items, |s, a, b| Ok((s.src(a)?, s.dst(b)?)))?;
                I::GetMapElements {
                    fail: self.label(&a[0])?,
                    src: self.src(&a[1])?,
                    pairs,
                }
            }
            op::UPDATE_RECORD => {
                let items = self.list(&a[4])?;
                let updates = self.decode_pairs(items, |s, a, b| Ok((s.num(a)?, s.src(b)?)))?;
                I::UpdateRecord {
                    hint: self.atom(&a[0])?,
                    size: self.num(&a[1])?,
                    src: self.src(&a[2])?,
                    dst: self.dst(&a[3])?,
                    updates,
                }
            }
            op::INIT_YREGS => {
                let items = self.list(&a[0])?;
                let regs = items
                    .iter()
                    .map(|o| match *o {
                        Operand::Y(y) => Ok(y),
                        _ => Err(bad("a y register", o)),
                    })
                    .collect::<R<Vec<_>>>()?;
                I::InitYregs { regs: regs.into() }
            }
            op::TRIM => I::Trim {
                n: self.num(&a[0])?,
                remaining: self.num(&a[1])?,
            },
            op::BS_CREATE_BIN => self.bs_create_bin(a)?,
            op::BS_MATCH => self.bs_match(a)?,
            op::BS_START_MATCH3 => I::BsStartMatch3 {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                live: self.num(&a[2])?,
                dst: self.dst(&a[3])?,
            },
            op::BS_START_MATCH4 => I::BsStartMatch4 {
                fail: self.label(&a[0])?,
                live: self.num(&a[1])?,
                src: self.src(&a[2])?,
                dst: self.dst(&a[3])?,
            },
            op::BS_GET_POSITION => I::BsGetPosition {
                ctx: self.src(&a[0])?,
                dst: self.dst(&a[1])?,
                live: self.num(&a[2])?,
            },
            op::BS_SET_POSITION => I::BsSetPosition {
                ctx: self.src(&a[0])?,
                pos: self.src(&a[1])?,
            },
            op::BS_GET_TAIL => I::BsGetTail {
                ctx: self.src(&a[0])?,
                dst: self.dst(&a[1])?,
                live: self.num(&a[2])?,
            },
            op::BS_TEST_TAIL2 => I::BsTestTail2 {
                fail: self.label(&a[0])?,
                ctx: self.src(&a[1])?,
                bits: self.num(&a[2])?,
            },
            op::BS_TEST_UNIT => I::BsTestUnit {
                fail: self.label(&a[0])?,
                ctx: self.src(&a[1])?,
                unit: self.num(&a[2])?,
            },
            op::BS_MATCH_STRING => {
                let bits = self.num(&a[2])?;
                let bytes: Box<[u8]> = self
                    .string(self.num(&a[3])?, (bits as usize).div_ceil(8))?
                    .into();
                I::BsMatchString {
                    fail: self.label(&a[0])?,
                    ctx: self.src(&a[1])?,
                    bits,
                    bytes,
                }
            }
            op::BS_GET_INTEGER2 => bs_get!(BsGetInteger2),
            op::BS_GET_FLOAT2 => bs_get!(BsGetFloat2),
            op::BS_GET_BINARY2 => bs_get!(BsGetBinary2),
            op::BS_SKIP_BITS2 => I::BsSkipBits2 {
                fail: self.label(&a[0])?,
                ctx: self.src(&a[1])?,
                size: self.src(&a[2])?,
                unit: self.num(&a[3])?,
                flags: self.flags(&a[4])?,
            },
            // bs_get_utfN Fail Ctx Live Flags Dst; bs_skip_utfN Fail Ctx Live Flags.
            op::BS_GET_UTF8 | op::BS_GET_UTF16 | op::BS_GET_UTF32 => {
                let (fail, ctx, flags, dst) = (
                    self.label(&a[0])?,
                    self.src(&a[1])?,
                    self.flags(&a[3])?,
                    self.dst(&a[4])?,
                );
                match opcode {
                    op::BS_GET_UTF8 => I::BsGetUtf8 {
                        fail,
                        ctx,
                        flags,
                        dst,
                    },
                    op::BS_GET_UTF16 => I::BsGetUtf16 {
                        fail,
                        ctx,
                        flags,
                        dst,
                    },
                    _ => I::BsGetUtf32 {
                        fail,
                        ctx,
                        flags,
                        dst,
                    },
                }
            }
            op::BS_SKIP_UTF8 | op::BS_SKIP_UTF16 | op::BS_SKIP_UTF32 => {
                let (fail, ctx, flags) = (self.label(&a[0])?, self.src(&a[1])?, self.flags(&a[3])?);
                match opcode {
                    op::BS_SKIP_UTF8 => I::BsSkipUtf8 { fail, ctx, flags },
                    op::BS_SKIP_UTF16 => I::BsSkipUtf16 { fail, ctx, flags },
                    _ => I::BsSkipUtf32 { fail, ctx, flags },
                }
            }
            op::BS_INIT2 | op::BS_INIT_BITS => {
                let (fail, size, words, live, flags, dst) = (
                    self.label(&a[0])?,
                    self.src(&a[1])?,
                    self.words(&a[2])?,
                    self.num(&a[3])?,
                    self.flags(&a[4])?,
                    self.dst(&a[5])?,
                );
                if opcode == op::BS_INIT2 {
                    I::BsInit2 {
                        fail,
                        size,
                        words,
                        live,
                        flags,
                        dst,
                    }
                } else {
                    I::BsInitBits {
                        fail,
                        size,
                        words,
                        live,
                        flags,
                        dst,
                    }
                }
            }
            op::BS_ADD => I::BsAdd {
                fail: self.label(&a[0])?,
                a: self.src(&a[1])?,
                b: self.src(&a[2])?,
                unit: self.num(&a[3])?,
                dst: self.dst(&a[4])?,
            },
            op::BS_APPEND => I::BsAppend {
                fail: self.label(&a[0])?,
                size: self.src(&a[1])?,
                extra: self.words(&a[2])?,
                live: self.num(&a[3])?,
                unit: self.num(&a[4])?,
                bin: self.src(&a[5])?,
                flags: self.flags(&a[6])?,
                dst: self.dst(&a[7])?,
            },
            op::BS_PRIVATE_APPEND => I::BsPrivateAppend {
                fail: self.label(&a[0])?,
                size: self.src(&a[1])?,
                unit: self.num(&a[2])?,
                bin: self.src(&a[3])?,
                flags: self.flags(&a[4])?,
                dst: self.dst(&a[5])?,
            },
            op::BS_PUT_INTEGER => bs_put!(BsPutInteger),
            op::BS_PUT_BINARY => bs_put!(BsPutBinary),
            op::BS_PUT_FLOAT => bs_put!(BsPutFloat),
            op::BS_PUT_STRING => {
                let len = self.num(&a[0])? as usize;
                let bytes = self.string(self.num(&a[1])?, len)?;
                I::BsPutString {
                    bytes: bytes.into(),
                }
            }
            // bs_put_utfN Fail Flags Src
            op::BS_PUT_UTF8 | op::BS_PUT_UTF16 | op::BS_PUT_UTF32 => {
                let (fail, flags, src) = (self.label(&a[0])?, self.flags(&a[1])?, self.src(&a[2])?);
                match opcode {
                    op::BS_PUT_UTF8 => I::BsPutUtf8 { fail, flags, src },
                    op::BS_PUT_UTF16 => I::BsPutUtf16 { fail, flags, src },
                    _ => I::BsPutUtf32 { fail, flags, src },
                }
            }
            op::BS_UTF8_SIZE => I::BsUtf8Size {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                dst: self.dst(&a[2])?,
            },
            op::BS_UTF16_SIZE => I::BsUtf16Size {
                fail: self.label(&a[0])?,
                src: self.src(&a[1])?,
                dst: self.dst(&a[2])?,
            },
            op::BS_CONTEXT_TO_BINARY => I::BsContextToBinary {
                src: self.src(&a[0])?,
            },
            // x0 = a fresh empty binary to append to (x0 held only a capacity hint). An empty
            // literal has the same meaning: appends never write into a binary they did not make.
            op::BS_INIT_WRITABLE => I::Move {
                src: Src::c(self.arena.heap_binary(&[])),
                dst: Dst::X(0),
            },
            other => {
                let name = op::get(other).map_or("?", |o| o.name);
                return Err(format!("opcode {} ({}) is not supported", other, name));
            }
        })
    }
}

/// Words a fun needs when an allocation list counts funs (header, module, index; free
/// variables are allocated by make_fun itself).
const FUN_WORDS: u64 = 3;

// ---------------------------------------------------------------------------------------------
// MD5 of the module, as `module_info(md5)`: over the essential chunks' data, with each lambda's
// old_uniq zeroed (the compiler computes it after the MD5, from the MD5).

fn module_md5(file: &beam_file::BeamFile<'_>) -> [u8; 16] {
    let mut m = Md5::new();
    let atom_chunk: &[u8; 4] = if file.chunk(b"AtU8").is_some() {
        b"AtU8"
    } else {
        b"Atom"
    };
    for id in [
        atom_chunk, b"Code", b"StrT", b"ImpT", b"ExpT", b"FunT", b"LitT", b"Meta",
    ] {
        let Some(data) = file.chunk(id) else { continue };
        if id == b"FunT" {
            let mut copy = data.to_vec();
            let mut p = 4 + 20;
            while p + 4 <= copy.len() {
                copy[p..p + 4].fill(0);
                p += 24;
            }
            m.update(&copy);
        } else {
            m.update(data);
        }
    }
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Load with the natives installed, as a running VM has them.
    fn load(bytes: &[u8]) -> Result<Module, LoadError> {
        crate::natives::install();
        super::load(bytes)
    }
    use crate::terms::term::BoxKind;
    use std::path::PathBuf;
    use std::process::Command;

    const T1: &str = r#"
-module(ldr_t1).
-export([start/0, b/2, m/1, f/1, r/1, big/0, fl/1, tr/1, rec/1, mp/2]).
-record(pt, {x = 0, y = 0, z}).
start() -> ok.
b(X, Y) -> <<X:8, Y:16/little-signed, X/binary-unit:8, "abc", 3.5/float, Y/utf8>>.
m(<<A:8, B:4, R/bits>>) -> {A, B, R};
m(<<"xyz", R/binary>>) -> R;
m(_) -> none.
f(L) -> [fun(X) -> X + N end || N <- L].
r(X) -> receive {X, Y} -> Y after 100 -> timeout end.
big() -> {1 bsl 200, -(1 bsl 100), 123456789012, #{a => 1, b => [1,2]}, <<1,2,3>>, <<1:3>>, "str", [a|b], fun lists:map/2, 2.5}.
fl(X) -> X * 2.5 + 1.0.
tr(F) -> try F() of V -> V catch throw:T -> T; C:R:S -> {C, R, S} end.
rec(P) -> P#pt{x = 1, z = 3}.
mp(M, K) -> case M of #{K := V, a := 1} -> V; #{} -> M#{K => 1, b := 2} end.
"#;

    /// Compile `src` (module `name`) with erlc. These tests need Erlang/OTP: without erlc they
    /// fail (`cargo xtask setup` installs it) rather than pass without testing anything.
    fn compile(name: &str, src: &str) -> Vec<u8> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir: PathBuf = std::env::temp_dir().join(format!(
            "atomvm_loader_{}_{}_{}",
            name,
            std::process::id(),
            n
        ));
        std::fs::create_dir_all(&dir).expect("make a temporary directory");
        let erl = dir.join(format!("{}.erl", name));
        std::fs::write(&erl, src).expect("write the test module");
        let out = Command::new("erlc")
            .arg("-o")
            .arg(&dir)
            .arg(&erl)
            .output()
            .unwrap_or_else(|e| panic!("erlc not runnable ({e}): run `cargo xtask setup`"));
        assert!(
            out.status.success(),
            "erlc failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let beam = std::fs::read(dir.join(format!("{}.beam", name))).expect("erlc wrote the beam");
        let _ = std::fs::remove_dir_all(&dir);
        beam
    }

    fn a(s: &str) -> Atom {
        atom::intern_str(s)
    }

    fn erl_md5(name: &str, src: &str) -> Option<[u8; 16]> {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("atomvm_loader_md5_{}_{}", name, std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join(format!("{}.erl", name)), src).ok()?;
        let expr = format!(
            "{{ok,_}}=compile:file(\"{}\",[{{outdir,\"{}\"}}]),{{ok,{{_,M}}}}=beam_lib:md5(\"{}\"),io:format(\"~w\",[binary_to_list(M)]),halt().",
            dir.join(format!("{}.erl", name)).display(),
            dir.display(),
            dir.join(format!("{}.beam", name)).display()
        );
        let out = Command::new("erl")
            .args(["-noshell", "-eval", &expr])
            .output()
            .ok()?;
        let _ = std::fs::remove_dir_all(&dir);
        let text = String::from_utf8_lossy(&out.stdout);
        let nums: Vec<u8> = text
            .trim()
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .filter_map(|n| n.parse().ok())
            .collect();
        nums.try_into().ok()
    }

    #[test]
    fn md5_known_vectors() {
        let h = |s: &[u8]| {
            let mut m = Md5::new();
            m.update(s);
            m.finish()
                .iter()
                .map(|b| format!("{:02x}", b))
                .collect::<String>()
        };
        assert_eq!(h(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(h(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            h(b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
    }

    #[test]
    fn loads_a_real_module() {
        let beam = compile("ldr_t1", T1);
        let m = load(&beam).unwrap_or_else(|e| panic!("{}", e));
        assert_eq!(atom::name_str(m.name), "ldr_t1");
        for (f, ar) in [
            ("start", 0),
            ("b", 2),
            ("m", 1),
            ("f", 1),
            ("big", 0),
            ("tr", 1),
            ("module_info", 1),
        ] {
            let entry = m
                .export_entry(a(f), ar)
                .unwrap_or_else(|| panic!("missing export {}/{}", f, ar));
            let fi = m.function_at(entry).unwrap();
            assert_eq!((fi.name, fi.arity, fi.entry), (a(f), ar, entry));
            assert!(matches!(
                m.code[fi.func_info as usize],
                Instr::FuncInfo { .. }
            ));
        }
        assert!(matches!(m.code.last(), Some(Instr::IntCodeEnd)));
        assert!(!m.lambdas.is_empty());
        assert!(m.lambdas.iter().all(|l| (l.label as usize) < m.code.len()));
        assert!(m.code.iter().any(|i| matches!(i, Instr::MakeFun3 { .. })));
        assert!(m
            .code
            .iter()
            .any(|i| matches!(i, Instr::BsCreateBin { .. })));
        assert!(m.code.iter().any(|i| matches!(i, Instr::Try { .. })));
        assert!(m.code.iter().any(|i| matches!(i, Instr::LoopRec { .. })));
        assert!(m
            .code
            .iter()
            .any(|i| matches!(i, Instr::FmoveToFr { .. } | Instr::Fconv { .. })));
        assert!(m
            .code
            .iter()
            .any(|i| matches!(i, Instr::PutMapAssoc { .. })));
        assert!(m
            .code
            .iter()
            .any(|i| matches!(i, Instr::GetMapElements { .. })));
        // Lines: sorted, pointing into the code, naming our source.
        assert!(!m.lines.is_empty());
        assert!(m.lines.windows(2).all(|w| w[0].offset < w[1].offset));
        assert!(m.lines.iter().all(|l| (l.offset as usize) < m.code.len()));
        let b_entry = m.export_entry(a("b"), 2).unwrap();
        assert_eq!(m.line_at(b_entry).map(|l| l.line), Some(6));
        assert_eq!(m.source_file(0), "ldr_t1.erl");
        // The string segment becomes a literal binary.
        let seg_ok = m.code.iter().any(|i| match i {
            Instr::BsCreateBin { segments, .. } => segments.iter().any(|s| {
                atom::name(s.kind) == b"string"
                    && s.src.as_const().is_some_and(|t| {
                        crate::terms::heap::heap_binary_bytes(t).starts_with(b"abc")
                    })
            }),
            _ => false,
        });
        assert!(seg_ok);
        assert!(m.attributes.is_list());
        assert!(m.compile_info.is_list());
        assert!(m
            .imports
            .iter()
            .any(|i| atom::name_str(i.module) == "erlang"));
    }

    #[test]
    fn literals_decoded() {
        let beam = compile("ldr_t1", T1);
        let m = load(&beam).unwrap();
        // big/0 moves its literal tuple into x0.
        let entry = m.export_entry(a("big"), 0).unwrap() as usize;
        let tuple = m.code[entry..]
            .iter()
            .find_map(|i| match i {
                Instr::Move { src, .. } => src.as_const().filter(|t| t.is_tuple()),
                _ => None,
            })
            .expect("literal tuple");
        let e = tuple.as_tuple().unwrap();
        assert_eq!(e.len(), 10);
        assert_eq!(e[0].box_kind(), BoxKind::PosBig);
        let limbs = e[0].payload();
        assert_eq!(
            limbs
                .iter()
                .rposition(|&w| w != 0)
                .map(|i| i * crate::terms::term::WORD_BITS
                    + (crate::terms::term::WORD_BITS - 1 - limbs[i].leading_zeros() as usize)),
            Some(200)
        );
        assert_eq!(e[1].box_kind(), BoxKind::NegBig);
        assert_eq!(crate::terms::bignum::to_i128(e[1]), Some(-(1i128 << 100)));
        assert_eq!(crate::terms::bignum::to_i128(e[2]), Some(123456789012));
        assert!(e[3].is_map());
        assert_eq!(crate::terms::heap::heap_binary_bytes(e[4]), &[1, 2, 3]);
        assert!(e[5].is_box_of(BoxKind::SubBin));
        assert_eq!(e[5].payload()[0], 3);
        assert_eq!(e[6].head(), Term::small('s' as isize));
        assert_eq!(e[7].tail(), Term::atom(a("b")));
        assert!(e[8].is_box_of(BoxKind::Export));
        assert_eq!(e[9].float_value(), 2.5);
    }

    #[test]
    fn md5_matches_otp() {
        let beam = compile("ldr_t1", T1);
        let m = load(&beam).unwrap();
        // erlc is there, so erl is too.
        let expected = erl_md5("ldr_t1", T1).expect("md5 from erl");
        assert_eq!(m.md5, expected);
    }

    #[test]
    fn bad_files_give_clear_errors() {
        let e = load(b"not a beam").err().unwrap();
        assert_eq!(e.to_string(), "not a BEAM file (bad IFF header)");
        let beam = compile("ldr_t1", T1);
        // Patch the first instruction of the Code chunk to an unknown opcode.
        let file = beam_file::parse(&beam).unwrap();
        let code = file.chunk(b"Code").unwrap();
        let code_at = code.as_ptr() as usize - beam.as_ptr() as usize;
        let sub = u32::from_be_bytes(code[0..4].try_into().unwrap()) as usize;
        let mut bad = beam.clone();
        bad[code_at + 4 + sub] = 250;
        let e = load(&bad).err().unwrap().to_string();
        assert_eq!(e, "module ldr_t1: unknown opcode 250 at instruction 0");
        bad[code_at + 4 + sub] = 27; // m_plus
        let e = load(&bad).err().unwrap().to_string();
        assert!(e.contains("unsupported (obsolete) opcode m_plus"), "{}", e);
    }

    #[test]
    fn corruption_never_panics() {
        let beam = compile("ldr_t1", T1);
        corrupt_all_ways(&beam, 3000);
        // A large real module exercises many more opcodes.
        let lists = Command::new("erl")
            .args([
                "-noshell",
                "-eval",
                "io:format(\"~s\", [code:which(lists)]), halt().",
            ])
            .output()
            .ok()
            .and_then(|o| std::fs::read(String::from_utf8_lossy(&o.stdout).to_string()).ok());
        if let Some(lists) = lists {
            corrupt_all_ways(&lists, 300);
        }
    }

    fn corrupt_all_ways(beam: &[u8], flips: usize) {
        for cut in (0..beam.len()).step_by(7) {
            let _ = load(&beam[..cut]);
        }
        // Truncate each chunk in turn, keeping the container valid, so the chunk decoders see it.
        let file = beam_file::parse(beam).unwrap();
        let chunks: Vec<(Vec<u8>, Vec<u8>)> = file
            .chunks
            .iter()
            .map(|c| (c.id.to_vec(), c.data.to_vec()))
            .collect();
        for (k, c) in chunks.iter().enumerate() {
            let step = (c.1.len() / 400).max(7);
            for cut in (0..c.1.len()).step_by(step) {
                let mut cs = chunks.clone();
                cs[k].1.truncate(cut);
                let _ = load(&rebuild(&cs));
            }
        }
        let mut seed = 7u32;
        for k in 0..flips {
            let mut b = beam.to_vec();
            for _ in 0..1 + k % 3 {
                seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
                let at = (seed >> 8) as usize % b.len();
                seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
                b[at] ^= ((seed >> 16) as u8) | 1;
            }
            let _ = load(&b);
        }
    }

    /// Local calls land right after a func_info; every other jump lands inside the code.
    fn check_targets(m: &Module) {
        let n = m.code.len() as u32;
        let entry_ok =
            |t: Label| t >= 1 && matches!(m.code[t as usize - 1], Instr::FuncInfo { .. });
        for ins in m.code.iter() {
            match ins {
                Instr::Call { target, .. }
                | Instr::CallLast { target, .. }
                | Instr::CallOnly { target, .. } => {
                    assert!(
                        entry_ok(*target),
                        "call target {} is not a function entry",
                        target
                    )
                }
                Instr::Jump { target } | Instr::LoopRecEnd { target } | Instr::Wait { target } => {
                    assert!(*target < n)
                }
                Instr::SelectVal { fail, list, .. } => {
                    assert!(*fail == NO_LABEL || *fail < n);
                    assert!(list.iter().all(|&(_, l)| l < n));
                }
                Instr::SelectSmallTable { fail, targets, .. } => {
                    assert!(*fail == NO_LABEL || *fail < n);
                    assert!(targets.iter().all(|&l| l == NO_LABEL || l < n));
                }
                Instr::IsEqExact { fail, .. } | Instr::IsTuple { fail, .. } => {
                    assert!(*fail == NO_LABEL || *fail < n)
                }
                _ => {}
            }
        }
        for &(_, _, e) in &m.exports {
            assert!(entry_ok(e));
        }
        for l in &m.lambdas {
            assert!(entry_ok(l.label));
        }
        for f in &m.functions {
            assert_eq!(f.entry, f.func_info + 1);
        }
    }

    /// Every .beam of the installed OTP (compiled by its own compiler) must load.
    #[test]
    fn loads_every_installed_otp_module() {
        let Ok(out) = Command::new("erl")
            .args([
                "-noshell",
                "-eval",
                "io:format(\"~s\", [code:lib_dir()]), halt().",
            ])
            .output()
        else {
            eprintln!("note: erl not found; skipping");
            return;
        };
        let lib = PathBuf::from(String::from_utf8_lossy(&out.stdout).to_string());
        let mut files = Vec::new();
        for app in std::fs::read_dir(&lib).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(app.path().join("ebin"))
                .into_iter()
                .flatten()
                .flatten()
            {
                if f.path().extension().is_some_and(|e| e == "beam") {
                    files.push(f.path());
                }
            }
        }
        let mut failures = Vec::new();
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            match load(&bytes) {
                Err(e) => failures.push(format!("{}: {}", f.display(), e)),
                Ok(m) => check_targets(&m),
            }
        }
        eprintln!(
            "loaded {} OTP modules, {} failures",
            files.len(),
            failures.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Rewrite a chunk list into a BEAM file.
    fn rebuild(chunks: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
        let mut body = b"BEAM".to_vec();
        for (id, data) in chunks {
            body.extend_from_slice(id);
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

    /// OTP 28 writes atom lengths as compact `u` values (negated count) and may store literals
    /// uncompressed (size word 0); packbeam may write LitU. All must load the same.
    #[test]
    fn newer_atom_and_literal_formats() {
        let beam = compile("ldr_t1", T1);
        let file = beam_file::parse(&beam).unwrap();
        let lit_plain = {
            let d = file.chunk(b"LitT").unwrap();
            miniz_oxide::inflate::decompress_to_vec_zlib(&d[4..]).unwrap()
        };
        let mut chunks28 = Vec::new();
        let mut chunks_u = Vec::new();
        for c in &file.chunks {
            match &c.id {
                b"AtU8" => {
                    let mut r = ByteReader::new(c.data);
                    let n = r.u32().unwrap();
                    let mut d = (-(n as i32)).to_be_bytes().to_vec();
                    for _ in 0..n {
                        let len = r.u8().unwrap() as usize;
                        // compact u: short form below 16, else the 11-bit form.
                        if len < 16 {
                            d.push((len << 4) as u8);
                        } else {
                            d.push((((len >> 3) & 0xE0) | 0x08) as u8);
                            d.push(len as u8);
                        }
                        d.extend_from_slice(r.bytes(len).unwrap());
                    }
                    chunks28.push((c.id.to_vec(), d));
                    chunks_u.push((c.id.to_vec(), c.data.to_vec()));
                }
                b"LitT" => {
                    let mut d = vec![0, 0, 0, 0];
                    d.extend_from_slice(&lit_plain);
                    chunks28.push((c.id.to_vec(), d));
                    chunks_u.push((b"LitU".to_vec(), lit_plain.clone()));
                }
                _ => {
                    chunks28.push((c.id.to_vec(), c.data.to_vec()));
                    chunks_u.push((c.id.to_vec(), c.data.to_vec()));
                }
            }
        }
        let base = load(&beam).unwrap();
        for bytes in [rebuild(&chunks28), rebuild(&chunks_u)] {
            let m = load(&bytes).unwrap_or_else(|e| panic!("{}", e));
            assert_eq!(m.name, base.name);
            assert_eq!(m.exports, base.exports);
            assert_eq!(m.code.len(), base.code.len());
            assert_eq!(m.lines, base.lines);
        }
    }

    #[test]
    fn otp26_instructions_from_operands() {
        let atoms = vec![
            atom::EMPTY,
            a("m"),
            a("integer"),
            a("=:="),
            a("skip"),
            a("get_tail"),
            a("ensure_at_least"),
            a("copy"),
        ];
        let mut arena = Arena::new();
        let lits = vec![ext_term::decode(
            &[
                131, 108, 0, 0, 0, 1, 119, 6, b'l', b'i', b't', b't', b'l', b'e', 106,
            ],
            &mut arena,
        )
        .unwrap()];
        let labels = vec![NO_LABEL, 0, 5];
        let mut cx = Cx {
            atoms: &atoms,
            literals: &lits,
            imports: &[],
            lambdas_free: &[],
            strings: &[],
            labels: &labels,
            arena: &mut arena,
        };
        use Operand::*;
        let cmds = List(vec![
            Atom(6),
            U(16),
            U(8),
            Atom(2),
            U(2),
            Literal(0),
            U(8),
            U(1),
            X(3),
            Atom(3),
            Atom(0),
            U(8),
            U(42),
            Atom(4),
            U(4),
            Atom(5),
            U(3),
            U(8),
            X(4),
        ]);
        let ins = cx.translate(op::BS_MATCH, &[Label(2), X(0), cmds]).unwrap();
        let Instr::BsMatch { fail, commands, .. } = ins else {
            panic!()
        };
        assert_eq!(fail, 5);
        assert_eq!(commands.len(), 5);
        assert!(matches!(
            commands[1],
            BsMatchCmd::Integer {
                live: 2,
                flags: 2,
                unit: 1,
                dst: Dst::X(3),
                ..
            }
        ));
        assert!(
            matches!(commands[2], BsMatchCmd::EqualValue { size: 8, value } if value == Term::small(42))
        );
        let ins = cx
            .translate(
                op::UPDATE_RECORD,
                &[
                    Atom(7),
                    U(3),
                    X(0),
                    X(1),
                    List(vec![U(2), Int(Term::small(9))]),
                ],
            )
            .unwrap();
        assert!(matches!(ins, Instr::UpdateRecord { size: 3, .. }));
        assert!(cx
            .translate(op::BS_MATCH, &[Label(9), X(0), List(vec![])])
            .is_err());
    }
}
