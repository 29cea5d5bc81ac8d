%% Purpose: if expressions: multiple branches, true catch-all, nested ifs, guards with BIFs that fail (branch skipped), if_clause when nothing matches.
-module(if_expr).
-export([start/0]).
%% expect: {[negative,zero,small,large],[fizzbuzz,1,2,fizz,4,buzz,fizz,7,8,fizz,buzz,11,fizz,13,14,fizzbuzz],[q1,q2,q3,q4,axis],tuple_branch,if_clause}

start() ->
    A = [size_class(X) || X <- [-3, 0, 7, 1000]],
    B = [fizz(X) || X <- seq(0, 15)],
    C = [quadrant(X, Y) || {X, Y} <- [{1, 1}, {-1, 1}, {-1, -1}, {1, -1}, {0, 5}]],
    D = fail_branch(id({a, b})),
    E = try no_match(id(5)) catch error:if_clause -> if_clause end,
    {A, B, C, D, E}.

size_class(X) ->
    if
        X < 0 -> negative;
        X =:= 0 -> zero;
        X < 100 -> small;
        true -> large
    end.

fizz(X) ->
    if
        X rem 15 =:= 0 -> fizzbuzz;
        X rem 3 =:= 0 -> fizz;
        X rem 5 =:= 0 -> buzz;
        true -> X
    end.

quadrant(X, Y) ->
    if
        X =:= 0; Y =:= 0 -> axis;
        X > 0 ->
            if Y > 0 -> q1; true -> q4 end;
        true ->
            if Y > 0 -> q2; true -> q3 end
    end.

%% length/1 on a tuple fails, so the first branch is just skipped
fail_branch(T) ->
    if
        length(T) > 0 -> list_branch;
        tuple_size(T) > 0 -> tuple_branch
    end.

no_match(X) ->
    if
        X > 10 -> big;
        X < 0 -> negative
    end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

id(X) -> X.
