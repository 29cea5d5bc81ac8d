%% unicode: the conversions (characters_to_list/1,2, characters_to_binary/1,2,3) are native
%% in the VM (vm/src/bifs/unicode.rs) and reached before any code here; this module adds what
%% is not: byte order marks, and the normal forms (NFC, NFD, NFKC, NFKD), which are native
%% on one UTF-8 binary (vm/src/natives/normalization.rs).
-module(unicode).
-export([bom_to_encoding/1, encoding_to_bom/1]).
-export([characters_to_nfc_binary/1, characters_to_nfd_binary/1, characters_to_nfkc_binary/1,
         characters_to_nfkd_binary/1, characters_to_nfc_list/1, characters_to_nfd_list/1,
         characters_to_nfkc_list/1, characters_to_nfkd_list/1]).
-export([normalize_utf8/2]).

%% The encoding a binary's byte order mark announces and the mark's length ({latin1, 0}
%% when there is none).
bom_to_encoding(<<239, 187, 191, _/binary>>) -> {utf8, 3};
bom_to_encoding(<<0, 0, 254, 255, _/binary>>) -> {{utf32, big}, 4};
bom_to_encoding(<<255, 254, 0, 0, _/binary>>) -> {{utf32, little}, 4};
bom_to_encoding(<<254, 255, _/binary>>) -> {{utf16, big}, 2};
bom_to_encoding(<<255, 254, _/binary>>) -> {{utf16, little}, 2};
bom_to_encoding(Bin) when is_binary(Bin) -> {latin1, 0}.

encoding_to_bom(unicode) -> <<239, 187, 191>>;
encoding_to_bom(utf8) -> <<239, 187, 191>>;
encoding_to_bom(utf16) -> <<254, 255>>;
encoding_to_bom({utf16, big}) -> <<254, 255>>;
encoding_to_bom({utf16, little}) -> <<255, 254>>;
encoding_to_bom(utf32) -> <<0, 0, 254, 255>>;
encoding_to_bom({utf32, big}) -> <<0, 0, 254, 255>>;
encoding_to_bom({utf32, little}) -> <<255, 254, 0, 0>>;
encoding_to_bom(latin1) -> <<>>.

characters_to_nfc_binary(CD) -> normal(nfc, CD, binary).
characters_to_nfd_binary(CD) -> normal(nfd, CD, binary).
characters_to_nfkc_binary(CD) -> normal(nfkc, CD, binary).
characters_to_nfkd_binary(CD) -> normal(nfkd, CD, binary).
characters_to_nfc_list(CD) -> normal(nfc, CD, list).
characters_to_nfd_list(CD) -> normal(nfd, CD, list).
characters_to_nfkc_list(CD) -> normal(nfkc, CD, list).
characters_to_nfkd_list(CD) -> normal(nfkd, CD, list).

%% Invalid data: {error, the normalized text before it, the rest}, as OTP.
normal(Form, CD, Out) ->
    case unicode:characters_to_binary(CD) of
        B when is_binary(B) -> as(Out, normalize_utf8(Form, B));
        {error, Done, Rest} -> {error, as(Out, normalize_utf8(Form, Done)), Rest};
        {incomplete, Done, Rest} -> {error, as(Out, normalize_utf8(Form, Done)), Rest}
    end.

as(binary, B) -> B;
as(list, B) -> unicode:characters_to_list(B).

normalize_utf8(_Form, _Bin) -> erlang:nif_error(undef).
