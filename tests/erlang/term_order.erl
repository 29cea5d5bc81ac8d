%% Purpose: standard term order across types (number < atom < reference < fun < pid < tuple < list), tuples by size first, lists element-wise.
-module(term_order).
-export([start/0]).
%% expect: {[1,2.5,1267650600228229401496703205376,a,zz,ref,'fun',pid,{},{z},{a,b},[],[a],[a,b],[b]],true,[true,true,true,true,true,true,true],[true,true,true,true,true,true],[true,true,true,true]}

start() ->
    R = make_ref(),
    F = fun() -> ok end,
    P = self(),
    Mixed = [[b], {a, b}, P, zz, 2.5, F, [a, b], R, {}, a, 1 bsl 100, [], 1, {z}, [a]],
    Sorted = sort(Mixed),
    Named = [name(X, R, F, P) || X <- Sorted],
    Chain = is_ascending(Sorted),
    B = [1 < a, a < R, R < F, F < P, P < {}, {} < [], 99999999999999999999 < a],
    %% tuples: size first, then elements left to right
    C = [{9, 9} < {1, 1, 1}, {1, 2} < {1, 3}, {a, z} < {b, a}, {} < {0},
         {1, {2}} < {1, {3}}, {1.0} == {1}],
    %% lists: element-wise, a proper prefix is smaller
    D = [[1, 2] < [1, 2, 3], [1, 3] > [1, 2, 3], [] < [0], "abc" < "abd"],
    {Named, Chain, B, C, D}.

name(X, R, _, _) when X =:= R -> ref;
name(X, _, F, _) when X =:= F -> 'fun';
name(X, _, _, P) when X =:= P -> pid;
name(X, _, _, _) -> X.

is_ascending([A, B | T]) when A < B -> is_ascending([B | T]);
is_ascending([_]) -> true;
is_ascending(_) -> false.

sort([]) -> [];
sort([Pivot | T]) ->
    sort([X || X <- T, X < Pivot]) ++ [Pivot] ++ sort([X || X <- T, X >= Pivot]).
