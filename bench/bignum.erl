%% Benchmark: bignum arithmetic (multiplication, division, addition, radix conversion).
-module(bignum).
-export([start/0, run/1]).
%% checksum: 1541477146

-define(REPEAT, 3).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?REPEAT),
    T1 = erlang:monotonic_time(microsecond),
    {bignum, T1 - T0, C}.

%% Each round: 5000! (a growing product of a bignum by a small), fib(20000) by iteration
%% (bignum additions), squares and divisions of a 10 000-digit number, and integer_to_list /
%% list_to_integer of it. The checksum folds every result, reduced modulo a prime.
run(R) -> run(R, 0).
run(0, Acc) -> Acc;
run(R, Acc) ->
    F = fact(5000 + R, 1),
    Fib = fib(20000 + R, 0, 1),
    X = pow(7, 11833 + R, 1),               % about 10 000 digits
    Y = pow(3, 6000 + R, 1),
    Sq = X * X,
    Prod = X * Y,
    Q = Sq div Y,
    Rm = Sq rem (Y + R),
    S = integer_to_list(X),
    Back = list_to_integer(S),
    H = integer_to_list(Prod, 16),
    Mixed = (X bsl 1000) bxor (Y bsr 7) band ((1 bsl 30000) - 1),
    Parts = [F, Fib, Sq, Prod, Q, Rm, Back, length(S), length(H), Mixed, F div fact(4990, 1)],
    run(R - 1, (Acc * 31 + fold(Parts, 0)) rem 4294967291).

fact(1, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

pow(_, 0, Acc) -> Acc;
pow(B, E, Acc) when E band 1 =:= 1 -> pow(B * B, E bsr 1, Acc * B);
pow(B, E, Acc) -> pow(B * B, E bsr 1, Acc).

fold([], Acc) -> Acc;
fold([V | Vs], Acc) -> fold(Vs, (Acc * 1000003 + V rem 4294967291) rem 4294967291).
