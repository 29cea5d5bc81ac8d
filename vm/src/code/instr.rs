//! The internal instruction form. The loader decodes BEAM's generic instructions once into these,
//! with every operand resolved: labels to code offsets in the same module, literals and atoms to
//! terms, imports to slots in the module's import table, BIFs to function pointers.

use crate::code::native::{Bif0Fn, BifFn};
use crate::terms::term::{Atom, Term};

/// A code offset (index into `Module::code`).
pub type Label = u32;
/// x registers a process has (a power of two: the interpreter masks x indices instead of
/// bounds-checking them); the loader rejects code naming any past it.
pub const MAX_X: usize = 1024;

/// Where a failing test or guard BIF jumps; `NO_LABEL` means "raise instead".
pub const NO_LABEL: Label = u32::MAX;

/// A source operand in one word: a constant term (an immediate, or a pointer into the module's
/// literal heap), or a register. Registers use the header primary tag, which no term has:
/// `index << 3 | 0b000` for x, `index << 3 | 0b100` for y.
#[derive(Copy, Clone, PartialEq, Eq)]
pub struct Src(usize);

/// `Src` taken apart, for code that is not on the hot path.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SrcKind {
    X(u32),
    Y(u32),
    C(Term),
}

impl Src {
    #[inline]
    pub const fn x(i: u32) -> Src {
        Src((i as usize) << 3)
    }
    #[inline]
    pub const fn y(i: u32) -> Src {
        Src(((i as usize) << 3) | 0b100)
    }
    /// A constant. Terms never carry the header tag, so they cannot be mistaken for registers.
    #[inline]
    pub fn c(t: Term) -> Src {
        debug_assert!(t.raw() & 0b11 != 0);
        Src(t.raw())
    }
    #[inline]
    pub fn raw(self) -> usize {
        self.0
    }
    #[inline]
    pub fn kind(self) -> SrcKind {
        if self.0 & 0b11 != 0 {
            SrcKind::C(Term::from_raw(self.0))
        } else if self.0 & 0b100 == 0 {
            SrcKind::X((self.0 >> 3) as u32)
        } else {
            SrcKind::Y((self.0 >> 3) as u32)
        }
    }
    #[inline]
    pub fn as_const(self) -> Option<Term> {
        match self.kind() {
            SrcKind::C(t) => Some(t),
            _ => None,
        }
    }
}

impl std::fmt::Debug for Src {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind() {
            SrcKind::X(i) => write!(f, "X({})", i),
            SrcKind::Y(i) => write!(f, "Y({})", i),
            SrcKind::C(t) => write!(f, "C({:?})", t),
        }
    }
}

/// A destination register.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Dst {
    X(u32),
    Y(u32),
}

/// Segment of a `bs_create_bin` (OTP 25) construction.
#[derive(Clone, Debug)]
pub struct BinSegment {
    /// `integer`, `float`, `binary`, `utf8`, `utf16`, `utf32`, `string`, `append`, `private_append`.
    pub kind: Atom,
    pub unit: u32,
    /// Flags bitfield as in the BEAM file (bit 1 little, bit 2 signed, bit 3 native, …).
    pub flags: u32,
    pub src: Src,
    /// Size operand: a register, an integer, or the atom `all`/`undefined`.
    pub size: Src,
}

/// One command of OTP 26's `bs_match`.
#[derive(Clone, Debug)]
pub enum BsMatchCmd {
    EnsureAtLeast {
        size: u32,
        unit: u32,
    },
    EnsureExactly {
        size: u32,
    },
    Integer {
        live: u32,
        flags: u32,
        size: Src,
        unit: u32,
        dst: Dst,
    },
    Binary {
        live: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        size: Src,
        unit: u32,
        dst: Dst,
    },
    Skip {
        size: Src,
        unit: u32,
    },
    GetTail {
        live: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        unit: u32,
        dst: Dst,
    },
    EqualValue {
        size: u32,
        value: Term,
    },
}

/// Operands of an arithmetic instruction specialised at load time from a `gc_bif` call to
/// erlang:'+'/2 and friends: the interpreter computes small-integer cases inline and calls the
/// BIF named by `import` for everything else (bignums, floats, errors).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Arith {
    pub a: Src,
    pub b: Src,
    pub dst: Dst,
    pub fail: Label,
    pub live: u32,
    pub import: u32,
}

// ---- operands of the map and binary families ----
// Each instruction of these families carries one of these, so the interpreter hands it straight
// to its handler (`map_instr.rs`, `bin_instr.rs`) without matching the instruction again.

