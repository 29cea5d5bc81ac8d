%% Benchmark: TLS 1.3 handshakes over loopback inside one VM (`ssl`, client and server in the
%% same VM, a P-256 certificate from tests/sockets/certs, verify_peer with its CA). 4 clients at
%% once each make 25 connections: connect, full handshake, one byte echoed, close. The checksum
%% is the number of connections that echoed their byte (100). Then it opens 50 connections at
%% once and prints erlang:memory(total) per open connection (both ends counted: a client and a
%% server connection each).
%% needs: sockets
-module(tls13_handshakes).
-export([start/0, run/1]).
%% checksum: 100

-define(CLIENTS, 4).
-define(EACH, 25).
-define(OPEN, 50).

start() ->
    _ = ssl:start(),
    T0 = erlang:monotonic_time(microsecond),
    Done = run({?CLIENTS, ?EACH}),
    T1 = erlang:monotonic_time(microsecond),
    Us = max(1, T1 - T0),
    PerConnection = memory_per_connection(?OPEN),
    io:format("% ~p TLS 1.3 handshakes: ~p handshakes/s; ~p bytes of erlang:memory(total) per "
              "open connection pair (~p open)~n",
              [Done, Done * 1000000 div Us, PerConnection, ?OPEN]),
    {tls13_handshakes, T1 - T0, Done}.

der(B64) -> base64:decode(B64).

server_opts() ->
    [{cert, der(<<"MIIBmTCCAUCgAwIBAgIUI1eE24ujNenc6mV1GGB7ezXjum8wCgYIKoZIzj0EAwIwGTEXMBUGA1UEAwwOQXRvbVZNIFRlc3QgQ0EwIBcNMjYxMjA4MDI0OTM2WhgPMjEyNjExMTQwMjQ5MzZaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAMQCKmOdUBt4jZPdXiJwoMtZCIDW8dwq1vLInhdl/nmr6HcvaGWOpNpkZ9v33zyKSFtj94udeNK/53KS1VWuLqjaTBnMBoGA1UdEQQTMBGCCWxvY2FsaG9zdIcEfwAAATAJBgNVHRMEAjAAMB0GA1UdDgQWBBRQCyz6vmI3kt3jUtZHk80ZurXo0DAfBgNVHSMEGDAWgBTMpjTr6+JOV81y2WofcE7GYhdBxTAKBggqhkjOPQQDAgNHADBEAiB1jVRMZx6Anu6XcfHG30O3EMewhAJiqrRpm6xvMexAIgIgB1QhT4HmeoDcVpJOGwHY/2N1wsMa0smbGgIE/gCzQcE=">>)},
     {key, {'PrivateKeyInfo', der(<<"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJsAY1ns+AN/IsjuetTK3VSW4oxYV517rpJcSj5mGpJmhRANCAAQDEAipjnVAbeI2T3V4icKDLWQiA1vHcKtbyyJ4XZf55q+h3L2hljqTaZGfb9988ikhbY/eLnXjSv+dyktVVri6">>)}},
     {versions, ['tlsv1.3']}, {reuseaddr, true}, binary, {active, false}, {backlog, 128}].

client_opts() ->
    [{verify, verify_peer}, {cacerts, [der(<<"MIIBmTCCAT+gAwIBAgIUZeQ8xJ61AwgJ7zi+YMadXKpNTwMwCgYIKoZIzj0EAwIwGTEXMBUGA1UEAwwOQXRvbVZNIFRlc3QgQ0EwIBcNMjYxMjA4MDI0OTM2WhgPMjEyNjExMTQwMjQ5MzZaMBkxFzAVBgNVBAMMDkF0b21WTSBUZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE76CmDlC9iuN9yKmKD/g4j/loQYJi2UK8W91psNfRsLHGnPkbqBz9fXWjgQa0zI7lT/8K+S/qHxR1ZV4MPBSm+qNjMGEwHQYDVR0OBBYEFMymNOvr4k5XzXLZah9wTsZiF0HFMB8GA1UdIwQYMBaAFMymNOvr4k5XzXLZah9wTsZiF0HFMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0gAMEUCIHEMS2xiQG5jO9sa5XvITGR9cRIPOKPWypcji+xU4Z31AiEAj1JJqhppiF20Sf8OHZ2LaMeeHjNTVWGiqMOOlsJGWUY=">>)]},
     {versions, ['tlsv1.3']}, binary, {active, false}].

%% A server with a process per connection: handshake, then echo until closed.
listen() ->
    {ok, L} = ssl:listen(0, server_opts()),
    {ok, {_, Port}} = ssl:sockname(L),
    Acceptor = spawn(fun() -> accept(L) end),
    ok = ssl:controlling_process(L, Acceptor),
    {L, Acceptor, Port}.

accept(L) ->
    case ssl:transport_accept(L) of
        {ok, T} ->
            Pid = spawn(fun() -> receive go -> serve(T) end end),
            ok = ssl:controlling_process(T, Pid),
            Pid ! go,
            accept(L);
        _ -> ok
    end.

serve(T) ->
    case ssl:handshake(T, 60000) of
        {ok, S} -> echo(S);
        _ -> ok
    end.

echo(S) ->
    case ssl:recv(S, 0, 60000) of
        {ok, D} -> ok = ssl:send(S, D), echo(S);
        _ -> ssl:close(S)
    end.

run({Clients, Each}) ->
    {L, Acceptor, Port} = listen(),
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), client(Port, Each, 0)} end)
            || _ <- lists:seq(1, Clients)],
    Total = lists:sum([receive {P, N} -> N end || P <- Pids]),
    exit(Acceptor, kill),
    ssl:close(L),
    Total.

client(_Port, 0, Ok) ->
    Ok;
client(Port, K, Ok) ->
    {ok, C} = ssl:connect("localhost", Port, client_opts(), 60000),
    ok = ssl:send(C, <<K>>),
    Got = ssl:recv(C, 1, 60000),
    ok = ssl:close(C),
    client(Port, K - 1, Ok + case Got of {ok, <<K>>} -> 1; _ -> 0 end).

memory_per_connection(N) ->
    {L, Acceptor, Port} = listen(),
    %% One connection first, so that code loading and first-use tables are not counted.
    {ok, C0} = ssl:connect("localhost", Port, client_opts(), 60000),
    ok = ssl:send(C0, <<0>>),
    {ok, <<0>>} = ssl:recv(C0, 1, 60000),
    erlang:garbage_collect(),
    Before = erlang:memory(total),
    Cs = [begin
              {ok, C} = ssl:connect("localhost", Port, client_opts(), 60000),
              ok = ssl:send(C, <<1>>),
              {ok, <<1>>} = ssl:recv(C, 1, 60000),
              C
          end || _ <- lists:seq(1, N)],
    erlang:garbage_collect(),
    After = erlang:memory(total),
    [ssl:close(C) || C <- [C0 | Cs]],
    exit(Acceptor, kill),
    ssl:close(L),
    (After - Before) div N.
