%% Purpose: pattern matching on tuples of various sizes, repeated variables, literals and atoms in function heads and case.
-module(match_tuples).
-export([start/0]).
%% expect: {[origin,on_x,on_y,diag,{pt,3,4}],[same,different,same],[empty,{one,a},{two,a,b},{many,4}],{1,2,3},[circle,square,rect,unknown],true}

start() ->
    A = map(fun point/1, [{0, 0}, {5, 0}, {0, 7}, {2, 2}, {3, 4}]),
    B = [same({x, x}), same({x, y}), same({{1, [a]}, {1, [a]}})],
    C = map(fun size_of/1, [{}, {a}, {a, b}, {a, b, c, d}]),
    {X, Y, Z} = id({1, 2, 3}),
    D = {X, Y, Z},
    E = map(fun area_kind/1, [{circle, 1}, {rect, 2, 2}, {rect, 2, 3}, {tri, 1, 2, 3}]),
    {ok, {V1, V1}} = id({ok, {same, same}}),
    F = V1 =:= same,
    {A, B, C, D, E, F}.

point({0, 0}) -> origin;
point({_, 0}) -> on_x;
point({0, _}) -> on_y;
point({N, N}) -> diag;
point({X, Y}) -> {pt, X, Y}.

same({A, A}) -> same;
same({_, _}) -> different.

size_of({}) -> empty;
size_of({A}) -> {one, A};
size_of({A, B}) -> {two, A, B};
size_of(T) -> {many, tuple_size(T)}.

area_kind(S) ->
    case S of
        {circle, _} -> circle;
        {rect, W, W} -> square;
        {rect, _, _} -> rect;
        _ -> unknown
    end.

id(X) -> X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
