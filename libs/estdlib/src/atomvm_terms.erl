%% Reading Erlang terms from text, for file:consult/1 and file:path_consult/2 (OTP reads them
%% with erl_scan and erl_parse, which this library does not have). Terms, each ended by a full
%% stop: atoms, quoted atoms, numbers (integers with `_` and `Base#`, floats), characters,
%% strings, lists, tuples, maps and binaries of integers and strings. The text is UTF-8 (Latin-1
%% when it is not valid UTF-8), and `%` starts a comment.
-module(atomvm_terms).

-export([parse/1, format_error/1]).

%% {ok, Terms} or {error, {Line, atomvm_terms, Message}}.
parse(Bin) when is_binary(Bin) ->
    Chars = case unicode:characters_to_list(Bin) of
                L when is_list(L) -> L;
                _ -> binary_to_list(Bin)
            end,
    try
        {ok, terms(tokens(Chars, 1, []), [])}
    catch
        throw:{syntax, Line, Message} -> {error, {Line, ?MODULE, Message}}
    end.

format_error(Message) -> Message.

fail(Line, Message) -> throw({syntax, Line, Message}).

%% ---- scanning: tokens are {Kind, Line, Value} or {Punct, Line} ----

-define(IS_DIGIT(C), (C >= $0 andalso C =< $9)).
-define(IS_LOWER(C), ((C >= $a andalso C =< $z) orelse (C >= 16#DF andalso C =< 16#FF andalso C =/= 16#F7))).
-define(IS_UPPER(C), ((C >= $A andalso C =< $Z) orelse C =:= $_ orelse (C >= 16#C0 andalso C =< 16#DE andalso C =/= 16#D7))).
-define(IS_NAME(C), (?IS_LOWER(C) orelse ?IS_UPPER(C) orelse ?IS_DIGIT(C) orelse C =:= $@)).

tokens([], _, Acc) -> lists:reverse(Acc);
tokens([$\n | T], L, Acc) -> tokens(T, L + 1, Acc);
tokens([C | T], L, Acc) when C =:= $\s; C =:= $\t; C =:= $\r; C =:= $\f; C =:= $\v -> tokens(T, L, Acc);
tokens([$% | T], L, Acc) -> tokens(lists:dropwhile(fun(C) -> C =/= $\n end, T), L, Acc);
tokens([$. | T], L, Acc) ->
    case T of
        [] -> tokens(T, L, [{dot, L} | Acc]);
        [C | _] when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r; C =:= $% -> tokens(T, L, [{dot, L} | Acc]);
        _ -> fail(L, "syntax error before: '.'")
    end;
tokens([$<, $< | T], L, Acc) -> tokens(T, L, [{'<<', L} | Acc]);
tokens([$>, $> | T], L, Acc) -> tokens(T, L, [{'>>', L} | Acc]);
tokens([$=, $> | T], L, Acc) -> tokens(T, L, [{'=>', L} | Acc]);
tokens([$:, $= | T], L, Acc) -> tokens(T, L, [{':=', L} | Acc]);
tokens([C | T], L, Acc) when C =:= ${; C =:= $}; C =:= $[; C =:= $]; C =:= $,; C =:= $|;
                             C =:= $#; C =:= $-; C =:= $+; C =:= $/; C =:= $: ->
    tokens(T, L, [{list_to_atom([C]), L} | Acc]);
tokens([$" | T], L, Acc) ->
    {S, Rest, L1} = quoted(T, $", L, []),
    tokens(Rest, L1, [{string, L, S} | Acc]);
tokens([$' | T], L, Acc) ->
    {S, Rest, L1} = quoted(T, $', L, []),
    tokens(Rest, L1, [{atom, L, list_to_atom(S)} | Acc]);
tokens([$$, $\\ | T], L, Acc) ->
    {C, Rest} = escape(T, L),
    tokens(Rest, L, [{integer, L, C} | Acc]);
tokens([$$, C | T], L, Acc) -> tokens(T, L, [{integer, L, C} | Acc]);
tokens([C | _] = Cs, L, Acc) when ?IS_DIGIT(C) ->
    {N, Rest} = number(Cs, L),
    tokens(Rest, L, [N | Acc]);
tokens([C | _] = Cs, L, Acc) when ?IS_LOWER(C) ->
    {Name, Rest} = lists:splitwith(fun(X) -> ?IS_NAME(X) end, Cs),
    tokens(Rest, L, [{atom, L, list_to_atom(Name)} | Acc]);
tokens([C | _] = Cs, L, _) when ?IS_UPPER(C) ->
    {Name, _} = lists:splitwith(fun(X) -> ?IS_NAME(X) end, Cs),
    fail(L, "variable '" ++ Name ++ "' is unbound");
tokens([C | _], L, _) ->
    fail(L, "illegal character: " ++ [C]).

quoted([], _, L, _) -> fail(L, "unterminated string");
quoted([Q | T], Q, L, Acc) -> {lists:reverse(Acc), T, L};
quoted([$\\ | T], Q, L, Acc) ->
    {C, Rest} = escape(T, L),
    quoted(Rest, Q, L, [C | Acc]);
quoted([$\n | T], Q, L, Acc) -> quoted(T, Q, L + 1, [$\n | Acc]);
quoted([C | T], Q, L, Acc) -> quoted(T, Q, L, [C | Acc]).

escape([$n | T], _) -> {$\n, T};
escape([$t | T], _) -> {$\t, T};
escape([$r | T], _) -> {$\r, T};
escape([$s | T], _) -> {$\s, T};
escape([$e | T], _) -> {27, T};
escape([$d | T], _) -> {127, T};
escape([$b | T], _) -> {$\b, T};
escape([$f | T], _) -> {$\f, T};
escape([$v | T], _) -> {$\v, T};
escape([$^, C | T], _) -> {C band 31, T};
escape([$x, ${ | T], L) ->
    {Hex, Rest} = lists:splitwith(fun(C) -> C =/= $} end, T),
    case {Rest, catch list_to_integer(Hex, 16)} of
        {[$} | Rest1], N} when is_integer(N) -> {N, Rest1};
        _ -> fail(L, "illegal character escape")
    end;
escape([$x, A, B | T], L) ->
    case catch list_to_integer([A, B], 16) of
        N when is_integer(N) -> {N, T};
        _ -> fail(L, "illegal character escape")
    end;
escape([C | _] = Cs, _) when C >= $0, C =< $7 ->
    {Oct, Rest} = octal(Cs, 3, []),
    {list_to_integer(Oct, 8), Rest};
escape([C | T], _) -> {C, T};
escape([], L) -> fail(L, "unterminated escape").

octal([C | T], N, Acc) when N > 0, C >= $0, C =< $7 -> octal(T, N - 1, [C | Acc]);
octal(Rest, _, Acc) -> {lists:reverse(Acc), Rest}.

number(Cs, L) ->
    {Int, Rest} = digits(Cs, fun(C) -> ?IS_DIGIT(C) end),
    case Rest of
        [$#, D | Rest1] when ?IS_NAME(D) ->
            Base = list_to_integer(Int),
            {Ds, Rest2} = digits([D | Rest1], fun(C) -> ?IS_NAME(C) andalso C =/= $_ end),
            case catch list_to_integer(Ds, Base) of
                N when is_integer(N) -> {{integer, L, N}, Rest2};
                _ -> fail(L, "illegal based number")
            end;
        [$., D | Rest1] when ?IS_DIGIT(D) ->
            {Frac, Rest2} = digits([D | Rest1], fun(C) -> ?IS_DIGIT(C) end),
            {Exp, Rest3} = exponent(Rest2),
            {{float, L, list_to_float(Int ++ "." ++ Frac ++ Exp)}, Rest3};
        _ ->
            {{integer, L, list_to_integer(Int)}, Rest}
    end.

%% Digits with `_` between them, the underscores dropped.
digits(Cs, Is) -> digits(Cs, Is, []).
digits([$_, C | T], Is, [_ | _] = Acc) -> 
    case Is(C) of
        true -> digits(T, Is, [C | Acc]);
        false -> {lists:reverse(Acc), [$_, C | T]}
    end;
digits([C | T], Is, Acc) ->
    case Is(C) of
        true -> digits(T, Is, [C | Acc]);
        false -> {lists:reverse(Acc), [C | T]}
    end;
digits([], _, Acc) -> {lists:reverse(Acc), []}.

exponent([E | T]) when E =:= $e; E =:= $E ->
    case T of
        [S, D | Rest] when (S =:= $- orelse S =:= $+), ?IS_DIGIT(D) ->
            {Ds, Rest1} = digits([D | Rest], fun(C) -> ?IS_DIGIT(C) end),
            {[$e, S | Ds], Rest1};
        [D | Rest] when ?IS_DIGIT(D) ->
            {Ds, Rest1} = digits([D | Rest], fun(C) -> ?IS_DIGIT(C) end),
            {[$e | Ds], Rest1};
        _ ->
            {"", [E | T]}
    end;
exponent(Rest) -> {"", Rest}.

%% ---- parsing ----

terms([], Acc) -> lists:reverse(Acc);
terms(Tokens, Acc) ->
    case term(Tokens) of
        {T, [{dot, _} | Rest]} -> terms(Rest, [T | Acc]);
        {_, [Tok | _]} -> before(Tok);
        {_, []} -> fail(last_line(Tokens), "premature end")
    end.

last_line(Tokens) -> element(2, lists:last(Tokens)).

before(Tok) -> fail(element(2, Tok), "syntax error before: " ++ token_text(Tok)).

token_text({_, _, V}) -> io_lib:format("~p", [V]);
token_text({P, _}) -> atom_to_list(P).

term([{atom, _, A} | T]) -> {A, T};
term([{integer, _, N} | T]) -> {N, T};
term([{float, _, F} | T]) -> {F, T};
term([{string, _, S} | T]) -> strings(T, S);
term([{'-', _}, {integer, _, N} | T]) -> {-N, T};
term([{'-', _}, {float, _, F} | T]) -> {-F, T};
term([{'+', _}, {integer, _, N} | T]) -> {N, T};
term([{'+', _}, {float, _, F} | T]) -> {F, T};
term([{'{', _}, {'}', _} | T]) -> {{}, T};
term([{'{', _} | T]) ->
    {Elems, Rest} = elements(T, '}'),
    {list_to_tuple(Elems), Rest};
term([{'[', _}, {']', _} | T]) -> {[], T};
term([{'[', _} | T]) -> list(T);
term([{'#', _}, {'{', _}, {'}', _} | T]) -> {#{}, T};
term([{'#', _}, {'{', _} | T]) -> map(T, #{});
term([{'<<', _}, {'>>', _} | T]) -> {<<>>, T};
term([{'<<', _} | T]) -> binary(T, []);
term([Tok | _]) -> before(Tok);
term([]) -> fail(0, "premature end").

%% Adjacent strings are one string, as in Erlang source.
strings([{string, _, S} | T], Acc) -> strings(T, Acc ++ S);
strings(T, Acc) -> {Acc, T}.

elements(Tokens, Close) ->
    {E, Rest} = term(Tokens),
    case Rest of
        [{',', _} | Rest1] ->
            {Es, Rest2} = elements(Rest1, Close),
            {[E | Es], Rest2};
        [{Close, _} | Rest1] ->
            {[E], Rest1};
        [Tok | _] ->
            before(Tok);
        [] ->
            fail(0, "premature end")
    end.

list(Tokens) ->
    {E, Rest} = term(Tokens),
    case Rest of
        [{',', _} | Rest1] ->
            {Es, Rest2} = list(Rest1),
            {[E | Es], Rest2};
        [{'|', _} | Rest1] ->
            case term(Rest1) of
                {Tail, [{']', _} | Rest2]} -> {[E | Tail], Rest2};
                {_, [Tok | _]} -> before(Tok);
                {_, []} -> fail(0, "premature end")
            end;
        [{']', _} | Rest1] ->
            {[E], Rest1};
        [Tok | _] ->
            before(Tok);
        [] ->
            fail(0, "premature end")
    end.

map(Tokens, Acc) ->
    {K, Rest} = term(Tokens),
    case Rest of
        [{'=>', _} | Rest1] ->
            {V, Rest2} = term(Rest1),
            Map = Acc#{K => V},
            case Rest2 of
                [{',', _} | Rest3] -> map(Rest3, Map);
                [{'}', _} | Rest3] -> {Map, Rest3};
                [Tok | _] -> before(Tok);
                [] -> fail(0, "premature end")
            end;
        [Tok | _] ->
            before(Tok);
        [] ->
            fail(0, "premature end")
    end.

binary(Tokens, Acc) ->
    {Seg, Rest} = segment(Tokens),
    case Rest of
        [{',', _} | Rest1] -> binary(Rest1, [Seg | Acc]);
        [{'>>', _} | Rest1] -> {list_to_binary(lists:reverse([Seg | Acc])), Rest1};
        [Tok | _] -> before(Tok);
        [] -> fail(0, "premature end")
    end.

segment([{string, _, S} | T]) -> {S, T};
segment([{integer, _, N} | T]) -> {N band 255, T};
segment([Tok | _]) -> before(Tok);
segment([]) -> fail(0, "premature end").
