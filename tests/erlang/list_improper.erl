%% Purpose: improper lists: construction, matching the tail, ++ onto an improper tail, length/1 raising badarg, comparisons.
-module(list_improper).
-export([start/0]).
%% expect: {[a|b],b,[1,2|3],{1,[2|3]},[x,y|z],badarg,true,[[1|2],[3|4]],{3,tail},[a|{}]}

start() ->
    A = [id(a) | id(b)],
    [_ | B] = A,
    C = [1, 2 | id(3)],
    [H | T] = C,
    D = {H, T},
    %% ++ copies the left list; the right side may be anything
    E = id([x, y]) ++ id(z),
    F = try length(id([1, 2 | 3])) catch error:badarg -> badarg end,
    G = [1 | 2] < [1 | 3],
    Pairs = [[1 | 2], [3 | 4]],
    I = count(id([1, 2, 3 | tail]), 0),
    J = [a | {}],
    {A, B, C, D, E, F, G, Pairs, I, J}.

count([_ | T], N) -> count(T, N + 1);
count(Tail, N) -> {N, Tail}.

id(X) -> X.
