%% Purpose: calling funs with the wrong arity gives {badarity,{Fun,Args}}; calling a non-fun gives {badfun,X}.
-module(funs_badarity).
-export([start/0, one/1]).
%% expect: {{badarity,true,[1,2]},{badarity,true,[]},{badarity,true,[x]},{badfun,foo},{badfun,42},{badfun,{a,b}},ok}

start() ->
    F = fun(X) -> X end,
    A = try (id(F))(1, 2) of
            _ -> no_error
        catch error:{badarity, {Fun, Args}} -> {badarity, Fun =:= F, Args}
        end,
    G = fun(X, Y) -> {X, Y} end,
    B = try (id(G))() of
            _ -> no_error
        catch error:{badarity, {Fun2, Args2}} -> {badarity, Fun2 =:= G, Args2}
        end,
    E = fun ?MODULE:one/1,
    C0 = try (id(fun() -> zero end))(x) of
             _ -> no_error
         catch error:{badarity, {_, Args3}} -> {badarity, true, Args3}
         end,
    D = catch_badfun(foo),
    D2 = catch_badfun(42),
    D3 = catch_badfun({a, b}),
    ok = E(ok),
    {A, B, C0, D, D2, D3, ok}.

catch_badfun(X) ->
    try (id(X))(1) of
        _ -> no_error
    catch error:{badfun, V} -> {badfun, V}
    end.

one(X) -> X.

id(X) -> X.
