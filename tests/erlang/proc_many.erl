%% Purpose: 100000 live processes at once (each waits for a number, answers its double, then waits to be told to stop); the answers are all there, checksummed, and every process ends.
-module(proc_many).
-export([start/0]).
%% expect: {100000,10000100000,true}
%% gc_stress: skip 100000 processes collecting at every reservation take minutes

-define(N, 100000).

start() ->
    Count0 = erlang:system_info(process_count),
    Parent = self(),
    Pids = spawn_workers(?N, Parent, []),
    send_all(Pids, 1),
    Sum = collect(?N, 0),
    Alive = erlang:system_info(process_count) - Count0,
    [P ! stop || P <- Pids],
    {Alive, Sum, wait_count(Count0, 5000)}.

worker(Parent) ->
    receive
        N ->
            Parent ! {double, 2 * N},
            receive stop -> ok end
    end.

spawn_workers(0, _, Acc) -> Acc;
spawn_workers(K, Parent, Acc) ->
    spawn_workers(K - 1, Parent, [spawn(fun() -> worker(Parent) end) | Acc]).

send_all([], _) -> ok;
send_all([P | Ps], I) ->
    P ! I,
    send_all(Ps, I + 1).

collect(0, Sum) -> Sum;
collect(K, Sum) ->
    receive {double, D} -> collect(K - 1, Sum + D) end.

wait_count(_, 0) -> false;
wait_count(Count0, Tries) ->
    case erlang:system_info(process_count) of
        Count0 -> true;
        _ -> receive after 2 -> wait_count(Count0, Tries - 1) end
    end.
