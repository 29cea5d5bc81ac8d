//! Terms: one machine word, tagged like BEAM.
//!
//! Low 2 bits (primary tag):
//!   00 header word (only inside boxed objects) — or, on the stack, a code pointer / catch tag
//!   01 list pointer (to a 2-word cons cell [head, tail])
//!   10 boxed pointer (to a header word followed by its payload)
//!   11 immediate
//! Immediates (low 4 bits): 0011 local pid, 0111 local port, 1111 small integer, 1011 immediate-2.
//! Immediate-2 (low 6 bits): 001011 atom, 111011 nil.
//!
//! Header word: `payload_words << 6 | kind << 2 | 00`.
//!
//! Every pointer term points at memory that outlives it: the owning process heap (until the next
//! collection, which rewrites every root), a module's literal heap (never freed while the module is
//! loaded, and modules are never unloaded), or a message fragment owned by the process. All raw reads
//! in this module rely on that invariant.

use std::fmt;

pub const WORD_BYTES: usize = std::mem::size_of::<usize>();
pub const WORD_BITS: usize = usize::BITS as usize;

const PRIMARY_MASK: usize = 0b11;
const TAG_HEADER: usize = 0b00;
const TAG_LIST: usize = 0b01;
const TAG_BOXED: usize = 0b10;

const IMMED1_MASK: usize = 0b1111;
const TAG_PID: usize = 0b0011;
const TAG_PORT: usize = 0b0111;
const TAG_SMALL: usize = 0b1111;

const IMMED2_MASK: usize = 0b11_1111;
const TAG_ATOM: usize = 0b00_1011;
const TAG_NIL: usize = 0b11_1011;

/// Number of value bits in a small integer.
pub const SMALL_BITS: usize = WORD_BITS - 4;
pub const MAX_SMALL: isize = (1isize << (SMALL_BITS - 1)) - 1;
pub const MIN_SMALL: isize = -(1isize << (SMALL_BITS - 1));

/// Kinds of boxed objects, stored in bits 2..6 of the header word.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum BoxKind {
    /// payload: elements
    Tuple = 0,
    /// payload: magnitude limbs, least significant first (raw words)
    PosBig = 1,
    NegBig = 2,
    /// payload: raw words of a 64-bit reference number
    Ref = 3,
    /// payload: [module index (raw), fun index (raw), free variables...]
    Fun = 4,
    /// payload: the f64 bits (1 word on 64-bit, 2 on 32-bit)
    Float = 5,
    /// payload: [module atom, function atom, arity small]
    Export = 6,
    /// payload: [byte size (raw), pointer to shared binary (raw)]
    RefcBin = 7,
    /// payload: [byte size (raw), bytes...]
    HeapBin = 8,
    /// payload: [bit size (raw), bit offset (raw), original binary term]
    SubBin = 9,
    /// payload: [original binary term, bit offset (raw), bit size (raw), saved offsets (raw)...]
    MatchCtx = 10,
    /// payload: [keys tuple, values...]
    Map = 11,
    /// payload: external identifiers (issue: distribution); reserved
    ExternalPid = 12,
    ExternalPort = 13,
    ExternalRef = 14,
    /// payload: [bit size (raw), pointer to shared binary (raw)] — an appendable binary under construction
    BinBuilder = 15,
}

impl BoxKind {
    pub fn from_bits(bits: usize) -> BoxKind {
        match bits & 0xF {
            0 => BoxKind::Tuple,
            1 => BoxKind::PosBig,
            2 => BoxKind::NegBig,
            3 => BoxKind::Ref,
            4 => BoxKind::Fun,
            5 => BoxKind::Float,
            6 => BoxKind::Export,
            7 => BoxKind::RefcBin,
            8 => BoxKind::HeapBin,
            9 => BoxKind::SubBin,
            10 => BoxKind::MatchCtx,
            11 => BoxKind::Map,
            12 => BoxKind::ExternalPid,
            13 => BoxKind::ExternalPort,
            14 => BoxKind::ExternalRef,
            _ => BoxKind::BinBuilder,
        }
    }
}

