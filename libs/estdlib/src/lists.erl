%% lists: list processing, with the API and results of OTP 25's lists module.
%%
%% reverse/1,2, member/2, keyfind/3 and keymember/3 are native in this VM (BIFs): calls to them
%% never reach this module, so it does not define them and calls them as remote functions.
%% Sorting is a stable bottom-up merge sort: O(N log N) like OTP's.
-module(lists).

-export([
    append/1, append/2, subtract/2, nth/2, nthtail/2, prefix/2, suffix/2, droplast/1, last/1,
    seq/2, seq/3, sum/1, duplicate/2, min/1, max/1, sublist/2, sublist/3, delete/2,
    zip/2, zip/3, zip3/3, zip3/4, unzip/1, unzip3/1, zipwith/3, zipwith/4, zipwith3/4,
    zipwith3/5,
    concat/1, flatten/1, flatten/2, flatlength/1,
    keydelete/3, keyreplace/4, keytake/3, keystore/4, keysearch/3, keymap/3,
    keysort/2, ukeysort/2, keymerge/3, rkeymerge/3, ukeymerge/3, rukeymerge/3,
    sort/1, sort/2, usort/1, usort/2,
    merge/1, merge/2, merge/3, rmerge/2, rmerge/3, merge3/3, rmerge3/3,
    umerge/1, umerge/2, umerge/3, rumerge/2, rumerge/3, umerge3/3, rumerge3/3,
    enumerate/1, enumerate/2, enumerate/3,
    all/2, any/2, map/2, flatmap/2, foldl/3, foldr/3, filter/2, partition/2, filtermap/2, zf/2,
    foreach/2, mapfoldl/3, mapfoldr/3, takewhile/2, dropwhile/2, search/2, splitwith/2,
    split/2, join/2, uniq/1, uniq/2
]).

%% ---------------------------------------------------------------------------------------------
%% Basics

append(L1, L2) -> L1 ++ L2.

subtract(L1, L2) -> L1 -- L2.

append([E]) -> E;
append([H | T]) -> H ++ append(T);
append([]) -> [].

nth(1, [H | _]) -> H;
nth(N, [_ | T]) when N > 1 -> nth(N - 1, T).

nthtail(1, [_ | T]) -> T;
nthtail(N, [_ | T]) when N > 1 -> nthtail(N - 1, T);
nthtail(0, L) when is_list(L) -> L.

prefix([X | P], [X | L]) -> prefix(P, L);
prefix([], L) when is_list(L) -> true;
prefix([_ | _], L) when is_list(L) -> false.

suffix(Suffix, List) ->
    Delta = length(List) - length(Suffix),
    Delta >= 0 andalso nthtail(Delta, List) =:= Suffix.

droplast([_]) -> [];
droplast([H | T]) -> [H | droplast(T)].

last([E | Es]) -> last(E, Es).
last(_, [E | Es]) -> last(E, Es);
last(E, []) -> E.

seq(First, Last) when is_integer(First), is_integer(Last), First - 1 =< Last ->
    seq_down(Last, First, []).

seq_down(N, First, Acc) when N >= First -> seq_down(N - 1, First, [N | Acc]);
seq_down(_, _, Acc) -> Acc.

seq(First, Last, Inc) when is_integer(First), is_integer(Last), is_integer(Inc) ->
    if
        Inc > 0, First - Inc =< Last; Inc < 0, First - Inc >= Last ->
            N = (Last - First + Inc) div Inc,
            seq_n(N, First + (N - 1) * Inc, Inc, []);
        Inc =:= 0, First =:= Last ->
            [First];
        true ->
            erlang:error(badarg, [First, Last, Inc])
    end.

seq_n(0, _, _, Acc) -> Acc;
seq_n(N, X, Inc, Acc) -> seq_n(N - 1, X - Inc, Inc, [X | Acc]).

sum(L) -> sum(L, 0).
sum([H | T], Acc) -> sum(T, H + Acc);
sum([], Acc) -> Acc.

duplicate(N, X) when is_integer(N), N >= 0 -> duplicate(N, X, []).
duplicate(0, _, Acc) -> Acc;
duplicate(N, X, Acc) -> duplicate(N - 1, X, [X | Acc]).

min([H | T]) -> min_1(T, H).
min_1([H | T], Min) when H < Min -> min_1(T, H);
min_1([_ | T], Min) -> min_1(T, Min);
min_1([], Min) -> Min.

