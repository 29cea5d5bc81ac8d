%% Purpose: fun M:F/A and fun F/A values, is_function/2, and erlang:fun_info/2 (module, name, arity, type, env).
-module(funs_external).
-export([start/0, triple/1, add/2]).
%% expect: {[3,6,9],7,true,false,true,{module,funs_external},{name,triple},{arity,1},{type,external},{type,local},{arity,2},{env,[]},[5],{env,[10,20]},[30,40]}

start() ->
    T = fun ?MODULE:triple/1,
    A = map(T, [1, 2, 3]),
    Add = fun funs_external:add/2,
    B = Add(3, 4),
    C = is_function(T, 1),
    D = is_function(T, 2),
    L = fun local_double/1,
    E = is_function(L, 1),
    FM = erlang:fun_info(T, module),
    FN = erlang:fun_info(T, name),
    FA = erlang:fun_info(T, arity),
    FT = erlang:fun_info(T, type),
    LT = erlang:fun_info(L, type),
    Clo = fun(X, Y) -> X + Y end,
    CA = erlang:fun_info(Clo, arity),
    CE = erlang:fun_info(Clo, env),
    LD = [L(id(2)) + 1],
    P = id(10), Q = id(20),
    Cap = fun(Z) -> Z + P + Q end,
    {env, Env} = erlang:fun_info(Cap, env),
    CapEnv = {env, sort2(Env)},
    R = map(Cap, [0, 10]),
    {A, B, C, D, E, FM, FN, FA, FT, LT, CA, CE, LD, CapEnv, R}.

triple(X) -> 3 * X.
add(X, Y) -> X + Y.
local_double(X) -> 2 * X.

id(X) -> X.

sort2([A, B]) when A =< B -> [A, B];
sort2([A, B]) -> [B, A].

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
