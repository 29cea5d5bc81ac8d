%% string: OTP 25's API. The classic flat-list functions (len, str, tokens, strip, ...) work
%% on lists of characters as in OTP. The Unicode functions (length, trim, split, ...) take
%% flat lists, binaries (UTF-8) or chardata; results are lists for list input and binaries
%% for binary input (deep chardata input is flattened first, so such results may be shaped
%% differently from OTP's, though they hold the same characters).
%% Graphemes: CR LF, and a code point with the combining marks and joiners that follow it
%% (see IS_EXTEND; no Hangul syllable or regional-indicator clusters). Case mapping is full
%% Unicode (the VM's). equal/4 ignores normalisation.
-module(string).

%% Code points that continue the grapheme before them: the combining-mark blocks (and the
%% marks of Hebrew, Arabic and Devanagari), ZWNJ/ZWJ, variation selectors, emoji modifiers, tags.
-define(IS_EXTEND(C),
        ((C >= 16#300 andalso C =< 16#36F) orelse (C >= 16#483 andalso C =< 16#489) orelse
         (C >= 16#591 andalso C =< 16#5BD) orelse (C >= 16#610 andalso C =< 16#61A) orelse
         (C >= 16#64B andalso C =< 16#65F) orelse C =:= 16#670 orelse
         (C >= 16#900 andalso C =< 16#903) orelse (C >= 16#93A andalso C =< 16#94F) orelse
         (C >= 16#1AB0 andalso C =< 16#1AFF) orelse (C >= 16#1DC0 andalso C =< 16#1DFF) orelse
         C =:= 16#200C orelse C =:= 16#200D orelse (C >= 16#20D0 andalso C =< 16#20FF) orelse
         (C >= 16#FE00 andalso C =< 16#FE0F) orelse (C >= 16#FE20 andalso C =< 16#FE2F) orelse
         (C >= 16#1F3FB andalso C =< 16#1F3FF) orelse (C >= 16#E0020 andalso C =< 16#E007F) orelse
         (C >= 16#E0100 andalso C =< 16#E01EF))).

-export([
    %% classic API
    len/1, concat/2, chr/2, rchr/2, str/2, rstr/2, span/2, cspan/2, substr/2, substr/3,
    tokens/2, chars/2, chars/3, copies/2, words/1, words/2, sub_word/2, sub_word/3,
    strip/1, strip/2, strip/3, left/2, left/3, right/2, right/3, centre/2, centre/3,
    sub_string/2, sub_string/3, to_lower/1, to_upper/1, join/2,
    list_to_integer/1, list_to_float/1,
    %% Unicode API
    is_empty/1, length/1, to_graphemes/1, equal/2, equal/3, equal/4, reverse/1, slice/2,
    slice/3, pad/2, pad/3, pad/4, trim/1, trim/2, trim/3, chomp/1, take/2, take/3, take/4,
    uppercase/1, lowercase/1, titlecase/1, casefold/1, to_integer/1, to_float/1, prefix/2,
    split/2, split/3, replace/3, replace/4, lexemes/2, nth_lexeme/3, find/2, find/3,
    next_grapheme/1, next_codepoint/1, jaro_similarity/2
]).

%% ---------------------------------------------------------------- classic API

len(S) when is_list(S) -> erlang:length(S).

concat(S1, S2) -> S1 ++ S2.

chr(S, C) -> chr(S, C, 1).

chr([C | _], C, I) -> I;
chr([_ | T], C, I) -> chr(T, C, I + 1);
chr([], _, _) -> 0.

rchr(S, C) -> rchr(S, C, 1, 0).

rchr([C | T], C, I, _) -> rchr(T, C, I + 1, I);
rchr([_ | T], C, I, Last) -> rchr(T, C, I + 1, Last);
rchr([], _, _, Last) -> Last.

str(S, Sub) -> str(S, Sub, 1).

str([_ | T] = S, [_ | _] = Sub, I) ->
    case lists:prefix(Sub, S) of
        true -> I;
        false -> str(T, Sub, I + 1)
    end;
str(_, _, _) -> 0.

rstr(S, Sub) -> rstr(S, Sub, 1, 0).

rstr([_ | T] = S, [_ | _] = Sub, I, Last) ->
    case lists:prefix(Sub, S) of
        true -> rstr(T, Sub, I + 1, I);
        false -> rstr(T, Sub, I + 1, Last)
    end;
rstr(_, _, _, Last) -> Last.

span(S, Chars) -> span(S, Chars, true, 0).

cspan(S, Chars) -> span(S, Chars, false, 0).

span([C | T], Chars, In, N) ->
    case lists:member(C, Chars) of
        In -> span(T, Chars, In, N + 1);
        _ -> N
    end;
span([], _, _, N) -> N.

substr(S, Start) when is_integer(Start), Start >= 1 -> lists:nthtail(Start - 1, S).

substr(S, Start, Len) when is_integer(Len), Len >= 0 -> lists:sublist(substr(S, Start), Len).

sub_string(S, Start) -> substr(S, Start).

sub_string(S, Start, Stop) -> substr(S, Start, Stop - Start + 1).

tokens(S, Seps) -> [T || T <- pieces(S, Seps, [], []), T =/= []].

%% S cut at every character in Seps (empty pieces kept).
pieces([C | T], Seps, Cur, Acc) ->
    case lists:member(C, Seps) of
        true -> pieces(T, Seps, [], [lists:reverse(Cur) | Acc]);
        false -> pieces(T, Seps, [C | Cur], Acc)
    end;
pieces([], _, Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]).

chars(C, N) -> chars(C, N, []).

chars(C, N, Tail) when is_integer(N), N >= 0 -> lists:duplicate(N, C) ++ Tail.

copies(S, N) when is_list(S), is_integer(N), N >= 0 -> lists:append(lists:duplicate(N, S)).

words(S) -> words(S, $\s).

words(S, C) -> max(1, erlang:length(tokens(S, [C]))).

sub_word(S, N) -> sub_word(S, N, $\s).

sub_word(S, N, C) when is_integer(N) ->
    case tokens(S, [C]) of
        [] -> [];
        Words when N >= 1, erlang:length(Words) >= N -> lists:nth(N, Words);
        _ when N >= 1 -> []
    end.

strip(S) -> strip(S, both).

strip(S, Dir) -> strip(S, Dir, $\s).

strip(S, left, C) -> lists:dropwhile(fun(X) -> X =:= C end, S);
strip(S, right, C) -> lists:reverse(strip(lists:reverse(S), left, C));
strip(S, both, C) -> strip(strip(S, left, C), right, C).

left(S, N) -> left(S, N, $\s).

left(S, N, C) when is_integer(N), N >= 0 ->
    L = erlang:length(S),
    if
        L >= N -> lists:sublist(S, N);
        true -> S ++ lists:duplicate(N - L, C)
    end.

right(S, N) -> right(S, N, $\s).

right(S, N, C) when is_integer(N), N >= 0 ->
    L = erlang:length(S),
    if
        L >= N -> lists:nthtail(L - N, S);
        true -> lists:duplicate(N - L, C) ++ S
    end.

centre(S, N) -> centre(S, N, $\s).

centre(S, 0, _) when is_list(S) -> [];
centre(S, N, C) when is_integer(N), N > 0 ->
    L = erlang:length(S),
    if
        L > N -> lists:sublist(lists:nthtail((L - N) div 2, S), N);
        true ->
            Before = (N - L) div 2,
            lists:duplicate(Before, C) ++ S ++ lists:duplicate(N - L - Before, C)
    end.

to_lower(C) when is_integer(C) -> lower_latin1(C);
to_lower(S) when is_list(S) -> [lower_latin1(C) || C <- S].

to_upper(C) when is_integer(C) -> upper_latin1(C);
to_upper(S) when is_list(S) -> [upper_latin1(C) || C <- S].

lower_latin1(C) when C >= $A, C =< $Z; C >= 16#C0, C =< 16#DE, C =/= 16#D7 -> C + 32;
lower_latin1(C) -> C.

upper_latin1(C) when C >= $a, C =< $z; C >= 16#E0, C =< 16#FE, C =/= 16#F7 -> C - 32;
upper_latin1(C) -> C.

join([], _) -> [];
join([H | T], Sep) -> H ++ lists:append([Sep ++ X || X <- T]).

list_to_integer(S) when is_list(S) -> to_integer(S).

list_to_float(S) when is_list(S) -> to_float(S).

%% ---------------------------------------------------------------- Unicode API

%% The code points of any chardata; back to the input's kind.
cps(S) when is_binary(S) -> unicode:characters_to_list(S);
cps(S) when is_list(S) ->
    case is_flat(S) of
        true -> S;
        false -> unicode:characters_to_list(S)
    end;
cps(S) -> erlang:error(badarg, [S]).

is_flat([C | T]) when is_integer(C) -> is_flat(T);
is_flat([]) -> true;
is_flat(_) -> false.

like(S, L) when is_binary(S) -> unicode:characters_to_binary(L);
like(_, L) -> L.

%% Graphemes: CR LF together; a code point with the combining marks, variation selectors,
%% emoji modifiers and zero-width-joined code points that follow it.
gcs([$\r, $\n | T]) -> [[$\r, $\n] | gcs(T)];
gcs([C | T]) ->
    case extend(T, []) of
        {[], Rest} -> [C | gcs(Rest)];
        {Ext, Rest} -> [[C | Ext] | gcs(Rest)]
    end;
gcs([]) -> [].

extend([16#200D, C | T], Acc) when C =/= $\r, C =/= $\n -> extend(T, [C, 16#200D | Acc]);
extend([C | T], Acc) when ?IS_EXTEND(C) -> extend(T, [C | Acc]);
extend(T, Acc) -> {lists:reverse(Acc), T}.

ungc(Gs) -> lists:append([gc_cps(G) || G <- Gs]).

gc_cps(G) when is_list(G) -> G;
gc_cps(C) -> [C].

is_empty([]) -> true;
is_empty(<<>>) -> true;
is_empty([L | T]) -> is_empty(L) andalso is_empty(T);
is_empty(_) -> false.

length(S) -> erlang:length(gcs(cps(S))).

to_graphemes(S) -> gcs(cps(S)).

equal(A, B) -> cps(A) =:= cps(B).

equal(A, B, false) -> equal(A, B);
equal(A, B, true) -> map_cps(fold, cps(A)) =:= map_cps(fold, cps(B)).

equal(A, B, IgnoreCase, _Norm) -> equal(A, B, IgnoreCase).

reverse(S) -> lists:reverse(gcs(cps(S))).

slice(S, Start) -> slice(S, Start, infinity).

slice(S, Start, Len) when is_integer(Start), Start >= 0,
                          (Len =:= infinity orelse (is_integer(Len) andalso Len >= 0)) ->
    Gs = drop(Start, gcs(cps(S))),
    Taken = case Len of
        infinity -> Gs;
        _ -> lists:sublist(Gs, Len)
    end,
    like(S, ungc(Taken)).

drop(0, L) -> L;
drop(_, []) -> [];
drop(N, [_ | T]) -> drop(N - 1, T).

pad(S, N) -> pad(S, N, trailing).

pad(S, N, Dir) -> pad(S, N, Dir, $\s).

pad(S, N, Dir, Char) when is_integer(N) ->
    K = max(0, N - ?MODULE:length(S)),
    case Dir of
        trailing -> [S | lists:duplicate(K, Char)];
        leading -> [lists:duplicate(K, Char), S];
        both ->
            Half = lists:duplicate(K div 2, Char),
            [Half, S, Half | lists:duplicate(K rem 2, Char)]
    end.

-define(WHITESPACE, [$\s, $\t, $\n, 16#0B, 16#0C, $\r, 16#85, 16#200E, 16#200F, 16#2028, 16#2029]).

trim(S) -> trim(S, both).

trim(S, Dir) -> trim(S, Dir, [[$\r, $\n] | ?WHITESPACE]).

trim(S, Dir, Seps) when Dir =:= leading; Dir =:= trailing; Dir =:= both ->
    Gs = gcs(cps(S)),
    Out = fun(G) -> lists:member(G, Seps) end,
    L1 = case Dir of
        trailing -> Gs;
        _ -> lists:dropwhile(Out, Gs)
    end,
    L2 = case Dir of
        leading -> L1;
        _ -> lists:reverse(lists:dropwhile(Out, last_crlf(lists:reverse(L1), Seps)))
    end,
    like(S, ungc(L2)).

%% As OTP, trimming at the end looks at a final CR LF code point by code point unless CR LF
%% itself is a separator ("a\r\n" trimmed of "\n" is "a\r").
last_crlf([[$\r, $\n] | T] = R, Seps) ->
    case lists:member([$\r, $\n], Seps) of
        true -> R;
        false -> [$\n, $\r | T]
    end;
last_crlf(R, _) -> R.

chomp(S) ->
    Gs = lists:reverse(gcs(cps(S))),
    like(S, ungc(lists:reverse(lists:dropwhile(fun(G) -> G =:= $\n orelse G =:= [$\r, $\n] end, Gs)))).

take(S, Seps) -> take(S, Seps, false).

take(S, Seps, Complement) -> take(S, Seps, Complement, leading).

take(S, Seps, Complement, Dir) ->
    Gs = gcs(cps(S)),
    Keep = fun(G) -> lists:member(G, Seps) =/= Complement end,
    case Dir of
        leading ->
            {Taken, Rest} = lists:splitwith(Keep, Gs),
            {like(S, ungc(Taken)), like(S, ungc(Rest))};
        trailing ->
            {RTaken, RRest} = lists:splitwith(Keep, lists:reverse(Gs)),
            {like(S, ungc(lists:reverse(RRest))), like(S, ungc(lists:reverse(RTaken)))}
    end.

uppercase(S) -> like(S, map_cps(upper, cps(S))).

lowercase(S) -> like(S, map_cps(lower, cps(S))).

casefold(S) -> like(S, map_cps(fold, cps(S))).

titlecase(S) ->
    case cps(S) of
        [C | T] -> like(S, unicode_util:case_map(title, C) ++ T);
        [] -> S
    end.

%% Case mapping is the VM's (Rust's full Unicode mappings): one code point may become several.
map_cps(Mode, L) -> lists:append([unicode_util:case_map(Mode, C) || C <- L]).

prefix(S, Prefix) ->
    P = cps(Prefix),
    L = cps(S),
    case lists:prefix(P, L) of
        true -> like(S, lists:nthtail(erlang:length(P), L));
        false -> nomatch
    end.

to_integer(S) when is_binary(S); is_list(S) ->
    try cps(S) of
        L ->
            {Sign, L1} = sign(L),
            case lists:splitwith(fun is_digit/1, L1) of
                {[], _} -> {error, no_integer};
                {Ds, Rest} -> {Sign * erlang:list_to_integer(Ds), like(S, Rest)}
            end
    catch
        _:_ -> {error, badarg}
    end;
to_integer(_) -> {error, badarg}.

to_float(S) when is_binary(S); is_list(S) ->
    try cps(S) of
        L ->
            {Sign, L1} = sign(L),
            case float_prefix(L1) of
                none -> {error, no_float};
                {Text, Rest} -> {Sign * erlang:list_to_float(Text), like(S, Rest)}
            end
    catch
        _:_ -> {error, badarg}
    end;
to_float(_) -> {error, badarg}.

sign([$- | T]) -> {-1, T};
sign([$+ | T]) -> {1, T};
sign(L) -> {1, L}.

is_digit(C) -> C >= $0 andalso C =< $9.

%% Digits "." digits, then an exponent if a whole one follows.
float_prefix(L) ->
    case lists:splitwith(fun is_digit/1, L) of
        {[_ | _] = Int, [$. | T]} ->
            case lists:splitwith(fun is_digit/1, T) of
                {[_ | _] = Frac, Rest} ->
                    Mantissa = Int ++ "." ++ Frac,
                    case exponent(Rest) of
                        {Exp, Rest1} -> {Mantissa ++ Exp, Rest1};
                        none -> {Mantissa, Rest}
                    end;
                _ -> none
            end;
        _ -> none
    end.

exponent([E | T]) when E =:= $e; E =:= $E ->
    {Sign, T1} = case T of
        [S | R] when S =:= $-; S =:= $+ -> {[S], R};
        _ -> {[], T}
    end,
    case lists:splitwith(fun is_digit/1, T1) of
        {[_ | _] = Ds, Rest} -> {"e" ++ Sign ++ Ds, Rest};
        _ -> none
    end;
exponent(_) -> none.

split(S, Pat) -> split(S, Pat, leading).

split(S, Pat, Where) ->
    case cps(Pat) of
        [] -> [S];
        P ->
            L = cps(S),
            Parts = case Where of
                leading -> split_first(L, P, []);
                trailing -> split_last(L, P);
                all -> split_all(L, P, [], [])
            end,
            [like(S, X) || X <- Parts]
    end.

split_first([], _, Acc) -> [lists:reverse(Acc)];
split_first(L, P, Acc) ->
    case lists:prefix(P, L) of
        true -> [lists:reverse(Acc), lists:nthtail(erlang:length(P), L)];
        false -> split_first(tl(L), P, [hd(L) | Acc])
    end.

split_last(L, P) ->
    case find_all(L, P, []) of
        [] -> [L];
        [Last | _] ->
            Before = lists:sublist(L, erlang:length(L) - erlang:length(Last)),
            [Before, lists:nthtail(erlang:length(P), Last)]
    end.

split_all([], _, Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]);
split_all(L, P, Cur, Acc) ->
    case lists:prefix(P, L) of
        true -> split_all(lists:nthtail(erlang:length(P), L), P, [], [lists:reverse(Cur) | Acc]);
        false -> split_all(tl(L), P, [hd(L) | Cur], Acc)
    end.

replace(S, Pat, Rep) -> replace(S, Pat, Rep, leading).

replace(S, Pat, Rep, Where) -> lists:join(Rep, split(S, Pat, Where)).

lexemes(S, Seps) ->
    [like(S, ungc(X)) || X <- pieces(gcs(cps(S)), Seps, [], []), X =/= []].

nth_lexeme(S, N, Seps) when is_integer(N), N >= 1 ->
    case lexemes(S, Seps) of
        Ls when erlang:length(Ls) >= N -> lists:nth(N, Ls);
        _ -> like(S, [])
    end.

find(S, Pat) -> find(S, Pat, leading).

find(S, Pat, Dir) ->
    P = cps(Pat),
    L = cps(S),
    case P of
        [] -> S;
        _ ->
            case find_all(L, P, []) of
                [] -> nomatch;
                Found when Dir =:= leading -> like(S, lists:last(Found));
                [Last | _] when Dir =:= trailing -> like(S, Last)
            end
    end.

%% Every suffix of L that starts with P, the last one found first.
find_all([], _, Acc) -> Acc;
find_all([_ | T] = L, P, Acc) ->
    case lists:prefix(P, L) of
        true -> find_all(T, P, [L | Acc]);
        false -> find_all(T, P, Acc)
    end.

next_grapheme(S) ->
    case next_codepoint(S) of
        [$\r | Rest] ->
            case next_codepoint(Rest) of
                [$\n | Rest1] -> [[$\r, $\n] | Rest1];
                _ -> [$\r | Rest]
            end;
        [C | Rest] ->
            case next_extend(Rest, []) of
                {[], Rest1} -> [C | Rest1];
                {Ext, Rest1} -> [[C | Ext] | Rest1]
            end;
        Other -> Other
    end.

next_extend(S, Acc) ->
    case next_codepoint(S) of
        [16#200D | Rest] ->
            case next_codepoint(Rest) of
                [C | Rest1] when C =/= $\r, C =/= $\n -> next_extend(Rest1, [C, 16#200D | Acc]);
                _ -> {lists:reverse([16#200D | Acc]), Rest}
            end;
        [C | Rest] when ?IS_EXTEND(C) -> next_extend(Rest, [C | Acc]);
        _ -> {lists:reverse(Acc), S}
    end.

next_codepoint(<<C/utf8, Rest/binary>>) -> [C | Rest];
next_codepoint(<<>>) -> [];
next_codepoint([C | T]) when is_integer(C) -> [C | T];
next_codepoint([]) -> [];
next_codepoint([H | T]) ->
    case next_codepoint(H) of
        [] -> next_codepoint(T);
        [C | Rest] when Rest =:= []; Rest =:= <<>> -> [C | T];
        [C | Rest] -> [C, Rest | T]
    end.

%% ---------------------------------------------------------------- jaro_similarity (OTP 27)

%% The Jaro similarity of two strings, over their grapheme clusters: 1.0 for equal strings, 0.0
%% when nothing matches.
jaro_similarity(S1, S2) ->
    A = list_to_tuple(to_graphemes(S1)),
    B = list_to_tuple(to_graphemes(S2)),
    {LA, LB} = {tuple_size(A), tuple_size(B)},
    if
        LA =:= 0, LB =:= 0 -> 1.0;
        LA =:= 0; LB =:= 0 -> 0.0;
        true -> jaro(A, LA, B, LB)
    end.

jaro(A, LA, B, LB) ->
    Window = max(0, max(LA, LB) div 2 - 1),
    %% For each grapheme of A in turn, the first unused equal one of B within the window.
    {MatchedA, UsedB} =
        lists:foldl(
          fun(I, {MA, UB}) ->
                  G = element(I, A),
                  Js = lists:seq(max(1, I - Window), min(LB, I + Window)),
                  case [J || J <- Js, not maps:is_key(J, UB), element(J, B) =:= G] of
                      [J | _] -> {[G | MA], UB#{J => true}};
                      [] -> {MA, UB}
                  end
          end, {[], #{}}, lists:seq(1, LA)),
    M = erlang:length(MatchedA),
    case M of
        0 -> 0.0;
        _ ->
            InA = lists:reverse(MatchedA),
            InB = [element(J, B) || J <- lists:sort(maps:keys(UsedB))],
            T = erlang:length([x || {X, Y} <- lists:zip(InA, InB), X =/= Y]) div 2,
            (M / LA + M / LB + (M - T) / M) / 3
    end.
