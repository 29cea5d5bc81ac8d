%% timer: sleep, tc, one-shot and interval timers, cancel, conversions.
-module(test_timer).
-export([test_conversions/0, test_sleep_tc/0, test_send_after/0, test_apply_after/0,
         test_interval/0, test_exit_kill/0, test_badarg/0]).
-export([echo/2]).
-include("etest.hrl").

test_conversions() ->
    ?ASSERT_MATCH(3000, timer:seconds(3)),
    ?ASSERT_MATCH(120000, timer:minutes(2)),
    ?ASSERT_MATCH(7200000, timer:hours(2)),
    ?ASSERT_MATCH(3723000, timer:hms(1, 2, 3)),
    ok.

test_sleep_tc() ->
    {T, ok} = timer:tc(fun() -> timer:sleep(30) end),
    ?ASSERT_TRUE(T >= 30000),
    ?ASSERT_TRUE(T < 2000000),
    {_, 6} = timer:tc(fun(A, B) -> A * B end, [2, 3]),
    {T2, [3, 2, 1]} = timer:tc(lists, reverse, [[1, 2, 3]]),
    ?ASSERT_TRUE(is_integer(T2) andalso T2 >= 0),
    ok.

test_send_after() ->
    {ok, _} = timer:send_after(10, hello),
    ?ASSERT_MATCH(hello, (fun() -> receive M -> M after 1000 -> none end end)()),
    register(test_timer_dest, self()),
    {ok, _} = timer:send_after(0, test_timer_dest, named),
    ?ASSERT_MATCH(named, (fun() -> receive M2 -> M2 after 1000 -> none end end)()),
    unregister(test_timer_dest),
    {ok, TRef} = timer:send_after(50, self(), late),
    ?ASSERT_MATCH({ok, cancel}, timer:cancel(TRef)),
    ?ASSERT_MATCH(none, (fun() -> receive late -> late after 120 -> none end end)()),
    ok.

echo(Pid, Msg) -> Pid ! {echo, Msg}.

test_apply_after() ->
    {ok, _} = timer:apply_after(10, ?MODULE, echo, [self(), one]),
    ?ASSERT_MATCH({echo, one}, (fun() -> receive M -> M after 1000 -> none end end)()),
    {ok, TRef} = timer:apply_after(50, ?MODULE, echo, [self(), two]),
    ?ASSERT_MATCH({ok, cancel}, timer:cancel(TRef)),
    ?ASSERT_MATCH(none, (fun() -> receive {echo, _} = M2 -> M2 after 120 -> none end end)()),
    ok.

test_interval() ->
    {ok, TRef} = timer:send_interval(10, tick),
    [tick, tick, tick] = [receive tick -> tick after 1000 -> none end || _ <- [1, 2, 3]],
    ?ASSERT_MATCH({ok, cancel}, timer:cancel(TRef)),
    timer:sleep(30),
    flush(tick),
    ?ASSERT_MATCH(none, (fun() -> receive tick -> tick after 60 -> none end end)()),
    %% An interval timer ends with the process it sends to.
    Self = self(),
    Target = spawn(fun() -> receive tick -> Self ! got_one end, receive stop -> ok end end),
    {ok, _} = timer:send_interval(10, Target, tick),
    ?ASSERT_MATCH(got_one, (fun() -> receive got_one -> got_one after 1000 -> none end end)()),
    Target ! stop,
    ok.

flush(Msg) ->
    receive Msg -> flush(Msg) after 0 -> ok end.

test_exit_kill() ->
    P1 = spawn(fun() -> receive after infinity -> ok end end),
    R1 = erlang:monitor(process, P1),
    {ok, _} = timer:exit_after(10, P1, bye),
    ?ASSERT_MATCH(bye, (fun() -> receive {'DOWN', R1, process, P1, W1} -> W1 after 1000 -> none end end)()),
    P2 = spawn(fun() -> process_flag(trap_exit, true), receive after infinity -> ok end end),
    R2 = erlang:monitor(process, P2),
    {ok, _} = timer:kill_after(10, P2),
    ?ASSERT_MATCH(killed, (fun() -> receive {'DOWN', R2, process, P2, W2} -> W2 after 1000 -> none end end)()),
    P3 = spawn(fun() -> {ok, _} = timer:kill_after(10), receive after infinity -> ok end end),
    R3 = erlang:monitor(process, P3),
    ?ASSERT_MATCH(killed, (fun() -> receive {'DOWN', R3, process, P3, W3} -> W3 after 1000 -> none end end)()),
    ok.

test_badarg() ->
    ?ASSERT_MATCH({error, badarg}, timer:send_after(-1, self(), x)),
    ?ASSERT_MATCH({error, badarg}, timer:apply_after(x, ?MODULE, echo, [])),
    ?ASSERT_MATCH({error, badarg}, timer:send_interval(-5, x)),
    ?ASSERT_MATCH({error, badarg}, timer:cancel(not_a_timer)),
    ok.
