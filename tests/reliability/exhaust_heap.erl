%% Processes that grow their heaps without end are killed at the VM's memory limit, one built by
%% instructions (cons cells), one by a BIF (tuples); the VM and every other process go on.
%% env: ATOMVM_MAX_MEMORY=96M
%% expect: {killed,killed,ok,{nested,100000}}
-module(exhaust_heap).
-export([start/0]).

start() ->
    Cons = watch(fun() -> cons([], 0) end),
    Tuples = watch(fun() -> tuples([]) end),
    After = watch(fun() -> exit(ok) end),
    {Cons, Tuples, After, {nested, length(nest(100000, []))}}.

watch(F) ->
    {Pid, Ref} = spawn_monitor(F),
    receive
        {'DOWN', Ref, process, Pid, Reason} -> Reason
    end.

cons(Acc, N) -> cons([N | Acc], N + 1).

tuples(Acc) -> tuples([erlang:make_tuple(64, Acc) | Acc]).

nest(0, Acc) -> Acc;
nest(N, Acc) -> nest(N - 1, [N | Acc]).
