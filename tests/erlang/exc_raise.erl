%% Purpose: erlang:raise/3 re-raising with the original class, reason and stacktrace; an invalid class makes raise/3 return badarg.
-module(exc_raise).
-export([start/0]).
%% expect: {[{throw,t,true},{error,e,true},{exit,x,true}],{cleaned,{error,inner}},{returned,badarg},{error,{wrapped,1}},[log1,log2]}

start() ->
    A = [reraise_of(throw, t), reraise_of(error, e), reraise_of(exit, x)],
    put(log, []),
    B = try cleanup(fun() -> error(inner) end)
        catch C:R -> {get(cleaned), {C, R}}
        end,
    %% raise/3 with an invalid class does not raise: it returns badarg
    D = try erlang:raise(id(not_a_class), reason, []) of
            V -> {returned, V}
        catch error:badarg -> raised_badarg
        end,
    E = try wrap(fun() -> error(1) end)
        catch error:W -> {error, W}
        end,
    put(log, []),
    catch logged(),
    F = lists:reverse(get(log), []),
    {A, B, D, E, F}.

%% catch, then re-raise with the same class, reason and stacktrace
reraise_of(Class, Reason) ->
    try
        try raise_it(Class, Reason)
        catch C:R:St -> erlang:raise(C, R, St)
        end
    catch C2:R2:St2 ->
        [{M, F, _, _} | _] = St2,
        {C2, R2, {M, F} =:= {?MODULE, raise_it}}
    end.

raise_it(throw, R) -> throw(R);
raise_it(error, R) -> error(R);
raise_it(exit, R) -> exit(R).

cleanup(F) ->
    try F()
    catch C:R:St ->
        put(cleaned, cleaned),
        erlang:raise(C, R, St)
    end.

wrap(F) ->
    try F()
    catch error:R:St -> erlang:raise(error, {wrapped, R}, St)
    end.

logged() ->
    try
        put(log, [log1 | get(log)]),
        throw(z)
    catch throw:z:St ->
        put(log, [log2 | get(log)]),
        erlang:raise(throw, z, St)
    end.

id(X) -> X.
