%% gen and the asynchronous calls of the behaviours built on it (send_request and the
%% answers, request id collections), call exits, replies, via names. This module is also the
%% gen_server callback module and a {via, ...} registry.
-module(test_gen).
-export([test_gen_start_call/0, test_call_exits/0, test_reply_forms/0, test_send_request/0,
         test_receive_response/0, test_check_response/0, test_request_errors/0,
         test_collections/0, test_abs_timeout/0, test_via/0, test_start_monitor_failure/0,
         test_statem_requests/0, test_event_requests/0]).
-export([init/1, handle_call/3, handle_cast/2, callback_mode/0, handle_event/4,
         handle_event/2, handle_call/2]).
-export([register_name/2, unregister_name/1, whereis_name/1, send/2]).
-include("etest.hrl").

%% ---- gen_server callbacks ----

init(fail) -> {stop, no};
init({statem, S}) -> {ok, S, none};
init(S) -> {ok, S}.

handle_call(get, _From, S) -> {reply, S, S};
handle_call({sleep, T}, _From, S) -> timer:sleep(T), {reply, {slept, T}, S};
handle_call({echo, X}, _From, S) -> {reply, X, S};
handle_call(stop_normal, _From, S) -> {stop, normal, S};
handle_call(crash, _From, _S) -> exit(crashed);
handle_call(later, From, _S) -> {noreply, From}.

handle_cast({answer, X}, From) -> gen_server:reply(From, X), {noreply, none}.

%% ---- gen_statem callbacks ----

callback_mode() -> handle_event_function.

handle_event({call, From}, get_state, S, _D) -> {keep_state_and_data, [{reply, From, S}]}.

%% ---- gen_event handler callbacks ----

handle_event(_Event, S) -> {ok, S}.

handle_call(get, S) -> {ok, S, S}.

%% ---- a {via, test_gen, Name} registry over the local one ----

register_name(Name, Pid) ->
    try register(Name, Pid) of true -> yes
    catch error:_ -> no
    end.
unregister_name(Name) -> unregister(Name).
whereis_name(Name) ->
    case whereis(Name) of
        undefined -> undefined;
        Pid -> Pid
    end.
send(Name, Msg) -> Name ! Msg, Msg.

%% ---- tests ----

next_msg() -> receive M -> M after 1000 -> none end.

exit_of(F) ->
    try F() of V -> {value, V}
    catch exit:R -> R
    end.

test_gen_start_call() ->
    {ok, P} = gen:start(gen_server, nolink, ?MODULE, 7, []),
    ?ASSERT_MATCH({ok, 7}, gen:call(P, '$gen_call', get)),
    ?ASSERT_MATCH({ok, x}, gen:call(P, '$gen_call', {echo, x}, 1000)),
    {ok, N} = gen:start(gen_server, link, {local, test_gen_named}, ?MODULE, 8, []),
    ?ASSERT_MATCH(N, whereis(test_gen_named)),
    ?ASSERT_MATCH({error, {already_started, N}},
                  gen:start(gen_server, nolink, {local, test_gen_named}, ?MODULE, 9, [])),
    ?ASSERT_MATCH({ok, 8}, gen:call(test_gen_named, '$gen_call', get)),
    ?ASSERT_MATCH(ok, gen:stop(test_gen_named)),
    ?ASSERT_MATCH(ok, gen:stop(P, normal, 1000)),
    ?ASSERT_MATCH(noproc, exit_of(fun() -> gen:stop(test_gen_named) end)),
    ok.

test_call_exits() ->
    {ok, P} = gen_server:start(?MODULE, 1, []),
    ?ASSERT_MATCH({timeout, {gen_server, call, [P, {sleep, 200}, 10]}},
                  exit_of(fun() -> gen_server:call(P, {sleep, 200}, 10) end)),
    %% The late reply is dropped: nothing is left in the mailbox.
    timer:sleep(250),
    ?ASSERT_MATCH({messages, []}, erlang:process_info(self(), messages)),
    ?ASSERT_MATCH({normal, {gen_server, call, [P, stop_normal]}},
                  exit_of(fun() -> gen_server:call(P, stop_normal) end)),
    ?ASSERT_MATCH({noproc, {gen_server, call, [P, get]}},
                  exit_of(fun() -> gen_server:call(P, get) end)),
    ?ASSERT_MATCH({noproc, {gen_server, call, [test_gen_none, get, 100]}},
                  exit_of(fun() -> gen_server:call(test_gen_none, get, 100) end)),
    ?ASSERT_MATCH(noproc, exit_of(fun() -> gen:call(test_gen_none, '$gen_call', get) end)),
    {ok, Q} = gen_server:start(?MODULE, 1, []),
    ?ASSERT_MATCH({crashed, {gen_server, call, [Q, crash]}},
                  exit_of(fun() -> gen_server:call(Q, crash) end)),
    ok.

