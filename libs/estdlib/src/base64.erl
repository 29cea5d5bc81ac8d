%% base64: RFC 4648 base64 (the standard alphabet, with padding), OTP 25's API (OTP 25 has no
%% options; the mode/padding options are OTP 26). decode/1 skips whitespace (space, tab, CR,
%% LF) and fails on anything else out of place; mime_decode/1 skips every character outside
%% the alphabet, and stops at the padding. Errors are `error` exceptions (OTP's reasons vary
%% from case to case; these do not try to copy them).
-module(base64).

-export([encode/1, encode_to_string/1, decode/1, decode_to_string/1, mime_decode/1,
         mime_decode_to_string/1]).

encode(Data) when is_binary(Data) -> enc(Data, <<>>);
encode(Data) when is_list(Data) -> enc(list_to_binary(Data), <<>>).

encode_to_string(Data) -> binary_to_list(encode(Data)).

enc(<<A:6, B:6, C:6, D:6, Rest/binary>>, Acc) ->
    enc(Rest, <<Acc/binary, (digit(A)), (digit(B)), (digit(C)), (digit(D))>>);
enc(<<A:6, B:6, C:4>>, Acc) -> <<Acc/binary, (digit(A)), (digit(B)), (digit(C bsl 2)), $=>>;
enc(<<A:6, B:2>>, Acc) -> <<Acc/binary, (digit(A)), (digit(B bsl 4)), $=, $=>>;
enc(<<>>, Acc) -> Acc.

digit(N) when N < 26 -> $A + N;
digit(N) when N < 52 -> $a + N - 26;
digit(N) when N < 62 -> $0 + N - 52;
digit(62) -> $+;
digit(63) -> $/.

value(C) when C >= $A, C =< $Z -> C - $A;
value(C) when C >= $a, C =< $z -> C - $a + 26;
value(C) when C >= $0, C =< $9 -> C - $0 + 52;
value($+) -> 62;
value($/) -> 63;
value(_) -> bad.

decode(Data) -> dec(significant(Data, fun strict/1), <<>>).

decode_to_string(Data) -> binary_to_list(decode(Data)).

mime_decode(Data) -> mime(significant(Data, fun lenient/1), <<>>).

mime_decode_to_string(Data) -> binary_to_list(mime_decode(Data)).

%% The characters that count, as a list of values (0..63) and the atom pad for '='.
significant(Data, Keep) when is_binary(Data) -> significant(binary_to_list(Data), Keep);
significant(Data, Keep) when is_list(Data) -> lists:filtermap(Keep, Data).

strict(C) when C =:= $\s; C =:= $\t; C =:= $\r; C =:= $\n -> false;
strict($=) -> {true, pad};
strict(C) when is_integer(C), C >= 0, C =< 255 ->
    case value(C) of
        bad -> erlang:error(badarg);
        V -> {true, V}
    end;
strict(_) -> erlang:error(badarg).

lenient($=) -> {true, pad};
lenient(C) when is_integer(C), C >= 0, C =< 255 ->
    case value(C) of
        bad -> false;
        V -> {true, V}
    end;
lenient(_) -> erlang:error(badarg).

dec([A, B, C, D | Rest], Acc) when is_integer(A), is_integer(B), is_integer(C), is_integer(D) ->
    dec(Rest, <<Acc/binary, A:6, B:6, C:6, D:6>>);
dec([A, B, C, pad], Acc) when is_integer(A), is_integer(B), is_integer(C) ->
    <<Acc/binary, A:6, B:6, (C bsr 2):4>>;
dec([A, B, pad, pad], Acc) when is_integer(A), is_integer(B) ->
    <<Acc/binary, A:6, (B bsr 4):2>>;
dec([], Acc) -> Acc;
dec(_, _) -> erlang:error(badarg).

%% As dec/2, but a final group may lack its second '=', and '='s after the end are ignored.
mime([A, B, C, D | Rest], Acc) when is_integer(A), is_integer(B), is_integer(C), is_integer(D) ->
    mime(Rest, <<Acc/binary, A:6, B:6, C:6, D:6>>);
mime([A, B, C, pad | Rest], Acc) when is_integer(A), is_integer(B), is_integer(C) ->
    padding(Rest, <<Acc/binary, A:6, B:6, (C bsr 2):4>>);
mime([A, B, pad | Rest], Acc) when is_integer(A), is_integer(B) ->
    padding(Rest, <<Acc/binary, A:6, (B bsr 4):2>>);
mime(Rest, Acc) -> padding(Rest, Acc).

padding([pad | Rest], Acc) -> padding(Rest, Acc);
padding([], Acc) -> Acc;
padding(_, _) -> erlang:error(badarg).
