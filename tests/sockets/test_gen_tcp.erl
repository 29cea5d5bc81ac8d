%% gen_tcp over loopback: server and client in the same VM, plus a peer on the host.
-module(test_gen_tcp).
-export([test_send_timeout/0, test_exit_on_close/0, test_echo/0, test_host_peer/0, test_large_transfer/0, test_many_connections/0,
         test_recv_timeout/0, test_recv_exact/0, test_peer_close_before_recv/0,
         test_peer_close_active/0, test_peer_close_during_send/0, test_close_while_recv/0,
         test_close_while_accept/0, test_close_twice/0, test_packet_modes/0,
         test_packet_line/0, test_active_once/0, test_active_true/0, test_active_n/0,
         test_controlling_process/0, test_list_mode/0, test_sockname_peername/0,
         test_connect_refused/0, test_bad_args/0, test_ipv6/0, test_active_packet/0,
         test_active_large/0, test_second_recv/0, test_connect_local_ip/0, test_owner_exit_closes/0]).
-include("etest.hrl").

-define(LOOP, {127, 0, 0, 1}).

%% A listening socket on an ephemeral loopback port, and its port.
listen(Opts) ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {ip, ?LOOP}, {reuseaddr, true}
                                 | Opts]),
    {ok, Port} = inet:port(L),
    {L, Port}.

%% A client connected to a fresh listener, and the accepted server end.
pair(Opts) ->
    {L, Port} = listen(Opts),
    {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false} | Opts], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    {C, S}.

%% An echo server process: accepts N connections, echoes each in a process of its own.
echo_server(L, N) ->
    spawn(fun() -> accept_loop(L, N) end).

accept_loop(_L, 0) ->
    ok;
accept_loop(L, N) ->
    {ok, S} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> echo(S) end end),
    ok = gen_tcp:controlling_process(S, Pid),
    Pid ! go,
    accept_loop(L, N - 1).

echo(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Data} ->
            ok = gen_tcp:send(S, Data),
            echo(S);
        {error, closed} ->
            gen_tcp:close(S)
    end.

no_messages() ->
    ?ASSERT_MATCH({messages, []}, process_info(self(), messages)).

%% The next message, or `none` after Ms.
next(Ms) ->
    receive M -> M after Ms -> none end.

test_echo() ->
    {L, Port} = listen([]),
    echo_server(L, 1),
    {ok, C} = gen_tcp:connect("localhost", Port, [binary, {active, false}]),
    ok = gen_tcp:send(C, <<"hello">>),
    ?ASSERT_MATCH({ok, <<"hello">>}, gen_tcp:recv(C, 5, 5000)),
    ok = gen_tcp:send(C, ["io", $l, <<"ist">>]),
    ?ASSERT_MATCH({ok, <<"iolist">>}, gen_tcp:recv(C, 6, 5000)),
    ok = gen_tcp:send(C, <<>>),
    ok = gen_tcp:close(C),
    gen_tcp:close(L),
    no_messages().

test_host_peer() ->
    Port = sockets_env:host_echo_port(),
    {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false}], 5000),
    ok = gen_tcp:send(C, <<"to the host and back">>),
    ?ASSERT_MATCH({ok, <<"to the host and back">>}, gen_tcp:recv(C, 20, 5000)),
    ok = gen_tcp:close(C).

%% Several MiB through an echo server; a second process receives while the first sends, so
%% neither side's buffers fill up and stop the other.
test_large_transfer() ->
    Size = 4 * 1024 * 1024,
    Data = pattern(Size),
    {L, Port} = listen([]),
    echo_server(L, 1),
    {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false}]),
    Self = self(),
    spawn(fun() -> Self ! {got, receive_all(C, Size, [])} end),
    send_chunks(C, Data, 100000),
    Got = receive {got, G} -> G after 60000 -> timeout end,
    ?ASSERT_MATCH(Size, byte_size(Got)),
    ?ASSERT_MATCH(erlang:phash2(Data), erlang:phash2(Got)),
    ?ASSERT_TRUE(Data =:= Got),
    ok = gen_tcp:close(C),
    gen_tcp:close(L).