/// `put_map_assoc`, `put_map_exact`.
#[derive(Clone, Debug)]
pub struct MapPut {
    pub fail: Label,
    pub src: Src,
    pub dst: Dst,
    pub live: u32,
    pub pairs: Box<[(Src, Src)]>,
}

/// `has_map_fields`.
#[derive(Clone, Debug)]
pub struct MapHasFields {
    pub fail: Label,
    pub src: Src,
    pub keys: Box<[Src]>,
}

/// `get_map_elements`.
#[derive(Clone, Debug)]
pub struct MapGetElements {
    pub fail: Label,
    pub src: Src,
    pub pairs: Box<[(Src, Dst)]>,
}

/// `bs_create_bin`.
#[derive(Clone, Debug)]
pub struct BsCreate {
    pub fail: Label,
    pub alloc: u32,
    pub live: u32,
    pub unit: u32,
    pub dst: Dst,
    pub segments: Box<[BinSegment]>,
}

/// `bs_start_match3`, `bs_start_match4`.
#[derive(Clone, Debug)]
pub struct BsStart {
    pub fail: Label,
    pub live: u32,
    pub src: Src,
    pub dst: Dst,
}

/// `bs_get_position`, `bs_get_tail`: a match context to a value.
#[derive(Clone, Debug)]
pub struct BsCtxOut {
    pub ctx: Src,
    pub dst: Dst,
    pub live: u32,
}

/// `bs_set_position`.
#[derive(Clone, Debug)]
pub struct BsSetPos {
    pub ctx: Src,
    pub pos: Src,
}

/// `bs_test_tail2` (the bits left must be `bits`) and `bs_test_unit` (a multiple of `bits`).
#[derive(Clone, Debug)]
pub struct BsTest {
    pub fail: Label,
    pub ctx: Src,
    pub bits: u32,
}

/// `bs_match_string`.
#[derive(Clone, Debug)]
pub struct BsMatchStr {
    pub fail: Label,
    pub ctx: Src,
    pub bits: u32,
    pub bytes: Box<[u8]>,
}

/// `bs_get_integer2`, `bs_get_float2`, `bs_get_binary2`.
#[derive(Clone, Debug)]
pub struct BsGet {
    pub fail: Label,
    pub ctx: Src,
    pub live: u32,
    pub size: Src,
    pub unit: u32,
    pub flags: u32,
    pub dst: Dst,
}

/// `BsGetIntegerBytes`: `bs_get_integer2` with a literal whole-byte size of `bits`.
#[derive(Clone, Debug)]
pub struct BsGetBytes {
    pub fail: Label,
    pub ctx: Src,
    pub live: u32,
    pub bits: u32,
    pub flags: u32,
    pub dst: Dst,
}

/// `bs_skip_bits2`.
#[derive(Clone, Debug)]
pub struct BsSkip {
    pub fail: Label,
    pub ctx: Src,
    pub size: Src,
    pub unit: u32,
    #[allow(dead_code)] // decoded and checked by the loader; not needed to run
    pub flags: u32,
}

/// `bs_get_utf8`, `bs_get_utf16`, `bs_get_utf32`.
#[derive(Clone, Debug)]
pub struct BsGetUtf {
    pub fail: Label,
    pub ctx: Src,
    pub flags: u32,
    pub dst: Dst,
}

/// `bs_skip_utf8`, `bs_skip_utf16`, `bs_skip_utf32`.
#[derive(Clone, Debug)]
pub struct BsSkipUtf {
    pub fail: Label,
    pub ctx: Src,
    pub flags: u32,
}

/// OTP 26's `bs_match`.
#[derive(Clone, Debug)]
pub struct BsMatchSeq {
    pub fail: Label,
    pub ctx: Src,
    pub commands: Box<[BsMatchCmd]>,
}

/// `bs_init2` (size in bytes), `bs_init_bits` (size in bits).
#[derive(Clone, Debug)]
pub struct BsInit {
    pub fail: Label,
    pub size: Src,
    pub words: u32,
    pub live: u32,
    #[allow(dead_code)] // decoded and checked by the loader; not needed to run
    pub flags: u32,
    pub dst: Dst,
}

/// `bs_add`.
#[derive(Clone, Debug)]
pub struct BsSizeAdd {
    pub fail: Label,
    pub a: Src,
    pub b: Src,
    pub unit: u32,
    pub dst: Dst,
}

