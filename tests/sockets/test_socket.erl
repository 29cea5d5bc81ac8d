%% The `socket` module itself, over loopback.
-module(test_socket).
-export([test_stream/0, test_recv_exact/0, test_timeouts/0, test_send_timeout/0, test_send_then_close/0, test_closed/0,
         test_close_while_waiting/0, test_dgram/0, test_opts/0, test_bind_atoms/0, test_nowait/0]).
-export([start/0]).
-include("etest.hrl").

-define(LOOP, #{family => inet, addr => {127, 0, 0, 1}, port => 0}).

no_messages() ->
    ?ASSERT_MATCH({messages, []}, process_info(self(), messages)).

%% The next message, or `none` after Ms.
next(Ms) ->
    receive M -> M after Ms -> none end.

listener() ->
    {ok, L} = socket:open(inet, stream),
    ok = socket:bind(L, ?LOOP),
    ok = socket:listen(L),
    {ok, Addr} = socket:sockname(L),
    {L, Addr}.

pair() ->
    {L, Addr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr, 5000),
    {ok, S} = socket:accept(L, 5000),
    ok = socket:close(L),
    {C, S}.

test_stream() ->
    {C, S} = pair(),
    ok = socket:send(C, <<"hello">>),
    ?ASSERT_MATCH({ok, <<"hello">>}, socket:recv(S, 5, 5000)),
    ok = socket:send(S, [<<"wor">>, "ld"]),
    ?ASSERT_MATCH({ok, <<"world">>}, socket:recv(C, 0, 5000)),
    ?ASSERT_MATCH(ok, socket:send(C, <<>>)),
    {ok, #{port := P}} = socket:sockname(C),
    {ok, #{family := inet, addr := {127, 0, 0, 1}, port := P}} = socket:peername(S),
    ok = socket:shutdown(C, write),
    ?ASSERT_MATCH({error, closed}, socket:recv(S, 0, 5000)),
    ok = socket:close(C),
    ok = socket:close(S),
    no_messages().

test_recv_exact() ->
    {C, S} = pair(),
    Self = self(),
    spawn(fun() -> Self ! {got, socket:recv(S, 8, 5000)} end),
    ok = socket:send(C, <<"abcd">>),
    timer:sleep(50),
    ok = socket:send(C, <<"efghij">>),
    ?ASSERT_MATCH({got, {ok, <<"abcdefgh">>}}, next(6000)),
    ?ASSERT_MATCH({ok, <<"ij">>}, socket:recv(S, 0, 5000)),
    %% Partial data when the time is up comes with the timeout.
    ok = socket:send(C, <<"xy">>),
    ?ASSERT_MATCH({error, {timeout, <<"xy">>}}, socket:recv(S, 4, 200)),
    socket:close(C),
    socket:close(S),
    no_messages().

test_timeouts() ->
    {C, S} = pair(),
    ?ASSERT_MATCH({error, timeout}, socket:recv(C, 0, 50)),
    ?ASSERT_MATCH({error, timeout}, socket:recv(C, 0, 0)),
    {L, _} = listener(),
    ?ASSERT_MATCH({error, timeout}, socket:accept(L, 50)),
    no_messages(),
    ok = socket:send(S, <<"x">>),
    ?ASSERT_MATCH({ok, <<"x">>}, socket:recv(C, 0, 1000)),
    timer:sleep(20),
    no_messages(),
    socket:close(L),
    socket:close(C),
    socket:close(S).

%% Nobody reads: a big send stops at its deadline and hands back what it could not write.
%% (Under wasmtime, wasip2 sockets take it all: the host buffers what the peer has not read.)
test_send_timeout() ->
    {C, S} = pair(),
    Size = 32 * 1024 * 1024,
    case socket:send(C, binary:copy(<<"z">>, Size), 200) of
        {error, {timeout, Rest}} ->
            ?ASSERT_TRUE(byte_size(Rest) > 0 andalso byte_size(Rest) < Size);
        ok ->
            ?ASSERT_MATCH("wasm32-wasip2", catch erlang:system_info(system_architecture))
    end,
    socket:close(C),
    socket:close(S),
    no_messages().

%% Everything sent before an orderly close reaches the peer, however much it is.
test_send_then_close() ->
    {C, S} = pair(),
    Self = self(),
    spawn(fun() -> Self ! {received, count(S, 0)} end),
    Size = 8 * 1024 * 1024,
    ok = socket:send(C, binary:copy(<<"q">>, Size)),
    ok = socket:close(C),
    ?ASSERT_MATCH({received, Size}, next(20000)),
    socket:close(S).

count(S, N) ->
    case socket:recv(S, 0, 10000) of
        {ok, B} -> count(S, N + byte_size(B));
        {error, closed} -> N;
        Error -> {N, Error}
    end.

test_closed() ->
    {C, S} = pair(),
    ok = socket:close(S),
    ?ASSERT_MATCH({error, closed}, socket:recv(C, 0, 5000)),
    ok = socket:close(C),
    ?ASSERT_MATCH({error, closed}, socket:recv(C, 0, 100)),
    ?ASSERT_MATCH({error, closed}, socket:send(C, <<"x">>)),
    ?ASSERT_MATCH({error, closed}, socket:close(C)),
    no_messages().

test_close_while_waiting() ->
    {C, S} = pair(),
    {L, _} = listener(),
    Self = self(),
    spawn(fun() -> Self ! {recv, socket:recv(C, 0)} end),
    spawn(fun() -> Self ! {accept, socket:accept(L)} end),
    timer:sleep(100),
    ok = socket:close(C),
    ok = socket:close(L),
    Got = lists:sort([next(5000) || _ <- [1, 2]]),
    ?ASSERT_MATCH([{accept, {error, closed}}, {recv, {error, closed}}], Got),
    socket:close(S),
    no_messages().

test_dgram() ->
    {ok, A} = socket:open(inet, dgram),
    {ok, B} = socket:open(inet, dgram, udp),
    ok = socket:bind(A, ?LOOP),
    ok = socket:bind(B, ?LOOP),
    {ok, AAddr} = socket:sockname(A),
    {ok, BAddr} = socket:sockname(B),
    ok = socket:sendto(A, <<"datagram">>, BAddr),
    ?ASSERT_MATCH({ok, {AAddr, <<"datagram">>}}, socket:recvfrom(B, 0, 5000)),
    ?ASSERT_MATCH({error, timeout}, socket:recvfrom(B, 0, 50)),
    socket:close(A),
    socket:close(B),
    no_messages().

%% bind/2 takes `loopback` and `any` in the socket's own family.
test_bind_atoms() ->
    {ok, S} = socket:open(inet, dgram),
    ok = socket:bind(S, loopback),
    {ok, #{family := inet, addr := {127, 0, 0, 1}}} = socket:sockname(S),
    socket:close(S),
    {ok, A} = socket:open(inet, stream),
    ok = socket:bind(A, any),
    {ok, #{family := inet, addr := {0, 0, 0, 0}}} = socket:sockname(A),
    socket:close(A),
    case socket:open(inet6, dgram) of
        {ok, S6} ->
            ok = socket:bind(S6, loopback),
            {ok, #{family := inet6, addr := {0, 0, 0, 0, 0, 0, 0, 1}}} = socket:sockname(S6),
            socket:close(S6);
        {error, _} ->
            ok
    end.

test_opts() ->
    {ok, S} = socket:open(inet, stream),
    ?ASSERT_MATCH({ok, stream}, socket:getopt(S, {socket, type})),
    ok = socket:setopt(S, {socket, keepalive}, true),
    ?ASSERT_MATCH({ok, true}, socket:getopt(S, {socket, keepalive})),
    ok = socket:setopt(S, {tcp, nodelay}, true),
    ?ASSERT_MATCH({ok, true}, socket:getopt(S, {tcp, nodelay})),
    %% An unknown option or a value it cannot take is an error result, as in OTP.
    ?ASSERT_MATCH({error, {invalid, {socket_option, {otp, badopt}}}},
                  socket:setopt(S, {otp, badopt}, any_value)),
    ?ASSERT_MATCH({error, {invalid, {socket_option, {socket, rcvbuf}, not_an_int}}},
                  socket:setopt(S, {socket, rcvbuf}, not_an_int)),
    ?ASSERT_MATCH({error, {invalid, {socket_option, {socket, keepalive}, yes}}},
                  socket:setopt(S, {socket, keepalive}, yes)),
    socket:close(S).

test_nowait() ->
    {C, S} = pair(),
    {select, {select_info, recv, Ref} = Info} = socket:recv(C, 0, nowait),
    ok = socket:send(S, <<"now">>),
    ?ASSERT_MATCH({'$socket', C, select, Ref}, next(5000)),
    ?ASSERT_MATCH({ok, <<"now">>}, socket:recv(C, 0, nowait)),
    {select, Info2} = socket:recv(C, 0, nowait),
    ok = socket:cancel(C, Info2),
    ?ASSERT_TRUE(is_tuple(Info)),
    socket:close(C),
    socket:close(S),
    timer:sleep(20),
    no_messages().

%% Run alone by `cargo xtask test` without stdin (ATOMVM_NO_STDIN=1): the first socket then gets fd 0 (a legal
%% socket, not "closed") and must carry a connection like any other.
start() ->
    {L, Addr} = listener(),
    {ok, 0} = socket:getopt(L, {otp, fd}),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr, 5000),
    {ok, S} = socket:accept(L, 5000),
    ok = socket:send(C, <<"over fd 0's listener">>),
    %% No stdin: reading it says so, and leaves fd 0 (now a socket) alone.
    eof = io:get_line(''),
    {ok, <<"over fd 0's listener">>} = socket:recv(S, 20, 5000),
    ok = socket:close(L),
    {error, closed} = socket:getopt(L, {otp, fd}),
    ok = socket:close(S),
    ok = socket:close(C),
    ok.