pattern(Size) ->
    Block = list_to_binary([X band 255 || X <- lists:seq(0, 4095)]),
    Blocks = binary:copy(Block, Size div 4096),
    <<Blocks/binary, 0:((Size rem 4096) * 8)>>.

send_chunks(_C, <<>>, _) ->
    ok;
send_chunks(C, Data, N) when byte_size(Data) =< N ->
    ok = gen_tcp:send(C, Data);
send_chunks(C, Data, N) ->
    <<Chunk:N/binary, Rest/binary>> = Data,
    ok = gen_tcp:send(C, Chunk),
    send_chunks(C, Rest, N).

receive_all(_C, 0, Acc) ->
    iolist_to_binary(lists:reverse(Acc));
receive_all(C, Left, Acc) ->
    {ok, B} = gen_tcp:recv(C, 0, 30000),
    receive_all(C, Left - byte_size(B), [B | Acc]).

test_many_connections() ->
    N = 50,
    {L, Port} = listen([{backlog, 64}]),
    echo_server(L, N),
    Self = self(),
    Pids = [spawn(fun() -> Self ! {done, self(), client(Port, I)} end) || I <- lists:seq(1, N)],
    Results = [receive {done, P, R} -> R after 30000 -> timeout end || P <- Pids],
    ?ASSERT_MATCH(N, length([ok || ok <- Results])),
    gen_tcp:close(L).

client(Port, I) ->
    {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false}], 10000),
    Msg = list_to_binary(["client ", integer_to_list(I)]),
    ok = gen_tcp:send(C, Msg),
    {ok, Msg} = gen_tcp:recv(C, byte_size(Msg), 10000),
    ok = gen_tcp:send(C, Msg),
    {ok, Msg} = gen_tcp:recv(C, byte_size(Msg), 10000),
    gen_tcp:close(C).

test_recv_timeout() ->
    {C, S} = pair([]),
    T0 = erlang:monotonic_time(millisecond),
    ?ASSERT_MATCH({error, timeout}, gen_tcp:recv(C, 0, 100)),
    ?ASSERT_TRUE(erlang:monotonic_time(millisecond) - T0 >= 90),
    ?ASSERT_MATCH({error, timeout}, gen_tcp:recv(C, 0, 0)),
    no_messages(),
    %% Still usable after a timeout.
    ok = gen_tcp:send(S, <<"late">>),
    ?ASSERT_MATCH({ok, <<"late">>}, gen_tcp:recv(C, 0, 5000)),
    %% A recv of 6 bytes when 3 come: the timeout still ends it.
    ok = gen_tcp:send(S, <<"abc">>),
    ?ASSERT_MATCH({error, timeout}, gen_tcp:recv(C, 6, 200)),
    timer:sleep(50),
    no_messages(),
    gen_tcp:close(C),
    gen_tcp:close(S),
    no_messages().

