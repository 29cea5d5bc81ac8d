//! The generic BEAM opcode table (OTP's genop.tab): number → name, arity, and whether the
//! opcode is obsolete (emitted only by compilers older than OTP 21, not supported here).
//! Numbers 1..=180 are as in OTP 25; 181..=184 were added by OTP 26–28, 185..=186 by OTP 29.

/// One generic opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op {
    pub name: &'static str,
    pub arity: u8,
    pub obsolete: bool,
}

impl Op {
    const fn new(name: &'static str, arity: u8, obsolete: bool) -> Op {
        Op {
            name,
            arity,
            obsolete,
        }
    }
}

/// Highest opcode number this table knows.
pub const MAX_OPCODE: u8 = 186;

const TABLE: [Op; MAX_OPCODE as usize] = [
    Op::new("label", 1, false),                // 1
    Op::new("func_info", 3, false),            // 2
    Op::new("int_code_end", 0, false),         // 3
    Op::new("call", 2, false),                 // 4
    Op::new("call_last", 3, false),            // 5
    Op::new("call_only", 2, false),            // 6
    Op::new("call_ext", 2, false),             // 7
    Op::new("call_ext_last", 3, false),        // 8
    Op::new("bif0", 2, false),                 // 9
    Op::new("bif1", 4, false),                 // 10
    Op::new("bif2", 5, false),                 // 11
    Op::new("allocate", 2, false),             // 12
    Op::new("allocate_heap", 3, false),        // 13
    Op::new("allocate_zero", 2, false),        // 14
    Op::new("allocate_heap_zero", 3, false),   // 15
    Op::new("test_heap", 2, false),            // 16
    Op::new("init", 1, false),                 // 17
    Op::new("deallocate", 1, false),           // 18
    Op::new("return", 0, false),               // 19
    Op::new("send", 0, false),                 // 20
    Op::new("remove_message", 0, false),       // 21
    Op::new("timeout", 0, false),              // 22
    Op::new("loop_rec", 2, false),             // 23
    Op::new("loop_rec_end", 1, false),         // 24
    Op::new("wait", 1, false),                 // 25
    Op::new("wait_timeout", 2, false),         // 26
    Op::new("m_plus", 4, true),                // 27
    Op::new("m_minus", 4, true),               // 28
    Op::new("m_times", 4, true),               // 29
    Op::new("m_div", 4, true),                 // 30
    Op::new("int_div", 4, true),               // 31
    Op::new("int_rem", 4, true),               // 32
    Op::new("int_band", 4, true),              // 33
    Op::new("int_bor", 4, true),               // 34
    Op::new("int_bxor", 4, true),              // 35
    Op::new("int_bsl", 4, true),               // 36
    Op::new("int_bsr", 4, true),               // 37
    Op::new("int_bnot", 3, true),              // 38
    Op::new("is_lt", 3, false),                // 39
    Op::new("is_ge", 3, false),                // 40
    Op::new("is_eq", 3, false),                // 41
    Op::new("is_ne", 3, false),                // 42
    Op::new("is_eq_exact", 3, false),          // 43
    Op::new("is_ne_exact", 3, false),          // 44
    Op::new("is_integer", 2, false),           // 45
    Op::new("is_float", 2, false),             // 46
    Op::new("is_number", 2, false),            // 47
    Op::new("is_atom", 2, false),              // 48
    Op::new("is_pid", 2, false),               // 49
    Op::new("is_reference", 2, false),         // 50
    Op::new("is_port", 2, false),              // 51
    Op::new("is_nil", 2, false),               // 52
    Op::new("is_binary", 2, false),            // 53
    Op::new("is_constant", 2, true),           // 54
    Op::new("is_list", 2, false),              // 55
    Op::new("is_nonempty_list", 2, false),     // 56
    Op::new("is_tuple", 2, false),             // 57
    Op::new("test_arity", 3, false),           // 58
    Op::new("select_val", 3, false),           // 59
    Op::new("select_tuple_arity", 3, false),   // 60
    Op::new("jump", 1, false),                 // 61
    Op::new("catch", 2, false),                // 62
    Op::new("catch_end", 1, false),            // 63
    Op::new("move", 2, false),                 // 64
    Op::new("get_list", 3, false),             // 65
    Op::new("get_tuple_element", 3, false),    // 66
    Op::new("set_tuple_element", 3, false),    // 67
    Op::new("put_string", 3, true),            // 68
    Op::new("put_list", 3, false),             // 69
    Op::new("put_tuple", 2, false),            // 70
    Op::new("put", 1, false),                  // 71
    Op::new("badmatch", 1, false),             // 72
    Op::new("if_end", 0, false),               // 73
    Op::new("case_end", 1, false),             // 74
    Op::new("call_fun", 1, false),             // 75
    Op::new("make_fun", 3, true),              // 76
    Op::new("is_function", 2, false),          // 77
    Op::new("call_ext_only", 2, false),        // 78
    Op::new("bs_start_match", 2, true),        // 79
    Op::new("bs_get_integer", 5, true),        // 80
    Op::new("bs_get_float", 5, true),          // 81
    Op::new("bs_get_binary", 5, true),         // 82
    Op::new("bs_skip_bits", 4, true),          // 83
    Op::new("bs_test_tail", 2, true),          // 84
    Op::new("bs_save", 1, true),               // 85
    Op::new("bs_restore", 1, true),            // 86
    Op::new("bs_init", 2, true),               // 87
    Op::new("bs_final", 2, true),              // 88
    Op::new("bs_put_integer", 5, false),       // 89
    Op::new("bs_put_binary", 5, false),        // 90
    Op::new("bs_put_float", 5, false),         // 91
    Op::new("bs_put_string", 2, false),        // 92
    Op::new("bs_need_buf", 1, true),           // 93
    Op::new("fclearerror", 0, false),          // 94
    Op::new("fcheckerror", 1, false),          // 95
    Op::new("fmove", 2, false),                // 96
    Op::new("fconv", 2, false),                // 97
    Op::new("fadd", 4, false),                 // 98
    Op::new("fsub", 4, false),                 // 99
    Op::new("fmul", 4, false),                 // 100
    Op::new("fdiv", 4, false),                 // 101
    Op::new("fnegate", 3, false),              // 102
    Op::new("make_fun2", 1, false),            // 103
    Op::new("try", 2, false),                  // 104
    Op::new("try_end", 1, false),              // 105
    Op::new("try_case", 1, false),             // 106
    Op::new("try_case_end", 1, false),         // 107
    Op::new("raise", 2, false),                // 108
    Op::new("bs_init2", 6, false),             // 109
    Op::new("bs_bits_to_bytes", 3, true),      // 110
    Op::new("bs_add", 5, false),               // 111
    Op::new("apply", 1, false),                // 112
    Op::new("apply_last", 2, false),           // 113
    Op::new("is_boolean", 2, false),           // 114
    Op::new("is_function2", 3, false),         // 115
    Op::new("bs_start_match2", 5, true),       // 116
    Op::new("bs_get_integer2", 7, false),      // 117
    Op::new("bs_get_float2", 7, false),        // 118
    Op::new("bs_get_binary2", 7, false),       // 119
    Op::new("bs_skip_bits2", 5, false),        // 120
    Op::new("bs_test_tail2", 3, false),        // 121
    Op::new("bs_save2", 2, true),              // 122
    Op::new("bs_restore2", 2, true),           // 123
    Op::new("gc_bif1", 5, false),              // 124
    Op::new("gc_bif2", 6, false),              // 125
    Op::new("bs_final2", 2, true),             // 126
    Op::new("bs_bits_to_bytes2", 2, true),     // 127
    Op::new("put_literal", 2, true),           // 128
    Op::new("is_bitstr", 2, false),            // 129
    Op::new("bs_context_to_binary", 1, false), // 130
    Op::new("bs_test_unit", 3, false),         // 131
    Op::new("bs_match_string", 4, false),      // 132
    Op::new("bs_init_writable", 0, false),     // 133
    Op::new("bs_append", 8, false),            // 134
    Op::new("bs_private_append", 6, false),    // 135
    Op::new("trim", 2, false),                 // 136
    Op::new("bs_init_bits", 6, false),         // 137
    Op::new("bs_get_utf8", 5, false),          // 138
    Op::new("bs_skip_utf8", 4, false),         // 139
    Op::new("bs_get_utf16", 5, false),         // 140
    Op::new("bs_skip_utf16", 4, false),        // 141
    Op::new("bs_get_utf32", 5, false),         // 142
    Op::new("bs_skip_utf32", 4, false),        // 143
    Op::new("bs_utf8_size", 3, false),         // 144
    Op::new("bs_put_utf8", 3, false),          // 145
    Op::new("bs_utf16_size", 3, false),        // 146
    Op::new("bs_put_utf16", 3, false),         // 147
    Op::new("bs_put_utf32", 3, false),         // 148
    Op::new("on_load", 0, false),              // 149
    Op::new("recv_mark", 1, false),            // 150
    Op::new("recv_set", 1, false),             // 151
    Op::new("gc_bif3", 7, false),              // 152
    Op::new("line", 1, false),                 // 153
    Op::new("put_map_assoc", 5, false),        // 154
    Op::new("put_map_exact", 5, false),        // 155
    Op::new("is_map", 2, false),               // 156
    Op::new("has_map_fields", 3, false),       // 157
    Op::new("get_map_elements", 3, false),     // 158
    Op::new("is_tagged_tuple", 4, false),      // 159
    Op::new("build_stacktrace", 0, false),     // 160
    Op::new("raw_raise", 0, false),            // 161
    Op::new("get_hd", 2, false),               // 162
    Op::new("get_tl", 2, false),               // 163
    Op::new("put_tuple2", 2, false),           // 164
    Op::new("bs_get_tail", 3, false),          // 165
    Op::new("bs_start_match3", 4, false),      // 166
    Op::new("bs_get_position", 3, false),      // 167
    Op::new("bs_set_position", 2, false),      // 168
    Op::new("swap", 2, false),                 // 169
    Op::new("bs_start_match4", 4, false),      // 170
    Op::new("make_fun3", 3, false),            // 171
    Op::new("init_yregs", 1, false),           // 172
    Op::new("recv_marker_bind", 2, false),     // 173
    Op::new("recv_marker_clear", 1, false),    // 174
    Op::new("recv_marker_reserve", 1, false),  // 175
    Op::new("recv_marker_use", 1, false),      // 176
    Op::new("bs_create_bin", 6, false),        // 177
    Op::new("call_fun2", 3, false),            // 178
    Op::new("nif_start", 0, false),            // 179
    Op::new("badrecord", 1, false),            // 180
    Op::new("update_record", 5, false),        // 181
    Op::new("bs_match", 3, false),             // 182
    Op::new("executable_line", 2, false),      // 183
    Op::new("debug_line", 4, false),           // 184
    Op::new("bif3", 6, false),                 // 185
    Op::new("is_any_native_record", 2, false), // 186
];

