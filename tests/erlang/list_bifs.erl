%% Purpose: list BIFs: ++, -- (first occurrence, multiset), length, hd, tl, lists:reverse/2, keyfind/3, keymember/3, member/2.
-module(list_bifs).
-export([start/0]).
%% expect: {[1,2,3,4],[a,b,c],[2,1,3],[1,2],[],[a,b],{5,1,[3]},[3,2,1,x,y],{b,2},false,{2,"two",x},true,false,[true,false,true],{[],[a]}}

start() ->
    A = id([1, 2]) ++ id([3, 4]),
    B = id([]) ++ id([a, b, c]),
    %% -- removes the first occurrence of each element on the right
    C = id([1, 2, 1, 3]) -- id([1]),
    %% -- is right-associative: X -- Y -- Z is X -- (Y -- Z)
    C1 = lists:reverse(C, []) -- [3, 1] -- [1],
    C2 = id([1, 2, 3]) -- id([3, 2, 1]),
    D = id([a, b, a]) -- id([a]),
    D2 = lists:reverse(D, []),
    L = id([1, 2, 3, 4, 5]),
    E = {length(L), hd(L), tl(tl(id([1, 2, 3])))},
    F = lists:reverse(id([1, 2, 3]), id([x, y])),
    KV = id([{a, 1}, {b, 2}, {c, 3}]),
    G = lists:keyfind(b, 1, KV),
    H = lists:keyfind(z, 1, KV),
    I = lists:keyfind(2, 1, id([{1, "one", y}, {2, "two", x}])),
    J = lists:keymember(3, 2, KV),
    K = lists:keymember(a, 2, KV),
    M = [lists:member(2, L), lists:member(2.0, L), lists:member({b, 2}, KV)],
    N = {id([]) -- id([a]), id([a]) -- id([b])},
    {A, B, C, C1, C2, D2, E, F, G, H, I, J, K, M, N}.

id(X) -> X.
