%% process_info(P, memory) counts the messages queued for P (entries and terms), as OTP does.
-module(process_memory_queue).
-export([start/0]).

%% expect: {true,true}

start() ->
    P = spawn(fun() -> receive stop -> ok end end),
    {memory, M1} = process_info(P, memory),
    P ! incr,
    P ! incr,
    P ! incr,
    {memory, M2} = process_info(P, memory),
    P ! {big, erlang:make_tuple(1000, x)},
    {memory, M3} = process_info(P, memory),
    P ! stop,
    {M2 > M1, M3 > M2 + 1000}.
