%% One process monitoring and linked to many: every 'DOWN' and 'EXIT' arrives, and demonitor/unlink find their entry at once (each costs O(1), not a scan of all of them).
-module(many_monitors).
-export([start/0]).

%% expect: {30000,15000,15000,30000,0,0}
%% gc_stress: skip 30,000 processes, each spawn collecting, take minutes under stress

-define(N, 30000).

start() ->
    process_flag(trap_exit, true),
    Pids = spawn_n(?N),
    Refs = [{erlang:monitor(process, P), P} || P <- Pids],
    {Drop, Keep} = split(?N div 2, Refs, []),
    %% Half the monitors and links go away before anything exits.
    [true = erlang:demonitor(R) || {R, _} <- Drop],
    [true = unlink(P) || {_, P} <- Drop],
    {monitors, Ms} = process_info(self(), monitors),
    {links, Ls} = process_info(self(), links),
    [P ! stop || P <- Pids],
    {Downs, Exits} = count(2 * length(Keep), 0, 0),
    {monitors, After} = process_info(self(), monitors),
    {links, LinksAfter} = process_info(self(), links),
    {length(Ms) + length(Ls), Downs, Exits, Downs + Exits, length(After), length(LinksAfter)}.

spawn_n(0) -> [];
spawn_n(N) -> [spawn_link(fun wait/0) | spawn_n(N - 1)].

split(0, Rest, Acc) -> {Acc, Rest};
split(N, [X | Rest], Acc) -> split(N - 1, Rest, [X | Acc]).

wait() ->
    receive
        stop -> ok
    end.

count(0, Downs, Exits) -> {Downs, Exits};
count(N, Downs, Exits) ->
    receive
        {'DOWN', _, process, _, normal} -> count(N - 1, Downs + 1, Exits);
        {'EXIT', _, normal} -> count(N - 1, Downs, Exits + 1)
    end.
