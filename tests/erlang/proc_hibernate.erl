%% Purpose: erlang:hibernate/3 waits for a message, then runs M:F(Args) with the call stack gone (no catch survives; returning ends the process normally); an already queued message wakes it at once.
-module(proc_hibernate).
-export([start/0, wake/1, wake_and_fail/1]).
%% expect: {waiting,pong,normal,after_wake,pong,normal,true}

wake(Parent) ->
    receive
        {ping, N} -> Parent ! {pong, N, self()}
    end,
    back_in_wake.

wake_and_fail(_Parent) ->
    receive go -> error(after_wake) end.

%% Hibernates under a catch and a few frames that are discarded.
deep(0, Parent, F) ->
    try
        erlang:hibernate(?MODULE, F, [Parent])
    catch
        _:_ -> caught
    end;
deep(N, Parent, F) -> [deep(N - 1, Parent, F)].

down(Ref) ->
    receive
        {'DOWN', Ref, process, _, R} -> R
    after 2000 -> no_down
    end.

start() ->
    Self = self(),
    {P1, R1} = spawn_monitor(fun() -> deep(5, Self, wake) end),
    timer_sleep(50),
    {status, S1} = erlang:process_info(P1, status),
    P1 ! {ping, 1},
    Pong = receive {pong, 1, P1} -> pong after 2000 -> no_pong end,
    Down1 = down(R1),
    {P2, R2} = spawn_monitor(fun() -> deep(3, Self, wake_and_fail) end),
    timer_sleep(50),
    P2 ! go,
    {Reason2, _} = down(R2),
    {P3, R3} = spawn_monitor(fun() -> self() ! {ping, 3}, deep(2, Self, wake) end),
    Pong3 = receive {pong, 3, P3} -> pong after 2000 -> no_pong end,
    Down3 = down(R3),
    {S1, Pong, Down1, Reason2, Pong3, Down3,
     erlang:function_exported(erlang, hibernate, 3)}.

timer_sleep(T) -> receive after T -> ok end.
