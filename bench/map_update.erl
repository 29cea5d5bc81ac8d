%% Benchmark: build a 50 000-key map one put at a time, then update, look up and remove in it.
-module(map_update).
-export([start/0, run/1]).
%% checksum: 120022

-define(N, 50000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {map_update, T1 - T0, C}.

%% build N keys (pseudo-random small integers), 4 rounds of N updates (M#{K := V}), N lookups,
%% then remove half of the keys; the checksum folds sizes and looked-up values.
run(N) ->
    M0 = build(N, 1, #{}),
    M1 = update(4 * N, 7, N, M0),
    S = lookup(N, 1, M1, 0),
    M2 = remove(N div 2, 1, M1),
    (S * 31 + map_size(M1) * 7 + map_size(M2)) rem 1000003.

key(I) -> (I * 7919) rem 1048573.

build(0, _, M) -> M;
build(N, I, M) -> build(N - 1, I + 1, M#{key(I) => I}).

update(0, _, _, M) -> M;
update(R, X, N, M) ->
    X1 = (X * 171) rem 30269,
    K = key(1 + X1 rem N),
    #{K := V} = M,
    update(R - 1, X1, N, M#{K := (V + X1) rem 65536}).

lookup(0, _, _, Acc) -> Acc;
lookup(N, I, M, Acc) -> lookup(N - 1, I + 1, M, (Acc + maps:get(key(I), M)) rem 1000003).

remove(0, _, M) -> M;
remove(N, I, M) -> remove(N - 1, I + 2, maps:remove(key(I), M)).
