%% sys debug options on a process that reports its events with sys:handle_debug/4: trace, log,
%% statistics, installed functions, no_debug, and change_code while suspended.
-module(test_sys_debug).
-export([test/0, system_continue/3, system_terminate/4, system_code_change/4]).

-include("etest.hrl").

test() ->
    ok = test_trace(),
    ok = test_log_and_statistics(),
    ok = test_install(),
    ok = test_change_code(),
    ok.

start() ->
    Parent = self(),
    spawn_link(fun() -> loop(Parent, sys:debug_options([]), 0) end).

incr(P) ->
    P ! {incr, self()},
    receive
        {P, N} -> N
    end.

loop(Parent, Debug, N) ->
    receive
        {system, From, Msg} ->
            sys:handle_system_msg(Msg, From, Parent, ?MODULE, Debug, N);
        {incr, From} ->
            D1 = sys:handle_debug(Debug, fun format/3, Parent, {in, incr}),
            From ! {self(), N + 1},
            D2 = sys:handle_debug(D1, fun format/3, Parent, {out, N + 1, From}),
            loop(Parent, D2, N + 1)
    end.

format(Device, Event, Parent) -> Parent ! {dbg, Device, Event}.

system_continue(Parent, Debug, N) -> loop(Parent, Debug, N).
system_terminate(Reason, _Parent, _Debug, _N) -> exit(Reason).
system_code_change(N, Module, Vsn, Extra) -> {ok, {N, Module, Vsn, Extra}}.

test_trace() ->
    P = start(),
    Self = self(),
    ?ASSERT_MATCH(ok, sys:trace(P, true)),
    ?ASSERT_MATCH(1, incr(P)),
    ?ASSERT_MATCH({dbg, standard_io, {in, incr}}, next_dbg()),
    ?ASSERT_MATCH({dbg, standard_io, {out, 1, Self}}, next_dbg()),
    ?ASSERT_MATCH(ok, sys:no_debug(P)),
    ?ASSERT_MATCH(2, incr(P)),
    ?ASSERT_MATCH(none, next_dbg()),
    ok = sys:terminate(P, normal),
    ok.

test_log_and_statistics() ->
    P = start(),
    ?ASSERT_MATCH(ok, sys:log(P, true)),
    ?ASSERT_MATCH(ok, sys:statistics(P, true)),
    1 = incr(P),
    2 = incr(P),
    {ok, Log} = sys:log(P, get),
    Self = self(),
    ?ASSERT_MATCH([{in, incr}, {out, 1, Self}, {in, incr}, {out, 2, Self}], Log),
    {ok, Stats} = sys:statistics(P, get),
    ?ASSERT_MATCH({messages_in, 2}, lists:keyfind(messages_in, 1, Stats)),
    ?ASSERT_MATCH({messages_out, 2}, lists:keyfind(messages_out, 1, Stats)),
    ?ASSERT_MATCH(ok, sys:statistics(P, false)),
    ?ASSERT_MATCH({ok, no_statistics}, sys:statistics(P, get)),
    ?ASSERT_MATCH(ok, sys:log(P, false)),
    ok = sys:terminate(P, normal),
    ok.

test_install() ->
    P = start(),
    Self = self(),
    %% Counts the events it sees and removes itself after the third.
    Counter = fun(Count, Event, _Extra) ->
        Self ! {seen, Event},
        case Count of
            2 -> done;
            _ -> Count + 1
        end
    end,
    ?ASSERT_MATCH(ok, sys:install(P, {Counter, 0})),
    1 = incr(P),
    2 = incr(P),
    ?ASSERT_MATCH([{in, incr}, {out, 1, Self}, {in, incr}], seen()),
    ok = sys:terminate(P, normal),
    ok.

test_change_code() ->
    P = start(),
    1 = incr(P),
    ok = sys:suspend(P),
    ?ASSERT_MATCH(ok, sys:change_code(P, ?MODULE, "2", extra)),
    ok = sys:resume(P),
    ?ASSERT_MATCH({1, ?MODULE, "2", extra}, sys:get_state(P)),
    ok = sys:terminate(P, normal),
    ok.

next_dbg() ->
    receive
        {dbg, _, _} = M -> M
    after 100 -> none
    end.

seen() ->
    receive
        {seen, E} -> [E | seen()]
    after 100 -> []
    end.
