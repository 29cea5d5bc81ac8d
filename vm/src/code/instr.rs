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
        #[allow(dead_code)] // growing the stack never collects: the live count is not needed
        live: u32,
    },
    AllocateHeap {
        stack: u32,
        heap: u32,
        live: u32,
    },
    AllocateZero {
        stack: u32,
        #[allow(dead_code)] // growing the stack never collects: the live count is not needed
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

    // ---- maps ----
    PutMapAssoc {
        fail: Label,
        src: Src,
        dst: Dst,
        live: u32,
        pairs: Box<[(Src, Src)]>,
    },
    PutMapExact {
        fail: Label,
        src: Src,
        dst: Dst,
        live: u32,
        pairs: Box<[(Src, Src)]>,
    },
    HasMapFields {
        fail: Label,
        src: Src,
        keys: Box<[Src]>,
    },
    GetMapElements {
        fail: Label,
        src: Src,
        pairs: Box<[(Src, Dst)]>,
    },

    // ---- records (OTP 26) ----
    UpdateRecord {
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        hint: Atom,
        size: u32,
        src: Src,
        dst: Dst,
        updates: Box<[(u32, Src)]>,
    },

    // ---- binaries ----
    BsCreateBin {
        fail: Label,
        alloc: u32,
        live: u32,
        unit: u32,
        dst: Dst,
        segments: Box<[BinSegment]>,
    },
    BsStartMatch3 {
        fail: Label,
        src: Src,
        live: u32,
        dst: Dst,
    },
    BsStartMatch4 {
        fail: Label,
        live: u32,
        src: Src,
        dst: Dst,
    },
    BsGetPosition {
        ctx: Src,
        dst: Dst,
        live: u32,
    },
    BsSetPosition {
        ctx: Src,
        pos: Src,
    },
    BsGetTail {
        ctx: Src,
        dst: Dst,
        live: u32,
    },
    BsTestTail2 {
        fail: Label,
        ctx: Src,
        bits: u32,
    },
    BsTestUnit {
        fail: Label,
        ctx: Src,
        unit: u32,
    },
    BsMatchString {
        fail: Label,
        ctx: Src,
        bits: u32,
        bytes: Box<[u8]>,
    },
    BsGetInteger2 {
        fail: Label,
        ctx: Src,
        live: u32,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    /// `bs_get_integer2` with a literal size of whole bytes (8..=64 bits), made at load time: the
    /// interpreter reads byte-aligned fields inline and falls back to the general form.
    BsGetIntegerBytes {
        fail: Label,
        ctx: Src,
        live: u32,
        bits: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetFloat2 {
        fail: Label,
        ctx: Src,
        live: u32,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetBinary2 {
        fail: Label,
        ctx: Src,
        live: u32,
        size: Src,
        unit: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        dst: Dst,
    },
    BsSkipBits2 {
        fail: Label,
        ctx: Src,
        size: Src,
        unit: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
    },
    BsGetUtf8 {
        fail: Label,
        ctx: Src,
        flags: u32,
        dst: Dst,
    },
    BsGetUtf16 {
        fail: Label,
        ctx: Src,
        flags: u32,
        dst: Dst,
    },
    BsGetUtf32 {
        fail: Label,
        ctx: Src,
        flags: u32,
        dst: Dst,
    },
    BsSkipUtf8 {
        fail: Label,
        ctx: Src,
        flags: u32,
    },
    BsSkipUtf16 {
        fail: Label,
        ctx: Src,
        flags: u32,
    },
    BsSkipUtf32 {
        fail: Label,
        ctx: Src,
        flags: u32,
    },
    BsMatch {
        fail: Label,
        ctx: Src,
        commands: Box<[BsMatchCmd]>,
    },
    /// Pre-OTP-25 construction (bs_init2 … bs_put_*), kept so older .beam files still load.
    BsInit2 {
        fail: Label,
        size: Src,
        words: u32,
        live: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        dst: Dst,
    },
    BsInitBits {
        fail: Label,
        size: Src,
        words: u32,
        live: u32,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        dst: Dst,
    },
    BsAdd {
        fail: Label,
        a: Src,
        b: Src,
        unit: u32,
        dst: Dst,
    },
    BsAppend {
        fail: Label,
        size: Src,
        extra: u32,
        live: u32,
        unit: u32,
        bin: Src,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        dst: Dst,
    },
    BsPrivateAppend {
        fail: Label,
        size: Src,
        unit: u32,
        bin: Src,
        #[allow(dead_code)] // decoded and checked by the loader; not needed to run
        flags: u32,
        dst: Dst,
    },
    BsPutInteger {
        fail: Label,
        size: Src,
        unit: u32,
        flags: u32,
        src: Src,
    },
    BsPutBinary {
        fail: Label,
        size: Src,
        unit: u32,
        flags: u32,
        src: Src,
    },
    BsPutFloat {
        fail: Label,
        size: Src,
        unit: u32,
        flags: u32,
        src: Src,
    },
    BsPutString {
        bytes: Box<[u8]>,
    },
    BsPutUtf8 {
        fail: Label,
        flags: u32,
        src: Src,
    },
    BsPutUtf16 {
        fail: Label,
        flags: u32,
        src: Src,
    },
    BsPutUtf32 {
        fail: Label,
        flags: u32,
        src: Src,
    },
    BsUtf8Size {
        fail: Label,
        src: Src,
        dst: Dst,
    },
    BsUtf16Size {
        fail: Label,
        src: Src,
        dst: Dst,
    },
    BsContextToBinary {
        src: Src,
    },

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
    // ---- no-ops kept for positions ----
    /// `line`, `executable_line`, `debug_line`, `nif_start`, `on_load` bookkeeping: loaders may
    /// drop these; kept as a variant so instruction offsets can stay stable if needed.
    #[allow(dead_code)]
    Nop,
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
