%% gen_server: this module is also the callback module of the servers under test.
-module(test_gen_server).
-export([test_start/0, test_init_results/0, test_call_cast/0, test_call_errors/0,
         test_deferred_reply/0, test_timeouts/0, test_stop/0, test_terminate/0,
         test_crash/0, test_enter_loop/0, test_start_monitor/0, test_requests/0,
         test_hibernate/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-include("etest.hrl").

%% ---- callbacks ----

init({ok, S}) -> {ok, S};
init({timeout, S, T}) -> {ok, S, T};
init(stop) -> {stop, no_way};
init(ignore) -> ignore;
init(crash) -> error(init_crash);
init(bad) -> what;
init({slow, T}) -> timer:sleep(T), {ok, slow}.

handle_call(get, _From, S) -> {reply, S, S};
handle_call({set, V}, _From, _S) -> {reply, ok, V};
handle_call(later, From, S) -> {noreply, [From | S]};
handle_call(answer, _From, [From | S]) -> gen_server:reply(From, answered), {reply, done, S};
handle_call({sleep, T}, _From, S) -> timer:sleep(T), {reply, slept, S};
handle_call({reply_timeout, T}, _From, S) -> {reply, ok, S, T};
handle_call(stop, _From, S) -> {stop, normal, stopping, S};
handle_call(crash, _From, _S) -> error(call_crash);
handle_call(no_reply, _From, S) -> {noreply, S};
handle_call(hibernate, _From, S) -> {reply, ok, S, hibernate}.

handle_cast({set, V}, _S) -> {noreply, V};
handle_cast({notify, Pid}, S) -> Pid ! {state, S}, {noreply, S};
handle_cast(stop, S) -> {stop, {shutdown, cast}, S}.

handle_info({tell, Pid}, S) -> Pid ! {info, S}, {noreply, S};
handle_info(timeout, {waiting, Pid}) -> Pid ! timed_out, {noreply, done};
handle_info(timeout, S) -> {noreply, S};
handle_info({trap, Pid}, S) -> process_flag(trap_exit, true), Pid ! trapping, {noreply, S};
handle_info({report_to, Pid}, _S) -> {noreply, {report_to, Pid}};
handle_info(_, S) -> {noreply, S}.

terminate(Reason, {report_to, Pid}) -> Pid ! {terminated, Reason};
terminate(_Reason, _S) -> ok.

%% ---- tests ----

test_start() ->
    {ok, P} = gen_server:start(?MODULE, {ok, 1}, []),
    ?ASSERT_MATCH(1, gen_server:call(P, get)),
    {ok, P2} = gen_server:start({local, test_gs_named}, ?MODULE, {ok, 2}, []),
    ?ASSERT_MATCH(P2, whereis(test_gs_named)),
    ?ASSERT_MATCH(2, gen_server:call(test_gs_named, get)),
    ?ASSERT_MATCH({error, {already_started, P2}},
                  gen_server:start({local, test_gs_named}, ?MODULE, {ok, 3}, [])),
    ?ASSERT_MATCH(ok, gen_server:stop(test_gs_named)),
    ?ASSERT_MATCH(undefined, whereis(test_gs_named)),
    {ok, L} = gen_server:start_link(?MODULE, {ok, 4}, []),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_TRUE(lists:member(L, Links)),
    {ok, L2} = gen_server:start_link({local, test_gs_linked}, ?MODULE, {ok, 5}, []),
    ?ASSERT_MATCH(5, gen_server:call({test_gs_linked, node()}, get)),
    ok = gen_server:stop(L),
    ok = gen_server:stop(L2),
    ok = gen_server:stop(P),
    ok.

test_init_results() ->
    ?ASSERT_MATCH({error, no_way}, gen_server:start(?MODULE, stop, [])),
    ?ASSERT_MATCH(ignore, gen_server:start({local, test_gs_ign}, ?MODULE, ignore, [])),
    ?ASSERT_MATCH(undefined, whereis(test_gs_ign)),
    {error, {init_crash, [_ | _]}} = gen_server:start(?MODULE, crash, []),
    ?ASSERT_MATCH({error, {bad_return_value, what}}, gen_server:start(?MODULE, bad, [])),
    ?ASSERT_MATCH({error, timeout}, gen_server:start(?MODULE, {slow, 500}, [{timeout, 50}])),
    process_flag(trap_exit, true),
    ?ASSERT_MATCH({error, no_way}, gen_server:start_link(?MODULE, stop, [])),
    %% OTP 26+: the failed process's 'EXIT' is consumed by start_link.
    ?ASSERT_MATCH(none, (fun() -> receive {'EXIT', _, W} -> W after 200 -> none end end)()),
    ok.

test_call_cast() ->
    {ok, P} = gen_server:start(?MODULE, {ok, a}, []),
    ?ASSERT_MATCH(ok, gen_server:call(P, {set, b})),
    ?ASSERT_MATCH(b, gen_server:call(P, get, 1000)),
    ?ASSERT_MATCH(ok, gen_server:cast(P, {set, c})),
    ?ASSERT_MATCH(ok, gen_server:cast(P, {notify, self()})),
    ?ASSERT_MATCH({state, c}, (fun() -> receive {state, _} = M -> M after 1000 -> none end end)()),
    P ! {tell, self()},
    ?ASSERT_MATCH({info, c}, (fun() -> receive {info, _} = I -> I after 1000 -> none end end)()),
    ?ASSERT_MATCH(ok, gen_server:cast(test_gs_nobody, x)),
    ?ASSERT_MATCH(ok, gen_server:cast({test_gs_nobody, node()}, x)),
    Ref = erlang:monitor(process, P),
    ?ASSERT_MATCH(stopping, gen_server:call(P, stop)),
    ?ASSERT_MATCH(normal, (fun() -> receive {'DOWN', Ref, _, _, R} -> R after 1000 -> none end end)()),
    ok.

test_call_errors() ->
    ?ASSERT_EXIT(gen_server:call(test_gs_nobody, get),
                 {noproc, {gen_server, call, [test_gs_nobody, get]}}),
    ?ASSERT_EXIT(gen_server:call(test_gs_nobody, get, 100),
                 {noproc, {gen_server, call, [test_gs_nobody, get, 100]}}),
    {ok, P} = gen_server:start(?MODULE, {ok, x}, []),
    ?ASSERT_EXIT(gen_server:call(P, {sleep, 200}, 20),
                 {timeout, {gen_server, call, [P, {sleep, 200}, 20]}}),
    %% The late reply is not delivered once the call has timed out.
    ?ASSERT_MATCH(x, gen_server:call(P, get)),
    ?ASSERT_MATCH(none, (fun() -> receive Late -> Late after 250 -> none end end)()),
    ?ASSERT_EXIT(gen_server:call(P, no_reply, 20),
                 {timeout, {gen_server, call, [P, no_reply, 20]}}),
    {ok, Dead} = gen_server:start(?MODULE, {ok, x}, []),
    ok = gen_server:stop(Dead),
    ?ASSERT_EXIT(gen_server:call(Dead, get),
                 {noproc, {gen_server, call, [Dead, get]}}),
    ok = gen_server:stop(P),
    ok.

test_deferred_reply() ->
    {ok, P} = gen_server:start(?MODULE, {ok, []}, []),
    Self = self(),
    spawn(fun() -> Self ! {later, gen_server:call(P, later)} end),
    timer:sleep(20),
    ?ASSERT_MATCH(done, gen_server:call(P, answer)),
    ?ASSERT_MATCH({later, answered}, (fun() -> receive {later, _} = M -> M after 1000 -> none end end)()),
    gen_server:stop(P),
    ok.

test_timeouts() ->
    {ok, P} = gen_server:start(?MODULE, {timeout, {waiting, self()}, 20}, []),
    ?ASSERT_MATCH(timed_out, (fun() -> receive timed_out -> timed_out after 1000 -> none end end)()),
    ?ASSERT_MATCH(done, gen_server:call(P, get)),
    ok = gen_server:call(P, {set, {waiting, self()}}),
    ?ASSERT_MATCH(none, (fun() -> receive timed_out -> timed_out after 60 -> none end end)()),
    ?ASSERT_MATCH(ok, gen_server:call(P, {reply_timeout, 20})),
    ?ASSERT_MATCH(timed_out, (fun() -> receive timed_out -> timed_out after 1000 -> none end end)()),
    gen_server:stop(P),
    ok.

test_stop() ->
    {ok, P} = gen_server:start(?MODULE, {ok, x}, []),
    P ! {report_to, self()},
    ?ASSERT_MATCH(ok, gen_server:stop(P, {shutdown, bye}, 1000)),
    ?ASSERT_MATCH({terminated, {shutdown, bye}}, (fun() -> receive {terminated, _} = M -> M after 1000 -> none end end)()),
    ?ASSERT_MATCH(false, is_process_alive(P)),
    ?ASSERT_EXIT(gen_server:stop(P), noproc),
    ?ASSERT_EXIT(gen_server:stop(test_gs_nobody), noproc),
    {ok, Q} = gen_server:start(?MODULE, {ok, x}, []),
    Q ! {report_to, self()},
    gen_server:cast(Q, stop),
    ?ASSERT_MATCH({terminated, {shutdown, cast}}, (fun() -> receive {terminated, _} = M2 -> M2 after 1000 -> none end end)()),
    ok.

test_terminate() ->
    process_flag(trap_exit, true),
    {ok, P} = gen_server:start_link(?MODULE, {ok, x}, []),
    P ! {trap, self()},
    trapping = receive trapping -> trapping after 1000 -> none end,
    P ! {report_to, self()},
    exit(P, {shutdown, parent}),
    ?ASSERT_MATCH({terminated, {shutdown, parent}}, (fun() -> receive {terminated, _} = M -> M after 1000 -> none end end)()),
    ?ASSERT_MATCH({'EXIT', P, {shutdown, parent}}, (fun() -> receive {'EXIT', P, _} = E -> E after 1000 -> none end end)()),
    ok.

test_crash() ->
    {ok, P} = gen_server:start(?MODULE, {ok, x}, []),
    P ! {report_to, self()},
    Ref = erlang:monitor(process, P),
    {{call_crash, [_ | _]}, {gen_server, call, [P, crash]}} =
        try gen_server:call(P, crash) catch exit:Why -> Why end,
    {terminated, {call_crash, [_ | _]}} = receive {terminated, _} = M -> M after 1000 -> none end,
    {call_crash, [_ | _]} = receive {'DOWN', Ref, _, _, R} -> R after 1000 -> none end,
    ok.

test_enter_loop() ->
    Self = self(),
    P = proc_lib:spawn(fun() -> register(test_gs_enter, self()), Self ! go,
                                gen_server:enter_loop(?MODULE, [], entered, {local, test_gs_enter})
                       end),
    go = receive go -> go after 1000 -> none end,
    ?ASSERT_MATCH(entered, gen_server:call(test_gs_enter, get)),
    ?ASSERT_MATCH(entered, gen_server:call(P, get)),
    ok = gen_server:stop(P),
    ok.

test_start_monitor() ->
    {ok, {P, Ref}} = gen_server:start_monitor(?MODULE, {ok, 1}, []),
    ?ASSERT_MATCH(1, gen_server:call(P, get)),
    {ok, {N, _}} = gen_server:start_monitor({local, test_gs_mon}, ?MODULE, {ok, 2}, []),
    ?ASSERT_MATCH(N, whereis(test_gs_mon)),
    ?ASSERT_MATCH({error, no_way}, gen_server:start_monitor(?MODULE, stop, [])),
    ok = gen_server:stop(P),
    ?ASSERT_MATCH({'DOWN', Ref, process, P, normal},
                  (fun() -> receive {'DOWN', Ref, _, _, _} = D -> D after 1000 -> none end end)()),
    ok = gen_server:stop(N),
    ok.

%% send_request and its answers; a deferred reply (gen_server:reply/2) answers a request too.
test_requests() ->
    {ok, P} = gen_server:start(?MODULE, {ok, []}, []),
    R1 = gen_server:send_request(P, later),
    ?ASSERT_MATCH(timeout, gen_server:wait_response(R1, 20)),
    ?ASSERT_MATCH(done, gen_server:call(P, answer)),
    ?ASSERT_MATCH({reply, answered}, gen_server:wait_response(R1, 1000)),
    R2 = gen_server:send_request(P, {set, 5}),
    ?ASSERT_MATCH({reply, ok}, gen_server:receive_response(R2, infinity)),
    C = gen_server:send_request(P, get, first,
                                gen_server:send_request(P, {sleep, 10}, second,
                                                        gen_server:reqids_new())),
    {{reply, slept}, second, C1} = gen_server:receive_response(C, 1000, true),
    {{reply, 5}, first, C2} = gen_server:receive_response(C1, 1000, true),
    ?ASSERT_MATCH(no_request, gen_server:receive_response(C2, 1000, true)),
    R3 = gen_server:send_request(P, crash),
    ?ASSERT_MATCH({error, {call_crash, P}},
                  (fun() -> {error, {{R, _}, Pid}} = gen_server:receive_response(R3, 1000),
                            {error, {R, Pid}}
                   end)()),
    ok.

%% A server that hibernates after a reply goes on serving.
test_hibernate() ->
    {ok, P} = gen_server:start(?MODULE, {ok, h}, []),
    ?ASSERT_MATCH(ok, gen_server:call(P, hibernate)),
    timer:sleep(20),
    ?ASSERT_MATCH({status, waiting}, erlang:process_info(P, status)),
    ?ASSERT_MATCH(h, gen_server:call(P, get)),
    ?ASSERT_MATCH(ok, gen_server:call(P, hibernate)),
    gen_server:cast(P, {set, h2}),
    ?ASSERT_MATCH(h2, gen_server:call(P, get)),
    ?ASSERT_MATCH(h2, sys:get_state(P)),
    ok = gen_server:stop(P),
    ok.
