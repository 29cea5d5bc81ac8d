%% io_lib: formatting and writing terms as text, with OTP 25's API and output.
%% `format/2` handles every control sequence of OTP's io_lib_format; `~p` breaks lines at the
%% line length (80) in the manner of OTP's pretty printer (see print/4 below).
-module(io_lib).

-export([format/2, fwrite/2, format/3, fwrite/3, write/1, write/2, write_atom/1,
         write_string/1, write_string/2, write_latin1_string/1, write_char/1,
         print/1, print/4, char_list/1, deep_char_list/1, latin1_char_list/1,
         deep_latin1_char_list/1, printable_list/1, printable_latin1_list/1,
         printable_unicode_list/1, nl/0, indentation/2, chars_length/1, quote_atom/2,
         scan_format/2, unscan_format/1, build_text/1, build_text/2]).

%% ---------------------------------------------------------------------------------------------
%% format

fwrite(Format, Args) -> format(Format, Args).
fwrite(Format, Args, Opts) -> format(Format, Args, Opts).

format(Format, Args, _Opts) -> format(Format, Args).

format(Format, Args) ->
    try build(collect(to_chars(Format), Args), [], 0) of
        Out -> Out
    catch
        _:_ -> erlang:error(badarg, [Format, Args])
    end.

%% A format and its arguments as OTP's io_lib_format scans them: characters and one map per
%% control sequence (what Elixir's Logger rewrites before building the text).
scan_format(Format, Args) ->
    try collect(to_chars(Format), Args) of
        Cs -> [to_map(C) || C <- Cs]
    catch
        _:_ -> erlang:error(badarg, [Format, Args])
    end.

unscan_format(Scanned) ->
    lists:foldr(fun(#{control_char := C, args := As} = M, {Fmt, Args}) ->
                        {[$~ | unscan_spec(M, C)] ++ Fmt, As ++ Args};
                   (Ch, {Fmt, Args}) ->
                        {[Ch | Fmt], Args}
                end, {[], []}, Scanned).

unscan_spec(#{width := F, adjust := Adj, precision := P, pad_char := Pad,
              encoding := Enc, strings := Str}, C) ->
    W = case {F, Adj} of
            {none, _} -> "";
            {_, left} -> "-" ++ integer_to_list(F);
            _ -> integer_to_list(F)
        end,
    Pr = case {P, Pad} of
             {none, $\s} -> "";
             {none, _} -> [$., $., Pad];
             {_, $\s} -> "." ++ integer_to_list(P);
             _ -> "." ++ integer_to_list(P) ++ [$., Pad]
         end,
    W ++ Pr ++ [$t || Enc =:= unicode] ++ [$l || Str =:= false] ++ [C].

build_text(Scanned) -> build_text(Scanned, []).

build_text(Scanned, _Options) ->
    build([from_map(C) || C <- Scanned], [], 0).

to_map({ctl, C, As, F, Adj, P, Pad, Enc, Str}) ->
    #{control_char => C, args => As, width => F, adjust => Adj, precision => P,
      pad_char => Pad, encoding => Enc, strings => Str};
to_map(C) -> C.

