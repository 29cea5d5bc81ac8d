%% Purpose: spawn_opt max_heap_size (an integer and the map form): a process whose heap outgrows it is killed with reason killed, whether it allocates in a loop or in one go, one under its limit lives, and the VM goes on.
-module(proc_heap_limit).
-export([start/0]).
%% expect: {killed,killed,killed,{done,20000},ok}

start() ->
    %% A list built cons by cons, far past the limit.
    R1 = run(fun() -> build(1000000, []) end, [{max_heap_size, 20000}]),
    %% The map form, with kill => true.
    R2 = run(fun() -> build(1000000, []) end,
             [{max_heap_size, #{size => 20000, kill => true, error_logger => true}}]),
    %% Growth through one big step: a tuple of 100000 elements made at once.
    R3 = run(fun() -> erlang:make_tuple(100000, x), keep_going(100) end,
             [{max_heap_size, 20000}]),
    %% Well under the limit: finishes normally.
    R4 = run(fun() -> exit({done, length(build(20000, []))}) end, [{max_heap_size, 1000000}]),
    %% The VM is unharmed: a fresh process without limit still works.
    R5 = run(fun() -> build(30000, []), exit(ok) end, []),
    {R1, R2, R3, R4, R5}.

run(F, Opts) ->
    {Pid, Ref} = spawn_opt(F, [monitor | Opts]),
    receive
        {'DOWN', Ref, process, Pid, Reason} -> Reason
    end.

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

keep_going(0) -> ok;
keep_going(N) -> _ = build(100, []), keep_going(N - 1).