max([H | T]) -> max_1(T, H).
max_1([H | T], Max) when H > Max -> max_1(T, H);
max_1([_ | T], Max) -> max_1(T, Max);
max_1([], Max) -> Max.

sublist(List, L) when is_integer(L), is_list(List) -> take(List, L).

take([H | T], L) when L > 0 -> [H | take(T, L - 1)];
take(_, 0) -> [];
take([], L) when L > 0 -> [].

sublist(List, S, L) when is_integer(S), S >= 1, is_integer(L), L >= 0 ->
    sublist(drop(S - 1, List), L).

drop(0, L) -> L;
drop(N, [_ | T]) -> drop(N - 1, T);
drop(_, []) -> [].

delete(X, [X | T]) -> T;
delete(X, [H | T]) -> [H | delete(X, T)];
delete(_, []) -> [].

%% ---------------------------------------------------------------------------------------------
%% Zipping

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].

zip3([A | As], [B | Bs], [C | Cs]) -> [{A, B, C} | zip3(As, Bs, Cs)];
zip3([], [], []) -> [].

unzip(Ts) -> unzip(Ts, [], []).
unzip([{A, B} | Ts], As, Bs) -> unzip(Ts, [A | As], [B | Bs]);
unzip([], As, Bs) -> {lists:reverse(As), lists:reverse(Bs)}.

unzip3(Ts) -> unzip3(Ts, [], [], []).
unzip3([{A, B, C} | Ts], As, Bs, Cs) -> unzip3(Ts, [A | As], [B | Bs], [C | Cs]);
unzip3([], As, Bs, Cs) -> {lists:reverse(As), lists:reverse(Bs), lists:reverse(Cs)}.

zipwith(F, [A | As], [B | Bs]) -> [F(A, B) | zipwith(F, As, Bs)];
zipwith(F, [], []) when is_function(F, 2) -> [].

zipwith3(F, [A | As], [B | Bs], [C | Cs]) -> [F(A, B, C) | zipwith3(F, As, Bs, Cs)];
zipwith3(F, [], [], []) when is_function(F, 3) -> [].

%% OTP 26: lists of different lengths, by How: fail (as zip/2), trim (stop at the shortest) or
%% {pad, Defaults} (fill the shorter ones).
zip(As, Bs, How) -> zipwith(fun(A, B) -> {A, B} end, As, Bs, How).

zip3(As, Bs, Cs, How) -> zipwith3(fun(A, B, C) -> {A, B, C} end, As, Bs, Cs, How).

zipwith(F, As, Bs, fail) -> zipwith(F, As, Bs);
zipwith(F, As, Bs, How) when is_function(F, 2), is_list(As), is_list(Bs) ->
    zipwith_how(F, As, Bs, How).

zipwith_how(F, [A | As], [B | Bs], How) -> [F(A, B) | zipwith_how(F, As, Bs, How)];
zipwith_how(_, [], [], _) -> [];
zipwith_how(_, _, _, trim) -> [];
zipwith_how(F, [], [B | Bs], {pad, {A, _}} = How) -> [F(A, B) | zipwith_how(F, [], Bs, How)];
zipwith_how(F, [A | As], [], {pad, {_, B}} = How) -> [F(A, B) | zipwith_how(F, As, [], How)].

zipwith3(F, As, Bs, Cs, fail) -> zipwith3(F, As, Bs, Cs);
zipwith3(F, As, Bs, Cs, How) when is_function(F, 3), is_list(As), is_list(Bs), is_list(Cs) ->
    zipwith3_how(F, As, Bs, Cs, How).

zipwith3_how(_, [], [], [], _) -> [];
zipwith3_how(F, [A | As], [B | Bs], [C | Cs], How) ->
    [F(A, B, C) | zipwith3_how(F, As, Bs, Cs, How)];
zipwith3_how(_, _, _, _, trim) -> [];
zipwith3_how(F, As, Bs, Cs, {pad, {DA, DB, DC}} = How) ->
    {A, As1} = pad_head(As, DA),
    {B, Bs1} = pad_head(Bs, DB),
    {C, Cs1} = pad_head(Cs, DC),
    [F(A, B, C) | zipwith3_how(F, As1, Bs1, Cs1, How)].

pad_head([H | T], _) -> {H, T};
pad_head([], Default) -> {Default, []}.

%% ---------------------------------------------------------------------------------------------
%% Flattening

concat(Things) -> append([thing_to_list(T) || T <- Things]).

