%% Map updates with variable and repeated keys: which key a failing := reports, last duplicate wins, old maps unchanged.
-module(maps_update).
-export([start/0]).
%% expect: {[{error,{badkey,b}},{error,{badkey,b}},{error,{badkey,z}},{error,{badkey,b}},{error,{badkey,z}},{ok,#{a => 2,c => 3,z => 1}},{error,{badkey,z}},{ok,#{a => 6,c => 3}},{ok,#{a => 6,c => 3,q => 2}},{error,{badmap,q}},{error,{badmap,q}},{ok,#{1 => int2,1.0 => float,a => 1,c => 3}}],#{a => 1,c => 3},#{x => 3,y => 2}}

id(X) -> X.

catching(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:E -> {C, E}
    end.

start() ->
    M = id(#{a => 1, c => 3}),
    K1 = id(z),
    K2 = id(b),
    Results = [catching(fun() -> M#{b := 1, z := 2} end),
               catching(fun() -> M#{z := 1, b := 2} end),
               catching(fun() -> M#{K1 := 1, K2 := 2} end),
               catching(fun() -> M#{K2 := 1, K1 := 2} end),
               catching(fun() -> M#{a := 1, K1 := 2} end),
               catching(fun() -> M#{K1 => 1, a := 2} end),
               catching(fun() -> M#{K1 := 1, a => 2} end),
               catching(fun() -> M#{id(a) := 5, id(a) := 6} end),
               catching(fun() -> M#{id(a) => 5, id(a) => 6, id(q) => 1, id(q) => 2} end),
               catching(fun() -> (id(q))#{K1 := 1} end),
               catching(fun() -> (id(q))#{K1 => 1} end),
               catching(fun() -> M#{id(1) => int, id(1.0) => float, id(1) => int2} end)],
    Chain = (((id(#{}))#{x => 1})#{y => 2})#{x := 3},
    {Results, M, Chain}.
