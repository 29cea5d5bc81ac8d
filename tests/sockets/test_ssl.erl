%% ssl over loopback: a client and a server in this VM (or in OTP, where this suite also runs
%% with OTP's own ssl), with the fixtures of tests/sockets/certs (sockets_env:ssl_pem/1).
-module(test_ssl).
-export([test_echo_tls13/0, test_echo_tls12/0, test_rsa_server/0, test_active_modes/0,
         test_big_transfer/0, test_unknown_ca/0, test_hostname_mismatch/0, test_expired/0,
         test_client_cert/0, test_close_from_server/0, test_close_from_client/0,
         test_options/0, test_files_and_packet/0, test_many_connections/0]).
%% Helpers for test_ssl_interop.
-export([many_connections/1, der/1, server_opts/1, client_opts/0, server/2, server_result/1, recv_exactly/2]).
-include("etest.hrl").

-define(TIMEOUT, 20000).

der(Name) ->
    Lines = binary:split(sockets_env:ssl_pem(Name), <<"\n">>, [global]),
    Body = lists:takewhile(fun(L) -> binary:match(L, <<"-----END">>) =:= nomatch end,
                           tl(lists:dropwhile(fun(L) ->
                                                      binary:match(L, <<"-----BEGIN">>) =:= nomatch
                                              end, Lines))),
    base64:decode(iolist_to_binary(Body)).

server_opts(Name) ->
    [{cert, der(Name ++ ".pem")}, {key, {'PrivateKeyInfo', der(Name ++ ".key")}},
     {reuseaddr, true}, binary, {active, false}].

client_opts() ->
    [{verify, verify_peer}, {cacerts, [der("ca.pem")]}, binary, {active, false}].

%% A server that accepts one connection and runs Fun(Socket) after the handshake; it reports
%% {server, Port} first, then {server_done, Result}.
server(ServerOpts, Fun) ->
    _ = ssl:start(),
    Parent = self(),
    Pid = spawn(fun() ->
                        {ok, L} = ssl:listen(0, ServerOpts),
                        {ok, {_, Port}} = ssl:sockname(L),
                        Parent ! {server, self(), Port},
                        {ok, T} = ssl:transport_accept(L, ?TIMEOUT),
                        R = case ssl:handshake(T, ?TIMEOUT) of
                                {ok, S} -> Fun(S);
                                Error -> Error
                            end,
                        Parent ! {server_done, self(), R},
                        receive stop -> ok after ?TIMEOUT -> ok end,
                        ssl:close(L)
                end),
    receive {server, Pid, Port} -> {Pid, Port} after ?TIMEOUT -> error(no_server) end.

server_result(Pid) ->
    receive {server_done, Pid, R} -> Pid ! stop, R after ?TIMEOUT -> error(no_server_result) end.

echo(S) ->
    case ssl:recv(S, 0, ?TIMEOUT) of
        {ok, Data} -> ok = ssl:send(S, Data), echo(S);
        {error, closed} -> ok;
        Other -> Other
    end.

echo_roundtrip(Versions, ServerCert) ->
    {Pid, Port} = server(server_opts(ServerCert) ++ [{versions, Versions}], fun echo/1),
    {ok, C} = ssl:connect("localhost", Port, client_opts() ++ [{versions, Versions}], ?TIMEOUT),
    ok = ssl:send(C, <<"hello">>),
    ?ASSERT_MATCH({ok, <<"hello">>}, ssl:recv(C, 5, ?TIMEOUT)),
    ok = ssl:send(C, ["it's ", <<"io">>, $d, "ata"]),
    ?ASSERT_MATCH({ok, <<"it's iodata">>}, recv_exactly(C, 11)),
    {ok, Info} = ssl:connection_information(C, [protocol, selected_cipher_suite]),
    {protocol, Protocol} = lists:keyfind(protocol, 1, Info),
    {selected_cipher_suite, #{cipher := _, mac := _, prf := _, key_exchange := _}} =
        lists:keyfind(selected_cipher_suite, 1, Info),
    {ok, Cert} = ssl:peercert(C),
    ?ASSERT_MATCH(true, Cert =:= der(ServerCert ++ ".pem")),
    {ok, {{127, 0, 0, 1}, Port}} = ssl:peername(C),
    ok = ssl:close(C),
    ?ASSERT_MATCH(ok, server_result(Pid)),
    Protocol.

recv_exactly(S, N) ->
    recv_exactly(S, N, <<>>).
recv_exactly(_S, 0, Acc) ->
    {ok, Acc};
recv_exactly(S, N, Acc) ->
    case ssl:recv(S, 0, ?TIMEOUT) of
        {ok, D} when byte_size(D) =< N -> recv_exactly(S, N - byte_size(D), <<Acc/binary, D/binary>>);
        Other -> Other
    end.

test_echo_tls13() ->
    ?ASSERT_MATCH('tlsv1.3', echo_roundtrip(['tlsv1.3'], "server")),
    ok.

test_echo_tls12() ->
    ?ASSERT_MATCH('tlsv1.2', echo_roundtrip(['tlsv1.2'], "server")),
    ok.

test_rsa_server() ->
    ?ASSERT_MATCH('tlsv1.2', echo_roundtrip(['tlsv1.2'], "rsa_server")),
    ?ASSERT_MATCH('tlsv1.3', echo_roundtrip(['tlsv1.3'], "rsa_server")),
    ok.

test_active_modes() ->
    {Pid, Port} = server(server_opts("server"), fun echo/1),
    {ok, C} = ssl:connect("localhost", Port, client_opts() ++ [{active, true}], ?TIMEOUT),
    ok = ssl:send(C, <<"one">>),
    ?ASSERT_MATCH(<<"one">>, active_bytes(C, 3)),
    ok = ssl:setopts(C, [{active, once}]),
    ok = ssl:send(C, <<"two">>),
    ?ASSERT_MATCH(<<"two">>, active_bytes(C, 3)),
    ?ASSERT_MATCH({ok, [{active, false}]}, ssl:getopts(C, [active])),
    ok = ssl:setopts(C, [{active, 1}]),
    ok = ssl:send(C, <<"x">>),
    receive {ssl, C, <<"x">>} -> ok after ?TIMEOUT -> error(no_data) end,
    receive {ssl_passive, C} -> ok after ?TIMEOUT -> error(no_passive) end,
    ok = ssl:setopts(C, [{mode, list}]),
    ok = ssl:send(C, <<"abc">>),
    ?ASSERT_MATCH({ok, "abc"}, ssl:recv(C, 3, ?TIMEOUT)),
    ?ASSERT_MATCH({error, timeout}, ssl:recv(C, 1, 100)),
    ok = ssl:close(C),
    ?ASSERT_MATCH(ok, server_result(Pid)),
    ok.

%% Active-mode data until N bytes came (TLS may split or merge records).
active_bytes(C, N) ->
    active_bytes(C, N, <<>>).
active_bytes(_C, 0, Acc) ->
    Acc;
active_bytes(C, N, Acc) ->
    receive
        {ssl, C, D} ->
            active_bytes(C, N - byte_size(D), <<Acc/binary, D/binary>>)
    after ?TIMEOUT -> error({no_data, Acc})
    end.

test_big_transfer() ->
    Size = 1024 * 1024,
    Big = binary:copy(<<"0123456789abcdef">>, Size div 16),
    {Pid, Port} = server(server_opts("server"),
                         fun(S) ->
                                 {ok, Got} = recv_exactly(S, Size),
                                 ok = ssl:send(S, crypto:hash(sha256, Got)),
                                 ssl:close(S)
                         end),
    {ok, C} = ssl:connect("localhost", Port, client_opts(), ?TIMEOUT),
    ok = ssl:send(C, Big),
    Digest = crypto:hash(sha256, Big),
    ?ASSERT_MATCH({ok, Digest}, ssl:recv(C, 32, ?TIMEOUT)),
    ?ASSERT_MATCH({error, closed}, ssl:recv(C, 0, ?TIMEOUT)),
    ok = ssl:close(C),
    ?ASSERT_MATCH(ok, server_result(Pid)),
    ok.

%% The client refuses the server's certificate: each side reports the alert.
failed_handshake(ServerCert, ClientOpts, Versions) ->
    {Pid, Port} = server(server_opts(ServerCert) ++ [{versions, Versions}], fun echo/1),
    R = ssl:connect("localhost", Port, ClientOpts ++ [{versions, Versions}], ?TIMEOUT),
    case R of
        {ok, C} -> ssl:close(C);
        _ -> ok
    end,
    {R, server_result(Pid)}.

test_unknown_ca() ->
    lists:foreach(
      fun(V) ->
              {C, S} = failed_handshake("other", client_opts(), [V]),
              {error, {tls_alert, {unknown_ca, _}}} = C,
              server_saw(unknown_ca, V, S)
      end, ['tlsv1.2', 'tlsv1.3']),
    ok.

%% The server learns the client's reason from its alert (with TLS 1.3 between two mbedTLS
%% ends, the client sends it before switching to its handshake keys: a plaintext record).
server_saw(Desc, _Version, S) ->
    {error, {tls_alert, {Desc, _}}} = S.

test_hostname_mismatch() ->
    {C, S} = failed_handshake("wrong_host", client_opts(), ['tlsv1.3']),
    {error, {tls_alert, {bad_certificate, _}}} = C,
    server_saw(bad_certificate, 'tlsv1.3', S),
    %% The same certificate is fine when the name it carries is the one asked for.
    {C2, _} = failed_handshake("wrong_host",
                               client_opts() ++ [{server_name_indication, "example.org"}],
                               ['tlsv1.3']),
    {ok, _} = C2,
    ok.

test_expired() ->
    {C, S} = failed_handshake("expired", client_opts(), ['tlsv1.2']),
    {error, {tls_alert, {certificate_expired, _}}} = C,
    {error, {tls_alert, {certificate_expired, _}}} = S,
    ok.

test_client_cert() ->
    ServerOpts = server_opts("server") ++
        [{verify, verify_peer}, {fail_if_no_peer_cert, true}, {cacerts, [der("ca.pem")]}],
    {Pid, Port} = server(ServerOpts, fun(S) -> ssl:peercert(S) end),
    ClientOpts = client_opts() ++ [{cert, der("client.pem")},
                                   {key, {'PrivateKeyInfo', der("client.key")}}],
    {ok, C} = ssl:connect("localhost", Port, ClientOpts, ?TIMEOUT),
    ClientDer = der("client.pem"),
    ?ASSERT_MATCH({ok, ClientDer}, server_result(Pid)),
    ok = ssl:close(C),
    ok.

test_close_from_server() ->
    {Pid, Port} = server(server_opts("server"),
                         fun(S) -> ok = ssl:send(S, <<"bye">>), ssl:close(S) end),
    {ok, C} = ssl:connect("localhost", Port, client_opts() ++ [{active, true}], ?TIMEOUT),
    ?ASSERT_MATCH(<<"bye">>, active_bytes(C, 3)),
    receive {ssl_closed, C} -> ok after ?TIMEOUT -> error(no_ssl_closed) end,
    ?ASSERT_MATCH(ok, server_result(Pid)),
    ?ASSERT_MATCH(ok, ssl:close(C)),
    ok.

test_close_from_client() ->
    {Pid, Port} = server(server_opts("server"), fun(S) -> ssl:recv(S, 0, ?TIMEOUT) end),
    {ok, C} = ssl:connect("localhost", Port, client_opts(), ?TIMEOUT),
    ok = ssl:close(C),
    ?ASSERT_MATCH({error, closed}, server_result(Pid)),
    ?ASSERT_MATCH({error, closed}, ssl:send(C, <<"late">>)),
    ok.

test_options() ->
    _ = ssl:start(),
    ?ASSERT_MATCH({error, {options, incompatible, [{verify, verify_peer}, {cacerts, undefined}]}},
                  ssl:connect("localhost", 1, [], 1000)),
    {error, {options, _}} = ssl:connect("localhost", 1, [{verify, verify_none}, {active, sometimes}], 1000),
    ok.

%% PEM files (cacertfile, certfile, keyfile) and {packet, 2} framing.
test_files_and_packet() ->
    Files = [{F, "ssl_test_" ++ F} || F <- ["ca.pem", "server.pem", "server.key"]],
    [ok = file:write_file(Path, sockets_env:ssl_pem(F)) || {F, Path} <- Files],
    Path = fun(F) -> element(2, lists:keyfind(F, 1, Files)) end,
    ServerOpts = [{certfile, Path("server.pem")}, {keyfile, Path("server.key")},
                  {reuseaddr, true}, binary, {active, false}, {packet, 2}],
    {Pid, Port} = server(ServerOpts, fun echo/1),
    {ok, C} = ssl:connect("localhost", Port,
                          [{verify, verify_peer}, {cacertfile, Path("ca.pem")}, binary,
                           {active, false}, {packet, 2}], ?TIMEOUT),
    ok = ssl:send(C, <<"framed">>),
    ok = ssl:send(C, <<"twice">>),
    ?ASSERT_MATCH({ok, <<"framed">>}, ssl:recv(C, 0, ?TIMEOUT)),
    ?ASSERT_MATCH({ok, <<"twice">>}, ssl:recv(C, 0, ?TIMEOUT)),
    ok = ssl:close(C),
    ?ASSERT_MATCH(ok, server_result(Pid)),
    [file:delete(P) || {_, P} <- Files],
    ok.

%% 200 connections open at once against one server, each handshake and echo in processes of
%% their own (the suite also runs with 4 schedulers): every client gets its own bytes back.
test_many_connections() ->
    many_connections(200).

many_connections(N) ->
    _ = ssl:start(),
    {ok, L} = ssl:listen(0, server_opts("server") ++ [{backlog, 256}]),
    {ok, {_, Port}} = ssl:sockname(L),
    Acceptor = spawn(fun() -> accept_loop(L) end),
    ok = ssl:controlling_process(L, Acceptor),
    Parent = self(),
    Clients = [spawn(fun() -> Parent ! {self(), many_client(Port, I)} end) || I <- lists:seq(1, N)],
    Results = [receive {P, R} -> R after 120000 -> timeout end || P <- Clients],
    exit(Acceptor, kill),
    ssl:close(L),
    ?ASSERT_MATCH([], [R || R <- Results, R =/= ok]),
    ok.

accept_loop(L) ->
    case ssl:transport_accept(L) of
        {ok, T} ->
            Pid = spawn(fun() ->
                                receive go -> ok end,
                                case ssl:handshake(T, 120000) of
                                    {ok, S} -> echo(S);
                                    _ -> ok
                                end
                        end),
            ok = ssl:controlling_process(T, Pid),
            Pid ! go,
            accept_loop(L);
        _ ->
            ok
    end.

%% Connect, then send 8 messages of 1000 bytes unique to this client; each must come back whole.
many_client(Port, I) ->
    case ssl:connect("localhost", Port, client_opts(), 120000) of
        {ok, C} ->
            R = many_echo(C, I, 8),
            ssl:close(C),
            R;
        Error ->
            Error
    end.

many_echo(_C, _I, 0) ->
    ok;
many_echo(C, I, K) ->
    Msg = <<(binary:copy(<<I:16, K:8>>, 333))/binary, I:8>>,
    ok = ssl:send(C, Msg),
    case recv_exactly(C, byte_size(Msg)) of
        {ok, Msg} -> many_echo(C, I, K - 1);
        Other -> {client, I, Other}
    end.
