%% json: OTP 27's JSON encoder and decoder (RFC 8259), written for this VM.
%% encode returns iodata; decode/1 maps objects to maps with binary keys, arrays to lists,
%% strings to binaries and null to the atom null. Errors are OTP 27's:
%% error({invalid_byte, Byte}), error(unexpected_end), error({unexpected_sequence, Bin}),
%% error({unsupported_type, Term}), error({duplicate_key, Key}).
%% Not here: decode_start/3 and decode_continue/2 (streaming).
-module(json).
-export([encode/1, encode/2, encode_value/2, encode_atom/2, encode_integer/1, encode_float/1,
         encode_list/2, encode_map/2, encode_map_checked/2, encode_key_value_list/2,
         encode_key_value_list_checked/2, encode_binary/1, encode_binary_escape_all/1]).
-export([decode/1, decode/3, decode_start/3, decode_continue/2]).

%% ---- encoding ----

encode(Term) -> encode(Term, fun encode_value/2).

encode(Term, Encoder) when is_function(Encoder, 2) -> Encoder(Term, Encoder).

encode_value(V, E) when is_atom(V) -> encode_atom(V, E);
encode_value(V, _) when is_binary(V) -> escape(V, false);
encode_value(V, _) when is_integer(V) -> encode_integer(V);
encode_value(V, _) when is_float(V) -> encode_float(V);
encode_value(V, E) when is_list(V) -> encode_list(V, E);
encode_value(V, E) when is_map(V) -> encode_map(V, E);
encode_value(V, _) -> erlang:error({unsupported_type, V}).

encode_atom(null, _) -> <<"null">>;
encode_atom(true, _) -> <<"true">>;
encode_atom(false, _) -> <<"false">>;
encode_atom(A, E) -> E(atom_to_binary(A, utf8), E).

encode_integer(I) -> integer_to_binary(I).

encode_float(F) -> float_to_binary(F, [short]).

encode_list([], _) -> <<"[]">>;
encode_list([H | T], E) when is_function(E, 2) ->
    [$[, E(H, E), [[$,, E(X, E)] || X <- T], $]].

encode_map(Map, E) when is_map(Map) -> encode_key_value_list(maps:to_list(Map), E).

encode_key_value_list([], _) -> <<"{}">>;
encode_key_value_list([{K, V} | T], E) when is_function(E, 2) ->
    [${, key(K, E), $:, E(V, E), [[$,, key(K2, E), $:, E(V2, E)] || {K2, V2} <- T], $}].

encode_map_checked(Map, E) -> encode_key_value_list_checked(maps:to_list(Map), E).

