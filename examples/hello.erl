%% The example bundle `cargo xtask run` runs: build/examples/hello.avm.
%% start/0 computes a little (recursion, lists, tuples, arithmetic; no library modules, only
%% BIFs), checks the results with pattern matches and returns ok, so the VM prints `Return value: ok` and exits 0.
-module(hello).
-export([start/0]).

start() ->
    55 = fib(10),
    [1, 4, 9, 16, 25] = [X * X || X <- seq(1, 5)],
    {hello, world} = list_to_tuple([hello, world]),
    ok.

fib(0) -> 0;
fib(1) -> 1;
fib(N) when N > 1 -> fib(N - 1) + fib(N - 2).

seq(From, To) when From > To -> [];
seq(From, To) -> [From | seq(From + 1, To)].
