%% Purpose: div and rem with all sign combinations (truncating toward zero), on small and big integers; abs, min, max.
-module(arith_divrem).
-export([start/0]).
%% expect: {[3,-3,-3,3],[1,1,-1,-1],[0,0,0],[{3,1},{-3,-1},{-3,1},{3,-1}],{1000000000000000000001,7},{-1000000000000000000001,-7},[5,5,0,1267650600228229401496703205376],[-3,7,-3,7]}

start() ->
    A = [id(7) div id(2), id(-7) div id(2), id(7) div id(-2), id(-7) div id(-2)],
    B = [id(7) rem id(2), id(7) rem id(-2), id(-7) rem id(2), id(-7) rem id(-2)],
    C = [id(0) div id(5), id(0) rem id(-5), id(-0) div id(3)],
    D = [{X div Y, X rem Y} || {X, Y} <- [{10, 3}, {-10, 3}, {10, -3}, {-10, -3}]],
    Big = id(7000000000000000000007),
    E = {Big div 7, Big rem 10},
    F = {(-Big) div 7, (-Big) rem 10},
    G = [abs(id(-5)), abs(id(5)), abs(id(0)), abs(-(id(1) bsl 100))],
    H = [min(id(-3), id(7)), max(id(-3), id(7)), min(id(7), id(-3)), max(id(7), id(-3))],
    {A, B, C, D, E, F, G, H}.

id(X) -> X.
