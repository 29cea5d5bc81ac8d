%% Purpose: naive quicksort (list comprehension partition) of 5000 LCG pseudo-random numbers, checked for order and a checksum.
-module(sort_quick).
-export([start/0]).
%% expect: {5000,true,807559268}

start() ->
    L = lcg_list(5000, 12345, []),
    S = qsort(L),
    {length(S), is_sorted(S), checksum(S, 1, 0)}.

%% LCG modulo 2^24 with small constants
lcg_list(0, _, Acc) -> Acc;
lcg_list(N, X, Acc) ->
    X1 = (X * 1103 + 12345) rem 16777216,
    lcg_list(N - 1, X1, [X1 rem 100000 | Acc]).

qsort([]) -> [];
qsort([P | T]) ->
    qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

is_sorted([A, B | T]) when A =< B -> is_sorted([B | T]);
is_sorted([_, _ | _]) -> false;
is_sorted(_) -> true.

%% position-weighted sum, so order matters
checksum([], _, Acc) -> Acc;
checksum([H | T], I, Acc) -> checksum(T, I + 1, (Acc + H * I) rem 1000000007).
