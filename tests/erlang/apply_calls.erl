%% Purpose: apply/2 and apply/3 with funs, local exports and dynamic M:F(Args); undef for missing functions.
-module(apply_calls).
-export([start/0, add/2, zero/0, sum/1]).
%% expect: {7,zero,10,[900,899],12,{undef,apply_calls,missing,[1]},{undef,no_such_module_xyz,f,[]},{undef,apply_calls,add,[1]},{undef,no_such_module_xyz,g,[1,2]},6,{3,3}}

start() ->
    A = apply(?MODULE, add, [3, 4]),
    B = apply(apply_calls, zero, []),
    C = apply(fun(X, Y) -> X * Y end, [2, 5]),
    D = apply(fun(X) -> [X, X - 1] end, [900]),
    M = id(?MODULE), F = id(add),
    E = M:F(5, 7),
    U1 = undef_of(fun() -> apply(id(?MODULE), id(missing), [1]) end),
    U2 = undef_of(fun() -> apply(id(no_such_module_xyz), f, id([])) end),
    %% a direct remote call to a module that is not loaded
    U4 = undef_of(fun() -> no_such_module_xyz:g(1, 2) end),
    %% wrong arity of an existing function is also undef
    U3 = undef_of(fun() -> apply(?MODULE, add, id([1])) end),
    S = apply(?MODULE, sum, [[1, 2, 3]]),
    Arity = {length(id([a, b, c])), apply(erlang, length, [[x, y, z]])},
    {A, B, C, D, E, U1, U2, U3, U4, S, Arity}.

undef_of(Fun) ->
    try Fun() of
        V -> {no_error, V}
    catch
        error:undef:St ->
            [{Mod, Fn, Args, _} | _] = St,
            {undef, Mod, Fn, Args}
    end.

add(X, Y) -> X + Y.
zero() -> zero.
sum([]) -> 0;
sum([H | T]) -> H + sum(T).

id(X) -> X.
