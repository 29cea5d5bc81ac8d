%% rpc: call/4,5 and cast/4 over erpc, with rpc's results ({badrpc, Reason} instead of
%% exceptions).
-module(rpc).
-export([call/4, call/5, cast/4]).

call(N, M, F, A) -> call(N, M, F, A, infinity).

call(N, M, F, A, T) ->
    try erpc:call(N, M, F, A, T)
    catch
        throw:V -> V;
        exit:{exception, R} -> {badrpc, {'EXIT', R}};
        error:{exception, R, Stack} -> {badrpc, {'EXIT', {R, Stack}}};
        error:{erpc, R} -> {badrpc, R};
        exit:{signal, R} -> {badrpc, {'EXIT', R}}
    end.

cast(N, M, F, A) ->
    _ = erpc:cast(N, M, F, A),
    true.
