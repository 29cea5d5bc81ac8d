%% Benchmark: merge sort and quicksort (own code) of 200 000 pseudo-random small integers.
-module(sort).
-export([start/0, run/1]).
%% checksum: 473235

-define(N, 200000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {sort, T1 - T0, C}.

%% three rounds with different seeds; both sorts must agree
run(N) -> run(N, 3, 0).

run(_, 0, Acc) -> Acc;
run(N, Round, Acc) ->
    L = rand_list(N, 12345 + Round, 6789 * Round, []),
    M = msort(L),
    Q = qsort(L),
    true = (M =:= Q),
    run(N, Round - 1, (Acc * 7 + checksum(M, 1, 0)) rem 1000003).

%% two Wichmann-Hill components, combined into a value < 2^26: all small ints on 32-bit
rand_list(0, _, _, Acc) -> Acc;
rand_list(N, X, Y, Acc) ->
    X1 = (X * 171) rem 30269,
    Y1 = (Y * 172) rem 30307,
    V = (X1 band 4095) * 16384 + (Y1 band 16383),
    rand_list(N - 1, X1, Y1, [V | Acc]).

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = halve(L, L, []),
    merge(msort(A), msort(B)).

%% split at the middle using a fast/slow walk; the front half comes back reversed,
%% which is fine for sorting
halve([_, _ | Fast], [H | Slow], Acc) -> halve(Fast, Slow, [H | Acc]);
halve(_, Slow, Acc) -> {Acc, Slow}.

merge([], B) -> B;
merge(A, []) -> A;
merge([X | Xs] = A, [Y | Ys] = B) ->
    if
        X =< Y -> [X | merge(Xs, B)];
        true -> [Y | merge(A, Ys)]
    end.

qsort([]) -> [];
qsort([P | T]) -> qsort(lt(P, T, []), [P | qsort(ge(P, T, []))]).

qsort(Lower, Rest) -> qsort(Lower) ++ Rest.

lt(_, [], Acc) -> Acc;
lt(P, [X | T], Acc) when X < P -> lt(P, T, [X | Acc]);
lt(P, [_ | T], Acc) -> lt(P, T, Acc).

ge(_, [], Acc) -> Acc;
ge(P, [X | T], Acc) when X >= P -> ge(P, T, [X | Acc]);
ge(P, [_ | T], Acc) -> ge(P, T, Acc).

checksum([], _, Acc) -> Acc;
checksum([H | T], I, Acc) -> checksum(T, I + 1, (Acc + (H rem 1000) * (I rem 1000)) rem 1000003).