/// The opcode with this number, if known.
pub fn get(opcode: u8) -> Option<Op> {
    if opcode == 0 {
        return None;
    }
    TABLE.get(opcode as usize - 1).copied()
}

/// The number of the opcode with this name (for tests).
#[cfg(test)]
pub fn number(name: &str) -> Option<u8> {
    TABLE
        .iter()
        .position(|o| o.name == name)
        .map(|i| i as u8 + 1)
}

// Opcode numbers the loader dispatches on.
pub const LABEL: u8 = 1;
pub const FUNC_INFO: u8 = 2;
pub const INT_CODE_END: u8 = 3;
pub const CALL: u8 = 4;
pub const CALL_LAST: u8 = 5;
pub const CALL_ONLY: u8 = 6;
pub const CALL_EXT: u8 = 7;
pub const CALL_EXT_LAST: u8 = 8;
pub const BIF0: u8 = 9;
pub const BIF1: u8 = 10;
pub const BIF2: u8 = 11;
pub const ALLOCATE: u8 = 12;
pub const ALLOCATE_HEAP: u8 = 13;
pub const ALLOCATE_ZERO: u8 = 14;
pub const ALLOCATE_HEAP_ZERO: u8 = 15;
pub const TEST_HEAP: u8 = 16;
pub const INIT: u8 = 17;
pub const DEALLOCATE: u8 = 18;
pub const RETURN: u8 = 19;
pub const SEND: u8 = 20;
pub const REMOVE_MESSAGE: u8 = 21;
pub const TIMEOUT: u8 = 22;
pub const LOOP_REC: u8 = 23;
pub const LOOP_REC_END: u8 = 24;
pub const WAIT: u8 = 25;
pub const WAIT_TIMEOUT: u8 = 26;
pub const IS_LT: u8 = 39;
pub const IS_GE: u8 = 40;
pub const IS_EQ: u8 = 41;
pub const IS_NE: u8 = 42;
pub const IS_EQ_EXACT: u8 = 43;
pub const IS_NE_EXACT: u8 = 44;
pub const IS_INTEGER: u8 = 45;
pub const IS_FLOAT: u8 = 46;
pub const IS_NUMBER: u8 = 47;
pub const IS_ATOM: u8 = 48;
pub const IS_PID: u8 = 49;
pub const IS_REFERENCE: u8 = 50;
pub const IS_PORT: u8 = 51;
pub const IS_NIL: u8 = 52;
pub const IS_BINARY: u8 = 53;
pub const IS_LIST: u8 = 55;
pub const IS_NONEMPTY_LIST: u8 = 56;
pub const IS_TUPLE: u8 = 57;
pub const TEST_ARITY: u8 = 58;
pub const SELECT_VAL: u8 = 59;
pub const SELECT_TUPLE_ARITY: u8 = 60;
pub const JUMP: u8 = 61;
pub const CATCH: u8 = 62;
pub const CATCH_END: u8 = 63;
pub const MOVE: u8 = 64;
pub const GET_LIST: u8 = 65;
pub const GET_TUPLE_ELEMENT: u8 = 66;
pub const SET_TUPLE_ELEMENT: u8 = 67;
pub const PUT_LIST: u8 = 69;
pub const PUT_TUPLE: u8 = 70;
pub const PUT: u8 = 71;
pub const BADMATCH: u8 = 72;
pub const IF_END: u8 = 73;
pub const CASE_END: u8 = 74;
pub const CALL_FUN: u8 = 75;
pub const IS_FUNCTION: u8 = 77;
pub const CALL_EXT_ONLY: u8 = 78;
pub const BS_PUT_INTEGER: u8 = 89;
pub const BS_PUT_BINARY: u8 = 90;
pub const BS_PUT_FLOAT: u8 = 91;
pub const BS_PUT_STRING: u8 = 92;
pub const FCLEARERROR: u8 = 94;
pub const FCHECKERROR: u8 = 95;
pub const FMOVE: u8 = 96;
pub const FCONV: u8 = 97;
pub const FADD: u8 = 98;
pub const FSUB: u8 = 99;
pub const FMUL: u8 = 100;
pub const FDIV: u8 = 101;
pub const FNEGATE: u8 = 102;
pub const MAKE_FUN2: u8 = 103;
pub const TRY: u8 = 104;
pub const TRY_END: u8 = 105;
pub const TRY_CASE: u8 = 106;
pub const TRY_CASE_END: u8 = 107;
pub const RAISE: u8 = 108;
pub const BS_INIT2: u8 = 109;
pub const BS_ADD: u8 = 111;
pub const APPLY: u8 = 112;
pub const APPLY_LAST: u8 = 113;
pub const IS_BOOLEAN: u8 = 114;
pub const IS_FUNCTION2: u8 = 115;
pub const BS_GET_INTEGER2: u8 = 117;
pub const BS_GET_FLOAT2: u8 = 118;
pub const BS_GET_BINARY2: u8 = 119;
pub const BS_SKIP_BITS2: u8 = 120;
pub const BS_TEST_TAIL2: u8 = 121;
pub const GC_BIF1: u8 = 124;
pub const GC_BIF2: u8 = 125;
pub const IS_BITSTR: u8 = 129;
pub const BS_CONTEXT_TO_BINARY: u8 = 130;
pub const BS_TEST_UNIT: u8 = 131;
pub const BS_MATCH_STRING: u8 = 132;
pub const BS_INIT_WRITABLE: u8 = 133;
pub const BS_APPEND: u8 = 134;
pub const BS_PRIVATE_APPEND: u8 = 135;
pub const TRIM: u8 = 136;
pub const BS_INIT_BITS: u8 = 137;
pub const BS_GET_UTF8: u8 = 138;
pub const BS_SKIP_UTF8: u8 = 139;
pub const BS_GET_UTF16: u8 = 140;
pub const BS_SKIP_UTF16: u8 = 141;
pub const BS_GET_UTF32: u8 = 142;
pub const BS_SKIP_UTF32: u8 = 143;
pub const BS_UTF8_SIZE: u8 = 144;
pub const BS_PUT_UTF8: u8 = 145;
pub const BS_UTF16_SIZE: u8 = 146;
pub const BS_PUT_UTF16: u8 = 147;
pub const BS_PUT_UTF32: u8 = 148;
pub const ON_LOAD: u8 = 149;
pub const RECV_MARK: u8 = 150;
pub const RECV_SET: u8 = 151;
pub const GC_BIF3: u8 = 152;
pub const LINE: u8 = 153;
pub const PUT_MAP_ASSOC: u8 = 154;
pub const PUT_MAP_EXACT: u8 = 155;
pub const IS_MAP: u8 = 156;
pub const HAS_MAP_FIELDS: u8 = 157;
pub const GET_MAP_ELEMENTS: u8 = 158;
pub const IS_TAGGED_TUPLE: u8 = 159;
pub const BUILD_STACKTRACE: u8 = 160;
pub const RAW_RAISE: u8 = 161;
pub const GET_HD: u8 = 162;
pub const GET_TL: u8 = 163;
pub const PUT_TUPLE2: u8 = 164;
pub const BS_GET_TAIL: u8 = 165;
pub const BS_START_MATCH3: u8 = 166;
pub const BS_GET_POSITION: u8 = 167;
pub const BS_SET_POSITION: u8 = 168;
pub const SWAP: u8 = 169;
pub const BS_START_MATCH4: u8 = 170;
pub const MAKE_FUN3: u8 = 171;
pub const INIT_YREGS: u8 = 172;
pub const RECV_MARKER_BIND: u8 = 173;
pub const RECV_MARKER_CLEAR: u8 = 174;
pub const RECV_MARKER_RESERVE: u8 = 175;
pub const RECV_MARKER_USE: u8 = 176;
pub const BS_CREATE_BIN: u8 = 177;
pub const CALL_FUN2: u8 = 178;
pub const NIF_START: u8 = 179;
pub const BADRECORD: u8 = 180;
pub const UPDATE_RECORD: u8 = 181;
pub const BS_MATCH: u8 = 182;
pub const EXECUTABLE_LINE: u8 = 183;
pub const DEBUG_LINE: u8 = 184;
pub const BIF3: u8 = 185;
pub const IS_ANY_NATIVE_RECORD: u8 = 186;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_genop() {
        assert_eq!(get(1).unwrap().name, "label");
        assert_eq!(
            get(64),
            Some(Op {
                name: "move",
                arity: 2,
                obsolete: false
            })
        );
        assert_eq!(get(177).unwrap().arity, 6);
        assert_eq!(get(178).unwrap().name, "call_fun2");
        assert_eq!(
            get(181),
            Some(Op {
                name: "update_record",
                arity: 5,
                obsolete: false
            })
        );
        assert_eq!(get(182).unwrap().name, "bs_match");
        assert_eq!(
            get(184),
            Some(Op {
                name: "debug_line",
                arity: 4,
                obsolete: false
            })
        );
        assert_eq!(
            get(185),
            Some(Op {
                name: "bif3",
                arity: 6,
                obsolete: false
            })
        );
        assert_eq!(get(186).unwrap().name, "is_any_native_record");
        assert_eq!(get(0), None);
        assert_eq!(get(187), None);
        assert!(get(27).unwrap().obsolete);
        assert_eq!(number("bs_create_bin"), Some(BS_CREATE_BIN));
        for i in 1..=MAX_OPCODE {
            assert_eq!(number(get(i).unwrap().name), Some(i));
        }
    }
}