/// `bs_append` and `bs_private_append` (which has no `extra` words, 0 here, and no `live`).
#[derive(Clone, Debug)]
pub struct BsAppendOps {
    pub fail: Label,
    pub size: Src,
    pub extra: u32,
    pub live: Option<u32>,
    pub unit: u32,
    pub bin: Src,
    #[allow(dead_code)] // decoded and checked by the loader; not needed to run
    pub flags: u32,
    pub dst: Dst,
}

/// `bs_put_integer`, `bs_put_binary`, `bs_put_float`.
#[derive(Clone, Debug)]
pub struct BsPut {
    pub fail: Label,
    pub size: Src,
    pub unit: u32,
    pub flags: u32,
    pub src: Src,
}

/// `bs_put_utf8`, `bs_put_utf16`, `bs_put_utf32`.
#[derive(Clone, Debug)]
pub struct BsPutUtf {
    pub fail: Label,
    pub flags: u32,
    pub src: Src,
}

/// `bs_utf8_size`, `bs_utf16_size`.
#[derive(Clone, Debug)]
pub struct BsUtfSize {
    pub fail: Label,
    pub src: Src,
    pub dst: Dst,
}

/// Entry of a jump table or value list.
pub type ValueLabel = (Term, Label);

#[derive(Clone, Debug)]
pub enum Instr {
    /// Start of a function. Executed only when a clause search falls through: raises
    /// `function_clause` with the current arguments.
    FuncInfo {
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        module: Atom,
        function: Atom,
        arity: u32,
    },
    /// Never reached in valid code (end of module).
    IntCodeEnd,

    // ---- calls ----
    Call {
        arity: u32,
        target: Label,
    },
    CallLast {
        arity: u32,
        target: Label,
        dealloc: u32,
    },
    CallOnly {
        arity: u32,
        target: Label,
    },
    /// `import` indexes `Module::imports`.
    CallExt {
        arity: u32,
        import: u32,
    },
    CallExtLast {
        arity: u32,
        import: u32,
        dealloc: u32,
    },
    CallExtOnly {
        arity: u32,
        import: u32,
    },
    /// Call a BIF with no failure label (OTP's `call_ext` to a BIF resolves here too when the
    /// loader sees the import is a BIF). Args are in x0..x(arity-1); result to x0.
    CallBif {
        arity: u32,
        import: u32,
        bif: BifFn,
    },
    /// `call_ext_last` to a BIF: drop the frame, call it, then return.
    CallBifLast {
        arity: u32,
        import: u32,
        bif: BifFn,
        dealloc: u32,
    },
    /// `call_ext_only` to a BIF: call it, then return (no frame to drop).
    CallBifOnly {
        arity: u32,
        import: u32,
        bif: BifFn,
    },
    Bif0 {
        bif: Bif0Fn,
        dst: Dst,
    },
    /// bif1/bif2/gc_bif1..3: args, fail label (NO_LABEL = raise), live x registers (gc), dest.
    Bif {
        bif: BifFn,
        import: u32,
        args: Box<[Src]>,
        fail: Label,
        live: u32,
        dst: Dst,
    },
    // Specialised `Bif`s (see `Arith`), one variant per operation so dispatch selects the code.
    Add(Arith),
    Sub(Arith),
    Mul(Arith),
    Band(Arith),
    Bor(Arith),
    Bxor(Arith),
    Bsl(Arith),
    Bsr(Arith),
    Div(Arith),
    Rem(Arith),
    Apply {
        arity: u32,
    },
    ApplyLast {
        arity: u32,
        dealloc: u32,
    },
    CallFun {
        arity: u32,
    },
    /// OTP 25: fun in `fun`, args in x0..; `safe` when the compiler proved it a fun of that arity.
    CallFun2 {
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        tag: Src,
        arity: u32,
        fun: Src,
    },
    Return,

    // ---- stack and heap ----
    Allocate {
        stack: u32,
        #[allow(dead_code)] // growing the stack never collects, so the live count is not needed
        live: u32,
    },
    AllocateHeap {
        stack: u32,
        heap: u32,
        live: u32,
    },
    AllocateZero {
        stack: u32,
        #[allow(dead_code)] // growing the stack never collects, so the live count is not needed
        live: u32,
    },
    AllocateHeapZero {
        stack: u32,
        heap: u32,
        live: u32,
    },
    TestHeap {
        heap: u32,
        live: u32,
    },
    Init {
        dst: Dst,
    },
    InitYregs {
        regs: Box<[u32]>,
    },
    Deallocate {
        n: u32,
    },
    Trim {
        n: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        remaining: u32,
    },

