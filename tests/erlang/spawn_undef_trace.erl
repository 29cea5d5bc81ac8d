%% A spawned process whose first call is undefined: its stack trace is the failed call alone.
-module(spawn_undef_trace).
-export([start/0]).
%% expect: {undef,[{no_such_module,f,[a],[]}]}

start() ->
    {_, Ref} = spawn_monitor(no_such_module, f, [a]),
    receive {'DOWN', Ref, process, _, Reason} -> Reason end.
