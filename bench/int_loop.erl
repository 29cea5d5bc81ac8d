%% Benchmark: integer loop `(A * 13 + N * B) rem P` with P = 2^31 - 1 (a prime): values of 31 bits and
%% 35-bit intermediates, small integers natively but past wasm32's 28-bit small range.
-module(int_loop).
-export([start/0, run/1]).
%% checksum: 1289331076

-define(N, 40000000).
-define(P, 2147483647).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {int_loop, T1 - T0, C}.

run(N) -> loop(N, 123456789, 7).

%% A < P < 2^31, B < 16: A * 13 + N * B < 2^35
loop(0, A, B) -> A + B;
loop(N, A, B) ->
    A1 = (A * 13 + N * B) rem ?P,
    B1 = (B + A1) band 15,
    loop(N - 1, A1, B1).
