%% Purpose: higher-order helpers written locally (map, filter, foldl, foldr, zip, all/any, takewhile, flatmap) applied to funs and fun M:F/A.
-module(hof_fold).
-export([start/0, sq/1]).
%% expect: {[1,4,9,16],[2,4],10,[1,2,3,4],[4,3,2,1],[{1,a},{2,b}],{true,false},[1,2],[1,1,2,2],[1,4,9,16],"dcba",24}

start() ->
    L = [1, 2, 3, 4],
    A = map(fun(X) -> X * X end, L),
    B = filter(fun(X) -> X rem 2 =:= 0 end, L),
    C = foldl(fun(X, Acc) -> X + Acc end, 0, L),
    D = foldr(fun(X, Acc) -> [X | Acc] end, [], L),
    E = foldl(fun(X, Acc) -> [X | Acc] end, [], L),
    F = zip([1, 2], [a, b]),
    G = {all(fun is_integer/1, L), any(fun is_atom/1, L)},
    H = takewhile(fun(X) -> X < 3 end, L),
    I = flatmap(fun(X) -> [X, X] end, [1, 2]),
    J = map(fun ?MODULE:sq/1, L),
    K = foldl(fun(C1, Acc) -> [C1 | Acc] end, [], "abcd"),
    M = foldl(fun(X, Acc) -> X * Acc end, 1, L),
    {A, B, C, D, E, F, G, H, I, J, K, M}.

sq(X) -> X * X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].

filter(_, []) -> [];
filter(P, [H | T]) ->
    case P(H) of
        true -> [H | filter(P, T)];
        false -> filter(P, T)
    end.

foldl(_, Acc, []) -> Acc;
foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T).

foldr(_, Acc, []) -> Acc;
foldr(F, Acc, [H | T]) -> F(H, foldr(F, Acc, T)).

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip(_, _) -> [].

all(P, L) -> foldl(fun(X, Acc) -> Acc andalso P(X) end, true, L).
any(P, L) -> foldl(fun(X, Acc) -> Acc orelse P(X) end, false, L).

takewhile(P, [H | T]) ->
    case P(H) of
        true -> [H | takewhile(P, T)];
        false -> []
    end;
takewhile(_, []) -> [].

flatmap(_, []) -> [];
flatmap(F, [H | T]) -> F(H) ++ flatmap(F, T).