test_reply_forms() ->
    Ref = make_ref(),
    ?ASSERT_MATCH(ok, gen_server:reply({self(), Ref}, plain)),
    ?ASSERT_MATCH({Ref, plain}, next_msg()),
    ?ASSERT_MATCH(ok, gen:reply({self(), Ref}, again)),
    ?ASSERT_MATCH({Ref, again}, next_msg()),
    %% A deferred reply through the caller's From.
    {ok, P} = gen_server:start(?MODULE, 1, []),
    Self = self(),
    spawn(fun() -> Self ! {got, gen_server:call(P, later)} end),
    timer:sleep(50),
    gen_server:cast(P, {answer, deferred}),
    ?ASSERT_MATCH({got, deferred}, next_msg()),
    gen_server:stop(P),
    ok.

test_send_request() ->
    {ok, P} = gen_server:start(?MODULE, 5, []),
    R1 = gen_server:send_request(P, get),
    ?ASSERT_TRUE(is_reference(R1)),
    ?ASSERT_MATCH({reply, 5}, gen_server:wait_response(R1, 1000)),
    R2 = gen_server:send_request(P, {sleep, 100}),
    ?ASSERT_MATCH(timeout, gen_server:wait_response(R2, 10)),
    %% Still pending after wait_response's timeout.
    ?ASSERT_MATCH({reply, {slept, 100}}, gen_server:wait_response(R2, 1000)),
    R3 = gen_server:send_request(P, {echo, a}),
    R4 = gen_server:send_request(P, {echo, b}),
    ?ASSERT_MATCH({reply, b}, gen_server:wait_response(R4, infinity)),
    ?ASSERT_MATCH({reply, a}, gen_server:receive_response(R3, infinity)),
    gen_server:stop(P),
    ok.

test_receive_response() ->
    {ok, P} = gen_server:start(?MODULE, 5, []),
    R1 = gen_server:send_request(P, {sleep, 100}),
    ?ASSERT_MATCH(timeout, gen_server:receive_response(R1, 10)),
    %% Abandoned: the reply never arrives.
    timer:sleep(150),
    ?ASSERT_MATCH({messages, []}, erlang:process_info(self(), messages)),
    R2 = gen_server:send_request(P, get),
    ?ASSERT_MATCH({reply, 5}, gen_server:receive_response(R2, 1000)),
    gen_server:stop(P),
    ok.

test_check_response() ->
    {ok, P} = gen_server:start(?MODULE, 6, []),
    R = gen_server:send_request(P, get),
    Msg = next_msg(),
    ?ASSERT_MATCH(no_reply, gen_server:check_response(other, R)),
    ?ASSERT_MATCH({reply, 6}, gen_server:check_response(Msg, R)),
    R2 = gen_server:send_request(P, crash),
    Down = next_msg(),
    ?ASSERT_MATCH({error, {crashed, P}}, gen_server:check_response(Down, R2)),
    ok.

test_request_errors() ->
    R = gen_server:send_request(test_gen_none, get),
    ?ASSERT_MATCH({error, {noproc, test_gen_none}}, gen_server:wait_response(R, 1000)),
    {ok, P} = gen_server:start(?MODULE, 1, []),
    R2 = gen_server:send_request(P, stop_normal),
    ?ASSERT_MATCH({error, {normal, P}}, gen_server:receive_response(R2, 1000)),
    R3 = gen_server:send_request(P, get),
    ?ASSERT_MATCH({error, {noproc, P}}, gen_server:receive_response(R3, 1000)),
    ok.

