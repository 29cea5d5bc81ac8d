%% Distribution numbers for `cargo xtask bench` (tools/xtask/src/dist.rs): round-trip latency
%% and one-way messages per second between this node and the OTP node DIST_PEER (running
%% otp_peer). The same code runs on our VM (started as a node by ATOMVM_NODE) and on an OTP node,
%% so the two pairs are measured alike. Returns {RoundTripMicroseconds, MessagesPerSecond}.
-module(dist_bench).
-export([start/0, run/1]).

-define(ROUND_TRIPS, 2000).
-define(MESSAGES, 50000).

start() ->
    run(list_to_atom(os:getenv("DIST_PEER"))).

run(Peer) ->
    pong = net_adm:ping(Peer),
    Echo = erpc:call(Peer, otp_peer, start_echo, []),
    ok = round_trips(Echo, 100),
    T0 = erlang:monotonic_time(microsecond),
    ok = round_trips(Echo, ?ROUND_TRIPS),
    T1 = erlang:monotonic_time(microsecond),
    Counter = erpc:call(Peer, otp_peer, sum_in_order, [self(), ?MESSAGES]),
    T2 = erlang:monotonic_time(microsecond),
    send_all(Counter, 0),
    true = receive {in_order, Counter, R} -> R end,
    T3 = erlang:monotonic_time(microsecond),
    Echo ! stop,
    {(T1 - T0) / ?ROUND_TRIPS, ?MESSAGES * 1000000 div max(1, T3 - T2)}.

round_trips(_Echo, 0) -> ok;
round_trips(Echo, N) ->
    Echo ! {self(), N},
    receive {Echo, N} -> round_trips(Echo, N - 1) end.

send_all(_C, ?MESSAGES) -> ok;
send_all(C, I) ->
    C ! {seq, I},
    send_all(C, I + 1).
