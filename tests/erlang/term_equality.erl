%% Purpose: == versus =:= across integers, floats, bignums and compound terms; min/max between mixed types.
-module(term_equality).
-export([start/0]).
%% expect: {[true,false,true,true,false,true],[false,true],[true,false],{1,1.0},{2.0,2},{a,1},{{1},[1]},{true,false,true}}

start() ->
    A = [1 == id(1.0), 1 =:= id(1.0), 1 /= id(2), 1 =/= id(1.0), 1 /= id(1.0),
         (1 bsl 80) == id(1208925819614629174706176)],
    B = [{1, [2]} =:= id({1, [2.0]}), {1, [2]} == id({1, [2.0]})],
    C = [[a | b] =:= id([a | b]), "abc" =:= id([$a, $b, $d])],
    %% min/max return the first argument when equal
    D = {min(id(1), id(1.0)), max(id(1.0), id(1))},
    E = {max(id(2.0), id(1)), min(id(2), id(3.5))},
    F = {min(id(a), id(1)), max(id(a), id(1))},
    G = {min(id([1]), id({1})), max(id([1]), id({1}))},
    H = {id(0) == id(0.0), id(0) =:= id(0.0), id(-0) =:= id(0)},
    {A, B, C, D, E, {max(element(1, F), element(2, F)), min(element(1, F), element(2, F))}, G, H}.

id(X) -> X.
