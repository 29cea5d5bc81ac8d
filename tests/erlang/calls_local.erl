%% Purpose: local calls of several arities, external self-calls via ?MODULE:f, and tail calls.
-module(calls_local).
-export([start/0, ext_add/2, ext_loop/2]).
%% expect: {6,10,[a,b,c],{b,a},15,100000,ok,{3,4}}

start() ->
    A = add3(1, 2, 3),
    B = ?MODULE:ext_add(4, 6),
    C = three(),
    D = swap({a, b}),
    E = sum_to(5, 0),
    F = ?MODULE:ext_loop(100000, 0),
    G = zero_arity(),
    H = pair_of(id(3)),
    {A, B, C, D, E, F, G, H}.

add3(X, Y, Z) -> X + Y + Z.

ext_add(X, Y) -> X + Y.

three() -> [a, b, c].

swap({X, Y}) -> {Y, X}.

%% tail-recursive local call
sum_to(0, Acc) -> Acc;
sum_to(N, Acc) -> sum_to(N - 1, Acc + N).

%% tail call through the export table (call_ext_only) 100000 times
ext_loop(0, Acc) -> Acc;
ext_loop(N, Acc) -> ?MODULE:ext_loop(N - 1, Acc + 1).

zero_arity() -> ok.

pair_of(X) -> {X, X + 1}.

id(X) -> X.
