%% Purpose: many processes exchanging messages at once (across schedulers where there are several): every message arrives exactly once, in order per sender pair, and the checksums add up.
-module(proc_smp_stress).
-export([start/0]).
%% expect: {40041640000,true,1000}
%% smp_repeat: 10

-define(PROCS, 1000).
-define(MSGS, 40).

start() ->
    Parent = self(),
    Pids = [spawn(fun() -> worker(Parent) end) || _ <- seq(1, ?PROCS)],
    Tuple = list_to_tuple(Pids),
    %% worker I sends to workers I+1 and I+7 (mod PROCS): each worker hears from two senders
    [P ! {peers, I, element(next(I, 1), Tuple), element(next(I, 7), Tuple)}
     || I <- seq(1, ?PROCS), P <- [element(I, Tuple)]],
    Results = [receive {done, P, Sum, InOrder} -> {Sum, InOrder} end || P <- Pids],
    Total = sum([S || {S, _} <- Results]),
    Ordered = [O || {_, O} <- Results, O =/= true] =:= [],
    {Total, Ordered, length(Results)}.

next(I, D) -> (I - 1 + D) rem ?PROCS + 1.

worker(Parent) ->
    receive {peers, I, A, B} -> ok end,
    [begin A ! {msg, self(), I, J}, B ! {msg, self(), I, J} end || J <- seq(1, ?MSGS)],
    {Sum, InOrder} = take(2 * ?MSGS, #{}, 0, true),
    Parent ! {done, self(), Sum, InOrder}.

%% Messages from one sender must arrive with J increasing.
take(0, _, Sum, InOrder) -> {Sum, InOrder};
take(N, Last, Sum, InOrder) ->
    receive
        {msg, From, I, J} ->
            Prev = case Last of #{From := V} -> V; _ -> 0 end,
            take(N - 1, Last#{From => J}, Sum + I * 1000 + J, InOrder andalso J =:= Prev + 1)
    end.

sum(L) -> sum(L, 0).
sum([], A) -> A;
sum([X | T], A) -> sum(T, A + X).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