    // ---- moves and data ----
    Move {
        src: Src,
        dst: Dst,
    },
    /// `Move` specialised by operand kind at load time (the commonest instructions).
    MoveXX {
        src: u32,
        dst: u32,
    },
    MoveXY {
        src: u32,
        dst: u32,
    },
    MoveYX {
        src: u32,
        dst: u32,
    },
    MoveCX {
        src: Term,
        dst: u32,
    },
    Swap {
        a: Dst,
        b: Dst,
    },
    GetList {
        src: Src,
        head: Dst,
        tail: Dst,
    },
    GetHd {
        src: Src,
        dst: Dst,
    },
    GetTl {
        src: Src,
        dst: Dst,
    },
    GetTupleElement {
        src: Src,
        index: u32,
        dst: Dst,
    },
    SetTupleElement {
        value: Src,
        tuple: Src,
        index: u32,
    },
    PutList {
        head: Src,
        tail: Src,
        dst: Dst,
    },
    PutTuple2 {
        dst: Dst,
        elements: Box<[Src]>,
    },
    /// Old-style put_tuple/put sequence, merged by the loader into PutTuple2 where possible.
    MakeFun {
        fun_index: u32,
        free: u32,
    },
    MakeFun3 {
        fun_index: u32,
        dst: Dst,
        env: Box<[Src]>,
    },

