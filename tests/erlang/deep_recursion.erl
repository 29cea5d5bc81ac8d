%% Purpose: 300000-deep body recursion (non-tail sum, map, length) over a list built by our own seq.
-module(deep_recursion).
-export([start/0]).
%% expect: {300000,45000150000,300000,90000300000,1,600000,300000}
%% gc_stress: skip a 300000-deep stack makes collecting at every reservation quadratic

start() ->
    L = seq(1, 300000),
    Len = len(L),
    Sum = sum(L),
    Doubled = double(L),
    DLen = len(Doubled),
    DSum = sum(Doubled),
    First = hd(L),
    Last = last(Doubled),
    Depth = depth(300000),
    {Len, Sum, DLen, DSum, First, Last, Depth}.

%% body-recursive seq
seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

double([]) -> [];
double([H | T]) -> [2 * H | double(T)].

last([X]) -> X;
last([_ | T]) -> last(T).

%% pure stack depth, no list
depth(0) -> 0;
depth(N) -> 1 + depth(N - 1).
