%% Purpose: top-down merge sort and bottom-up merge sort of 5000 LCG pseudo-random numbers; both orders agree; stability on keyed tuples.
-module(sort_merge).
-export([start/0]).
%% expect: {5000,true,true,265134510,[{1,a},{1,c},{2,b},{2,d},{3,e}]}

start() ->
    L = lcg_list(5000, 777, []),
    S1 = msort(L),
    S2 = bottom_up(L),
    Keyed = [{2, b}, {1, a}, {3, e}, {1, c}, {2, d}],
    Stable = msort_by(fun({A, _}, {B, _}) -> A =< B end, Keyed),
    {length(S1), is_sorted(S1), S1 =:= S2, checksum(S1, 1, 0), Stable}.

lcg_list(0, _, Acc) -> Acc;
lcg_list(N, X, Acc) ->
    X1 = (X * 1103 + 12345) rem 16777216,
    lcg_list(N - 1, X1, [X1 rem 100000 | Acc]).

msort(L) -> msort_by(fun(A, B) -> A =< B end, L).

msort_by(_, []) -> [];
msort_by(_, [X]) -> [X];
msort_by(Le, L) ->
    {A, B} = split(L, [], []),
    merge(Le, msort_by(Le, A), msort_by(Le, B)).

%% split keeping the relative order inside each half (needed for stability)
split(L, _, _) ->
    N = length(L) div 2,
    take(N, L, []).

take(0, L, Acc) -> {lists:reverse(Acc, []), L};
take(N, [H | T], Acc) -> take(N - 1, T, [H | Acc]).

merge(_, [], B) -> B;
merge(_, A, []) -> A;
merge(Le, [X | Xs] = A, [Y | Ys] = B) ->
    case Le(X, Y) of
        true -> [X | merge(Le, Xs, B)];
        false -> [Y | merge(Le, A, Ys)]
    end.

%% bottom-up: start from singleton runs and merge pairs until one remains
bottom_up(L) -> passes([[X] || X <- L]).

passes([]) -> [];
passes([R]) -> R;
passes(Runs) -> passes(pairs(Runs)).

pairs([A, B | T]) -> [merge(fun(X, Y) -> X =< Y end, A, B) | pairs(T)];
pairs(Rest) -> Rest.

is_sorted([A, B | T]) when A =< B -> is_sorted([B | T]);
is_sorted([_, _ | _]) -> false;
is_sorted(_) -> true.

checksum([], _, Acc) -> Acc;
checksum([H | T], I, Acc) -> checksum(T, I + 1, (Acc + H * I) rem 1000000007).
