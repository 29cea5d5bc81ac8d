%% Purpose: local funs capturing variables, funs returned and passed around, recursion via funs.
-module(funs_closures).
-export([start/0]).
%% expect: {15,[2,4,6],[1001,1002,1003],120,{7,42},[3,2,1],55,true,false,[{a,1},{b,2}]}

start() ->
    Add = fun(X, Y) -> X + Y end,
    A = Add(7, 8),
    Double = fun(X) -> X * 2 end,
    B = map(Double, [1, 2, 3]),
    N = 1000,
    AddN = fun(X) -> X + N end,
    C = map(AddN, [1, 2, 3]),
    Fact = fun F(0) -> 1; F(K) -> K * F(K - 1) end,
    D = Fact(5),
    Adder = make_adder(5),
    Mul = make_mul(6),
    E = {Adder(2), Mul(7)},
    Rev = fold(fun(X, Acc) -> [X | Acc] end, [], [1, 2, 3]),
    Sum = fold(fun(X, Acc) -> X + Acc end, 0, seq(1, 10)),
    Compose = compose(fun(X) -> X + 1 end, fun(X) -> X * 3 end),
    G1 = Compose(4) =:= 13,
    G2 = (twice(AddN))(0) =:= 2001,
    Pairs = zip_with(fun(K, V) -> {K, V} end, [a, b], [1, 2]),
    {A, B, C, D, E, Rev, Sum, G1, G2, Pairs}.

make_adder(N) -> fun(X) -> X + N end.
make_mul(N) -> fun(X) -> X * N end.

compose(F, G) -> fun(X) -> F(G(X)) end.
twice(F) -> fun(X) -> F(F(X)) end.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].

fold(_, Acc, []) -> Acc;
fold(F, Acc, [H | T]) -> fold(F, F(H, Acc), T).

zip_with(F, [A | As], [B | Bs]) -> [F(A, B) | zip_with(F, As, Bs)];
zip_with(_, [], []) -> [].

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
