%% Benchmark: TCP echo over loopback inside one VM. A gen_tcp server echoes every connection
%% in a process of its own; 50 clients at once each send 200 messages of 1000 bytes and wait
%% for each echo. The checksum is the number of bytes that came back intact: any loss or
%% corruption changes it.
%% needs: sockets
-module(tcp_echo).
-export([start/0, run/1]).
%% group: library
%% checksum: 10000000

-define(CLIENTS, 50).
-define(MESSAGES, 200).
-define(SIZE, 1000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    Bytes = run({?CLIENTS, ?MESSAGES}),
    T1 = erlang:monotonic_time(microsecond),
    Us = max(1, T1 - T0),
    io:format("% ~p clients x ~p messages of ~p bytes: ~p bytes echoed, ~p MB/s each way~n",
              [?CLIENTS, ?MESSAGES, ?SIZE, Bytes, Bytes div Us]),
    {tcp_echo, T1 - T0, Bytes}.

run({Clients, Messages}) ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {ip, {127, 0, 0, 1}},
                                 {backlog, 128}]),
    {ok, Port} = inet:port(L),
    spawn(fun() -> accept(L, Clients) end),
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), client(Port, I, Messages)} end)
            || I <- lists:seq(1, Clients)],
    Total = lists:sum([receive {P, N} -> N end || P <- Pids]),
    gen_tcp:close(L),
    Total.

accept(_L, 0) ->
    ok;
accept(L, N) ->
    {ok, S} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> echo(S) end end),
    ok = gen_tcp:controlling_process(S, Pid),
    Pid ! go,
    accept(L, N - 1).

echo(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Data} -> ok = gen_tcp:send(S, Data), echo(S);
        {error, closed} -> gen_tcp:close(S)
    end.

client(Port, I, Messages) ->
    {ok, S} = gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {active, false}]),
    Msg = binary:copy(<<(I rem 256)>>, ?SIZE),
    N = exchange(S, Msg, Messages, 0),
    gen_tcp:close(S),
    N.

%% The bytes that came back equal to what was sent.
exchange(_S, _Msg, 0, Acc) ->
    Acc;
exchange(S, Msg, K, Acc) ->
    ok = gen_tcp:send(S, Msg),
    case gen_tcp:recv(S, byte_size(Msg)) of
        {ok, Msg} -> exchange(S, Msg, K - 1, Acc + byte_size(Msg));
        {ok, _} -> exchange(S, Msg, K - 1, Acc)
    end.
