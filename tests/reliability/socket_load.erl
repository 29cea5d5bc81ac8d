%% 500 connections at once to a gen_tcp echo server in the same VM, each sending 100 messages of
%% 64 bytes and waiting for each echo: not one byte may be lost or changed. Prints the
%% per-message latency (p50, p99, max) as figures.
%% needs: libs
%% targets: native wasm32-wasip2
%% expect: {lost,0}
-module(socket_load).
-export([start/0]).

-define(CLIENTS, 500).
-define(MESSAGES, 100).
-define(SIZE, 64).

start() ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {ip, {127, 0, 0, 1}}, {backlog, 1024}]),
    {ok, Port} = inet:port(L),
    spawn(fun() -> accept(L, ?CLIENTS) end),
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    Pids = [spawn(fun() -> Self ! {self(), client(Port, I)} end) || I <- lists:seq(1, ?CLIENTS)],
    Results = [receive {P, R} -> R end || P <- Pids],
    T1 = erlang:monotonic_time(microsecond),
    gen_tcp:close(L),
    Lost = lists:sum([Lo || {Lo, _} <- Results]),
    Lat = lists:sort(lists:append([Ls || {_, Ls} <- Results])),
    N = length(Lat),
    io:format("% ~p connections x ~p messages: ~p ms; latency (us) p50 ~p, p99 ~p, max ~p~n",
              [?CLIENTS, ?MESSAGES, (T1 - T0) div 1000, lists:nth(max(1, N div 2), Lat),
               lists:nth(max(1, N * 99 div 100), Lat), lists:last(Lat)]),
    {lost, Lost}.

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
        {error, _} -> gen_tcp:close(S)
    end.

client(Port, I) ->
    {ok, S} = gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {active, false}]),
    Msg = binary:copy(<<(I rem 256)>>, ?SIZE),
    R = exchange(S, Msg, ?MESSAGES, 0, []),
    gen_tcp:close(S),
    R.

%% {Bytes lost or changed, latencies}.
exchange(_S, _Msg, 0, Lost, Lat) ->
    {Lost, Lat};
exchange(S, Msg, K, Lost, Lat) ->
    T0 = erlang:monotonic_time(microsecond),
    ok = gen_tcp:send(S, Msg),
    Back = recv_n(S, byte_size(Msg), []),
    T1 = erlang:monotonic_time(microsecond),
    L = case Back =:= Msg of
            true -> 0;
            false -> byte_size(Msg)
        end,
    exchange(S, Msg, K - 1, Lost + L, [T1 - T0 | Lat]).

recv_n(_S, N, Acc) when N =< 0 ->
    iolist_to_binary(lists:reverse(Acc));
recv_n(S, N, Acc) ->
    case gen_tcp:recv(S, 0, 60000) of
        {ok, D} -> recv_n(S, N - byte_size(D), [D | Acc]);
        {error, _} -> iolist_to_binary(lists:reverse(Acc))
    end.
