%% Purpose: the old-style catch expression: values, thrown values, {'EXIT',{Reason,Stack}} for errors, {'EXIT',R} for exits, nesting.
-module(exc_catch_expr).
-export([start/0]).
%% expect: {5,thrown,{'EXIT',boom},{'EXIT',badarith},true,{'EXIT',{badmatch,2}},{inner,outer_ok},[1,t,3],deep}

start() ->
    A = (catch id(5)),
    B = (catch throw(thrown)),
    C = (catch exit(boom)),
    {'EXIT', {Reason, Stack}} = (catch id(1) / id(0)),
    D = {'EXIT', Reason},
    E = is_list(Stack),
    {'EXIT', {BM, _}} = (catch bad_match(id(2))),
    F = {'EXIT', BM},
    G = {catch throw(inner), outer_ok},
    H = [catch X || X <- [1, fun() -> throw(t) end, 3], ok =/= X] -- [],
    H2 = [case is_function(X) of true -> catch X(); false -> X end || X <- H],
    I = (catch level1()),
    {A, B, C, D, E, F, G, H2, I}.

bad_match(X) ->
    1 = X.

level1() -> level2() + 1.
level2() -> level3() + 1.
level3() -> throw(deep).

id(X) -> X.
