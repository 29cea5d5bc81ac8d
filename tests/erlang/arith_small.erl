%% Purpose: small-integer arithmetic: + - * with negatives, unary minus, precedence, / giving floats, mixing with floats.
-module(arith_small).
-export([start/0]).
%% expect: {[5,-1,6,-6,6],[-3,3,-7],[14,20,-2],[3.5,2.0,-0.5,0.25],[4.5,1.0,6.0],[2,-2,3,3,-3],134217727,-134217728,[134217728,-134217729,268435454]}

start() ->
    A = [id(2) + id(3), id(2) - id(3), id(2) * id(3), id(-2) * id(3), id(-2) * id(-3)],
    B = [-id(3), -id(-3), id(-3) - 4],
    C = [id(2) + 3 * 4, (id(2) + 3) * 4, id(2) - 4 div 1],
    D = [id(7) / id(2), id(4) / id(2), id(-1) / id(2), id(1) / id(4)],
    E = [id(1.5) * id(3), id(0.5) + id(0.5), id(2) * id(3.0)],
    F = [trunc(id(2.7)), trunc(id(-2.7)), round(id(2.5)), round(id(3.4)), round(id(-2.5))],
    %% the edges of a 28-bit small integer (wasm32 small ints) and just past them
    Max = (1 bsl 27) - 1,
    Min = -(1 bsl 27),
    G = [id(Max) + 1, id(Min) - 1, id(Max) * 2],
    {A, B, C, D, E, F, id(Max), id(Min), G}.

id(X) -> X.
