%% ssl against real peers outside this VM, started by xtask (tools/xtask/src/ssl_peers.rs) on
%% 127.0.0.1 with the fixtures of tests/sockets/certs: an OTP node with OTP's ssl
%% (tests/sockets/peer/ssl_peer.erl), `openssl s_server -WWW` and `openssl s_client`. Their
%% ports are sockets_env:ssl_peers/0. Our client talks to their servers; their clients talk to
%% a server opened here, on request through a control port (this VM cannot start programs).
-module(test_ssl_interop).
-export([test_otp_server/0, test_otp_server_refused/0, test_otp_server_closes/0,
         test_openssl_server/0, test_otp_client/0, test_otp_client_refuses/0,
         test_openssl_client/0]).
-include("etest.hrl").

-define(TIMEOUT, 30000).
-define(BIG, 4194304).
-define(STEP, 65536).

port(Name) ->
    maps:get(Name, sockets_env:ssl_peers()).

connect(Name, Opts) ->
    _ = ssl:start(),
    ssl:connect("localhost", port(Name), test_ssl:client_opts() ++ Opts, ?TIMEOUT).

%% The test pattern: bytes 0..250 over and over (a prime period, so a shift shows); the same
%% in ssl_peer.erl and ssl_peers.rs.
pattern(Size) ->
    Block = list_to_binary(lists:seq(0, 250)),
    binary:part(binary:copy(Block, Size div 251 + 1), 0, Size).

%% Send Data in steps, each echoed back whole before the next.
lockstep(_S, <<>>) ->
    ok;
lockstep(S, Data) ->
    N = min(?STEP, byte_size(Data)),
    {Step, Rest} = split_binary(Data, N),
    ok = ssl:send(S, Step),
    case test_ssl:recv_exactly(S, N) of
        {ok, Step} -> lockstep(S, Rest);
        {ok, _} -> {corrupted_at, byte_size(Data)};
        Error -> Error
    end.

protocol(S) ->
    {ok, [{protocol, P}]} = ssl:connection_information(S, [protocol]),
    P.

%% Our client against OTP's ssl server: 4 MiB echoed and checked, TLS 1.2 and 1.3.
test_otp_server() ->
    lists:foreach(
      fun(V) ->
              {ok, C} = connect(otp_echo, [{versions, [V]}]),
              ?ASSERT_MATCH(V, protocol(C)),
              ?ASSERT_MATCH(ok, lockstep(C, pattern(?BIG))),
              ok = ssl:close(C)
      end, ['tlsv1.3', 'tlsv1.2']),
    ok.

%% OTP's server with a certificate from an unknown CA, an expired one, one for another name.
test_otp_server_refused() ->
    lists:foreach(
      fun(V) ->
              {error, {tls_alert, {unknown_ca, _}}} = connect(otp_other, [{versions, [V]}]),
              {error, {tls_alert, {certificate_expired, _}}} =
                  connect(otp_expired, [{versions, [V]}]),
              {error, {tls_alert, {bad_certificate, _}}} =
                  connect(otp_wrong_host, [{versions, [V]}])
      end, ['tlsv1.3', 'tlsv1.2']),
    ok.

test_otp_server_closes() ->
    {ok, C} = connect(otp_closer, [{active, true}]),
    receive {ssl, C, <<"bye">>} -> ok after ?TIMEOUT -> error(no_data) end,
    receive {ssl_closed, C} -> ok after ?TIMEOUT -> error(no_ssl_closed) end,
    ok = ssl:close(C),
    ok.

%% openssl s_server -WWW: a 4 MiB file over HTTP/1.0, then the server closes.
test_openssl_server() ->
    lists:foreach(
      fun(V) ->
              {ok, C} = connect(openssl_www, [{versions, [V]}, {active, true}]),
              ?ASSERT_MATCH(V, protocol(C)),
              ok = ssl:send(C, <<"GET /big.bin HTTP/1.0\r\n\r\n">>),
              Reply = active_until_closed(C, []),
              [Head, Body] = binary:split(Reply, <<"\r\n\r\n">>),
              {0, _} = binary:match(Head, <<"HTTP/1.0 200 ok">>),
              ?ASSERT_MATCH(?BIG, byte_size(Body)),
              ?ASSERT_MATCH(true, Body =:= pattern(?BIG)),
              ok = ssl:close(C)
      end, ['tlsv1.3', 'tlsv1.2']),
    ok.

