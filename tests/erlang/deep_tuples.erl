%% Purpose: deep tuple nesting: build a 10000-deep nested tuple, walk it, and a balanced binary tree (insert/lookup/size/depth) of tuples.
-module(deep_tuples).
-export([start/0]).
%% expect: {10000,50005000,{leaf,0},1000,[{5,five},{500,{v,500}},{999,nine_nine_nine}],18,{wrap,{wrap,{wrap,core}}}}

start() ->
    Deep = nest(10000, {leaf, 0}),
    A = depth(Deep, 0),
    B = sum_nest(Deep, 0),
    C = innermost(Deep),
    Keys = lcg_keys(1000, 42, []),
    Tree = insert_all(Keys, nil),
    D = tree_size(Tree),
    T2 = insert(5, five, insert(999, nine_nine_nine, Tree)),
    E = [{K, lookup(K, T2)} || K <- [5, 500, 999]],
    F = tree_depth(Tree),
    G = wrap(3, core),
    {A, B, C, D, E, F, G}.

nest(0, Acc) -> Acc;
nest(N, Acc) -> nest(N - 1, {node, N, Acc}).

depth({node, _, Inner}, D) -> depth(Inner, D + 1);
depth(_, D) -> D.

sum_nest({node, N, Inner}, Acc) -> sum_nest(Inner, Acc + N);
sum_nest(_, Acc) -> Acc.

innermost({node, _, Inner}) -> innermost(Inner);
innermost(X) -> X.

%% distinct keys: a permutation of 0..999 (i*373 mod 1000 hits each residue once)
lcg_keys(0, _, Acc) -> Acc;
lcg_keys(N, S, Acc) -> lcg_keys(N - 1, S, [(N * 373 + S) rem 1000 | Acc]).

insert_all([], T) -> T;
insert_all([K | Ks], T) -> insert_all(Ks, insert(K, {v, K}, T)).

insert(K, V, nil) -> {K, V, nil, nil};
insert(K, V, {K, _, L, R}) -> {K, V, L, R};
insert(K, V, {K2, V2, L, R}) when K < K2 -> {K2, V2, insert(K, V, L), R};
insert(K, V, {K2, V2, L, R}) -> {K2, V2, L, insert(K, V, R)}.

lookup(_, nil) -> none;
lookup(K, {K, V, _, _}) -> V;
lookup(K, {K2, _, L, _}) when K < K2 -> lookup(K, L);
lookup(K, {_, _, _, R}) -> lookup(K, R).

tree_size(nil) -> 0;
tree_size({_, _, L, R}) -> 1 + tree_size(L) + tree_size(R).

tree_depth(nil) -> 0;
tree_depth({_, _, L, R}) -> 1 + max(tree_depth(L), tree_depth(R)).

wrap(0, X) -> X;
wrap(N, X) -> {wrap, wrap(N - 1, X)}.
