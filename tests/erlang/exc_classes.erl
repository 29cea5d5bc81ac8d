%% Purpose: throw/error/exit classes and catch patterns that match by class, by reason and with guards; error/2; rethrowing through unrelated handlers.
-module(exc_classes).
-export([start/0]).
%% expect: {[{throw,a},{error,b},{exit,c}],[thrown_tuple,error_atom,exit_any,other_throw],{error,{myerr,[1,2]}},{passed_through,x},{guarded,big},{guarded,small}}

start() ->
    A = [classify(fun() -> throw(a) end),
         classify(fun() -> error(b) end),
         classify(fun() -> exit(c) end)],
    B = [pick(fun() -> throw({tag, 1}) end),
         pick(fun() -> error(oops) end),
         pick(fun() -> exit({any, thing}) end),
         pick(fun() -> throw(plain) end)],
    C = try error(myerr, [1, 2])
        catch error:R:St ->
            [{_, _, Args, _} | _] = St,
            {error, {R, Args}}
        end,
    D = try
            try throw(x)
            catch error:_ -> wrong
            end
        catch throw:V -> {passed_through, V}
        end,
    E = guarded(100),
    F = guarded(1),
    {A, B, C, D, E, F}.

classify(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

pick(F) ->
    try F()
    catch
        throw:{tag, _} -> thrown_tuple;
        error:Atom when is_atom(Atom) -> error_atom;
        exit:_ -> exit_any;
        _:_ -> other_throw
    end.

guarded(N) ->
    try throw(N)
    catch
        throw:X when X > 10 -> {guarded, big};
        throw:_ -> {guarded, small}
    end.
