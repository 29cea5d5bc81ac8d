%% When the atom table is full, making an atom raises system_limit, and a module that brings new
%% atoms cannot load (undef for its caller; the loader says system_limit); the VM goes on.
%% expect: {system_limit,undef,ok}
-module(atom_table_full).
-export([start/0]).

start() ->
    {'EXIT', {Fill, _}} = (catch fill(0)),
    {'EXIT', {Load, _}} = (catch atom_table_full_helper:f()),
    {Pid, Ref} = spawn_monitor(fun() -> exit(ok) end),
    After = receive {'DOWN', Ref, process, Pid, R} -> R end,
    {Fill, Load, After}.

fill(N) ->
    _ = list_to_atom("a" ++ integer_to_list(N)),
    fill(N + 1).