encode_key_value_list_checked(List, E) when is_function(E, 2) ->
    checked(List, E, #{}, []).

checked([], _, _, []) -> <<"{}">>;
checked([], _, _, Acc) -> [${, tl(lists:reverse(Acc)), $}];
checked([{K, V} | T], E, Seen, Acc) ->
    KeyBin = iolist_to_binary(key(K, E)),
    case Seen of
        #{KeyBin := _} -> erlang:error({duplicate_key, K});
        _ -> checked(T, E, Seen#{KeyBin => true}, [[KeyBin, $:, E(V, E)], $, | Acc])
    end.

key(K, E) when is_binary(K) -> E(K, E);
key(K, E) when is_atom(K) -> E(atom_to_binary(K, utf8), E);
key(K, _) when is_integer(K) -> [$", encode_integer(K), $"];
key(K, _) when is_float(K) -> [$", encode_float(K), $"].

encode_binary(Bin) when is_binary(Bin) -> escape(Bin, false).

encode_binary_escape_all(Bin) when is_binary(Bin) -> escape(Bin, true).

%% A JSON string: runs of bytes that need no escape are kept as sub-binaries.
escape(Bin, All) -> [$", esc(Bin, 0, 0, [], All), $"].

esc(Bin, Pos, Start, Acc, All) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> when B >= 32, B < 128, B =/= $", B =/= $\\ ->
            esc(Bin, Pos + 1, Start, Acc, All);
        <<_:Pos/binary, B, _/binary>> when B < 128 ->
            esc(Bin, Pos + 1, Pos + 1, [ascii_escape(B), run(Bin, Start, Pos) | Acc], All);
        <<_:Pos/binary, _, _/binary>> when All ->
            case Bin of
                <<_:Pos/binary, C/utf8, _/binary>> ->
                    N = utf8_size(C),
                    esc(Bin, Pos + N, Pos + N, [u_escape(C), run(Bin, Start, Pos) | Acc], All);
                _ ->
                    erlang:error({invalid_byte, binary:at(Bin, Pos)})
            end;
        <<_:Pos/binary, _, _/binary>> ->
            esc(Bin, Pos + utf8_check(Bin, Pos), Start, Acc, All);
        _ when Start =:= 0, Acc =:= [] ->
            Bin;
        _ ->
            lists:reverse([run(Bin, Start, Pos) | Acc])
    end.

run(Bin, Start, Pos) -> binary_part(Bin, Start, Pos - Start).

ascii_escape($") -> <<"\\\"">>;
ascii_escape($\\) -> <<"\\\\">>;
ascii_escape($\b) -> <<"\\b">>;
ascii_escape($\t) -> <<"\\t">>;
ascii_escape($\n) -> <<"\\n">>;
ascii_escape($\f) -> <<"\\f">>;
ascii_escape($\r) -> <<"\\r">>;
ascii_escape(C) -> u4(C).

u_escape(C) when C < 16#10000 -> u4(C);
u_escape(C) ->
    V = C - 16#10000,
    [u4(16#D800 bor (V bsr 10)), u4(16#DC00 bor (V band 16#3FF))].

%% \uXXXX with upper-case hex digits, as OTP 27.
u4(C) ->
    H = integer_to_binary(C, 16),
    Pad = binary:copy(<<"0">>, 4 - byte_size(H)),
    <<"\\u", Pad/binary, H/binary>>.

utf8_size(C) when C < 16#80 -> 1;
utf8_size(C) when C < 16#800 -> 2;
utf8_size(C) when C < 16#10000 -> 3;
utf8_size(_) -> 4.

%% The length of the well-formed UTF-8 sequence at Pos (a byte >= 128), or the error:
%% unexpected_end when the data ends inside it, else {invalid_byte, B} for the first
%% byte that cannot continue it.
utf8_check(Bin, Pos) ->
    Lead = binary:at(Bin, Pos),
    {N, Lo, Hi} = if
                      Lead >= 16#C2, Lead =< 16#DF -> {2, 16#80, 16#BF};
                      Lead =:= 16#E0 -> {3, 16#A0, 16#BF};
                      Lead =:= 16#ED -> {3, 16#80, 16#9F};
                      Lead >= 16#E1, Lead =< 16#EF -> {3, 16#80, 16#BF};
                      Lead =:= 16#F0 -> {4, 16#90, 16#BF};
                      Lead =:= 16#F4 -> {4, 16#80, 16#8F};
                      Lead >= 16#F1, Lead =< 16#F3 -> {4, 16#80, 16#BF};
                      true -> erlang:error({invalid_byte, Lead})
                  end,
    utf8_cont(Bin, Pos + 1, N - 1, Lo, Hi),
    N.

utf8_cont(_, _, 0, _, _) -> ok;
utf8_cont(Bin, Pos, K, Lo, Hi) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> when B >= Lo, B =< Hi ->
            utf8_cont(Bin, Pos + 1, K - 1, 16#80, 16#BF);
        <<_:Pos/binary, B, _/binary>> ->
            erlang:error({invalid_byte, B});
        _ ->
            erlang:error(unexpected_end)
    end.

%% ---- decoding ----

-record(d, {array_start, array_push, array_finish, object_start, object_push, object_finish,
            float, integer, string, null}).

defaults() ->
    #d{array_start = fun(_) -> [] end,
       array_push = fun(V, A) -> [V | A] end,
       array_finish = fun(A, Old) -> {lists:reverse(A), Old} end,
       object_start = fun(_) -> [] end,
       object_push = fun(K, V, A) -> [{K, V} | A] end,
       object_finish = fun(A, Old) -> {maps:from_list(A), Old} end,
       float = fun erlang:binary_to_float/1,
       integer = fun erlang:binary_to_integer/1,
       string = fun(S) -> S end,
       null = null}.

%% As OTP 29: data after the value, even after whitespace, is an error naming the first byte
%% that follows the value.
decode(Bin) when is_binary(Bin) ->
    {Value, _, Pos} = value(Bin, ws(Bin, 0), ok, defaults()),
    case ws(Bin, Pos) =:= byte_size(Bin) of
        true -> Value;
        false -> erlang:error({invalid_byte, binary:at(Bin, Pos)})
    end.

%% The rest is what follows the value, whitespace included, or <<>> when it is only whitespace.
decode(Bin, Acc0, Decoders) when is_binary(Bin), is_map(Decoders) ->
    D = maps:fold(fun option/3, defaults(), Decoders),
    {Value, Acc, Pos} = value(Bin, ws(Bin, 0), Acc0, D),
    Rest = case ws(Bin, Pos) =:= byte_size(Bin) of
               true -> <<>>;
               false -> binary_part(Bin, Pos, byte_size(Bin) - Pos)
           end,
    {Value, Acc, Rest}.

%% Streaming: input may come in pieces. While the value is incomplete the answer is
%% {continue, State}; decode_continue/2 adds a piece, or end_of_input. A number that reaches the
%% end of the data so far waits for more (it could go on). Pieces are joined and parsed again
%% from the start: simple, and linear in the number of pieces times the value's size.
decode_start(Bin, Acc0, Decoders) when is_binary(Bin), is_map(Decoders) ->
    D = maps:fold(fun option/3, defaults(), Decoders),
    streamed(Bin, Acc0, D, false).

decode_continue(end_of_input, {json_stream, Bin, Acc0, D}) ->
    streamed(Bin, Acc0, D, true);
decode_continue(More, {json_stream, Bin, Acc0, D}) when is_binary(More) ->
    streamed(<<Bin/binary, More/binary>>, Acc0, D, false);
decode_continue(_, _) ->
    erlang:error(badarg).

streamed(Bin, Acc0, D, Ended) ->
    Start = ws(Bin, 0),
    Continue = {continue, {json_stream, Bin, Acc0, D}},
    case Start =:= byte_size(Bin) of
        true when Ended -> erlang:error(unexpected_end);
        true -> Continue;
        false ->
            try value(Bin, Start, Acc0, D) of
                {Value, Acc, Pos} ->
                    case not Ended andalso Pos =:= byte_size(Bin) andalso number_start(Bin, Start) of
                        true ->
                            Continue;
                        false ->
                            Rest = case ws(Bin, Pos) =:= byte_size(Bin) of
                                       true -> <<>>;
                                       false -> binary_part(Bin, Pos, byte_size(Bin) - Pos)
                                   end,
                            {Value, Acc, Rest}
                    end
            catch
                error:unexpected_end when not Ended -> Continue
            end
    end.

number_start(Bin, Pos) ->
    B = binary:at(Bin, Pos),
    B =:= $- orelse (B >= $0 andalso B =< $9).

option(array_start, F, D) when is_function(F, 1) -> D#d{array_start = F};
option(array_push, F, D) when is_function(F, 2) -> D#d{array_push = F};
option(array_finish, F, D) when is_function(F, 2) -> D#d{array_finish = F};
option(object_start, F, D) when is_function(F, 1) -> D#d{object_start = F};
option(object_push, F, D) when is_function(F, 3) -> D#d{object_push = F};
option(object_finish, F, D) when is_function(F, 2) -> D#d{object_finish = F};
option(float, F, D) when is_function(F, 1) -> D#d{float = F};
option(integer, F, D) when is_function(F, 1) -> D#d{integer = F};
option(string, F, D) when is_function(F, 1) -> D#d{string = F};
option(null, V, D) -> D#d{null = V}.

ws(Bin, Pos) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> when B =:= $\s; B =:= $\t; B =:= $\n; B =:= $\r ->
            ws(Bin, Pos + 1);
        _ ->
            Pos
    end.

%% The byte at Pos is wrong: or the data ends there.
bad(Bin, Pos) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> -> erlang:error({invalid_byte, B});
        _ -> erlang:error(unexpected_end)
    end.

%% value(Bin, Pos, Acc, D) -> {Value, Acc, PosAfter}; Pos is past any white space.
value(Bin, Pos, Acc, D) ->
    case Bin of
        <<_:Pos/binary, $", _/binary>> ->
            {S, P} = string(Bin, Pos + 1),
            {(D#d.string)(S), Acc, P};
        <<_:Pos/binary, B, _/binary>> when B =:= $-; B >= $0, B =< $9 ->
            number(Bin, Pos, Acc, D);
        <<_:Pos/binary, ${, _/binary>> ->
            object(Bin, ws(Bin, Pos + 1), Acc, D);
        <<_:Pos/binary, $[, _/binary>> ->
            array(Bin, ws(Bin, Pos + 1), Acc, D);
        <<_:Pos/binary, $t, _/binary>> -> literal(Bin, Pos, <<"true">>, true, Acc);
        <<_:Pos/binary, $f, _/binary>> -> literal(Bin, Pos, <<"false">>, false, Acc);
        <<_:Pos/binary, $n, _/binary>> -> literal(Bin, Pos, <<"null">>, D#d.null, Acc);
        _ -> bad(Bin, Pos)
    end.

%% As OTP 27: a misspelt literal is unexpected_end when the data would end within the
%% literal's length, else an invalid byte reported at the literal's second byte.
literal(Bin, Pos, Word, Value, Acc) ->
    N = byte_size(Word),
    case Bin of
        <<_:Pos/binary, Word:N/binary, _/binary>> -> {Value, Acc, Pos + N};
        _ when byte_size(Bin) - Pos =< N -> erlang:error(unexpected_end);
        _ -> erlang:error({invalid_byte, binary:at(Bin, Pos + 1)})
    end.

array(Bin, Pos, OldAcc, D) ->
    A0 = (D#d.array_start)(OldAcc),
    case Bin of
        <<_:Pos/binary, $], _/binary>> ->
            {Value, Acc} = (D#d.array_finish)(A0, OldAcc),
            {Value, Acc, Pos + 1};
        _ ->
            elements(Bin, Pos, A0, OldAcc, D)
    end.

elements(Bin, Pos, A0, OldAcc, D) ->
    {V, A1, P1} = value(Bin, Pos, A0, D),
    A2 = (D#d.array_push)(V, A1),
    P2 = ws(Bin, P1),
    case Bin of
        <<_:P2/binary, $,, _/binary>> -> elements(Bin, ws(Bin, P2 + 1), A2, OldAcc, D);
        <<_:P2/binary, $], _/binary>> ->
            {Value, Acc} = (D#d.array_finish)(A2, OldAcc),
            {Value, Acc, P2 + 1};
        _ -> bad(Bin, P2)
    end.

object(Bin, Pos, OldAcc, D) ->
    case Bin of
        <<_:Pos/binary, $}, _/binary>> ->
            {Value, Acc} = (D#d.object_finish)((D#d.object_start)(OldAcc), OldAcc),
            {Value, Acc, Pos + 1};
        <<_:Pos/binary, $", _/binary>> ->
            members(Bin, Pos, (D#d.object_start)(OldAcc), OldAcc, D);
        _ ->
            bad(Bin, Pos)
    end.

%% Pos is at the opening quote of a key.
members(Bin, Pos, A0, OldAcc, D) ->
    {K0, P1} = string(Bin, Pos + 1),
    K = (D#d.string)(K0),
    P2 = ws(Bin, P1),
    case Bin of
        <<_:P2/binary, $:, _/binary>> -> ok;
        _ -> bad(Bin, P2)
    end,
    {V, A1, P3} = value(Bin, ws(Bin, P2 + 1), A0, D),
    A2 = (D#d.object_push)(K, V, A1),
    P4 = ws(Bin, P3),
    case Bin of
        <<_:P4/binary, $,, _/binary>> ->
            P5 = ws(Bin, P4 + 1),
            case Bin of
                <<_:P5/binary, $", _/binary>> -> members(Bin, P5, A2, OldAcc, D);
                _ -> bad(Bin, P5)
            end;
        <<_:P4/binary, $}, _/binary>> ->
            {Value, Acc} = (D#d.object_finish)(A2, OldAcc),
            {Value, Acc, P4 + 1};
        _ ->
            bad(Bin, P4)
    end.

number(Bin, Start, Acc, D) ->
    P0 = case Bin of
             <<_:Start/binary, $-, _/binary>> -> Start + 1;
             _ -> Start
         end,
    P1 = case Bin of
             <<_:P0/binary, $0, _/binary>> -> P0 + 1;
             <<_:P0/binary, B, _/binary>> when B >= $1, B =< $9 -> digits(Bin, P0 + 1);
             _ -> bad(Bin, P0)
         end,
    {Frac, P2} = case Bin of
                     <<_:P1/binary, $., _/binary>> -> {true, digits1(Bin, P1 + 1)};
                     _ -> {false, P1}
                 end,
    {Exp, P3} = case Bin of
                    <<_:P2/binary, E, $+, _/binary>> when E =:= $e; E =:= $E -> {true, digits1(Bin, P2 + 2)};
                    <<_:P2/binary, E, $-, _/binary>> when E =:= $e; E =:= $E -> {true, digits1(Bin, P2 + 2)};
                    <<_:P2/binary, E, _/binary>> when E =:= $e; E =:= $E -> {true, digits1(Bin, P2 + 1)};
                    _ -> {false, P2}
                end,
    Token = binary_part(Bin, Start, P3 - Start),
    Value = case {Frac, Exp} of
                {false, false} -> (D#d.integer)(Token);
                {true, _} -> to_float(Token, D);
                {false, true} ->
                    %% no fraction: read "IeX" as "I.0eX", as OTP 27
                    Mant = binary_part(Bin, Start, P1 - Start),
                    ExpPart = binary_part(Bin, P1 + 1, P3 - P1 - 1),
                    to_float(<<Mant/binary, ".0e", ExpPart/binary>>, D)
            end,
    {Value, Acc, P3}.

to_float(Token, D) ->
    try (D#d.float)(Token)
    catch _:_ -> erlang:error({unexpected_sequence, Token})
    end.

digits(Bin, Pos) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> when B >= $0, B =< $9 -> digits(Bin, Pos + 1);
        _ -> Pos
    end.

%% At least one digit.
digits1(Bin, Pos) ->
    case Bin of
        <<_:Pos/binary, B, _/binary>> when B >= $0, B =< $9 -> digits(Bin, Pos + 1);
        _ -> bad(Bin, Pos)
    end.

%% string(Bin, Pos) -> {Binary, PosAfterClosingQuote}; Pos is past the opening quote.
string(Bin, Pos) -> string(Bin, Pos, Pos, []).

string(Bin, Pos, Start, Acc) ->
    case Bin of
        <<_:Pos/binary, $", _/binary>> ->
            case Acc of
                [] -> {binary_part(Bin, Start, Pos - Start), Pos + 1};
                _ -> {iolist_to_binary(lists:reverse([run(Bin, Start, Pos) | Acc])), Pos + 1}
            end;
        <<_:Pos/binary, $\\, _/binary>> ->
            {Chars, P} = unescape(Bin, Pos + 1),
            string(Bin, P, P, [Chars, run(Bin, Start, Pos) | Acc]);
        <<_:Pos/binary, B, _/binary>> when B < 32 ->
            erlang:error({invalid_byte, B});
        <<_:Pos/binary, B, _/binary>> when B < 128 ->
            string(Bin, Pos + 1, Start, Acc);
        <<_:Pos/binary, _, _/binary>> ->
            string(Bin, Pos + utf8_check(Bin, Pos), Start, Acc);
        _ ->
            erlang:error(unexpected_end)
    end.

%% Pos is past the backslash: {UTF-8 bytes, PosAfter}.
unescape(Bin, Pos) ->
    case Bin of
        <<_:Pos/binary, $u, H:4/binary, Rest/binary>> ->
            Seq = binary_part(Bin, Pos - 1, 6),
            case hex(H) of
                Hi when Hi >= 16#D800, Hi =< 16#DBFF ->
                    case Rest of
                        <<"\\u", L:4/binary, _/binary>> ->
                            case hex(L) of
                                Lo when Lo >= 16#DC00, Lo =< 16#DFFF ->
                                    C = 16#10000 + ((Hi band 16#3FF) bsl 10) + (Lo band 16#3FF),
                                    {<<C/utf8>>, Pos + 11};
                                _ ->
                                    erlang:error({unexpected_sequence, binary_part(Bin, Pos - 1, 12)})
                            end;
                        <<_:6/binary, _/binary>> ->
                            erlang:error({invalid_byte, binary:first(Rest)});
                        _ ->
                            erlang:error(unexpected_end)
                    end;
                C when is_integer(C), (C < 16#DC00 orelse C > 16#DFFF) ->
                    {<<C/utf8>>, Pos + 5};
                _ ->
                    erlang:error({unexpected_sequence, Seq})
            end;
        <<_:Pos/binary, $u, _/binary>> ->
            erlang:error(unexpected_end);
        <<_:Pos/binary, B, _/binary>> ->
            case B of
                $" -> {<<$">>, Pos + 1};
                $\\ -> {<<$\\>>, Pos + 1};
                $/ -> {<<$/>>, Pos + 1};
                $b -> {<<$\b>>, Pos + 1};
                $f -> {<<$\f>>, Pos + 1};
                $n -> {<<$\n>>, Pos + 1};
                $r -> {<<$\r>>, Pos + 1};
                $t -> {<<$\t>>, Pos + 1};
                _ -> erlang:error({invalid_byte, B})
            end;
        _ ->
            erlang:error(unexpected_end)
    end.

%% Four hex digits to an integer, or error.
hex(<<A, B, C, D>>) ->
    case [hexd(X) || X <- [A, B, C, D]] of
        [W, X, Y, Z] when is_integer(W), is_integer(X), is_integer(Y), is_integer(Z) ->
            ((W * 16 + X) * 16 + Y) * 16 + Z;
        _ ->
            error
    end.

hexd(C) when C >= $0, C =< $9 -> C - $0;
hexd(C) when C >= $a, C =< $f -> C - $a + 10;
hexd(C) when C >= $A, C =< $F -> C - $A + 10;
hexd(_) -> bad.
