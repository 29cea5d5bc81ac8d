%% Purpose: mutual recursion (tail and body), including a three-function cycle.
-module(calls_mutual).
-export([start/0]).
%% expect: {true,false,true,[a,b,c,a,b,c,a],300,{50001,50000}}

start() ->
    E1 = is_even(100000),
    E2 = is_even(77777),
    E3 = is_odd(12345),
    Cyc = cycle_a(7),
    Ping = ping(100, 0),
    Split = split(100001, 0, 0),
    {E1, E2, E3, Cyc, Ping, Split}.

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

%% body-recursive cycle through three functions
cycle_a(0) -> [];
cycle_a(N) -> [a | cycle_b(N - 1)].
cycle_b(0) -> [];
cycle_b(N) -> [b | cycle_c(N - 1)].
cycle_c(0) -> [];
cycle_c(N) -> [c | cycle_a(N - 1)].

%% mutual recursion with accumulators
ping(0, Acc) -> Acc;
ping(N, Acc) -> pong(N - 1, Acc + 1).
pong(N, Acc) -> ping(N, Acc + 2).

%% alternating counters
split(0, A, B) -> {A, B};
split(N, A, B) -> split_b(N - 1, A + 1, B).
split_b(0, A, B) -> {A, B};
split_b(N, A, B) -> split(N - 1, A, B + 1).