/// Words of payload a float needs.
pub const FLOAT_WORDS: usize = 8 / WORD_BYTES;

#[inline]
pub const fn make_header(kind: BoxKind, payload_words: usize) -> usize {
    (payload_words << 6) | ((kind as usize) << 2) | TAG_HEADER
}
#[inline]
pub fn header_kind(header: usize) -> BoxKind {
    BoxKind::from_bits(header >> 2)
}
#[inline]
pub const fn header_payload(header: usize) -> usize {
    header >> 6
}
#[inline]
pub const fn is_header_word(w: usize) -> bool {
    w & PRIMARY_MASK == TAG_HEADER
}

/// An atom: index into the global atom table.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Atom(pub u32);

#[derive(Copy, Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Term(usize);

impl Term {
    /// Not a term: marks "no value" (and moved cons cells during a collection).
    pub const NON_VALUE: Term = Term(0);
    pub const NIL: Term = Term(TAG_NIL);

    #[inline]
    pub const fn from_raw(w: usize) -> Term {
        Term(w)
    }
    #[inline]
    pub const fn raw(self) -> usize {
        self.0
    }
    #[inline]
    pub fn is_non_value(self) -> bool {
        self.0 == 0
    }

    // ---- immediates ----
    #[inline]
    pub const fn small(v: isize) -> Term {
        Term(((v as usize) << 4) | TAG_SMALL)
    }
    #[inline]
    pub fn fits_small(v: i64) -> bool {
        v >= MIN_SMALL as i64 && v <= MAX_SMALL as i64
    }
    #[inline]
    pub fn is_small(self) -> bool {
        self.0 & IMMED1_MASK == TAG_SMALL
    }
    #[inline]
    pub fn small_value(self) -> isize {
        (self.0 as isize) >> 4
    }
    /// `a + b` when both are small integers and so is the sum. A small is `v << 4 | 0b1111`, so
    /// adding the other operand's `v << 4` to the raw word gives the tagged sum, and the word
    /// overflows exactly when the sum leaves the small range.
    #[inline]
    pub fn small_add(a: Term, b: Term) -> Option<Term> {
        if a.0 & b.0 & IMMED1_MASK != TAG_SMALL {
            return None;
        }
        let r = (a.0 as isize).checked_add((b.0 & !IMMED1_MASK) as isize)?;
        Some(Term(r as usize))
    }
    /// `a - b` for small integers with a small result (see `small_add`).
    #[inline]
    pub fn small_sub(a: Term, b: Term) -> Option<Term> {
        if a.0 & b.0 & IMMED1_MASK != TAG_SMALL {
            return None;
        }
        let r = (a.0 as isize).checked_sub((b.0 & !IMMED1_MASK) as isize)?;
        Some(Term(r as usize))
    }
    #[inline]
    pub fn as_small(self) -> Option<isize> {
        if self.is_small() {
            Some(self.small_value())
        } else {
            None
        }
    }
    #[inline]
    pub const fn atom(a: Atom) -> Term {
        Term(((a.0 as usize) << 6) | TAG_ATOM)
    }
    #[inline]
    pub fn is_atom(self) -> bool {
        self.0 & IMMED2_MASK == TAG_ATOM
    }
    #[inline]
    pub fn atom_index(self) -> Atom {
        Atom((self.0 >> 6) as u32)
    }
    #[inline]
    pub fn as_atom(self) -> Option<Atom> {
        if self.is_atom() {
            Some(self.atom_index())
        } else {
            None
        }
    }
    #[inline]
    pub fn is_nil(self) -> bool {
        self.0 == TAG_NIL
    }
    #[inline]
    pub const fn pid(id: usize) -> Term {
        Term((id << 4) | TAG_PID)
    }
    #[inline]
    pub fn is_local_pid(self) -> bool {
        self.0 & IMMED1_MASK == TAG_PID
    }
    #[inline]
    pub fn pid_id(self) -> usize {
        self.0 >> 4
    }
    #[inline]
    pub const fn port(id: usize) -> Term {
        Term((id << 4) | TAG_PORT)
    }
    #[inline]
    pub fn is_local_port(self) -> bool {
        self.0 & IMMED1_MASK == TAG_PORT
    }
    #[inline]
    pub fn is_immediate(self) -> bool {
        self.0 & PRIMARY_MASK == 0b11
    }
    #[inline]
    pub fn boolean(b: bool) -> Term {
        Term::atom(if b {
            crate::terms::atom::TRUE
        } else {
            crate::terms::atom::FALSE
        })
    }