test_recv_exact() ->
    {C, S} = pair([]),
    Self = self(),
    spawn(fun() -> Self ! {got, gen_tcp:recv(C, 10, 5000)} end),
    ok = gen_tcp:send(S, <<"01234">>),
    timer:sleep(50),
    ok = gen_tcp:send(S, <<"56789AB">>),
    ?ASSERT_MATCH({got, {ok, <<"0123456789">>}}, next(6000)),
    ?ASSERT_MATCH({ok, <<"AB">>}, gen_tcp:recv(C, 0, 5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

%% A second process calling recv while one already waits on the socket is refused, as in OTP.
test_second_recv() ->
    {C, S} = pair([]),
    Self = self(),
    spawn(fun() -> Self ! {first, gen_tcp:recv(C, 3, 5000)} end),
    timer:sleep(200),
    ?ASSERT_MATCH({error, ealready}, gen_tcp:recv(C, 3, 5000)),
    ok = gen_tcp:send(S, <<"abc">>),
    ?ASSERT_MATCH({first, {ok, <<"abc">>}}, next(5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_peer_close_before_recv() ->
    {C, S} = pair([]),
    ok = gen_tcp:close(S),
    ?ASSERT_MATCH({error, closed}, gen_tcp:recv(C, 0, 5000)),
    ok = gen_tcp:close(C),
    no_messages().

test_peer_close_active() ->
    {C, S} = pair([]),
    ok = inet:setopts(C, [{active, true}]),
    ok = gen_tcp:send(S, <<"bye">>),
    ok = gen_tcp:close(S),
    ?ASSERT_MATCH({tcp, C, <<"bye">>}, next(5000)),
    ?ASSERT_MATCH({tcp_closed, C}, next(5000)),
    ok = gen_tcp:close(C),
    no_messages().

%% The peer goes away while we keep sending: a send fails with `closed` (or, on some
%% platforms, the reset), and the socket stays closeable.
test_peer_close_during_send() ->
    {C, S} = pair([]),
    ok = gen_tcp:close(S),
    Chunk = binary:copy(<<"x">>, 65536),
    R = send_until_error(C, Chunk, 200),
    ?ASSERT_TRUE(lists:member(R, [{error, closed}, {error, econnreset}, {error, epipe}])),
    ok = gen_tcp:close(C),
    no_messages().

send_until_error(_C, _Chunk, 0) ->
    no_error;
send_until_error(C, Chunk, N) ->
    case gen_tcp:send(C, Chunk) of
        ok -> timer:sleep(5), send_until_error(C, Chunk, N - 1);
        Error -> Error
    end.

test_close_while_recv() ->
    {C, S} = pair([]),
    Self = self(),
    spawn(fun() -> Self ! {recv, gen_tcp:recv(C, 0)} end),
    timer:sleep(100),
    ok = gen_tcp:close(C),
    ?ASSERT_MATCH({recv, {error, closed}}, next(5000)),
    gen_tcp:close(S),
    no_messages().

test_close_while_accept() ->
    {L, _Port} = listen([]),
    Self = self(),
    spawn(fun() -> Self ! {accept, gen_tcp:accept(L)} end),
    timer:sleep(100),
    ok = gen_tcp:close(L),
    ?ASSERT_MATCH({accept, {error, closed}}, next(5000)),
    no_messages().

test_close_twice() ->
    {C, S} = pair([]),
    ?ASSERT_MATCH(ok, gen_tcp:close(C)),
    ?ASSERT_MATCH(ok, gen_tcp:close(C)),
    ?ASSERT_MATCH({error, closed}, gen_tcp:send(C, <<"x">>)),
    ?ASSERT_MATCH({error, closed}, gen_tcp:recv(C, 0, 100)),
    ok = gen_tcp:close(S),
    {L, _} = listen([]),
    ?ASSERT_MATCH(ok, gen_tcp:close(L)),
    ?ASSERT_MATCH(ok, gen_tcp:close(L)).

test_packet_modes() ->
    lists:foreach(fun packet_mode/1, [1, 2, 4]).

packet_mode(N) ->
    {C, S} = pair([{packet, N}]),
    Msgs = [<<"a">>, <<>>, <<"several bytes">>, binary:copy(<<"y">>, 200)],
    [ok = gen_tcp:send(C, M) || M <- Msgs],
    [?ASSERT_MATCH({ok, M}, gen_tcp:recv(S, 0, 5000)) || M <- Msgs],
    %% On the wire: a big-endian length of N bytes before each message.
    ok = inet:setopts(S, [{packet, raw}]),
    ok = gen_tcp:send(C, <<"xyz">>),
    ?ASSERT_MATCH({ok, <<3:(N * 8), "xyz">>}, gen_tcp:recv(S, N + 3, 5000)),
    ok = gen_tcp:send(S, <<2:(N * 8), "hi">>),
    ?ASSERT_MATCH({ok, <<"hi">>}, gen_tcp:recv(C, 0, 5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_packet_line() ->
    {C, S} = pair([{packet, line}]),
    ok = gen_tcp:send(C, <<"first\nsecond\nthi">>),
    ?ASSERT_MATCH({ok, <<"first\n">>}, gen_tcp:recv(S, 0, 5000)),
    ?ASSERT_MATCH({ok, <<"second\n">>}, gen_tcp:recv(S, 0, 5000)),
    ok = gen_tcp:send(C, <<"rd\n">>),
    ?ASSERT_MATCH({ok, <<"third\n">>}, gen_tcp:recv(S, 0, 5000)),
    ok = inet:setopts(S, [{active, once}]),
    ok = gen_tcp:send(C, <<"active\n">>),
    ?ASSERT_MATCH({tcp, S, <<"active\n">>}, next(5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_active_once() ->
    {C, S} = pair([]),
    ok = inet:setopts(C, [{active, once}]),
    ok = gen_tcp:send(S, <<"one">>),
    ?ASSERT_MATCH({tcp, C, <<"one">>}, next(5000)),
    ok = gen_tcp:send(S, <<"two">>),
    ?ASSERT_MATCH(none, next(200)),
    ?ASSERT_MATCH({ok, [{active, false}]}, inet:getopts(C, [active])),
    ?ASSERT_MATCH({ok, <<"two">>}, gen_tcp:recv(C, 0, 5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_active_true() ->
    {C, S} = pair([{active, true}]),
    ok = gen_tcp:send(C, <<"x">>),
    ?ASSERT_MATCH({tcp, S, <<"x">>}, next(5000)),
    ok = gen_tcp:send(C, <<"y">>),
    ?ASSERT_MATCH({tcp, S, <<"y">>}, next(5000)),
    ?ASSERT_MATCH({error, einval}, gen_tcp:recv(S, 0, 100)),
    gen_tcp:close(C),
    ?ASSERT_MATCH({tcp_closed, S}, next(5000)),
    gen_tcp:close(S),
    no_messages().

test_active_n() ->
    {C, S} = pair([]),
    ok = inet:setopts(S, [{active, 2}]),
    ok = gen_tcp:send(C, <<"a">>),
    ?ASSERT_MATCH({tcp, S, <<"a">>}, next(5000)),
    ok = gen_tcp:send(C, <<"b">>),
    ?ASSERT_MATCH({tcp, S, <<"b">>}, next(5000)),
    ?ASSERT_MATCH({tcp_passive, S}, next(5000)),
    ?ASSERT_MATCH({ok, [{active, false}]}, inet:getopts(S, [active])),
    %% Counts add up; zero or below is passive at once.
    ok = inet:setopts(S, [{active, 3}]),
    ok = inet:setopts(S, [{active, -3}]),
    ?ASSERT_MATCH({tcp_passive, S}, next(5000)),
    ok = inet:setopts(S, [{active, 0}]),
    ?ASSERT_MATCH({tcp_passive, S}, next(5000)),
    ?ASSERT_MATCH({ok, [{active, false}]}, inet:getopts(S, [active])),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_controlling_process() ->
    {C, S} = pair([{active, true}]),
    Self = self(),
    Other = spawn(fun() ->
                          receive go -> ok end,
                          Self ! {other, next(5000)},
                          receive stop -> ok end
                  end),
    ok = gen_tcp:controlling_process(S, Other),
    Other ! go,
    ok = gen_tcp:send(C, <<"for the other">>),
    ?ASSERT_MATCH({other, {tcp, S, <<"for the other">>}},
                  next(6000)),
    %% Only the owner may hand it on.
    ?ASSERT_MATCH({error, not_owner}, gen_tcp:controlling_process(S, self())),
    Other ! stop,
    gen_tcp:close(C),
    gen_tcp:close(S).

test_list_mode() ->
    {C, S} = pair([]),
    ok = inet:setopts(S, [list]),
    ok = gen_tcp:send(C, <<"abc">>),
    ?ASSERT_MATCH({ok, "abc"}, gen_tcp:recv(S, 3, 5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_sockname_peername() ->
    {C, S} = pair([]),
    {ok, {?LOOP, CPort}} = inet:sockname(C),
    {ok, {?LOOP, SPort}} = inet:sockname(S),
    ?ASSERT_MATCH({ok, {?LOOP, SPort}}, inet:peername(C)),
    ?ASSERT_MATCH({ok, {?LOOP, CPort}}, inet:peername(S)),
    ?ASSERT_MATCH({ok, CPort}, inet:port(C)),
    ok = inet:setopts(C, [{nodelay, true}, {keepalive, true}]),
    ?ASSERT_MATCH({ok, [{nodelay, true}]}, inet:getopts(C, [nodelay])),
    gen_tcp:close(C),
    gen_tcp:close(S).

%% {ip, A} in connect's options picks the local address.
test_connect_local_ip() ->
    {L, Port} = listen([]),
    {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false}, {ip, ?LOOP}], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    {ok, {?LOOP, CPort}} = inet:sockname(C),
    ?ASSERT_MATCH({ok, {?LOOP, CPort}}, inet:peername(S)),
    gen_tcp:close(C),
    gen_tcp:close(S),
    gen_tcp:close(L).

%% The same over ::1, when the machine has IPv6 loopback.
test_ipv6() ->
    Loop6 = {0, 0, 0, 0, 0, 0, 0, 1},
    case gen_tcp:listen(0, [binary, inet6, {active, false}, {ip, Loop6}]) of
        {ok, L} ->
            {ok, Port} = inet:port(L),
            {ok, C} = gen_tcp:connect(Loop6, Port, [binary, inet6, {active, false}], 5000),
            {ok, S} = gen_tcp:accept(L, 5000),
            ok = gen_tcp:send(C, <<"six">>),
            ?ASSERT_MATCH({ok, <<"six">>}, gen_tcp:recv(S, 3, 5000)),
            {ok, {Loop6, _}} = inet:peername(S),
            gen_tcp:close(C),
            gen_tcp:close(S),
            gen_tcp:close(L);
        {error, _} ->
            %% no IPv6 here
            ok
    end.

%% Active mode cuts the stream into packets too.
test_active_packet() ->
    {C, S} = pair([{packet, 2}]),
    ok = inet:setopts(S, [{active, true}]),
    ok = gen_tcp:send(C, <<"one">>),
    ok = gen_tcp:send(C, <<"two">>),
    ok = gen_tcp:send(C, <<>>),
    ?ASSERT_MATCH({tcp, S, <<"one">>}, next(5000)),
    ?ASSERT_MATCH({tcp, S, <<"two">>}, next(5000)),
    ?ASSERT_MATCH({tcp, S, <<>>}, next(5000)),
    gen_tcp:close(C),
    ?ASSERT_MATCH({tcp_closed, S}, next(5000)),
    gen_tcp:close(S).

%% A MiB in active mode arrives whole and in order.
test_active_large() ->
    {C, S} = pair([]),
    ok = inet:setopts(S, [{active, true}]),
    Data = pattern(1024 * 1024),
    Self = self(),
    spawn(fun() -> Self ! {sent, gen_tcp:send(C, Data)} end),
    Got = collect(S, byte_size(Data), []),
    ?ASSERT_TRUE(Got =:= Data),
    ?ASSERT_MATCH({sent, ok}, next(5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

collect(_S, 0, Acc) ->
    iolist_to_binary(lists:reverse(Acc));
collect(S, Left, Acc) ->
    receive
        {tcp, S, B} -> collect(S, Left - byte_size(B), [B | Acc])
    after 10000 -> timeout
    end.

test_bad_args() ->
    {C, S} = pair([]),
    ?ASSERT_MATCH({error, einval}, inet:setopts(C, [{nodelay, foo}])),
    ?ASSERT_MATCH({error, einval}, inet:setopts(C, [{active, foo}])),
    ?ASSERT_MATCH({error, einval}, inet:setopts(C, [{packet, 3}])),
    ?ASSERT_MATCH({error, einval}, gen_tcp:send(C, [foo])),
    %% The socket still works.
    ok = gen_tcp:send(C, <<"fine">>),
    ?ASSERT_MATCH({ok, <<"fine">>}, gen_tcp:recv(S, 4, 5000)),
    gen_tcp:close(C),
    gen_tcp:close(S).

test_connect_refused() ->
    %% A port that was just free: nothing listens there.
    {L, Port} = listen([]),
    ok = gen_tcp:close(L),
    ?ASSERT_MATCH({error, econnrefused}, gen_tcp:connect(?LOOP, Port, [], 5000)),
    no_messages().

%% As a port, the socket goes with its controlling process.
test_owner_exit_closes() ->
    {L, Port} = listen([]),
    Self = self(),
    Owner = spawn(fun() ->
                          {ok, C} = gen_tcp:connect(?LOOP, Port, [binary, {active, false}]),
                          Self ! {connected, C},
                          receive stop -> ok end
                  end),
    {ok, S} = gen_tcp:accept(L, 5000),
    receive {connected, _} -> ok end,
    Owner ! stop,
    ?ASSERT_MATCH({error, closed}, gen_tcp:recv(S, 0, 5000)),
    gen_tcp:close(S),
    gen_tcp:close(L).

%% A peer that never reads: sends fill the buffers, then one waits past send_timeout and fails
%% with timeout; with send_timeout_close the socket is closed after that.
test_send_timeout() ->
    {C, S} = pair([]),
    ok = inet:setopts(C, [{send_timeout, 200}, {send_timeout_close, true}]),
    ?ASSERT_MATCH({ok, [{send_timeout, 200}, {send_timeout_close, true}]},
                  inet:getopts(C, [send_timeout, send_timeout_close])),
    Chunk = binary:copy(<<7>>, 1 bsl 20),
    T0 = erlang:monotonic_time(millisecond),
    ?ASSERT_MATCH({error, timeout}, fill(C, Chunk, 128)),
    ?ASSERT_TRUE(erlang:monotonic_time(millisecond) - T0 < 20000),
    ?ASSERT_MATCH({error, enotconn}, gen_tcp:send(C, <<"more">>)),
    ?ASSERT_MATCH({error, einval}, inet:setopts(S, [{send_timeout, -1}])),
    ok = gen_tcp:close(C),
    ok = gen_tcp:close(S).

%% Send Chunk until a send fails (at most N times).
fill(_C, _Chunk, 0) ->
    gave_up;
fill(C, Chunk, N) ->
    case gen_tcp:send(C, Chunk) of
        ok -> fill(C, Chunk, N - 1);
        Error -> Error
    end.

%% Without exit_on_close a socket whose peer shut down its sending side still sends.
test_exit_on_close() ->
    {C, S} = pair([{exit_on_close, false}]),
    ?ASSERT_MATCH({ok, [{exit_on_close, false}]}, inet:getopts(C, [exit_on_close])),
    ok = gen_tcp:shutdown(S, write),
    ?ASSERT_MATCH({error, closed}, gen_tcp:recv(C, 0, 5000)),
    ?ASSERT_MATCH(ok, gen_tcp:send(C, <<"after close">>)),
    ?ASSERT_MATCH({ok, <<"after close">>}, gen_tcp:recv(S, 11, 5000)),
    ok = gen_tcp:close(C),
    ok = gen_tcp:close(S),
    %% With it (the default), the same send says closed.
    {C2, S2} = pair([]),
    ok = gen_tcp:shutdown(S2, write),
    ?ASSERT_MATCH({error, closed}, gen_tcp:recv(C2, 0, 5000)),
    ?ASSERT_MATCH({error, closed}, gen_tcp:send(C2, <<"x">>)),
    ok = gen_tcp:close(C2),
    ok = gen_tcp:close(S2).