thing_to_list(X) when is_integer(X) -> integer_to_list(X);
thing_to_list(X) when is_float(X) -> float_to_list(X);
thing_to_list(X) when is_atom(X) -> atom_to_list(X);
thing_to_list(X) when is_list(X) -> X.

flatten(List) when is_list(List) -> flatten(List, []).

flatten(List, Tail) when is_list(List), is_list(Tail) -> do_flatten(List, Tail).

do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail.

flatlength(List) -> flatlength(List, 0).
flatlength([H | T], N) when is_list(H) -> flatlength(T, flatlength(H, N));
flatlength([_ | T], N) -> flatlength(T, N + 1);
flatlength([], N) -> N.

%% ---------------------------------------------------------------------------------------------
%% Tuple lists

keydelete(K, N, L) when is_integer(N), N > 0 -> keydelete3(K, N, L).
keydelete3(K, N, [H | T]) when element(N, H) == K -> T;
keydelete3(K, N, [H | T]) -> [H | keydelete3(K, N, T)];
keydelete3(_, _, []) -> [].

keyreplace(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keyreplace3(K, N, L, New).
keyreplace3(K, Pos, [Tup | Tail], New) when element(Pos, Tup) == K -> [New | Tail];
keyreplace3(K, Pos, [H | T], New) -> [H | keyreplace3(K, Pos, T, New)];
keyreplace3(_, _, [], _) -> [].

keytake(Key, N, L) when is_integer(N), N > 0 -> keytake(Key, N, L, []).
keytake(Key, N, [H | T], L) when element(N, H) == Key -> {value, H, lists:reverse(L, T)};
keytake(Key, N, [H | T], L) -> keytake(Key, N, T, [H | L]);
keytake(_K, _N, [], _L) -> false.

keystore(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keystore2(K, N, L, New).
keystore2(K, N, [H | T], New) when element(N, H) == K -> [New | T];
keystore2(K, N, [H | T], New) -> [H | keystore2(K, N, T, New)];
keystore2(_K, _N, [], New) -> [New].

keysearch(K, N, L) when is_integer(N), N > 0 ->
    case lists:keyfind(K, N, L) of
        false -> false;
        T -> {value, T}
    end.

keymap(Fun, Index, [Tup | Tail]) ->
    [setelement(Index, Tup, Fun(element(Index, Tup))) | keymap(Fun, Index, Tail)];
keymap(Fun, Index, []) when is_integer(Index), Index >= 1, is_function(Fun, 1) -> [].

keysort(I, L) when is_integer(I), I > 0 ->
    msort(L, fun(A, B) -> element(I, A) =< element(I, B) end).

ukeysort(I, L) when is_integer(I), I > 0 ->
    umsort(L, fun(A, B) -> element(I, A) =< element(I, B) end,
           fun(A, B) -> element(I, A) == element(I, B) end).

keymerge(I, L1, L2) when is_integer(I), I > 0 ->
    merge2(L1, L2, fun(A, B) -> element(I, A) =< element(I, B) end).

%% The reverse merges take the second list's element first on ties (the unique ones keep the
%% first list's), as OTP's do.
rkeymerge(I, L1, L2) when is_integer(I), I > 0 ->
    merge2(L2, L1, fun(A, B) -> element(I, A) >= element(I, B) end).

ukeymerge(I, L1, L2) when is_integer(I), I > 0 ->
    umerge2(L1, L2, fun(A, B) -> element(I, A) =< element(I, B) end,
            fun(A, B) -> element(I, A) == element(I, B) end).

rukeymerge(I, L1, L2) when is_integer(I), I > 0 ->
    umerge2(L1, L2, fun(A, B) -> element(I, A) >= element(I, B) end,
            fun(A, B) -> element(I, A) == element(I, B) end).

%% ---------------------------------------------------------------------------------------------
%% Sorting and merging. `Le(A, B)`: A may come before B. On ties the earlier element (or the
%% first list's) comes first; the unique forms keep it and drop the later one (`Eq`).

sort(L) when is_list(L) -> merge_le_all(lists:reverse(runs(L, []))).

sort(Fun, L) when is_function(Fun, 2), is_list(L) -> msort(L, Fun).

usort(L) when is_list(L) -> umerge_lt_all(lists:reverse(uruns(L, []))).

usort(Fun, L) when is_function(Fun, 2), is_list(L) ->
    umsort(L, Fun, fun(A, B) -> Fun(A, B) andalso Fun(B, A) end).

le(A, B) -> A =< B.
ge(A, B) -> A >= B.
eq(A, B) -> A == B.

merge(L1, L2) -> merge2(L1, L2, fun le/2).
merge(Fun, L1, L2) when is_function(Fun, 2) -> merge2(L1, L2, Fun).
rmerge(L1, L2) -> merge2(L2, L1, fun ge/2).
rmerge(Fun, L1, L2) when is_function(Fun, 2) -> merge2(L2, L1, fun(A, B) -> Fun(B, A) end).

merge3(L1, L2, L3) -> merge2(merge2(L1, L2, fun le/2), L3, fun le/2).
rmerge3(L1, L2, L3) -> merge2(merge2(L1, L2, fun ge/2), L3, fun ge/2).

merge(Lists) when is_list(Lists) -> merge_all(Lists, fun le/2).

umerge(L1, L2) -> umerge2(L1, L2, fun le/2, fun eq/2).
umerge(Fun, L1, L2) when is_function(Fun, 2) ->
    umerge2(L1, L2, Fun, fun(A, B) -> Fun(A, B) andalso Fun(B, A) end).
rumerge(L1, L2) -> umerge2(L1, L2, fun ge/2, fun eq/2).
rumerge(Fun, L1, L2) when is_function(Fun, 2) ->
    umerge2(L1, L2, fun(A, B) -> Fun(B, A) end, fun(A, B) -> Fun(A, B) andalso Fun(B, A) end).

umerge3(L1, L2, L3) -> umerge2(umerge2(L1, L2, fun le/2, fun eq/2), L3, fun le/2, fun eq/2).
rumerge3(L1, L2, L3) -> umerge2(umerge2(L1, L2, fun ge/2, fun eq/2), L3, fun ge/2, fun eq/2).

umerge(Lists) when is_list(Lists) -> umerge_all(Lists).

%% Pairwise merging keeps earlier lists first on ties.
merge_all([], _Le) -> [];
merge_all([L], _Le) -> L;
merge_all(Ls, Le) -> merge_all(merge_pairs(Ls, Le), Le).

merge_pairs([A, B | Rest], Le) -> [merge2(A, B, Le) | merge_pairs(Rest, Le)];
merge_pairs(Rest, _Le) -> Rest.

umerge_all([]) -> [];
umerge_all([L]) -> L;
umerge_all(Ls) -> umerge_all(umerge_pairs(Ls)).

umerge_pairs([A, B | Rest]) -> [umerge2(A, B, fun le/2, fun eq/2) | umerge_pairs(Rest)];
umerge_pairs(Rest) -> Rest.

merge2(L1, L2, Le) -> merge2(L1, L2, Le, []).
merge2([A | As] = L1, [B | Bs] = L2, Le, Acc) ->
    case Le(A, B) of
        true -> merge2(As, L2, Le, [A | Acc]);
        false -> merge2(L1, Bs, Le, [B | Acc])
    end;
merge2([], L2, _Le, Acc) when is_list(L2) -> lists:reverse(Acc, L2);
merge2(L1, [], _Le, Acc) when is_list(L1) -> lists:reverse(Acc, L1).

umerge2(L1, L2, Le, Eq) -> umerge2(L1, L2, Le, Eq, []).
umerge2([A | As] = L1, [B | Bs] = L2, Le, Eq, Acc) ->
    case Le(A, B) of
        true ->
            case Eq(A, B) of
                true -> umerge2(As, Bs, Le, Eq, [A | Acc]);
                false -> umerge2(As, L2, Le, Eq, [A | Acc])
            end;
        false ->
            umerge2(L1, Bs, Le, Eq, [B | Acc])
    end;
umerge2([], L2, _Le, _Eq, Acc) when is_list(L2) -> lists:reverse(Acc, L2);
umerge2(L1, [], _Le, _Eq, Acc) when is_list(L1) -> lists:reverse(Acc, L1).

%% sort/1 and usort/1 compare inline (no fun call per comparison): the list is cut into its
%% natural runs, ascending ones kept and strictly descending ones reversed (stable: they hold no
%% equal elements), newest run first; the runs are then merged pairwise until one is left.
runs([A, B | T], Acc) when A =< B -> asc(T, B, [B, A], Acc);
runs([A, B | T], Acc) -> desc(T, B, [B, A], Acc);
runs([A], Acc) -> [[A] | Acc];
runs([], Acc) -> Acc.

asc([X | T], Last, Run, Acc) when Last =< X -> asc(T, X, [X | Run], Acc);
asc(T, _, Run, Acc) -> runs(T, [lists:reverse(Run) | Acc]).

desc([X | T], Last, Run, Acc) when Last > X -> desc(T, X, [X | Run], Acc);
desc(T, _, Run, Acc) -> runs(T, [Run | Acc]).

merge_le_all([]) -> [];
merge_le_all([L]) -> L;
merge_le_all(Ls) -> merge_le_all(merge_le_pairs(Ls)).

merge_le_pairs([A, B | Rest]) -> [merge_le(A, B, []) | merge_le_pairs(Rest)];
merge_le_pairs(Rest) -> Rest.

merge_le([A | As] = L1, [B | Bs] = L2, Acc) ->
    if
        A =< B -> merge_le(As, L2, [A | Acc]);
        true -> merge_le(L1, Bs, [B | Acc])
    end;
merge_le([], L2, Acc) -> lists:reverse(Acc, L2);
merge_le(L1, [], Acc) -> lists:reverse(Acc, L1).

%% The same for usort/1, with runs strictly ascending: of equal elements the first is kept.
uruns([A, B | T], Acc) when A < B -> uasc(T, B, [B, A], Acc);
uruns([A, B | T], Acc) when A == B -> uasc(T, A, [A], Acc);
uruns([A, B | T], Acc) -> udesc(T, B, [B, A], Acc);
uruns([A], Acc) -> [[A] | Acc];
uruns([], Acc) -> Acc.

uasc([X | T], Last, Run, Acc) when Last < X -> uasc(T, X, [X | Run], Acc);
uasc([X | T], Last, Run, Acc) when Last == X -> uasc(T, Last, Run, Acc);
uasc(T, _, Run, Acc) -> uruns(T, [lists:reverse(Run) | Acc]).

udesc([X | T], Last, Run, Acc) when Last > X -> udesc(T, X, [X | Run], Acc);
udesc(T, _, Run, Acc) -> uruns(T, [Run | Acc]).

umerge_lt_all([]) -> [];
umerge_lt_all([L]) -> L;
umerge_lt_all(Ls) -> umerge_lt_all(umerge_lt_pairs(Ls)).

umerge_lt_pairs([A, B | Rest]) -> [umerge_lt(A, B, []) | umerge_lt_pairs(Rest)];
umerge_lt_pairs(Rest) -> Rest.

umerge_lt([A | As] = L1, [B | Bs] = L2, Acc) ->
    if
        A < B -> umerge_lt(As, L2, [A | Acc]);
        A == B -> umerge_lt(As, Bs, [A | Acc]);
        true -> umerge_lt(L1, Bs, [B | Acc])
    end;
umerge_lt([], L2, Acc) -> lists:reverse(Acc, L2);
umerge_lt(L1, [], Acc) -> lists:reverse(Acc, L1).

%% Bottom-up: single-element runs, merged pairwise until one is left.
msort(L, Le) -> merge_all([[X] || X <- L], Le).

umsort(L, Le, Eq) -> umerge_runs([[X] || X <- L], Le, Eq).

umerge_runs([], _Le, _Eq) -> [];
umerge_runs([L], _Le, _Eq) -> L;
umerge_runs(Ls, Le, Eq) -> umerge_runs(umerge_run_pairs(Ls, Le, Eq), Le, Eq).

umerge_run_pairs([A, B | Rest], Le, Eq) -> [umerge2(A, B, Le, Eq) | umerge_run_pairs(Rest, Le, Eq)];
umerge_run_pairs(Rest, _Le, _Eq) -> Rest.

%% ---------------------------------------------------------------------------------------------
%% Higher-order functions

enumerate(List) -> enumerate(1, List).
enumerate(Index, List) when is_integer(Index), is_list(List) -> enumerate_1(Index, List).
enumerate_1(I, [H | T]) -> [{I, H} | enumerate_1(I + 1, T)];
enumerate_1(_, []) -> [].

%% OTP 26: indices Index, Index + Step, ...
enumerate(Index, Step, List) when is_integer(Index), is_integer(Step), is_list(List) ->
    enumerate_step(Index, Step, List).
enumerate_step(I, S, [H | T]) -> [{I, H} | enumerate_step(I + S, S, T)];
enumerate_step(_, _, []) -> [].

all(Pred, [H | T]) ->
    case Pred(H) of
        true -> all(Pred, T);
        false -> false
    end;
all(Pred, []) when is_function(Pred, 1) -> true.

any(Pred, [H | T]) ->
    case Pred(H) of
        true -> true;
        false -> any(Pred, T)
    end;
any(Pred, []) when is_function(Pred, 1) -> false.

map(F, [H | T]) -> [F(H) | map(F, T)];
map(F, []) when is_function(F, 1) -> [].

flatmap(F, [H | T]) -> F(H) ++ flatmap(F, T);
flatmap(F, []) when is_function(F, 1) -> [].

foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T);
foldl(F, Acc, []) when is_function(F, 2) -> Acc.

foldr(F, Acc, [H | T]) -> F(H, foldr(F, Acc, T));
foldr(F, Acc, []) when is_function(F, 2) -> Acc.

filter(Pred, List) when is_function(Pred, 1) -> [E || E <- List, Pred(E)].

partition(Pred, L) -> partition(Pred, L, [], []).
partition(Pred, [H | T], As, Bs) ->
    case Pred(H) of
        true -> partition(Pred, T, [H | As], Bs);
        false -> partition(Pred, T, As, [H | Bs])
    end;
partition(Pred, [], As, Bs) when is_function(Pred, 1) ->
    {lists:reverse(As), lists:reverse(Bs)}.

filtermap(F, [H | T]) ->
    case F(H) of
        false -> filtermap(F, T);
        true -> [H | filtermap(F, T)];
        {true, V} -> [V | filtermap(F, T)]
    end;
filtermap(F, []) when is_function(F, 1) -> [].

zf(F, L) -> filtermap(F, L).

foreach(F, [H | T]) ->
    F(H),
    foreach(F, T);
foreach(F, []) when is_function(F, 1) -> ok.

mapfoldl(F, Acc0, [H | T]) ->
    {R, Acc1} = F(H, Acc0),
    {Rs, Acc2} = mapfoldl(F, Acc1, T),
    {[R | Rs], Acc2};
mapfoldl(F, Acc, []) when is_function(F, 2) -> {[], Acc}.

mapfoldr(F, Acc0, [H | T]) ->
    {Rs, Acc1} = mapfoldr(F, Acc0, T),
    {R, Acc2} = F(H, Acc1),
    {[R | Rs], Acc2};
mapfoldr(F, Acc, []) when is_function(F, 2) -> {[], Acc}.

takewhile(Pred, [H | T]) ->
    case Pred(H) of
        true -> [H | takewhile(Pred, T)];
        false -> []
    end;
takewhile(Pred, []) when is_function(Pred, 1) -> [].

dropwhile(Pred, [H | T] = L) ->
    case Pred(H) of
        true -> dropwhile(Pred, T);
        false -> L
    end;
dropwhile(Pred, []) when is_function(Pred, 1) -> [].

search(Pred, [H | T]) ->
    case Pred(H) of
        true -> {value, H};
        false -> search(Pred, T)
    end;
search(Pred, []) when is_function(Pred, 1) -> false.

splitwith(Pred, List) when is_function(Pred, 1) -> splitwith(Pred, List, []).
splitwith(Pred, [H | T], Acc) ->
    case Pred(H) of
        true -> splitwith(Pred, T, [H | Acc]);
        false -> {lists:reverse(Acc), [H | T]}
    end;
splitwith(_Pred, [], Acc) -> {lists:reverse(Acc), []}.

split(N, List) when is_integer(N), N >= 0, is_list(List) ->
    case split(N, List, []) of
        {_, _} = R -> R;
        Fault when is_atom(Fault) -> erlang:error(Fault, [N, List])
    end;
split(N, List) ->
    erlang:error(badarg, [N, List]).

split(0, L, R) -> {lists:reverse(R, []), L};
split(N, [H | T], R) -> split(N - 1, T, [H | R]);
split(_, [], _) -> badarg.

join(_Sep, []) -> [];
join(Sep, [H | T]) -> [H | join_prepend(Sep, T)].
join_prepend(_Sep, []) -> [];
join_prepend(Sep, [H | T]) -> [Sep, H | join_prepend(Sep, T)].

uniq(L) -> uniq_1(L, #{}).
uniq_1([X | Xs], M) ->
    case M of
        #{X := true} -> uniq_1(Xs, M);
        _ -> [X | uniq_1(Xs, M#{X => true})]
    end;
uniq_1([], _) -> [].

uniq(F, L) when is_function(F, 1) -> uniq_2(L, F, #{}).
uniq_2([X | Xs], F, M) ->
    K = F(X),
    case M of
        #{K := true} -> uniq_2(Xs, F, M);
        _ -> [X | uniq_2(Xs, F, M#{K => true})]
    end;
uniq_2([], _, _) -> [].
