%% Purpose: erlang:unique_integer/0,1: values are unique, [positive] ones are above zero, [monotonic] ones strictly increase, and bad options are badarg.
-module(unique_integer).
-export([start/0]).
%% expect: {true,[true,true,true,true],true,true,true,true,[badarg,badarg,badarg,badarg,badarg]}

start() ->
    Plain = [erlang:unique_integer() || _ <- seq(1, 200)],
    Pos = [erlang:unique_integer([positive]) || _ <- seq(1, 200)],
    Mono = [erlang:unique_integer([monotonic]) || _ <- seq(1, 200)],
    Both = [erlang:unique_integer([positive, monotonic]) || _ <- seq(1, 200)],
    Mixed = [erlang:unique_integer(O) || O <- [[monotonic], [], [monotonic, monotonic],
                                               [positive], [monotonic]]],
    All = Plain ++ Pos ++ Mono ++ Both ++ Mixed,
    Bad = [catch_badarg(fun() -> erlang:unique_integer(O) end)
           || O <- [x, [x], [positive | monotonic], [{positive}], "a"]],
    [M1, _, M3, _, M5] = Mixed,
    {all(fun is_integer/1, All),
     %% Unique within each kind (OTP's kinds may share values).
     [distinct(L) || L <- [Plain, Pos, Mono, Both]],
     all(fun(I) -> I > 0 end, Pos ++ Both),
     increasing(Mono), increasing(Both), increasing([M1, M3, M5]),
     Bad}.

distinct(L) -> map_size(maps:from_list([{I, x} || I <- L])) =:= length(L).

all(F, L) -> [X || X <- L, not F(X)] =:= [].

increasing([A, B | T]) -> A < B andalso increasing([B | T]);
increasing(_) -> true.

catch_badarg(F) ->
    try F() of
        V -> {ok, V}
    catch
        error:badarg -> badarg
    end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
