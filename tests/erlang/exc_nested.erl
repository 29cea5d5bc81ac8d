%% Purpose: nested try expressions: inner handlers, exceptions from catch and after clauses, and catch inside try.
-module(exc_nested).
-export([start/0]).
%% expect: {{inner,1},{outer,{from_handler,1}},{outer,from_after},[i_after,o_after],{ok,{'EXIT',x}},{3,levels},6}

start() ->
    A = try
            try throw(1)
            catch throw:N -> {inner, N}
            end
        catch _:_ -> wrong
        end,
    B = try
            try throw(1)
            catch throw:N2 -> throw({from_handler, N2})
            end
        catch throw:V -> {outer, V}
        end,
    C = try
            try ok
            after throw(from_after)
            end
        catch throw:V2 -> {outer, V2}
        end,
    put(log, []),
    try
        try error(e)
        after put(log, [i_after | get(log)])
        end
    catch error:e -> ok
    after put(log, [o_after | get(log)])
    end,
    D = lists:reverse(get(log), []),
    E = try {ok, catch exit(x)} catch _:_ -> wrong end,
    F = {catch levels(3), levels},
    G = sum_catch([1, 2, 3]),
    {A, B, C, D, E, F, G}.

levels(0) -> throw(0);
levels(N) ->
    try levels(N - 1)
    catch throw:K -> throw(K + 1)
    end.

%% result is a deliberate mix of normal and thrown values
sum_catch([]) -> 0;
sum_catch([H | T]) ->
    V = try case H rem 2 of 0 -> throw(H); _ -> H end catch throw:X -> X end,
    V + sum_catch(T).
