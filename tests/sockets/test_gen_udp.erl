%% gen_udp over loopback.
-module(test_gen_udp).
-export([test_echo/0, test_send4/0, test_recv_timeout/0, test_active/0,
         test_controlling_process/0, test_active_n/0, test_close/0]).
-include("etest.hrl").

-define(LOOP, {127, 0, 0, 1}).

open(Opts) ->
    {ok, S} = gen_udp:open(0, [binary, {active, false}, {ip, ?LOOP} | Opts]),
    {ok, Port} = inet:port(S),
    {S, Port}.

no_messages() ->
    ?ASSERT_MATCH({messages, []}, process_info(self(), messages)).

%% The next message, or `none` after Ms.
next(Ms) ->
    receive M -> M after Ms -> none end.

test_echo() ->
    {Server, SPort} = open([]),
    Echo = spawn(fun() ->
                         {ok, {A, P, D}} = gen_udp:recv(Server, 0, 5000),
                         ok = gen_udp:send(Server, {A, P}, D)
                 end),
    ok = gen_udp:controlling_process(Server, Echo),
    {C, CPort} = open([]),
    ok = gen_udp:send(C, {?LOOP, SPort}, <<"ping">>),
    ?ASSERT_MATCH({ok, {?LOOP, SPort, <<"ping">>}}, gen_udp:recv(C, 0, 5000)),
    ?ASSERT_TRUE(is_integer(CPort)),
    ok = gen_udp:close(C),
    no_messages().

test_send4() ->
    {A, APort} = open([]),
    {B, BPort} = open([]),
    ok = gen_udp:send(A, ?LOOP, BPort, [<<"io">>, "list"]),
    ?ASSERT_MATCH({ok, {?LOOP, APort, <<"iolist">>}}, gen_udp:recv(B, 0, 5000)),
    ok = gen_udp:send(A, "localhost", BPort, <<"by name">>),
    ?ASSERT_MATCH({ok, {?LOOP, APort, <<"by name">>}}, gen_udp:recv(B, 0, 5000)),
    gen_udp:close(A),
    gen_udp:close(B).

test_recv_timeout() ->
    {S, _} = open([]),
    ?ASSERT_MATCH({error, timeout}, gen_udp:recv(S, 0, 100)),
    ?ASSERT_MATCH({error, timeout}, gen_udp:recv(S, 0, 0)),
    no_messages(),
    gen_udp:close(S).

test_active() ->
    {A, APort} = open([{active, true}]),
    {B, BPort} = open([]),
    ok = gen_udp:send(B, ?LOOP, APort, <<"1">>),
    ?ASSERT_MATCH({udp, A, ?LOOP, BPort, <<"1">>}, next(5000)),
    ok = inet:setopts(A, [{active, once}, list]),
    ok = gen_udp:send(B, ?LOOP, APort, <<"2">>),
    ?ASSERT_MATCH({udp, A, ?LOOP, BPort, "2"}, next(5000)),
    ok = gen_udp:send(B, ?LOOP, APort, <<"3">>),
    ?ASSERT_MATCH(none, next(200)),
    ?ASSERT_MATCH({ok, {?LOOP, BPort, "3"}}, gen_udp:recv(A, 0, 5000)),
    gen_udp:close(A),
    gen_udp:close(B),
    no_messages().

test_active_n() ->
    {A, APort} = open([{active, 2}]),
    {B, BPort} = open([]),
    ok = gen_udp:send(B, ?LOOP, APort, <<"1">>),
    ok = gen_udp:send(B, ?LOOP, APort, <<"2">>),
    ?ASSERT_MATCH({udp, A, ?LOOP, BPort, <<"1">>}, next(5000)),
    ?ASSERT_MATCH({udp, A, ?LOOP, BPort, <<"2">>}, next(5000)),
    ?ASSERT_MATCH({udp_passive, A}, next(5000)),
    ?ASSERT_MATCH({ok, [{active, false}]}, inet:getopts(A, [active])),
    gen_udp:close(A),
    gen_udp:close(B),
    no_messages().

test_controlling_process() ->
    {A, APort} = open([{active, true}]),
    {B, _} = open([]),
    Self = self(),
    Other = spawn(fun() -> receive go -> ok end,
                           Self ! {other, next(5000)} end),
    ok = gen_udp:controlling_process(A, Other),
    Other ! go,
    ok = gen_udp:send(B, ?LOOP, APort, <<"x">>),
    {other, {udp, A, ?LOOP, _, <<"x">>}} = next(6000),
    gen_udp:close(A),
    gen_udp:close(B).

test_close() ->
    {S, _} = open([]),
    Self = self(),
    spawn(fun() -> Self ! {recv, gen_udp:recv(S, 0)} end),
    timer:sleep(100),
    ?ASSERT_MATCH(ok, gen_udp:close(S)),
    ?ASSERT_MATCH({recv, {error, closed}}, next(5000)),
    ?ASSERT_MATCH(ok, gen_udp:close(S)),
    no_messages().
