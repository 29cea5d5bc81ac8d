%% Purpose: nested list comprehensions: multiple generators, dependent generators, cartesian products, pythagorean triples, permutations.
-module(lc_nested).
-export([start/0]).
%% expect: {[{1,a},{1,b},{2,a},{2,b}],[{1,1},{2,1},{2,2},{3,1},{3,2},{3,3}],[{3,4,5},{5,12,13},{6,8,10},{8,15,17},{9,12,15},{12,16,20}],[[1,2,3],[1,3,2],[2,1,3],[2,3,1],[3,1,2],[3,2,1]],24,[[1,2,3],[4,5,6]],[[0,1,2],[1,2,3],[2,3,4]]}

start() ->
    A = [{X, Y} || X <- [1, 2], Y <- [a, b]],
    B = [{X, Y} || X <- seq(1, 3), Y <- seq(1, X)],
    C = [{P, Q, R} || P <- seq(1, 20), Q <- seq(P, 20), R <- seq(Q, 20), P * P + Q * Q =:= R * R],
    D = perms([1, 2, 3]),
    E = length(perms([a, b, c, d])),
    F = [[X + 3 * (R - 1) || X <- [1, 2, 3]] || R <- [1, 2]],
    G = [[I + J || J <- seq(0, 2)] || I <- seq(0, 2)],
    {A, B, C, D, E, F, G}.

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
