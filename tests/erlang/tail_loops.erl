%% Purpose: accumulating tail-recursive loops of 100 000 iterations: counters, several accumulators, list building + reversing, loops through funs.
-module(tail_loops).
-export([start/0]).
%% expect: {100000,5000050000,{50000,50000},100000,{1,100000},333383335000,4999950000,100000,{46368,75025}}

start() ->
    A = count(100000, 0),
    B = sum(1, 100000, 0),
    C = evens_odds(1, 100000, 0, 0),
    L = build(100000, []),
    D = length(L),
    E = {hd(L), last(L)},
    F = sum_squares(1, 10000, 0),
    G = fun_loop(fun(I, Acc) -> Acc + I end, 0, 99999, 0),
    H = while(fun(N) -> N < 100000 end, fun(N) -> N + 1 end, 0),
    I = fib_pair(24),
    {A, B, C, D, E, F, G, H, I}.

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

sum(I, N, Acc) when I > N -> Acc;
sum(I, N, Acc) -> sum(I + 1, N, Acc + I).

evens_odds(I, N, E, O) when I > N -> {E, O};
evens_odds(I, N, E, O) when I rem 2 =:= 0 -> evens_odds(I + 1, N, E + 1, O);
evens_odds(I, N, E, O) -> evens_odds(I + 1, N, E, O + 1).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

last([X]) -> X;
last([_ | T]) -> last(T).

sum_squares(I, N, Acc) when I > N -> Acc;
sum_squares(I, N, Acc) -> sum_squares(I + 1, N, Acc + I * I).

fun_loop(_, I, Max, Acc) when I > Max -> Acc;
fun_loop(F, I, Max, Acc) -> fun_loop(F, I + 1, Max, F(I, Acc)).

while(Cond, Step, S) ->
    case Cond(S) of
        true -> while(Cond, Step, Step(S));
        false -> S
    end.

fib_pair(N) -> fib_pair(N, 0, 1).
fib_pair(0, A, B) -> {A, B};
fib_pair(N, A, B) -> fib_pair(N - 1, B, A + B).
