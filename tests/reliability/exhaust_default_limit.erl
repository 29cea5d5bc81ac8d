%% Without ATOMVM_MAX_MEMORY: on wasm32-wasip1-threads (a 1 GiB shared memory) a process that
%% grows without end is killed at the default limit instead of trapping the whole VM.
%% targets: wasm32-wasip1-threads
%% expect: {killed,ok}
-module(exhaust_default_limit).
-export([start/0]).

start() ->
    {Pid, Ref} = spawn_monitor(fun() -> grow([], 0) end),
    receive
        {'DOWN', Ref, process, Pid, Reason} -> {Reason, ok}
    end.

grow(Acc, N) -> grow([N | Acc], N + 1).
