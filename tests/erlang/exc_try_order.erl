%% Purpose: order of effects in try ... of ... catch ... after (recorded in the process dictionary), after runs on every path.
-module(exc_try_order).
-export([start/0]).
%% expect: {[{ok,11},{caught,throw,t1},{caught,error,e1},{caught,exit,x1},{escaped,throw,inner}],[[body,'of','after'],[body,'catch','after'],[body,'catch','after'],[body,'catch','after'],[body,'after',outer_catch]],after_value_ignored}

start() ->
    Cases = [fun() -> 10 end,
             fun() -> throw(t1) end,
             fun() -> error(e1) end,
             fun() -> exit(x1) end],
    R1 = map(fun run/1, Cases),
    L1 = [get({log, I}) || I <- [1, 2, 3, 4]],
    %% an exception raised in the `of` clause is not caught by the same try,
    %% but `after` still runs before the outer catch sees it
    put(n, 5), put({log, 5}, []),
    R2 = try run_of_throw()
         catch throw:inner -> log(outer_catch), {escaped, throw, inner}
         end,
    L2 = lists:reverse(get({log, 5}), []),
    %% the value of `after` is discarded
    V = try after_value_ignored after 42 end,
    {R1 ++ [R2], rev_all(L1) ++ [L2], V}.

run(F) ->
    N = case get(n) of undefined -> 1; K -> K + 1 end,
    put(n, N),
    put({log, N}, []),
    try log(body), F() of
        X -> log('of'), {ok, X + 1}
    catch
        Class:Reason -> log('catch'), {caught, Class, Reason}
    after
        log('after')
    end.

run_of_throw() ->
    try log(body), 1 of
        _ -> throw(inner)
    catch
        error:_ -> log(wrong_catch)
    after
        log('after')
    end.

log(E) ->
    K = {log, get(n)},
    put(K, [E | get(K)]).

rev_all([]) -> [];
rev_all([L | T]) -> [lists:reverse(L, []) | rev_all(T)].

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