    // ---- pointers ----
    #[inline]
    pub fn is_list(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_LIST
    }
    #[inline]
    pub fn is_boxed(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_BOXED
    }
    #[inline]
    pub fn is_pointer(self) -> bool {
        self.is_list() || self.is_boxed()
    }
    /// Address of the cell or header this pointer term refers to.
    #[inline]
    pub fn ptr(self) -> *mut usize {
        (self.0 & !PRIMARY_MASK) as *mut usize
    }
    #[inline]
    pub fn make_list(ptr: *const usize) -> Term {
        debug_assert!(ptr as usize & PRIMARY_MASK == 0);
        Term(ptr as usize | TAG_LIST)
    }
    #[inline]
    pub fn make_boxed(ptr: *const usize) -> Term {
        debug_assert!(ptr as usize & PRIMARY_MASK == 0);
        Term(ptr as usize | TAG_BOXED)
    }

    /// Head of a list cell. Caller has checked `is_list`.
    #[inline]
    pub fn head(self) -> Term {
        debug_assert!(self.is_list());
        // SAFETY: a list term points at a live 2-word cons cell (module invariant).
        unsafe { Term(*self.ptr()) }
    }
    #[inline]
    pub fn tail(self) -> Term {
        debug_assert!(self.is_list());
        // SAFETY: as in `head`.
        unsafe { Term(*self.ptr().add(1)) }
    }
    #[inline]
    pub fn as_cons(self) -> Option<(Term, Term)> {
        if self.is_list() {
            Some((self.head(), self.tail()))
        } else {
            None
        }
    }

    /// Overwrite a cons cell the caller has just built (a fresh copy nothing else can see yet).
    #[inline]
    pub fn set_cons_fresh(self, head: Term, tail: Term) {
        assert!(self.is_list());
        // SAFETY: a list term points at a live 2-word cell, fresh and private to the caller.
        unsafe {
            *self.ptr() = head.0;
            *self.ptr().add(1) = tail.0;
        }
    }

