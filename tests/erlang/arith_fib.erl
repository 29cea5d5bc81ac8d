%% Purpose: big-integer loops: fib(300) by iteration, factorial 100 digit count, sum of 2^k, gcd of bignums, collatz steps.
-module(arith_fib).
-export([start/0]).
%% expect: {222232244629420445529739893461909967206666939096499764990979600,158,2037035976334486086268445688409378161051468393665936250636140449354381299763336706183397377,1606938044258990275541962092341162602522202993782792835301375,1093750,111}

start() ->
    F300 = fib(300, 0, 1),
    Digits = length(integer_to_list(fact(100, 1))),
    Big = pow(2, 300) + 1,
    SumPow = sum_pow(0, 199, 0),
    G = gcd(fact(30, 1) * 7, pow(5, 20) * 14),
    Collatz = collatz(27, 0),
    {F300, Digits, Big, SumPow, G, Collatz}.

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

sum_pow(K, Max, Acc) when K > Max -> Acc;
sum_pow(K, Max, Acc) -> sum_pow(K + 1, Max, Acc + pow(2, K)).

gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).

collatz(1, S) -> S;
collatz(N, S) when N rem 2 =:= 0 -> collatz(N div 2, S + 1);
collatz(N, S) -> collatz(3 * N + 1, S + 1).