test_collections() ->
    {ok, P} = gen_server:start(?MODULE, 1, []),
    C0 = gen_server:reqids_new(),
    ?ASSERT_MATCH(0, gen_server:reqids_size(C0)),
    ?ASSERT_MATCH(no_request, gen_server:wait_response(C0, 10, true)),
    ?ASSERT_MATCH(no_request, gen_server:receive_response(C0, 10, false)),
    ?ASSERT_MATCH(no_request, gen_server:check_response(msg, C0, true)),
    C1 = gen_server:send_request(P, {sleep, 50}, slow, C0),
    C2 = gen_server:send_request(P, {echo, quick}, quick, C1),
    R = gen_server:send_request(P, {echo, added}),
    C3 = gen_server:reqids_add(R, added, C2),
    ?ASSERT_MATCH(3, gen_server:reqids_size(C3)),
    ?ASSERT_MATCH([added, quick, slow],
                  lists:sort([L || {_, L} <- gen_server:reqids_to_list(C3)])),
    ?ASSERT_ERROR(gen_server:reqids_add(R, again, C3), badarg),
    {{reply, {slept, 50}}, slow, C4} = gen_server:wait_response(C3, 1000, true),
    ?ASSERT_MATCH(2, gen_server:reqids_size(C4)),
    {{reply, quick}, quick, C5} = gen_server:receive_response(C4, 1000, false),
    ?ASSERT_MATCH(2, gen_server:reqids_size(C5)),
    Msg = next_msg(),
    ?ASSERT_MATCH(no_reply, gen_server:check_response(other, C5, true)),
    {{reply, added}, added, C6} = gen_server:check_response(Msg, C5, true),
    ?ASSERT_MATCH(1, gen_server:reqids_size(C6)),
    C7 = gen_server:send_request(P, {sleep, 100}, late, gen_server:reqids_new()),
    ?ASSERT_MATCH(timeout, gen_server:wait_response(C7, 10, true)),
    ?ASSERT_MATCH(timeout, gen_server:receive_response(C7, 10, true)),
    timer:sleep(150),
    ?ASSERT_MATCH({messages, []}, erlang:process_info(self(), messages)),
    gen_server:stop(P),
    ok.

test_abs_timeout() ->
    {ok, P} = gen_server:start(?MODULE, 1, []),
    R = gen_server:send_request(P, {sleep, 100}),
    Deadline = erlang:monotonic_time(millisecond) + 20,
    ?ASSERT_MATCH(timeout, gen_server:wait_response(R, {abs, Deadline})),
    ?ASSERT_MATCH({reply, {slept, 100}},
                  gen_server:receive_response(R, {abs, erlang:monotonic_time(millisecond) + 1000})),
    gen_server:stop(P),
    ok.

test_via() ->
    Name = {via, ?MODULE, test_gen_via},
    {ok, P} = gen_server:start(Name, ?MODULE, 3, []),
    ?ASSERT_MATCH(P, whereis(test_gen_via)),
    ?ASSERT_MATCH(3, gen_server:call(Name, get)),
    ?ASSERT_MATCH({error, {already_started, P}}, gen_server:start(Name, ?MODULE, 4, [])),
    ?ASSERT_MATCH({reply, 3}, gen_server:receive_response(gen_server:send_request(Name, get), 1000)),
    ?ASSERT_MATCH(ok, gen_server:stop(Name)),
    ?ASSERT_MATCH(undefined, whereis(test_gen_via)),
    ?ASSERT_MATCH({error, no}, gen_server:start(Name, ?MODULE, fail, [])),
    ?ASSERT_MATCH(undefined, whereis(test_gen_via)),
    ok.

test_start_monitor_failure() ->
    ?ASSERT_MATCH({error, no}, gen_server:start_monitor(?MODULE, fail, [])),
    ?ASSERT_MATCH({messages, []}, erlang:process_info(self(), messages)),
    {ok, {P, Ref}} = gen_server:start_monitor({local, test_gen_mon}, ?MODULE, 1, []),
    ?ASSERT_MATCH({error, {already_started, P}},
                  gen_server:start_monitor({local, test_gen_mon}, ?MODULE, 1, [])),
    gen_server:stop(P),
    ?ASSERT_MATCH({'DOWN', Ref, process, P, normal}, next_msg()),
    ok.

test_statem_requests() ->
    {ok, P} = gen_statem:start(?MODULE, {statem, s0}, []),
    R = gen_statem:send_request(P, get_state),
    ?ASSERT_MATCH({reply, s0}, gen_statem:receive_response(R)),
    R2 = gen_statem:send_request(P, get_state),
    ?ASSERT_MATCH({reply, s0}, gen_statem:wait_response(R2)),
    R3 = gen_statem:send_request(P, get_state),
    Msg = next_msg(),
    ?ASSERT_MATCH({reply, s0}, gen_statem:check_response(Msg, R3)),
    C = gen_statem:send_request(P, get_state, one, gen_statem:reqids_new()),
    {{reply, s0}, one, C1} = gen_statem:receive_response(C, 1000, true),
    ?ASSERT_MATCH(0, gen_statem:reqids_size(C1)),
    gen_statem:stop(P),
    ok.

test_event_requests() ->
    {ok, M} = gen_event:start(),
    ok = gen_event:add_handler(M, ?MODULE, handler_state),
    R = gen_event:send_request(M, ?MODULE, get),
    ?ASSERT_MATCH({reply, handler_state}, gen_event:receive_response(R, 1000)),
    C = gen_event:send_request(M, ?MODULE, get, h, gen_event:reqids_new()),
    {{reply, handler_state}, h, C1} = gen_event:wait_response(C, 1000, false),
    ?ASSERT_MATCH(1, gen_event:reqids_size(C1)),
    gen_event:stop(M),
    ok.