    /// Header word of a boxed term. Caller has checked `is_boxed`.
    #[inline]
    pub fn header(self) -> usize {
        debug_assert!(self.is_boxed());
        // SAFETY: a boxed term points at a live header word (module invariant).
        unsafe { *self.ptr() }
    }
    #[inline]
    pub fn box_kind(self) -> BoxKind {
        header_kind(self.header())
    }
    #[inline]
    pub fn is_box_of(self, kind: BoxKind) -> bool {
        self.is_boxed() && self.box_kind() == kind
    }
    /// Payload word `i` of a boxed term (0 = first word after the header).
    #[inline]
    pub fn payload_word(self, i: usize) -> usize {
        let n = header_payload(self.header());
        assert!(i < n, "payload index out of range");
        // SAFETY: i < payload length, and the object is live (module invariant).
        unsafe { *self.ptr().add(1 + i) }
    }
    /// Overwrite payload word `i` of a boxed object in place. Only for objects on the caller's own
    /// process heap that nothing else relies on being unchanged: a match context's position (private
    /// to the matching code, as in BEAM), or the unused tail of an append buffer (`bin_instr.rs`).
    /// Never for literals or shared data. Bounds-asserted, like `tuple_set_fresh`.
    #[inline]
    pub fn set_payload_word_fresh(self, i: usize, v: usize) {
        let n = header_payload(self.header());
        assert!(i < n, "payload index out of range");
        // SAFETY: i < payload length; the object is live and on the caller's own heap (contract).
        unsafe { *self.ptr().add(1 + i) = v }
    }
    /// The payload of a boxed term as a slice of raw words.
    #[inline]
    pub fn payload(self) -> &'static [usize] {
        let n = header_payload(self.header());
        // SAFETY: the header says the object has `n` payload words right after it. The 'static
        // lifetime is a lie bounded by the module invariant: callers must not keep the slice across
        // a collection (they never hold terms across one either).
        unsafe { std::slice::from_raw_parts(self.ptr().add(1), n) }
    }

    // ---- tuples ----
    #[inline]
    pub fn is_tuple(self) -> bool {
        self.is_box_of(BoxKind::Tuple)
    }
    #[inline]
    pub fn tuple_arity(self) -> usize {
        header_payload(self.header())
    }
    /// Element `i` (0-based) of a tuple. Caller has checked `is_tuple` and bounds.
    #[inline]
    pub fn tuple_get(self, i: usize) -> Term {
        Term(self.payload_word(i))
    }
    #[inline]
    pub fn tuple_elements(self) -> &'static [Term] {
        let p = self.payload();
        // SAFETY: Term is repr(transparent) over usize; tuple payload words are all terms.
        unsafe { std::slice::from_raw_parts(p.as_ptr() as *const Term, p.len()) }
    }
    /// Overwrite element `i` of a tuple in place. Only for tuples the caller has just built on its
    /// own heap (set_tuple_element, update_record on a fresh copy).
    #[inline]
    pub fn tuple_set_fresh(self, i: usize, v: Term) {
        let n = self.tuple_arity();
        assert!(i < n);
        // SAFETY: the tuple is on the caller's own heap, in bounds (checked above).
        unsafe { *self.ptr().add(1 + i) = v.0 }
    }
    #[inline]
    pub fn as_tuple(self) -> Option<&'static [Term]> {
        if self.is_tuple() {
            Some(self.tuple_elements())
        } else {
            None
        }
    }

    // ---- floats ----
    #[inline]
    pub fn is_float(self) -> bool {
        self.is_box_of(BoxKind::Float)
    }
    pub fn float_value(self) -> f64 {
        let p = self.payload();
        if FLOAT_WORDS == 1 {
            f64::from_bits(p[0] as u64)
        } else {
            f64::from_bits((p[0] as u64) | ((p[1] as u64) << 32))
        }
    }

    // ---- type tests used by guards ----
    #[inline]
    pub fn is_integer(self) -> bool {
        self.is_small()
            || (self.is_boxed() && matches!(self.box_kind(), BoxKind::PosBig | BoxKind::NegBig))
    }
    #[inline]
    pub fn is_number(self) -> bool {
        self.is_integer() || self.is_float()
    }
    #[inline]
    pub fn is_pid(self) -> bool {
        self.is_local_pid() || self.is_box_of(BoxKind::ExternalPid)
    }
    #[inline]
    pub fn is_port(self) -> bool {
        self.is_local_port() || self.is_box_of(BoxKind::ExternalPort)
    }
    #[inline]
    pub fn is_reference(self) -> bool {
        self.is_boxed() && matches!(self.box_kind(), BoxKind::Ref | BoxKind::ExternalRef)
    }
    #[inline]
    pub fn is_function(self) -> bool {
        self.is_boxed() && matches!(self.box_kind(), BoxKind::Fun | BoxKind::Export)
    }
    #[inline]
    pub fn is_map(self) -> bool {
        self.is_box_of(BoxKind::Map)
    }
    #[inline]
    pub fn is_bitstring(self) -> bool {
        self.is_boxed()
            && matches!(
                self.box_kind(),
                BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin
            )
    }
    #[inline]
    pub fn is_boolean(self) -> bool {
        self == Term::atom(crate::terms::atom::TRUE)
            || self == Term::atom(crate::terms::atom::FALSE)
    }
    /// A proper or improper list start: nil or a cons cell.
    #[inline]
    pub fn is_list_or_nil(self) -> bool {
        self.is_nil() || self.is_list()
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Term({:#x})", self.0)
    }
}

/// Code pointers and catch tags stored on a process stack. They use the header primary tag so the
/// collector (which only scans stacks for terms) can tell them apart from terms: a stack never holds
/// a header word otherwise. Bit 2 distinguishes a return address (0) from a catch tag (1).
/// Layout above bit 3: module index (`CODE_MODULE_BITS`) and instruction offset.
pub const CODE_MODULE_BITS: usize = if WORD_BITS == 64 { 24 } else { 10 };
pub const CODE_OFFSET_BITS: usize = WORD_BITS - 3 - CODE_MODULE_BITS;
pub const MAX_MODULES: usize = 1 << CODE_MODULE_BITS;
pub const MAX_CODE_OFFSET: usize = 1 << CODE_OFFSET_BITS;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct CodePtr {
    pub module: u32,
    pub offset: u32,
}

impl CodePtr {
    #[inline]
    pub fn encode_return(self) -> Term {
        Term(((self.offset as usize) << (3 + CODE_MODULE_BITS)) | ((self.module as usize) << 3))
    }
    #[inline]
    pub fn encode_catch(self) -> Term {
        Term(self.encode_return().0 | 0b100)
    }
    #[inline]
    pub fn is_code_word(t: Term) -> bool {
        is_header_word(t.0)
    }
    #[inline]
    pub fn is_catch(t: Term) -> bool {
        is_header_word(t.0) && t.0 & 0b100 != 0
    }
    #[inline]
    pub fn decode(t: Term) -> CodePtr {
        CodePtr {
            module: ((t.0 >> 3) & (MAX_MODULES - 1)) as u32,
            offset: (t.0 >> (3 + CODE_MODULE_BITS)) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_add_sub_on_raw_words() {
        let vals = [
            0,
            1,
            -1,
            7,
            -8,
            MAX_SMALL,
            MIN_SMALL,
            MAX_SMALL - 1,
            MIN_SMALL + 1,
            12345,
        ];
        for &p in &vals {
            for &q in &vals {
                let want =
                    |r: Option<isize>| r.filter(|&r| Term::fits_small(r as i64)).map(Term::small);
                let (a, b) = (Term::small(p), Term::small(q));
                assert_eq!(
                    Term::small_add(a, b),
                    want(p.checked_add(q)),
                    "{} + {}",
                    p,
                    q
                );
                assert_eq!(
                    Term::small_sub(a, b),
                    want(p.checked_sub(q)),
                    "{} - {}",
                    p,
                    q
                );
            }
        }
        assert_eq!(Term::small_add(Term::NIL, Term::small(1)), None);
        assert_eq!(Term::small_sub(Term::small(1), Term::NIL), None);
    }

    #[test]
    fn small_round_trip() {
        for v in [0isize, 1, -1, 42, MAX_SMALL, MIN_SMALL] {
            let t = Term::small(v);
            assert!(t.is_small());
            assert!(!t.is_atom());
            assert_eq!(t.small_value(), v);
        }
        assert!(Term::fits_small(MAX_SMALL as i64));
        assert!(!Term::fits_small(MAX_SMALL as i64 + 1));
    }

    #[test]
    fn immediates_are_distinct() {
        let a = Term::atom(Atom(7));
        assert!(a.is_atom() && !a.is_small() && !a.is_nil());
        assert_eq!(a.atom_index(), Atom(7));
        assert!(Term::NIL.is_nil() && !Term::NIL.is_atom());
        let p = Term::pid(5);
        assert!(p.is_local_pid() && p.pid_id() == 5 && !p.is_small());
    }

    #[test]
    fn code_pointers() {
        let cp = CodePtr {
            module: 3,
            offset: 12345,
        };
        let r = cp.encode_return();
        assert!(CodePtr::is_code_word(r) && !CodePtr::is_catch(r));
        assert_eq!(CodePtr::decode(r), cp);
        let c = cp.encode_catch();
        assert!(CodePtr::is_catch(c));
        assert_eq!(CodePtr::decode(c), cp);
    }

    #[test]
    fn headers() {
        let h = make_header(BoxKind::Map, 9);
        assert!(is_header_word(h));
        assert_eq!(header_kind(h), BoxKind::Map);
        assert_eq!(header_payload(h), 9);
    }
}