active_until_closed(C, Acc) ->
    receive
        {ssl, C, D} -> active_until_closed(C, [Acc, D]);
        {ssl_closed, C} -> iolist_to_binary(Acc)
    after ?TIMEOUT -> error({no_ssl_closed, iolist_size(Acc)})
    end.

%% Ask a peer's control port to do something; its whole answer (it closes after it).
control(Name, Line) ->
    {ok, S} = gen_tcp:connect({127, 0, 0, 1}, port(Name), [binary, {active, false}]),
    ok = gen_tcp:send(S, Line),
    control_reply(S, <<>>).

control_reply(S, Acc) ->
    case gen_tcp:recv(S, 0, 120000) of
        {ok, D} -> control_reply(S, <<Acc/binary, D/binary>>);
        {error, closed} -> gen_tcp:close(S), Acc
    end.

%% OTP's ssl client against our server: it sends 4 MiB in steps and checks each echo; our
%% server checks what it got too.
test_otp_client() ->
    lists:foreach(
      fun(V) ->
              {Pid, Port} = test_ssl:server(test_ssl:server_opts("server"),
                                            fun(S) -> {protocol(S), echo_count(S, 0)} end),
              Reply = control(otp_control, io_lib:format("client ~p ~s ~p ca\n", [Port, atom_to_list(V), ?BIG])),
              ?ASSERT_MATCH(true, Reply =:= iolist_to_binary(io_lib:format("ok ~p\n", [V]))),
              ?ASSERT_MATCH({V, ?BIG}, test_ssl:server_result(Pid))
      end, ['tlsv1.3', 'tlsv1.2']),
    ok.

echo_count(S, N) ->
    case ssl:recv(S, 0, ?TIMEOUT) of
        {ok, D} ->
            case D =:= binary:part(pattern(N + byte_size(D)), N, byte_size(D)) of
                true -> ok = ssl:send(S, D), echo_count(S, N + byte_size(D));
                false -> {corrupted_at, N}
            end;
        {error, closed} -> N;
        Other -> Other
    end.

%% OTP's client does not trust our server's CA: it says so, and our server hears its alert.
test_otp_client_refuses() ->
    lists:foreach(
      fun(V) ->
              {Pid, Port} = test_ssl:server(test_ssl:server_opts("server"), fun(S) -> {ok, S} end),
              Reply = control(otp_control, io_lib:format("client ~p ~s 0 other_ca\n", [Port, atom_to_list(V)])),
              {0, _} = binary:match(Reply, <<"error {error,{tls_alert,{unknown_ca,">>),
              {error, {tls_alert, {unknown_ca, _}}} = test_ssl:server_result(Pid)
      end, ['tlsv1.3', 'tlsv1.2']),
    ok.

%% openssl s_client against our server: 4 MiB from its stdin, checked here, then a reply it
%% prints before our server closes.
test_openssl_client() ->
    lists:foreach(
      fun({V, Flag}) ->
              {Pid, Port} = test_ssl:server(
                              test_ssl:server_opts("server"),
                              fun(S) ->
                                      {ok, Got} = test_ssl:recv_exactly(S, ?BIG),
                                      true = Got =:= pattern(?BIG),
                                      ok = ssl:send(S, <<"intact\n">>),
                                      P = protocol(S),
                                      ok = ssl:close(S),
                                      P
                              end),
              Reply = control(openssl_control, io_lib:format("~p ~s ~p\n", [Port, Flag, ?BIG])),
              {0, _} = binary:match(Reply, <<"exit 0\nintact\n">>),
              ?ASSERT_MATCH(V, test_ssl:server_result(Pid))
      end, [{'tlsv1.3', "tls1_3"}, {'tlsv1.2', "tls1_2"}]),
    ok.
