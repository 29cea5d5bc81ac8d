%% base64: RFC 4648 base64 with OTP 29's API: the standard or the URL-safe alphabet
%% (`#{mode => standard | urlsafe}`) and optional padding (`#{padding => boolean()}`, default
%% true). decode skips whitespace (space, tab, CR, LF) and fails on anything else out of place;
%% mime_decode skips every character outside the alphabet and stops at the padding. A missing
%% padding, where padding is required, raises `missing_padding` as OTP does; other errors are
%% `badarg` (OTP's own reasons vary from case to case; these do not try to copy them).
%% A list to encode is taken as bytes: like OTP, only the low 8 bits of each element count.
-module(base64).

-export([encode/1, encode/2, encode_to_string/1, encode_to_string/2,
         decode/1, decode/2, decode_to_string/1, decode_to_string/2,
         mime_decode/1, mime_decode/2, mime_decode_to_string/1, mime_decode_to_string/2]).

encode(Data) -> encode(Data, #{}).

encode(Data, Options) when is_binary(Data), is_map(Options) ->
    enc(Data, mode(Options), padding(Options), <<>>);
encode(Data, Options) when is_list(Data), is_map(Options) ->
    encode(<<<<(byte(C))>> || C <- Data>>, Options).

encode_to_string(Data) -> encode_to_string(Data, #{}).

encode_to_string(Data, Options) -> binary_to_list(encode(Data, Options)).

byte(C) when is_integer(C), C >= 0 -> C band 255;
byte(_) -> erlang:error(badarg).

mode(#{mode := urlsafe}) -> urlsafe;
mode(_) -> standard.

padding(#{padding := false}) -> false;
padding(_) -> true.

enc(<<A:6, B:6, C:6, D:6, Rest/binary>>, M, P, Acc) ->
    enc(Rest, M, P, <<Acc/binary, (digit(A, M)), (digit(B, M)), (digit(C, M)), (digit(D, M))>>);
enc(<<A:6, B:6, C:4>>, M, P, Acc) ->
    pad(<<Acc/binary, (digit(A, M)), (digit(B, M)), (digit(C bsl 2, M))>>, P, <<"=">>);
enc(<<A:6, B:2>>, M, P, Acc) ->
    pad(<<Acc/binary, (digit(A, M)), (digit(B bsl 4, M))>>, P, <<"==">>);
enc(<<>>, _, _, Acc) -> Acc.

pad(Acc, true, Pad) -> <<Acc/binary, Pad/binary>>;
pad(Acc, false, _) -> Acc.

digit(N, _) when N < 26 -> $A + N;
digit(N, _) when N < 52 -> $a + N - 26;
digit(N, _) when N < 62 -> $0 + N - 52;
digit(62, standard) -> $+;
digit(63, standard) -> $/;
digit(62, urlsafe) -> $-;
digit(63, urlsafe) -> $_.

value(C, _) when C >= $A, C =< $Z -> C - $A;
value(C, _) when C >= $a, C =< $z -> C - $a + 26;
value(C, _) when C >= $0, C =< $9 -> C - $0 + 52;
value($+, standard) -> 62;
value($/, standard) -> 63;
value($-, urlsafe) -> 62;
value($_, urlsafe) -> 63;
value(_, _) -> bad.

decode(Data) -> decode(Data, #{}).

decode(Data, Options) when is_map(Options) ->
    M = mode(Options),
    dec(significant(Data, fun(C) -> strict(C, M) end), padding(Options), <<>>).

decode_to_string(Data) -> decode_to_string(Data, #{}).

decode_to_string(Data, Options) -> binary_to_list(decode(Data, Options)).

mime_decode(Data) -> mime_decode(Data, #{}).

mime_decode(Data, Options) when is_map(Options) ->
    M = mode(Options),
    mime(significant(Data, fun(C) -> lenient(C, M) end), padding(Options), <<>>).

mime_decode_to_string(Data) -> mime_decode_to_string(Data, #{}).

mime_decode_to_string(Data, Options) -> binary_to_list(mime_decode(Data, Options)).

%% The characters that count, as a list of values (0..63) and the atom pad for '='.
significant(Data, Keep) when is_binary(Data) -> significant(binary_to_list(Data), Keep);
significant(Data, Keep) when is_list(Data) -> lists:filtermap(Keep, Data).

strict(C, _) when C =:= $\s; C =:= $\t; C =:= $\r; C =:= $\n -> false;
strict($=, _) -> {true, pad};
strict(C, M) when is_integer(C), C >= 0, C =< 255 ->
    case value(C, M) of
        bad -> erlang:error(badarg);
        V -> {true, V}
    end;
strict(_, _) -> erlang:error(badarg).

lenient($=, _) -> {true, pad};
lenient(C, M) when is_integer(C), C >= 0, C =< 255 ->
    case value(C, M) of
        bad -> false;
        V -> {true, V}
    end;
lenient(_, _) -> erlang:error(badarg).

%% Groups of four values; the last may be short: padded with '='s, or, when padding is not
%% required, unpadded or partly padded.
dec([A, B, C, D | Rest], P, Acc) when is_integer(A), is_integer(B), is_integer(C), is_integer(D) ->
    dec(Rest, P, <<Acc/binary, A:6, B:6, C:6, D:6>>);
dec([A, B, C | Pad], P, Acc) when is_integer(A), is_integer(B), is_integer(C) ->
    final_padding(Pad, 1, P),
    <<Acc/binary, A:6, B:6, (C bsr 2):4>>;
dec([A, B | Pad], P, Acc) when is_integer(A), is_integer(B) ->
    final_padding(Pad, 2, P),
    <<Acc/binary, A:6, (B bsr 4):2>>;
dec([], _, Acc) -> Acc;
dec(_, _, _) -> erlang:error(badarg).

%% The '='s after a short final group: exactly N of them, or (padding not required) up to N.
final_padding(Pad, N, Required) ->
    case lists:all(fun(X) -> X =:= pad end, Pad) of
        false -> erlang:error(badarg);
        true when length(Pad) =:= N -> ok;
        true when length(Pad) > N -> erlang:error(badarg);
        true when Required -> erlang:error(missing_padding);
        true -> ok
    end.

%% As dec/3, but a final group may lack its second '=', and '='s after the end are ignored.
mime([A, B, C, D | Rest], P, Acc) when is_integer(A), is_integer(B), is_integer(C), is_integer(D) ->
    mime(Rest, P, <<Acc/binary, A:6, B:6, C:6, D:6>>);
mime([A, B, C | Rest], P, Acc) when is_integer(A), is_integer(B), is_integer(C) ->
    padding_after(Rest, P, <<Acc/binary, A:6, B:6, (C bsr 2):4>>);
mime([A, B | Rest], P, Acc) when is_integer(A), is_integer(B) ->
    padding_after(Rest, P, <<Acc/binary, A:6, (B bsr 4):2>>);
mime(Rest, _, Acc) -> trailing(Rest, Acc).

padding_after([pad | _] = Rest, _, Acc) -> trailing(Rest, Acc);
padding_after([], true, _) -> erlang:error(missing_padding);
padding_after([], false, Acc) -> Acc;
padding_after(_, _, _) -> erlang:error(badarg).

trailing([pad | Rest], Acc) -> trailing(Rest, Acc);
trailing([], Acc) -> Acc;
trailing(_, _) -> erlang:error(badarg).
