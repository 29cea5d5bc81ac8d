%% Purpose: simple float results: / always gives a float, float/1, trunc/round, comparisons between floats and integers, float arithmetic that is exact.
-module(floats_simple).
-export([start/0]).
%% expect: {3.5,2.0,5.0,[3,-3,4,-4,3],true,false,[0.5,0.25,0.125],1.5,[true,true,true],badarith}

start() ->
    A = id(7) / id(2),
    B = id(6) / id(3),
    C = float(id(5)),
    D = [trunc(id(3.9)), trunc(id(-3.9)), round(id(3.5)), round(id(-3.5)), round(id(3.49))],
    E = id(2.0) == id(2),
    F = id(2.0) =:= id(2),
    G = [1 / id(2), 1 / id(4), 1 / id(8)],
    H = id(0.5) + id(1),
    I = [id(1.5) > id(1), id(1) < id(1.5), is_float(id(1) / id(1))],
    J = try id(1.0) / id(0) catch error:badarith -> badarith end,
    {A, B, C, D, E, F, G, H, I, J}.

id(X) -> X.
