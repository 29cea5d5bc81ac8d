%% Purpose: dynamic dispatch: Mod:Fun(Args) with variable module/function, funs stored in tuples, lists and the process dictionary, dispatch tables.
-module(dynamic_calls).
-export([start/0, op_add/2, op_mul/2, op_sub/2]).
%% expect: {[5,6,-1],[11,30,9],{7,12},[2,4,6],42,[{add,5},{mul,6},{sub,-1}]}

start() ->
    Ops = [op_add, op_mul, op_sub],
    A = [?MODULE:Op(2, 3) || Op <- Ops],
    M = id(dynamic_calls),
    B = [M:F(X, 5) || {F, X} <- [{op_add, 6}, {op_mul, 6}, {op_sub, 14}]],
    Table = {fun(X) -> X + 1 end, fun(X) -> X * 2 end},
    C = {(element(1, Table))(6), (element(2, Table))(6)},
    put(handler, fun(X) -> X * 2 end),
    H = get(handler),
    D = [H(X) || X <- [1, 2, 3]],
    Funs = [fun(X) -> X + 10 end, fun(X) -> X * 2 end, fun(X) -> X - 2 end],
    E = pipeline(Funs, 12),
    Tab = [{add, fun ?MODULE:op_add/2}, {mul, fun ?MODULE:op_mul/2}, {sub, fun op_sub/2}],
    F = [{Name, dispatch(Name, Tab, 2, 3)} || {Name, _} <- Tab],
    {A, B, C, D, E, F}.

dispatch(Name, Tab, X, Y) ->
    {Name, Fun} = lists:keyfind(Name, 1, Tab),
    Fun(X, Y).

pipeline([], X) -> X;
pipeline([F | Fs], X) -> pipeline(Fs, F(X)).

op_add(X, Y) -> X + Y.
op_mul(X, Y) -> X * Y.
op_sub(X, Y) -> X - Y.

id(X) -> X.
