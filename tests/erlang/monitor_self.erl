%% Purpose: a process monitoring itself gets a reference and no monitor (demonitor with info says false, process_info lists none, no DOWN ever comes).
%% expect: {true,false,{monitors,[]},false,true,none}
-module(monitor_self).
-export([start/0]).

start() ->
    M = monitor(process, self()),
    M2 = monitor(process, self()),
    {is_reference(M), demonitor(M, [info]), process_info(self(), monitors),
     demonitor(M2, [flush, info]), demonitor(monitor(process, self())),
     receive {'DOWN', _, _, _, _} = D -> D after 50 -> none end}.