    // ---- control flow and tests ----
    Jump {
        target: Label,
    },
    IsLt {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsGe {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsEq {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsNe {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsEqExact {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsNeExact {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsInteger {
        fail: Label,
        src: Src,
    },
    IsFloat {
        fail: Label,
        src: Src,
    },
    IsNumber {
        fail: Label,
        src: Src,
    },
    IsAtom {
        fail: Label,
        src: Src,
    },
    IsPid {
        fail: Label,
        src: Src,
    },
    IsReference {
        fail: Label,
        src: Src,
    },
    IsPort {
        fail: Label,
        src: Src,
    },
    IsNil {
        fail: Label,
        src: Src,
    },
    IsBinary {
        fail: Label,
        src: Src,
    },
    IsBitstr {
        fail: Label,
        src: Src,
    },
    IsList {
        fail: Label,
        src: Src,
    },
    IsNonemptyList {
        fail: Label,
        src: Src,
    },
    IsTuple {
        fail: Label,
        src: Src,
    },
    IsBoolean {
        fail: Label,
        src: Src,
    },
    IsMap {
        fail: Label,
        src: Src,
    },
    IsFunction {
        fail: Label,
        src: Src,
    },
    IsFunction2 {
        fail: Label,
        src: Src,
        arity: Src,
    },
    TestArity {
        fail: Label,
        src: Src,
        arity: u32,
    },
    IsTaggedTuple {
        fail: Label,
        src: Src,
        arity: u32,
        tag: Term,
    },
    SelectVal {
        src: Src,
        fail: Label,
        list: Box<[ValueLabel]>,
    },
    /// `select_val` over a dense range of small integers (made at load time): `targets[v - base]`.
    SelectSmallTable {
        src: Src,
        fail: Label,
        base: isize,
        targets: Box<[Label]>,
    },
    SelectTupleArity {
        src: Src,
        fail: Label,
        list: Box<[(u32, Label)]>,
    },

    // ---- errors ----
    Badmatch {
        src: Src,
    },
    IfEnd,
    CaseEnd {
        src: Src,
    },
    TryCaseEnd {
        src: Src,
    },
    Badrecord {
        src: Src,
    },

    // ---- exceptions ----
    Catch {
        dst: Dst,
        handler: Label,
    },
    CatchEnd {
        dst: Dst,
    },
    Try {
        dst: Dst,
        handler: Label,
    },
    TryEnd {
        dst: Dst,
    },
    TryCase {
        dst: Dst,
    },
    Raise {
        stacktrace: Src,
        reason: Src,
    },
    BuildStacktrace,
    RawRaise,

    // ---- messages (processes issue) ----
    Send,
    RemoveMessage,
    Timeout,
    LoopRec {
        fail: Label,
        dst: Dst,
    },
    LoopRecEnd {
        target: Label,
    },
    Wait {
        target: Label,
    },
    WaitTimeout {
        target: Label,
        timeout: Src,
    },
    RecvMarkerReserve {
        dst: Dst,
    },
    RecvMarkerBind {
        marker: Src,
        reference: Src,
    },
    RecvMarkerClear {
        reference: Src,
    },
    RecvMarkerUse {
        reference: Src,
    },

    // ---- floats ----
    Fclearerror,
    Fcheckerror {
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        fail: Label,
    },
    /// Move between a float register and a term register/constant.
    FmoveToFr {
        src: Src,
        fr: u32,
    },
    FmoveFromFr {
        fr: u32,
        dst: Dst,
    },
    FmoveFrFr {
        src: u32,
        dst: u32,
    },
    Fconv {
        src: Src,
        fr: u32,
    },
    Fadd {
        a: u32,
        b: u32,
        dst: u32,
    },
    Fsub {
        a: u32,
        b: u32,
        dst: u32,
    },
    Fmul {
        a: u32,
        b: u32,
        dst: u32,
    },
    Fdiv {
        a: u32,
        b: u32,
        dst: u32,
    },
    Fnegate {
        src: u32,
        dst: u32,
    },

    // ---- maps (map_instr.rs) ----
    PutMapAssoc(MapPut),
    PutMapExact(MapPut),
    HasMapFields(MapHasFields),
    GetMapElements(MapGetElements),

    // ---- records (OTP 26) ----
    UpdateRecord {
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        hint: Atom,
        size: u32,
        src: Src,
        dst: Dst,
        updates: Box<[(u32, Src)]>,
    },

    // ---- binaries (bin_instr.rs) ----
    BsCreateBin(BsCreate),
    BsStartMatch3(BsStart),
    BsStartMatch4(BsStart),
    BsGetPosition(BsCtxOut),
    BsSetPosition(BsSetPos),
    BsGetTail(BsCtxOut),
    BsTestTail2(BsTest),
    BsTestUnit(BsTest),
    BsMatchString(BsMatchStr),
    BsGetInteger2(BsGet),
    /// `bs_get_integer2` with a literal size of whole bytes (8..=64 bits), made at load time: the
    /// interpreter reads byte-aligned fields inline and falls back to the general form.
    BsGetIntegerBytes(BsGetBytes),
    BsGetFloat2(BsGet),
    BsGetBinary2(BsGet),
    BsSkipBits2(BsSkip),
    BsGetUtf8(BsGetUtf),
    BsGetUtf16(BsGetUtf),
    BsGetUtf32(BsGetUtf),
    BsSkipUtf8(BsSkipUtf),
    BsSkipUtf16(BsSkipUtf),
    BsSkipUtf32(BsSkipUtf),
    BsMatch(BsMatchSeq),
    /// Pre-OTP-25 construction (bs_init2 … bs_put_*), kept so older .beam files still load.
    BsInit2(BsInit),
    BsInitBits(BsInit),
    BsAdd(BsSizeAdd),
    /// Boxed: too wide to keep `Instr` at 48 bytes, and only old code has it.
    BsAppend(Box<BsAppendOps>),
    BsPrivateAppend(Box<BsAppendOps>),
    BsPutInteger(BsPut),
    BsPutBinary(BsPut),
    BsPutFloat(BsPut),
    BsPutString(Box<[u8]>),
    BsPutUtf8(BsPutUtf),
    BsPutUtf16(BsPutUtf),
    BsPutUtf32(BsPutUtf),
    BsUtf8Size(BsUtfSize),
    BsUtf16Size(BsUtfSize),
    BsContextToBinary(Src),

    // ---- superinstructions (specialise.rs) ----
    // Each replaces the first of a pair and then skips the second, which stays in place so a
    // jump to it still finds it.
    /// is_nonempty_list + get_list on the same source.
    IsNonemptyGetList {
        fail: Label,
        src: Src,
        head: Dst,
        tail: Dst,
    },
    /// test_heap + put_list.
    TestHeapPutList {
        heap: u32,
        live: u32,
        head: Src,
        tail: Src,
        dst: Dst,
    },
    /// deallocate + return.
    DeallocateReturn {
        n: u32,
    },
    /// Two moves in a row.
    Move2 {
        src1: Src,
        dst1: Dst,
        src2: Src,
        dst2: Dst,
    },
    /// move + call.
    MoveCall {
        src: Src,
        dst: Dst,
        arity: u32,
        target: Label,
    },
    // ---- no-ops kept for positions ----
}

#[cfg(test)]
mod tests {
    #[test]
    fn instr_is_compact() {
        // Keep the hot loop's working set small.
        assert!(std::mem::size_of::<super::Instr>() <= 48);
        assert_eq!(
            std::mem::size_of::<super::Src>(),
            std::mem::size_of::<usize>()
        );
    }
}
