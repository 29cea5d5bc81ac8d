%% Purpose: a clause-less receive with a timeout held in a register (`receive after T`) keeps waiting when a message arrives meanwhile, and the message stays queued.
-module(recv_wait_woken).
-export([start/0, sleep/1]).
%% expect: {ok,ok,[a,b]}

start() ->
    self() ! a,
    R1 = ?MODULE:sleep(20),
    Self = self(),
    spawn(fun() -> receive after 5 -> Self ! b end end),
    R2 = ?MODULE:sleep(40),
    {R1, R2, [receive M -> M after 0 -> none end || _ <- [1, 2]]}.

sleep(T) -> receive after T -> ok end.