from_map(#{control_char := C, args := As} = M) ->
    {ctl, C, As, maps:get(width, M, none), maps:get(adjust, M, right),
     maps:get(precision, M, none), maps:get(pad_char, M, $\s),
     maps:get(encoding, M, latin1), maps:get(strings, M, true)};
from_map(C) -> C.

to_chars(F) when is_atom(F) -> atom_to_list(F);
to_chars(F) when is_binary(F) -> binary_to_list(F);
to_chars(F) when is_list(F) ->
    case lists:flatten(F) of
        L -> L
    end.

%% The format string and arguments become a list of characters and control specs.
collect([$~ | Fmt0], Args0) ->
    {Spec, Fmt, Args} = spec(Fmt0, Args0),
    [Spec | collect(Fmt, Args)];
collect([C | Fmt], Args) when is_integer(C) -> [C | collect(Fmt, Args)];
collect([], []) -> [].

spec(Fmt0, Args0) ->
    {F, Adj, Fmt1, Args1} = field_width(Fmt0, Args0),
    {P, Fmt2, Args2} = precision(Fmt1, Args1),
    {Pad, Fmt3, Args3} = pad_char(Fmt2, Args2),
    {Enc, Str, Fmt4} = modifiers(Fmt3, latin1, true),
    [C | Fmt5] = Fmt4,
    {As, Args4} = take_args(C, Args3),
    {{ctl, C, As, F, Adj, P, Pad, Enc, Str}, Fmt5, Args4}.

field_width([$- | Fmt], Args) ->
    case width(Fmt, Args) of
        {none, _, _} -> erlang:error(format);
        {N, Fmt1, Args1} -> {N, left, Fmt1, Args1}
    end;
field_width(Fmt, Args) ->
    case width(Fmt, Args) of
        {N, Fmt1, Args1} when is_integer(N), N < 0 -> {-N, left, Fmt1, Args1};
        {N, Fmt1, Args1} -> {N, right, Fmt1, Args1}
    end.

width([$* | Fmt], [A | Args]) when is_integer(A) -> {A, Fmt, Args};
width([C | _] = Fmt, Args) when C >= $0, C =< $9 -> digits(Fmt, 0, Args);
width(Fmt, Args) -> {none, Fmt, Args}.

digits([C | Fmt], N, Args) when C >= $0, C =< $9 -> digits(Fmt, N * 10 + C - $0, Args);
digits(Fmt, N, Args) -> {N, Fmt, Args}.

precision([$. | Fmt], Args) ->
    case width(Fmt, Args) of
        {N, Fmt1, Args1} when N =:= none; N >= 0 -> {N, Fmt1, Args1}
    end;
precision(Fmt, Args) -> {none, Fmt, Args}.

pad_char([$., $* | Fmt], [Pad | Args]) when is_integer(Pad) -> {Pad, Fmt, Args};
pad_char([$., Pad | Fmt], Args) -> {Pad, Fmt, Args};
pad_char(Fmt, Args) -> {$\s, Fmt, Args}.

modifiers([$t | Fmt], _Enc, Str) -> modifiers(Fmt, unicode, Str);
modifiers([$l | Fmt], Enc, _Str) -> modifiers(Fmt, Enc, false);
modifiers([$k | Fmt], Enc, Str) -> modifiers(Fmt, Enc, Str);
modifiers(Fmt, Enc, Str) -> {Enc, Str, Fmt}.

take_args(C, [A | Args]) when C =:= $w; C =:= $p; C =:= $s; C =:= $e; C =:= $f; C =:= $g;
                              C =:= $b; C =:= $B; C =:= $c; C =:= $# ; C =:= $+; C =:= $i ->
    {[A], Args};
take_args(C, [A, B | Args]) when C =:= $W; C =:= $P; C =:= $x; C =:= $X -> {[A, B], Args};
take_args(C, Args) when C =:= $n; C =:= $~ -> {[], Args}.

%% Output is built left to right so that `~p` knows its column.
build([{ctl, C, As, F, Adj, P, Pad, Enc, Str} | Cs], Acc, Col) ->
    Out = control(C, As, F, Adj, P, Pad, Enc, Str, Col),
    build(Cs, [Out | Acc], indentation(Out, Col));
build([C | Cs], Acc, Col) ->
    build(Cs, [C | Acc], indentation([C], Col));
build([], Acc, _Col) -> lists:reverse(Acc).

control($w, [A], F, Adj, P, Pad, Enc, _Str, _Col) ->
    term(write(A, -1, Enc), F, Adj, P, Pad);
control($W, [A, D], F, Adj, P, Pad, Enc, _Str, _Col) when is_integer(D) ->
    term(write(A, D, Enc), F, Adj, P, Pad);
control($p, [A], F, Adj, P, Pad, Enc, Str, Col) ->
    print_ctl(A, -1, F, Adj, P, Pad, Enc, Str, Col);
control($P, [A, D], F, Adj, P, Pad, Enc, Str, Col) when is_integer(D) ->
    print_ctl(A, D, F, Adj, P, Pad, Enc, Str, Col);
control($s, [A], F, Adj, P, Pad, Enc, _Str, _Col) when is_atom(A) ->
    string(atom_to_list(A), F, Adj, P, Pad, Enc);
control($s, [L], F, Adj, P, Pad, latin1, _Str, _Col) ->
    string(iolist_to_chars(L), F, Adj, P, Pad, latin1);
control($s, [L], F, Adj, P, Pad, unicode, _Str, _Col) ->
    string(cdata_to_chars(L), F, Adj, P, Pad, unicode);
control($e, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_float(A) ->
    fwrite_e(A, F, Adj, P, Pad);
control($f, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_float(A) ->
    fwrite_f(A, F, Adj, P, Pad);
control($g, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_float(A) ->
    fwrite_g(A, F, Adj, P, Pad);
control($b, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    term(lower(integer_to_list(A, base(P))), F, Adj, none, Pad);
control($B, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    term(integer_to_list(A, base(P)), F, Adj, none, Pad);
control($x, [A, Prefix], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    term(prefixed(A, prefix(Prefix), P, fun lower/1), F, Adj, none, Pad);
control($X, [A, Prefix], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    term(prefixed(A, prefix(Prefix), P, fun(S) -> S end), F, Adj, none, Pad);
control($#, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    B = base(P),
    term(prefixed(A, integer_to_list(B) ++ "#", B, fun(S) -> S end), F, Adj, none, Pad);
control($+, [A], F, Adj, P, Pad, _Enc, _Str, _Col) when is_integer(A) ->
    B = base(P),
    term(prefixed(A, integer_to_list(B) ++ "#", B, fun lower/1), F, Adj, none, Pad);
control($c, [A], F, Adj, P, Pad, unicode, _Str, _Col) when is_integer(A) ->
    char(A, F, Adj, P, Pad);
control($c, [A], F, Adj, P, Pad, latin1, _Str, _Col) when is_integer(A) ->
    char(A band 255, F, Adj, P, Pad);
control($i, [_], _F, _Adj, _P, _Pad, _Enc, _Str, _Col) -> [];
control($~, [], F, Adj, P, Pad, _Enc, _Str, _Col) -> char($~, F, Adj, P, Pad);
control($n, [], none, _Adj, _P, _Pad, _Enc, _Str, _Col) -> "\n";
control($n, [], F, _Adj, _P, _Pad, _Enc, _Str, _Col) -> lists:duplicate(F, $\n).

print_ctl(A, D, none, Adj, P, Pad, Enc, Str, Col) ->
    print_ctl(A, D, 80, Adj, P, Pad, Enc, Str, Col);
print_ctl(A, D, F, Adj, none, Pad, Enc, Str, Col) ->
    print_ctl(A, D, F, Adj, Col + 1, Pad, Enc, Str, Col);
print_ctl(A, D, F, _Adj, P, _Pad, Enc, Str, _Col) ->
    pretty(A, P, F, D, Enc, Str).

base(none) -> 10;
base(B) when is_integer(B), B >= 2, B =< 36 -> B.

lower(S) -> [case C of _ when C >= $A, C =< $Z -> C + 32; _ -> C end || C <- S].

prefix(P) when is_atom(P) -> atom_to_list(P);
prefix(P) when is_list(P) -> P.

prefixed(A, Prefix, P, Case) when A < 0 ->
    [$-, Prefix | Case(integer_to_list(-A, base(P)))];
prefixed(A, Prefix, P, Case) -> [Prefix | Case(integer_to_list(A, base(P)))].

char(C, none, _Adj, none, _Pad) -> [C];
char(C, F, _Adj, none, _Pad) -> lists:duplicate(F, C);
char(C, none, _Adj, P, _Pad) -> lists:duplicate(P, C);
char(C, F, Adj, P, Pad) when F >= P -> adjust(lists:duplicate(P, C), lists:duplicate(F - P, Pad), Adj).

%% A term's text in a field: too long → stars.
term(T, none, _Adj, none, _Pad) -> T;
term(T, none, Adj, P, Pad) -> term(T, P, Adj, P, Pad);
term(T, F, Adj, P0, Pad) ->
    L = lists:flatlength(T),
    P = erlang:min(L, case P0 of none -> F; _ -> erlang:min(P0, F) end),
    if
        L > P -> adjust(lists:duplicate(P, $*), lists:duplicate(F - P, Pad), Adj);
        F >= P -> adjust(T, lists:duplicate(F - L, Pad), Adj)
    end.

adjust(Data, [], _) -> Data;
adjust(Data, Pad, left) -> [Data | Pad];
adjust(Data, Pad, right) -> [Pad | Data].

string(S, none, _Adj, none, _Pad, _Enc) -> S;
string(S, F, Adj, none, Pad, _Enc) -> string_field(S, F, Adj, chars_length(S), Pad);
string(S, none, _Adj, P, Pad, _Enc) -> string_field(S, P, left, chars_length(S), Pad);
string(S, F, Adj, P, Pad, _Enc) when F > P ->
    N = chars_length(S),
    if
        N > P -> adjust(flat_trunc(S, P), lists:duplicate(F - P, Pad), Adj);
        N < P -> adjust([S | lists:duplicate(P - N, Pad)], lists:duplicate(F - P, Pad), Adj);
        true -> adjust(S, lists:duplicate(F - P, Pad), Adj)
    end;
string(S, F, Adj, F, Pad, _Enc) -> string_field(S, F, Adj, chars_length(S), Pad).

string_field(S, F, _Adj, N, _Pad) when N > F -> flat_trunc(S, F);
string_field(S, F, Adj, N, Pad) when N < F -> adjust(S, lists:duplicate(F - N, Pad), Adj);
string_field(S, _, _, _, _) -> S.

flat_trunc(S, N) -> lists:sublist(lists:flatten(S), N).

iolist_to_chars([C | Cs]) when is_integer(C), C >= 0, C =< 255 -> [C | iolist_to_chars(Cs)];
iolist_to_chars([I | Cs]) -> [iolist_to_chars(I) | iolist_to_chars(Cs)];
iolist_to_chars([]) -> [];
iolist_to_chars(B) when is_binary(B) -> binary_to_list(B).

cdata_to_chars([C | Cs]) when is_integer(C), C >= 0 -> [C | cdata_to_chars(Cs)];
cdata_to_chars([I | Cs]) -> [cdata_to_chars(I) | cdata_to_chars(Cs)];
cdata_to_chars([]) -> [];
cdata_to_chars(B) when is_binary(B) ->
    case catch unicode:characters_to_list(B) of
        L when is_list(L) -> L;
        _ -> binary_to_list(B)
    end.

%% Floats: the digits of float_to_list/1 (21 significant), rounded half up as OTP does.
fwrite_e(Fl, F, Adj, none, Pad) -> fwrite_e(Fl, F, Adj, 6, Pad);
fwrite_e(Fl, F, Adj, P, Pad) when P >= 2 -> term(float_e(Fl, float_data(Fl), P), F, Adj, F, Pad).

float_e(Fl, Fd, P) when Fl < 0.0 -> [$- | float_e(-Fl, Fd, P)];
float_e(_Fl, {Ds, E}, P) ->
    case float_man(Ds, 1, P - 1) of
        {[$0 | Fs], true} -> [[$1 | Fs] | float_exp(E)];
        {Fs, false} -> [Fs | float_exp(E - 1)]
    end.

float_man(Ds, 0, Dc) ->
    {Cs, C} = float_man(Ds, Dc),
    {[$. | Cs], C};
float_man([D | Ds], I, Dc) ->
    case float_man(Ds, I - 1, Dc) of
        {Cs, true} when D =:= $9 -> {[$0 | Cs], true};
        {Cs, true} -> {[D + 1 | Cs], false};
        {Cs, false} -> {[D | Cs], false}
    end;
float_man([], I, Dc) -> {lists:duplicate(I, $0) ++ [$. | lists:duplicate(Dc, $0)], false}.

float_man([D | _], 0) when D >= $5 -> {[], true};
float_man([_ | _], 0) -> {[], false};
float_man([D | Ds], Dc) ->
    case float_man(Ds, Dc - 1) of
        {Cs, true} when D =:= $9 -> {[$0 | Cs], true};
        {Cs, true} -> {[D + 1 | Cs], false};
        {Cs, false} -> {[D | Cs], false}
    end;
float_man([], Dc) -> {lists:duplicate(Dc, $0), false}.

float_exp(E) when E >= 0 -> [$e, $+ | integer_to_list(E)];
float_exp(E) -> [$e | integer_to_list(E)].

fwrite_f(Fl, F, Adj, none, Pad) -> fwrite_f(Fl, F, Adj, 6, Pad);
fwrite_f(Fl, F, Adj, P, Pad) when P >= 1 -> term(float_f(Fl, float_data(Fl), P), F, Adj, F, Pad).

float_f(Fl, Fd, P) when Fl < 0.0 -> [$- | float_f(-Fl, Fd, P)];
float_f(Fl, {Ds, E}, P) when E =< 0 -> float_f(Fl, {lists:duplicate(-E + 1, $0) ++ Ds, 1}, P);
float_f(_Fl, {Ds, E}, P) ->
    case float_man(Ds, E, P) of
        {Fs, true} -> "1" ++ Fs;
        {Fs, false} -> Fs
    end.

float_data([$- | Cs]) -> float_data(Cs);
float_data(Cs) when is_list(Cs) -> float_data(Cs, []);
float_data(Fl) -> float_data(float_to_list(Fl)).

float_data([$e | E], Ds) -> {lists:reverse(Ds), list_to_integer(E) + 1};
float_data([$. | Cs], Ds) -> float_data(Cs, Ds);
float_data([D | Cs], Ds) when D >= $0, D =< $9 -> float_data(Cs, [D | Ds]).

fwrite_g(Fl, F, Adj, none, Pad) -> fwrite_g(Fl, F, Adj, 6, Pad);
fwrite_g(Fl, F, Adj, P, Pad) when P >= 1 ->
    A = abs(Fl),
    E = if
            A < 1.0e-1 -> -2;
            A < 1.0e0 -> -1;
            A < 1.0e1 -> 0;
            A < 1.0e2 -> 1;
            A < 1.0e3 -> 2;
            A < 1.0e4 -> 3;
            true -> fwrite_f
        end,
    if
        P =< 1, E =:= -1; P - 1 > E, E >= -1 -> fwrite_f(Fl, F, Adj, P - 1 - E, Pad);
        P =< 1 -> fwrite_e(Fl, F, Adj, 2, Pad);
        true -> fwrite_e(Fl, F, Adj, P, Pad)
    end.

%% ---------------------------------------------------------------------------------------------
%% write

write(T) -> write(T, -1, latin1).
write(T, D) when is_integer(D) -> write(T, D, latin1);
write(T, Opts) when is_list(Opts) ->
    D = proplists:get_value(depth, Opts, -1),
    Enc = proplists:get_value(encoding, Opts, latin1),
    write(T, D, Enc).

write(_T, 0, _E) -> "...";
write(T, _D, _E) when is_integer(T) -> integer_to_list(T);
write(T, _D, _E) when is_float(T) -> float_to_list(T, [short]);
write(T, _D, E) when is_atom(T) -> write_atom_enc(T, E);
write(T, _D, _E) when is_pid(T) -> pid_to_list(T);
write(T, _D, _E) when is_port(T) -> port_to_list(T);
write(T, _D, _E) when is_reference(T) -> ref_to_list(T);
write(T, _D, _E) when is_function(T) -> erlang:fun_to_list(T);
write(T, D, E) when is_list(T) -> write_list(T, D, E);
write(T, D, E) when is_tuple(T) -> write_tuple(T, D, E);
write(T, D, E) when is_map(T) -> write_map(T, D, E);
write(T, D, _E) when is_bitstring(T) -> write_binary(T, D).

write_list([], _D, _E) -> "[]";
write_list(_, 1, _E) -> "[...]";
write_list([H | T], D, E) -> [$[, write(H, D - 1, E) | write_tail(T, D - 1, E)].

write_tail([], _D, _E) -> [$]];
write_tail(_, 1, _E) -> [$|, "..." , $]];
write_tail([H | T], D, E) -> [$,, write(H, D - 1, E) | write_tail(T, D - 1, E)];
write_tail(Other, D, E) -> [$|, write(Other, D - 1, E), $]].

write_tuple({}, _D, _E) -> "{}";
write_tuple(_, 1, _E) -> "{...}";
write_tuple(T, D, E) ->
    [H | Es] = tuple_to_list(T),
    [${, write(H, D - 1, E) | write_tuple_tail(Es, D - 1, E)].

write_tuple_tail([], _D, _E) -> [$}];
write_tuple_tail(_, 1, _E) -> [$,, "...", $}];
write_tuple_tail([H | T], D, E) -> [$,, write(H, D - 1, E) | write_tuple_tail(T, D - 1, E)].

write_map(M, D, E) when map_size(M) =:= 0 -> _ = {D, E}, "#{}";
write_map(_M, 1, _E) -> "#{...}";
write_map(M, D, E) ->
    Pairs = map_pairs(M),
    ["#{", write_pairs(Pairs, D, D - 1, E), $}].

%% Each association is written at depth D0; the count N elides the associations past it.
write_pairs([], _N, _D0, _E) -> [];
write_pairs(_, 1, _D0, _E) -> "...";
write_pairs([P], _N, D0, E) -> write_pair(P, D0, E);
write_pairs([P | Ps], N, D0, E) -> [write_pair(P, D0, E), $, | write_pairs(Ps, N - 1, D0, E)].

write_pair({K, V}, D, E) -> [write(K, D, E), " => ", write(V, D, E)].

%% Maps print in iteration order, which maps:to_list/1 gives.
map_pairs(M) -> maps:to_list(M).

write_binary(B, D) -> [$<, $< | write_bytes(B, D)].

write_bytes(<<>>, _D) -> ">>";
write_bytes(_B, 1) -> "...>>";
write_bytes(<<X:8>>, _D) -> [integer_to_list(X), $>, $>];
write_bytes(<<X:8, Rest/bitstring>>, D) -> [integer_to_list(X), $, | write_bytes(Rest, D - 1)];
write_bytes(B, _D) ->
    N = bit_size(B),
    <<X:N>> = B,
    [integer_to_list(X), $:, integer_to_list(N), $>, $>].

write_atom(A) -> write_atom_enc(A, latin1).

write_atom_enc(A, _E) ->
    Chars = atom_to_list(A),
    case quote_atom(A, Chars) of
        true -> write_string(Chars, $');
        false -> Chars
    end.

quote_atom(A, Chars) when is_atom(A) ->
    case reserved(A) of
        true -> true;
        false ->
            case Chars of
                [C | Cs] when C >= $a, C =< $z -> not name_chars(Cs);
                [C | Cs] when C >= $ß, C =< $ÿ, C =/= $÷ -> not name_chars(Cs);
                _ -> true
            end
    end.

name_chars([C | Cs]) ->
    case name_char(C) of
        true -> name_chars(Cs);
        false -> false
    end;
name_chars([]) -> true.

name_char(C) when C >= $a, C =< $z -> true;
name_char(C) when C >= $ß, C =< $ÿ, C =/= $÷ -> true;
name_char(C) when C >= $A, C =< $Z -> true;
name_char(C) when C >= $À, C =< $Þ, C =/= $× -> true;
name_char(C) when C >= $0, C =< $9 -> true;
name_char($_) -> true;
name_char($@) -> true;
name_char(_) -> false.

%% As OTP 27+, 'else' and 'maybe' too.
reserved(A) ->
    lists:member(A, ['after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr',
                     'bxor', 'case', 'catch', 'cond', 'div', 'else', 'end', 'fun', 'if', 'let',
                     'maybe', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when',
                     'xor']).

write_string(S) -> write_string(S, $").

write_string(S, Q) -> [Q | write_string_chars(S, Q)].

write_latin1_string(S) -> write_string(S).

write_string_chars([], Q) -> [Q];
write_string_chars([C | Cs], Q) -> string_char(C, Q, write_string_chars(Cs, Q)).

string_char(Q, Q, Tail) -> [$\\, Q | Tail];
string_char($\\, _, Tail) -> [$\\, $\\ | Tail];
string_char(C, _, Tail) when C >= $\s, C =< $~ -> [C | Tail];
string_char(C, _, Tail) when C >= 160 -> [C | Tail];
string_char($\n, _, Tail) -> [$\\, $n | Tail];
string_char($\r, _, Tail) -> [$\\, $r | Tail];
string_char($\t, _, Tail) -> [$\\, $t | Tail];
string_char($\v, _, Tail) -> [$\\, $v | Tail];
string_char($\b, _, Tail) -> [$\\, $b | Tail];
string_char($\f, _, Tail) -> [$\\, $f | Tail];
string_char($\e, _, Tail) -> [$\\, $e | Tail];
string_char($\d, _, Tail) -> [$\\, $d | Tail];
string_char(C, _, Tail) when C < 160 ->
    [$\\, $0 + (C bsr 6), $0 + ((C bsr 3) band 7), $0 + (C band 7) | Tail].

write_char($\s) -> "$\\s";
write_char(C) when is_integer(C), C >= 0 -> [$$ | string_char(C, -1, [])].

%% ---------------------------------------------------------------------------------------------
%% print: ~p

print(T) -> print(T, 1, 80, -1).
print(T, Col, Ll, D) -> pretty(T, Col, Ll, D, latin1, true).

%% The one-line form of a term as ~p writes it (strings recognised when Str is true).
flat(_T, 0, _E, _S) -> "...";
flat([], _D, _E, _S) -> "[]";
flat([_ | _], 1, _E, _S) -> "[...]";
flat(T, 1, _E, _S) when is_tuple(T), tuple_size(T) > 0 -> "{...}";
flat(T, D, E, S) when is_list(T) ->
    case S andalso T =/= [] andalso printable(T, E) of
        true -> write_string(T);
        false -> flat_list(T, D, E, S)
    end;
flat(T, D, E, S) when is_tuple(T) ->
    case tuple_to_list(T) of
        [] -> "{}";
        [H | Es] -> [${, flat(H, D - 1, E, S) | flat_tuple_tail(Es, D - 1, E, S)]
    end;
flat(T, D, E, S) when is_map(T) ->
    case map_size(T) of
        0 -> "#{}";
        _ when D =:= 1 -> "#{...}";
        _ -> ["#{", flat_pairs(map_pairs(T), D, D - 1, E, S), $}]
    end;
flat(T, D, E, true) when is_binary(T) ->
    case printable_bin_enc(T, E) of
        {true, Chars} -> [$<, $<, write_string(Chars), $>, $>];
        false -> write_binary(T, D)
    end;
flat(T, D, E, _S) -> write(T, D, E).

printable_bin_enc(<<>>, _) -> false;
printable_bin_enc(B, latin1) ->
    L = binary_to_list(B),
    case printable_latin1_list(L) of
        true -> {true, L};
        false -> false
    end;
printable_bin_enc(B, unicode) ->
    case unicode:characters_to_list(B) of
        L when is_list(L) ->
            case printable_latin1_list(L) of
                true -> {true, L};
                false -> printable_bin_enc(B, latin1)
            end;
        _ -> printable_bin_enc(B, latin1)
    end.

flat_list([H | T], D, E, S) -> [$[, flat(H, D - 1, E, S) | flat_tail(T, D - 1, E, S)].

flat_tail([], _D, _E, _S) -> [$]];
flat_tail(_, 1, _E, _S) -> "|...]";
flat_tail([H | T], D, E, S) -> [$,, flat(H, D - 1, E, S) | flat_tail(T, D - 1, E, S)];
flat_tail(Other, D, E, S) -> [$|, flat(Other, D - 1, E, S), $]].

flat_tuple_tail([], _D, _E, _S) -> [$}];
flat_tuple_tail(_, 1, _E, _S) -> ",...}";
flat_tuple_tail([H | T], D, E, S) -> [$,, flat(H, D - 1, E, S) | flat_tuple_tail(T, D - 1, E, S)].

flat_pairs([], _N, _D0, _E, _S) -> [];
flat_pairs(_, 1, _D0, _E, _S) -> "...";
flat_pairs([P], _N, D0, E, S) -> flat_pair(P, D0, E, S);
flat_pairs([P | Ps], N, D0, E, S) -> [flat_pair(P, D0, E, S), $, | flat_pairs(Ps, N - 1, D0, E, S)].

flat_pair({K, V}, D, E, S) -> [flat(K, D, E, S), " => ", flat(V, D, E, S)].

%% OTP's default printable range (io:printable_range/0) is latin1, also for ~tp.
printable(L, _Enc) -> printable_latin1_list(L).

%% Layout: a term that fits in what is left of the line stays on one line; otherwise lists and
%% tuples of one-line elements fill lines, others put one element per line, tagged tuples
%% align their elements after the tag, and maps put one association per line.
pretty(T, Col, Ll, D, E, S) ->
    lay(T, Col - 1, Ll, D, E, S, 0).

%% C: characters already on the line; Close: characters that must follow on the same line.
lay(T, C, Ll, D, E, S, Close) ->
    case flat_within(T, D, E, S, Ll - 2 - C - Close) of
        long -> lay_broken(T, C, Ll, D, E, S, Close);
        Flat -> Flat
    end.

%% The one-line text of T when it takes at most Room characters, else `long'. A walk that stops
%% once the least T can take passes Room comes first, so a deep or large term is not flattened
%% whole at every level of the layout (that made ~p quadratic in the depth).
flat_within(T, D, E, S, Room) ->
    case least(T, D, Room) of
        over -> long;
        _ ->
            Flat = flat(T, D, E, S),
            case chars_length(Flat) =< Room of
                true -> Flat;
                false -> long
            end
    end.

%% Budget B minus the fewest characters T prints as at depth D (following flat/4's depth
%% rules), or `over' once below zero. Separators are not counted: a string has none.
least(_T, _D, over) -> over;
least(_T, _D, B) when B < 0 -> over;
least(_T, 0, B) -> left(B - 3);
least([], _D, B) -> left(B - 2);
least([_ | _], 1, B) -> left(B - 5);
least([H | T], D, B) -> least_tail(T, D - 1, least(H, D - 1, B - 2));
least(T, 1, B) when is_tuple(T), tuple_size(T) > 0 -> left(B - 5);
least(T, D, B) when is_tuple(T) -> least_tuple(T, 1, D - 1, B - 2);
least(M, D, B) when is_map(M) -> least_pairs(maps:next(maps:iterator(M)), D, D - 1, B - 3);
least(Bin, _D, B) when is_bitstring(Bin) -> left(B - 4);
least(_T, _D, B) -> left(B - 1).

least_tail(_, _D, over) -> over;
least_tail([], _D, B) -> left(B);
least_tail(_, 1, B) -> left(B - 4);
least_tail([H | T], D, B) -> least_tail(T, D - 1, least(H, D - 1, B));
least_tail(Other, D, B) -> least(Other, D - 1, B - 1).

least_tuple(_T, _I, _D, over) -> over;
least_tuple(T, I, _D, B) when I > tuple_size(T) -> left(B);
least_tuple(_T, _I, 1, B) -> left(B - 4);
least_tuple(T, I, D, B) -> least_tuple(T, I + 1, D - 1, least(element(I, T), D, B - 1)).

least_pairs(_, _N, _D0, over) -> over;
least_pairs(none, _N, _D0, B) -> left(B);
least_pairs(_, 1, _D0, B) -> left(B - 3);
least_pairs({K, V, I}, N, D0, B) ->
    least_pairs(maps:next(I), N - 1, D0, least(V, D0, least(K, D0, B - 4))).

left(B) when is_integer(B), B >= 0 -> B;
left(_) -> over.

%% Characters of an item's one-line text, or Limit + 1 when it takes more than Limit.
item_len(X, E, S, Limit) ->
    case X of
        {elem, T, D} -> room_len(flat_within(T, D, E, S, Limit), Limit);
        {bar, T, D} -> room_len(flat_within(T, D, E, S, Limit - 1), Limit - 1) + 1;
        _ -> chars_length(item_flat(X, E, S))
    end.

room_len(long, Limit) -> Limit + 1;
room_len(Flat, _Limit) -> chars_length(Flat).

lay_broken(T, C, Ll, D, E, S, Close) when is_list(T), T =/= [] ->
    case S andalso printable(T, E) of
        true -> flat(T, D, E, S);
        false ->
            {Es, Tail} = list_elems(T, D - 1, []),
            [$[ | lay_seq(Es, Tail, C + 1, Ll, E, S, Close, $])]
    end;
lay_broken(T, C, Ll, D, E, S, Close) when is_tuple(T), tuple_size(T) > 0 ->
    Es = tuple_elems(tuple_to_list(T), D - 1),
    case Es of
        [{elem, Tag, TD} | Rest] when is_atom(Tag), Rest =/= [] ->
            TagText = flat(Tag, TD, E, S),
            TagLen = chars_length(TagText),
            M = lists:max([item_len(X, E, S, Ll) || X <- Rest]),
            Tcol = C + TagLen + 2,
            Col1 = case M + Tcol =< Ll orelse Tcol < Ll div 2 of
                       true -> Tcol;
                       false -> C + 4
                   end,
            [${, TagText, $, | lay_tag(Rest, Tcol, Col1, first, Ll, E, S, Close)];
        _ ->
            [${ | lay_seq(Es, none, C + 1, Ll, E, S, Close, $})]
    end;
lay_broken(T, C, Ll, D, E, S, Close) when is_map(T), D =/= 1, map_size(T) > 0 ->
    Pairs = map_pairs(T),
    ["#{" | lay_pairs(Pairs, D - 1, C + 2, Ll, E, S, Close)];
lay_broken(T, _C, _Ll, D, E, S, _Close) -> flat(T, D, E, S).

list_elems(_, 0, Acc) -> {lists:reverse(Acc), dots};
list_elems([H | T], D, Acc) -> list_elems(T, D - 1, [{elem, H, D} | Acc]);
list_elems([], _D, Acc) -> {lists:reverse(Acc), none};
list_elems(Other, D, Acc) -> {lists:reverse(Acc), {tail, Other, D}}.

tuple_elems(Es, -1) -> [{elem, X, -1} || X <- Es];
tuple_elems(Es, D) -> tuple_elems(Es, D, []).
tuple_elems([], _D, Acc) -> lists:reverse(Acc);
tuple_elems(_, 0, Acc) -> lists:reverse([dots | Acc]);
tuple_elems([X | Xs], D, Acc) -> tuple_elems(Xs, D - 1, [{elem, X, D} | Acc]).

%% Elements of a list (with its tail) or an untagged tuple, starting at column C.
lay_seq(Es0, Tail, C, Ll, E, S, Close, Bracket) ->
    Es = Es0 ++ case Tail of
                    dots when Bracket =:= $] -> [bar_dots];
                    {tail, T, D} -> [{bar, T, D}];
                    _ -> []
                end,
    %% Only simple elements are flattened here: a compound one sends the list to rows.
    AllFit = lists:all(fun(X) -> simple(X) andalso C + item_len(X, E, S, Ll) + 1 + Close =< Ll end, Es),
    case AllFit of
        true -> fill([{X, item_flat(X, E, S)} || X <- Es], C, C, Ll, Close, Bracket);
        false -> lay_rows(Es, C, Ll, E, S, Close, Bracket)
    end.

simple({elem, T, _}) -> not (is_list(T) orelse is_tuple(T) orelse is_map(T));
simple({bar, T, _}) -> not (is_list(T) orelse is_tuple(T) orelse is_map(T));
simple(_) -> true.

item_flat({elem, X, D}, E, S) -> flat(X, D, E, S);
item_flat({bar, X, D}, E, S) -> [$| | flat(X, D, E, S)];
item_flat(bar_dots, _E, _S) -> "|...";
item_flat(dots, _E, _S) -> "...".

fill([{_, Txt}], _Cur, _C, _Ll, _Close, Bracket) -> [Txt, Bracket];
fill([{_, Txt} | [{Next, _} | _] = Rest], Cur, C, Ll, Close, Bracket) ->
    Sep = case Next of {bar, _, _} -> []; bar_dots -> []; _ -> [$,] end,
    Len = chars_length(Txt) + length(Sep),
    Cur1 = Cur + Len,
    [Txt, Sep | fill_next(Rest, Cur1, C, Ll, Close, Bracket)].

%% "|..." (the depth ran out) stays with the element before it, however long the line.
fill_next([{bar_dots, _} | _] = Rest, Cur, C, Ll, Close, Bracket) ->
    fill(Rest, Cur, C, Ll, Close, Bracket);
fill_next([{_, Txt} | _] = Rest, Cur, C, Ll, Close, Bracket) ->
    Need = chars_length(Txt) + 1,
    case Cur + Need =< Ll - 2 of
        true -> fill(Rest, Cur, C, Ll, Close, Bracket);
        false -> [nl_indent(C) | fill(Rest, C, C, Ll, Close, Bracket)]
    end.

%% The elements after a tuple's tag: simple ones share lines while they fit, compound ones
%% (lists, tuples, maps) start a line at column Col1 and end it.
lay_tag([X | Xs], Cur, Col1, Prev, Ll, E, S, Close) ->
    Last = Xs =:= [],
    XClose = case Last of true -> Close + 1; false -> 1 end,
    Kind = case X of {elem, T, _} when is_list(T), T =/= []; is_tuple(T); is_map(T) -> compound; _ -> simple end,
    %% The length only decides for simple items (compound ones start a line anyway).
    Len = case Kind of
              simple -> item_len(X, E, S, Ll);
              compound -> 0
          end,
    {Prefix, Start} =
        if
            Prev =:= first, Cur =:= Col1 -> {[], Cur};
            Prev =:= first, Kind =:= simple, Cur + Len + XClose =< Ll - 2 -> {[], Cur};
            Prev =:= simple, Kind =:= simple, Cur + Len + XClose =< Ll - 2 -> {[], Cur};
            true -> {nl_indent(Col1), Col1}
        end,
    Text = lay_item(X, Start, Ll, E, S, XClose - 1),
    End = case is_multiline(Text) of
              true -> Col1 + 1000;
              false -> Start + chars_length(Text) + 1
          end,
    Next = case is_multiline(Text) of true -> compound; false -> Kind end,
    case Last of
        true -> [Prefix, Text, $}];
        false -> [Prefix, Text, $, | lay_tag(Xs, End, Col1, Next, Ll, E, S, Close)]
    end.

%% One element per line at column C.
lay_rows([X], C, Ll, E, S, Close, Bracket) -> [lay_item(X, C, Ll, E, S, Close + 1), Bracket];
lay_rows([X | Xs], C, Ll, E, S, Close, Bracket) ->
    [lay_item(X, C, Ll, E, S, 0), $,, nl_indent(C) | lay_rows(Xs, C, Ll, E, S, Close, Bracket)].

lay_item({elem, X, D}, C, Ll, E, S, Close) -> lay(X, C, Ll, D, E, S, Close);
lay_item({bar, X, D}, C, Ll, E, S, Close) -> [$| | lay(X, C + 1, Ll, D, E, S, Close)];
lay_item(bar_dots, _C, _Ll, _E, _S, _Close) -> "|...";
lay_item(dots, _C, _Ll, _E, _S, _Close) -> "...".

lay_pairs([], _D, _C, _Ll, _E, _S, _Close) -> "}";
lay_pairs(_, 0, _C, _Ll, _E, _S, _Close) -> "...}";
lay_pairs([P | Ps], D, C, Ll, E, S, Close) ->
    Last = Ps =:= [] orelse D =:= 1,
    PClose = case Last of true -> Close + 1; false -> 0 end,
    Text = lay_pair(P, D, C, Ll, E, S, PClose),
    case Ps of
        [] -> [Text, $}];
        _ -> [Text, $,, nl_indent(C) | lay_pairs(Ps, D - 1, C, Ll, E, S, Close)]
    end.

lay_pair({K, V}, D, C, Ll, E, S, Close) ->
    KText = lay(K, C, Ll, D, E, S, 0),
    KLen = chars_length(KText),
    VFlat = flat_within(V, D, E, S, Ll - 2 - C - KLen - 4 - Close),
    case is_multiline(KText) of
        false when VFlat =/= long ->
            [KText, " => ", VFlat];
        _ -> [KText, " =>", nl_indent(C + 4), lay(V, C + 4, Ll, D, E, S, Close)]
    end.

%% Stops at the first newline: a broken layout has one within its first line, so this does
%% not walk (or flatten) the whole text at every level.
is_multiline($\n) -> true;
is_multiline([H | T]) -> is_multiline(H) orelse is_multiline(T);
is_multiline(B) when is_binary(B) -> binary:match(B, <<"\n">>) =/= nomatch;
is_multiline(_) -> false.

nl_indent(C) -> [$\n | lists:duplicate(C, $\s)].

%% ---------------------------------------------------------------------------------------------
%% Character lists

char_list([C | Cs]) when is_integer(C), C >= 0, C < 16#D800;
                         is_integer(C), C > 16#DFFF, C < 16#FFFE;
                         is_integer(C), C > 16#FFFF, C =< 16#10FFFF -> char_list(Cs);
char_list([]) -> true;
char_list(_) -> false.

deep_char_list(L) -> deep(L, fun(C) -> char_list([C]) end).
latin1_char_list([C | Cs]) when is_integer(C), C >= 0, C =< 255 -> latin1_char_list(Cs);
latin1_char_list([]) -> true;
latin1_char_list(_) -> false.
deep_latin1_char_list(L) -> deep(L, fun(C) -> C >= 0 andalso C =< 255 end).

deep([C | Cs], Ok) when is_integer(C) ->
    case Ok(C) of
        true -> deep(Cs, Ok);
        false -> false
    end;
deep([L | Cs], Ok) when is_list(L) ->
    case deep(L, Ok) of
        true -> deep(Cs, Ok);
        false -> false
    end;
deep([], _Ok) -> true;
deep(_, _Ok) -> false.

printable_list(L) -> printable_latin1_list(L).

printable_latin1_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when is_integer(C), C >= 160, C =< 255 -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v; C =:= $\b;
                                     C =:= $\f; C =:= $\e -> printable_latin1_list(Cs);
printable_latin1_list([]) -> true;
printable_latin1_list(_) -> false.

printable_unicode_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ -> printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when is_integer(C), C >= 16#A0, C < 16#D800;
                                      is_integer(C), C > 16#DFFF, C < 16#FFFE;
                                      is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v; C =:= $\b;
                                      C =:= $\f; C =:= $\e -> printable_unicode_list(Cs);
printable_unicode_list([]) -> true;
printable_unicode_list(_) -> false.

nl() -> "\n".

%% The column after writing Chars from column I (tabs to the next multiple of 8).
indentation([$\n | Cs], _I) -> indentation(Cs, 0);
indentation([$\t | Cs], I) -> indentation(Cs, ((I + 8) div 8) * 8);
indentation([C | Cs], I) when is_integer(C) -> indentation(Cs, I + 1);
indentation([L | Cs], I) -> indentation(Cs, indentation(L, I));
indentation(B, I) when is_binary(B) -> indentation(unicode:characters_to_list(B), I);
indentation([], I) -> I.

chars_length(S) ->
    try iolist_size(S) catch _:_ -> lists:flatlength(S) end.
