%% Purpose: case expressions: nested case, variables bound in all branches used afterwards, guards in clauses, case on tuples of values, case_clause.
-module(case_expr).
-export([start/0]).
%% expect: {[{small,1},{medium,50},{large,5000}],[win,lose,draw,win,lose,draw,win,lose,draw],{14,7},[yes,no,'maybe'],{case_clause,{unexpected,3}},[3,2,1,0,-1]}

start() ->
    A = [bucket(X) || X <- [1, 50, 5000]],
    B = [rps(X, Y) || {X, Y} <- [{rock, scissors}, {rock, paper}, {rock, rock},
                                 {paper, rock}, {paper, scissors}, {paper, paper},
                                 {scissors, paper}, {scissors, rock}, {scissors, scissors}]],
    C = bound_after(id(7)),
    D = [answer(X) || X <- [1, 0, {}]],
    E = try answer2(id({unexpected, 3})) catch error:R -> R end,
    F = [cmp3(X) || X <- [10, 5, 3, 0, -5]],
    {A, B, C, D, E, F}.

bucket(X) ->
    case X of
        N when N < 10 -> {small, N};
        N when N < 1000 -> {medium, N};
        N -> {large, N}
    end.

rps(X, Y) ->
    case {X, Y} of
        {Same, Same} -> draw;
        {rock, scissors} -> win;
        {paper, rock} -> win;
        {scissors, paper} -> win;
        _ -> lose
    end.

%% Y and Z are bound in every branch, so they are usable after the case
bound_after(X) ->
    case X rem 2 of
        0 -> Y = X, Z = X div 2;
        1 -> Y = X * 2, Z = X
    end,
    {Y, Z}.

answer(X) ->
    case X of
        1 -> yes;
        0 -> no;
        _ ->
            case is_tuple(X) of
                true -> 'maybe';
                false -> unknown
            end
    end.

answer2(X) ->
    case X of
        {expected, _} -> ok
    end.

cmp3(X) ->
    case X > 5 of
        true -> 3;
        false ->
            case X =:= 5 of
                true -> 2;
                false -> case X > 0 of true -> 1; false -> case X =:= 0 of true -> 0; false -> -1 end end
            end
    end.

id(X) -> X.
