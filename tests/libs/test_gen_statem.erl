%% gen_statem: this module is also the callback module of the machines under test. A machine
%% in handle_event_function mode runs the funs it is sent ({run, F}) as its event handler, so
%% each test writes the results it wants to try; another, in state_functions mode, is a
%% turnstile (states locked and unlocked).
-module(test_gen_statem).
-export([test_start/0, test_init_results/0, test_state_functions/0, test_enter/0,
         test_postpone/0, test_next_event/0, test_timeouts/0, test_generic_timeouts/0,
         test_stop/0, test_crash/0, test_call_errors/0, test_reply/0, test_sys/0,
         test_start_monitor/0, test_enter_loop/0, test_zero_timeouts/0, test_requests/0,
         test_hibernate/0]).
-export([init/1, callback_mode/0, handle_event/4, terminate/3, locked/3, unlocked/3]).
-include("etest.hrl").

%% Expr's value matches Pattern (which may use variables bound before).
-define(MATCH(Pattern, Expr),
        (fun(V__) ->
                 case V__ of
                     Pattern -> ok;
                     _ -> throw({failed_match, ?LINE, ??Pattern, V__})
                 end
         end)(Expr)).

%% ---- callbacks ----

init({events, Pid, State, Actions, Enter}) ->
    put(mode, [handle_event_function | [state_enter || Enter]]),
    {ok, State, #{pid => Pid}, Actions};
init({turnstile, Pid, Enter}) ->
    put(mode, [state_functions | [state_enter || Enter]]),
    {ok, locked, #{pid => Pid, coins => 0}};
init({return, R}) ->
    put(mode, handle_event_function),
    R;
init(crash) -> error(init_crash).

callback_mode() -> get(mode).

handle_event(enter, Old, S, #{pid := P} = D) ->
    P ! {enter, Old, S},
    case D of
        #{on_enter := F} -> F(Old, S, D);
        _ -> keep_state_and_data
    end;
handle_event({call, From}, {run, F}, S, D) -> F(From, S, D);
handle_event(cast, {run, F}, S, D) -> F(cast, S, D);
handle_event(info, {run, F}, S, D) -> F(info, S, D);
handle_event(Type, Content, S, #{pid := P}) ->
    P ! {event, Type, Content, S},
    keep_state_and_data.

terminate(Reason, S, #{pid := P}) -> P ! {terminate, Reason, S};
terminate(_, _, _) -> ok.

locked(enter, Old, #{pid := P}) -> P ! {enter, Old, locked}, keep_state_and_data;
locked(cast, coin, D = #{coins := N}) -> {next_state, unlocked, D#{coins := N + 1}};
locked({call, From}, push, _) -> {keep_state_and_data, [{reply, From, blocked}]};
locked({call, From}, coins, #{coins := N}) -> {keep_state_and_data, [{reply, From, N}]};
locked({call, From}, state, _) -> {keep_state_and_data, [{reply, From, locked}]}.

unlocked(enter, Old, #{pid := P}) -> P ! {enter, Old, unlocked}, keep_state_and_data;
unlocked(cast, coin, D = #{coins := N}) -> {keep_state, D#{coins := N + 1}};
unlocked({call, From}, push, D) -> {next_state, locked, D, [{reply, From, pass}]};
unlocked({call, From}, coins, #{coins := N}) -> {keep_state_and_data, {reply, From, N}};
unlocked({call, From}, state, _) -> {keep_state_and_data, [{reply, From, unlocked}]}.

%% ---- helpers ----

events(State) -> events(State, [], false).
events(State, Actions, Enter) ->
    {ok, P} = gen_statem:start(?MODULE, {events, self(), State, Actions, Enter}, []),
    P.

%% Run F(From | cast | info, State, Data) as the handler of a call.
run(P, F) -> gen_statem:call(P, {run, F}, 1000).

recv() -> receive M -> M after 1000 -> none end.
recv_none() -> receive M -> M after 50 -> none end.

%% ---- tests ----

test_start() ->
    P = events(s0),
    ?ASSERT_MATCH(s0, run(P, fun(From, S, _) -> {keep_state_and_data, {reply, From, S}} end)),
    {ok, N} = gen_statem:start({local, test_gsm_named}, ?MODULE, {events, self(), a, [], false}, []),
    ?ASSERT_MATCH(N, whereis(test_gsm_named)),
    ?ASSERT_MATCH({error, {already_started, N}},
                  gen_statem:start({local, test_gsm_named}, ?MODULE, {events, self(), a, [], false}, [])),
    ?ASSERT_MATCH(a, run(test_gsm_named, fun(F, S, _) -> {keep_state_and_data, {reply, F, S}} end)),
    ?ASSERT_MATCH(ok, gen_statem:stop(test_gsm_named)),
    ?ASSERT_MATCH(undefined, whereis(test_gsm_named)),
    {ok, L} = gen_statem:start_link(?MODULE, {turnstile, self(), false}, []),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_TRUE(lists:member(L, Links)),
    {ok, L2} = gen_statem:start_link({local, test_gsm_linked}, ?MODULE, {turnstile, self(), false}, []),
    ?ASSERT_MATCH(locked, gen_statem:call({test_gsm_linked, node()}, state)),
    ok = gen_statem:stop(L),
    ok = gen_statem:stop(L2, normal, 1000),
    ok = gen_statem:stop(P),
    ok.

test_init_results() ->
    ?ASSERT_MATCH({error, no_way}, gen_statem:start(?MODULE, {return, {stop, no_way}}, [])),
    ?ASSERT_MATCH(ignore, gen_statem:start({local, test_gsm_ign}, ?MODULE, {return, ignore}, [])),
    ?ASSERT_MATCH(undefined, whereis(test_gsm_ign)),
    ?ASSERT_MATCH({error, init_crash}, gen_statem:start(?MODULE, crash, [])),
    ?ASSERT_MATCH({error, {bad_return_from_init, what}},
                  gen_statem:start(?MODULE, {return, what}, [])),
    process_flag(trap_exit, true),
    ?ASSERT_MATCH({error, no_way}, gen_statem:start_link(?MODULE, {return, {stop, no_way}}, [])),
    %% OTP 26+: the failed process's 'EXIT' is consumed by start_link.
    ?ASSERT_MATCH(none, recv_none()),
    %% Actions from init/1 run before the first event from outside.
    P = events(s0, [{next_event, internal, hello}], false),
    ?ASSERT_MATCH({event, internal, hello, s0}, recv()),
    gen_statem:stop(P),
    ok.

test_state_functions() ->
    {ok, P} = gen_statem:start(?MODULE, {turnstile, self(), false}, []),
    ?ASSERT_MATCH(blocked, gen_statem:call(P, push)),
    ?ASSERT_MATCH(ok, gen_statem:cast(P, coin)),
    ?ASSERT_MATCH(unlocked, gen_statem:call(P, state)),
    ok = gen_statem:cast(P, coin),
    ?ASSERT_MATCH(2, gen_statem:call(P, coins)),
    ?ASSERT_MATCH(pass, gen_statem:call(P, push, 1000)),
    ?ASSERT_MATCH(locked, gen_statem:call(P, state, {dirty_timeout, 1000})),
    ?ASSERT_MATCH(none, recv_none()),
    ?ASSERT_MATCH(ok, gen_statem:cast(test_gsm_nobody, coin)),
    gen_statem:stop(P),
    ok.

test_enter() ->
    {ok, P} = gen_statem:start(?MODULE, {turnstile, self(), true}, []),
    %% The initial state is entered with itself as the old state.
    ?ASSERT_MATCH({enter, locked, locked}, recv()),
    gen_statem:cast(P, coin),
    ?ASSERT_MATCH({enter, locked, unlocked}, recv()),
    gen_statem:cast(P, coin),
    ?ASSERT_MATCH(unlocked, gen_statem:call(P, state)),
    ?ASSERT_MATCH(none, recv_none()),
    pass = gen_statem:call(P, push),
    ?ASSERT_MATCH({enter, unlocked, locked}, recv()),
    gen_statem:stop(P),
    ?ASSERT_MATCH({terminate, normal, locked}, recv()),
    Q = events(a, [], true),
    ?ASSERT_MATCH({enter, a, a}, recv()),
    %% repeat_state enters the same state again; keep_state does not.
    ok = run(Q, fun(F, _, D) -> {repeat_state, D, {reply, F, ok}} end),
    ?ASSERT_MATCH({enter, a, a}, recv()),
    ok = run(Q, fun(F, _, D) -> {keep_state, D, {reply, F, ok}} end),
    ok = run(Q, fun(F, _, _) -> {repeat_state_and_data, {reply, F, ok}} end),
    ?ASSERT_MATCH({enter, a, a}, recv()),
    ok = run(Q, fun(F, _, D) -> {next_state, a, D, {reply, F, ok}} end),
    ?ASSERT_MATCH(none, recv_none()),
    %% The enter call's own actions (a state timeout here) apply in the new state.
    ok = run(Q, fun(F, _, D) ->
                        E = fun(_, _, _) -> {keep_state_and_data, {state_timeout, 10, entered}} end,
                        {next_state, b, D#{on_enter => E}, {reply, F, ok}}
                end),
    ?ASSERT_MATCH({enter, a, b}, recv()),
    ?ASSERT_MATCH({event, state_timeout, entered, b}, recv()),
    gen_statem:stop(Q),
    ok.

test_postpone() ->
    P = events(locked),
    Self = self(),
    Open = fun(_, locked, _) -> Self ! postponed, {keep_state_and_data, postpone};
              (From, unlocked, _) -> {keep_state_and_data, {reply, From, opened}}
           end,
    spawn(fun() -> Self ! {caller, run(P, Open)} end),
    ?ASSERT_MATCH(postponed, recv()),
    P ! hello,
    ?ASSERT_MATCH({event, info, hello, locked}, recv()),
    %% Staying in the state does not retry it.
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, {reply, F, ok}} end),
    ?ASSERT_MATCH(none, recv_none()),
    ok = run(P, fun(F, _, D) -> {next_state, unlocked, D, {reply, F, ok}} end),
    ?ASSERT_MATCH({caller, opened}, recv()),
    %% Postponed events come back in the order they arrived.
    ok = run(P, fun(F, _, D) -> {next_state, locked, D, {reply, F, ok}} end),
    Hold = fun(_, locked, _) -> {keep_state_and_data, postpone};
              (_, S, _) -> Self ! {retried, S}, keep_state_and_data
           end,
    gen_statem:cast(P, {run, Hold}),
    P ! {run, Hold},
    ok = run(P, fun(F, _, D) -> {next_state, open, D, {reply, F, ok}} end),
    ?ASSERT_MATCH({retried, open}, recv()),
    ?ASSERT_MATCH({retried, open}, recv()),
    gen_statem:stop(P),
    ok.

test_next_event() ->
    P = events(s),
    ok = run(P, fun(F, _, _) ->
                        {keep_state_and_data,
                         [{reply, F, ok}, {next_event, internal, one}, {next_event, cast, two}]}
                end),
    ?ASSERT_MATCH({event, internal, one, s}, recv()),
    ?ASSERT_MATCH({event, cast, two, s}, recv()),
    %% Inserted events come before the postponed ones retried by the same state change.
    Self = self(),
    gen_statem:cast(P, {run, fun(_, s, _) -> {keep_state_and_data, postpone};
                                 (_, S, _) -> Self ! {retried, S}, keep_state_and_data end}),
    ok = run(P, fun(F, _, D) -> {next_state, t, D, [{reply, F, ok}, {next_event, info, first}]} end),
    ?ASSERT_MATCH({event, info, first, t}, recv()),
    ?ASSERT_MATCH({retried, t}, recv()),
    gen_statem:stop(P),
    ok.

test_timeouts() ->
    P = events(s),
    %% An event timeout fires when nothing else comes...
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, 20]} end),
    ?ASSERT_MATCH({event, timeout, 20, s}, recv()),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {timeout, 20, tick}]} end),
    ?ASSERT_MATCH({event, timeout, tick, s}, recv()),
    %% ... and any event cancels it.
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {timeout, 200, tick}]} end),
    P ! poke,
    ?ASSERT_MATCH({event, info, poke, s}, recv()),
    ?ASSERT_MATCH(none, recv_none_for(300)),
    %% A state timeout survives other events but not a state change.
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, 200, st}]} end),
    P ! poke,
    ?ASSERT_MATCH({event, info, poke, s}, recv()),
    ?ASSERT_MATCH({event, state_timeout, st, s}, recv()),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, 200, st}]} end),
    ok = run(P, fun(F, _, D) -> {next_state, t, D, {reply, F, ok}} end),
    ?ASSERT_MATCH(none, recv_none_for(300)),
    %% Set together with the state change, it applies to the new state.
    ok = run(P, fun(F, _, D) -> {next_state, u, D, [{reply, F, ok}, {state_timeout, 10, st2}]} end),
    ?ASSERT_MATCH({event, state_timeout, st2, u}, recv()),
    %% Cancelled, or replaced (by infinity, too).
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, 200, st}]} end),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, cancel}]} end),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, 200, st}]} end),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {state_timeout, infinity, st}]} end),
    ?ASSERT_MATCH(none, recv_none_for(300)),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, hibernate, {state_timeout, 0, zero}]} end),
    ?ASSERT_MATCH({event, state_timeout, zero, u}, recv()),
    gen_statem:stop(P),
    ok.

recv_none_for(T) -> receive M -> M after T -> none end.

test_generic_timeouts() ->
    P = events(s),
    ok = run(P, fun(F, _, _) ->
                        {keep_state_and_data,
                         [{reply, F, ok}, {{timeout, a}, 200, ta}, {{timeout, b}, 100, tb}]}
                end),
    %% They survive state changes and other events, and each fires once.
    ok = run(P, fun(F, _, D) -> {next_state, t, D, {reply, F, ok}} end),
    ?ASSERT_MATCH({event, {timeout, b}, tb, t}, recv()),
    ?ASSERT_MATCH({event, {timeout, a}, ta, t}, recv()),
    ?ASSERT_MATCH(none, recv_none_for(100)),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {{timeout, c}, 200, tc}]} end),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {{timeout, c}, cancel}]} end),
    ?ASSERT_MATCH(none, recv_none_for(300)),
    gen_statem:stop(P),
    ok.

test_stop() ->
    P = events(s),
    ?ASSERT_MATCH(ok, gen_statem:stop(P, {shutdown, bye}, 1000)),
    ?ASSERT_MATCH({terminate, {shutdown, bye}, s}, recv()),
    ?ASSERT_MATCH(false, is_process_alive(P)),
    ?ASSERT_EXIT(gen_statem:stop(P), noproc),
    ?ASSERT_EXIT(gen_statem:stop(test_gsm_nobody), noproc),
    Q = events(s),
    Ref = erlang:monitor(process, Q),
    gen_statem:cast(Q, {run, fun(_, _, _) -> {stop, {shutdown, cast}} end}),
    ?ASSERT_MATCH({terminate, {shutdown, cast}, s}, recv()),
    ?ASSERT_MATCH({'DOWN', Ref, process, Q, {shutdown, cast}}, recv()),
    R = events(s),
    ?ASSERT_MATCH(bye, run(R, fun(F, _, D) -> {stop_and_reply, normal, [{reply, F, bye}], D#{x => 1}} end)),
    ?ASSERT_MATCH({terminate, normal, s}, recv()),
    T = events(s),
    ?ASSERT_MATCH(bye, run(T, fun(F, _, _) -> {stop_and_reply, normal, {reply, F, bye}} end)),
    ?ASSERT_MATCH({terminate, normal, s}, recv()),
    %% The parent's exit ends a trapping machine.
    process_flag(trap_exit, true),
    {ok, L} = gen_statem:start_link(?MODULE, {events, self(), s, [], false}, []),
    ok = run(L, fun(F, _, _) -> process_flag(trap_exit, true), {keep_state_and_data, {reply, F, ok}} end),
    exit(L, {shutdown, parent}),
    ?ASSERT_MATCH({terminate, {shutdown, parent}, s}, recv()),
    ?ASSERT_MATCH({'EXIT', L, {shutdown, parent}}, recv()),
    ok.

test_crash() ->
    P = events(s),
    Ref = erlang:monitor(process, P),
    {{oops, [_ | _]}, {gen_statem, call, [P, _, 1000]}} =
        try run(P, fun(_, _, _) -> error(oops) end) catch exit:Why -> Why end,
    ?ASSERT_MATCH({terminate, oops, s}, recv()),
    {oops, [_ | _]} = receive {'DOWN', Ref, _, _, R} -> R after 1000 -> none end,
    Q = events(s),
    Ref2 = erlang:monitor(process, Q),
    gen_statem:cast(Q, {run, fun(_, _, _) -> exit(gone) end}),
    ?ASSERT_MATCH({terminate, gone, s}, recv()),
    ?ASSERT_MATCH({'DOWN', Ref2, process, Q, gone}, recv()),
    %% A thrown value is a result.
    T = events(s),
    ?ASSERT_MATCH(thrown, run(T, fun(F, _, _) -> throw({keep_state_and_data, {reply, F, thrown}}) end)),
    B = events(s),
    Ref3 = erlang:monitor(process, B),
    gen_statem:cast(B, {run, fun(_, _, _) -> nonsense end}),
    ?ASSERT_MATCH({terminate, {bad_return_from_state_function, nonsense}, s}, recv()),
    {{bad_return_from_state_function, nonsense}, _} =
        receive {'DOWN', Ref3, _, _, R3} -> R3 after 1000 -> none end,
    C = events(s),
    Ref4 = erlang:monitor(process, C),
    gen_statem:cast(C, {run, fun(_, _, _) -> {keep_state_and_data, [{bogus}]} end}),
    ?ASSERT_MATCH({terminate, {bad_action_from_state_function, {bogus}}, s}, recv()),
    {{bad_action_from_state_function, {bogus}}, _} =
        receive {'DOWN', Ref4, _, _, R4} -> R4 after 1000 -> none end,
    gen_statem:stop(T),
    ok.

test_call_errors() ->
    ?ASSERT_EXIT(gen_statem:call(test_gsm_nobody, x),
                 {noproc, {gen_statem, call, [test_gsm_nobody, x, infinity]}}),
    P = events(s),
    Slow = {run, fun(F, _, _) -> timer:sleep(300), {keep_state_and_data, {reply, F, late}} end},
    ?ASSERT_EXIT(gen_statem:call(P, Slow, 50), {timeout, {gen_statem, call, [P, Slow, 50]}}),
    ?ASSERT_MATCH(s, run(P, fun(F, S, _) -> {keep_state_and_data, {reply, F, S}} end)),
    ?ASSERT_MATCH(none, recv_none_for(350)),
    gen_statem:stop(P),
    ?ASSERT_EXIT(gen_statem:call(P, x), {noproc, {gen_statem, call, [P, x, infinity]}}),
    ok.

test_reply() ->
    P = events(s),
    Self = self(),
    Keep = fun(From, _, D) -> Self ! kept, {keep_state, D#{from => From}} end,
    spawn(fun() -> Self ! {one, run(P, Keep)} end),
    kept = recv(),
    ok = run(P, fun(F, _, #{from := W}) -> ok = gen_statem:reply(W, later), {keep_state_and_data, {reply, F, ok}} end),
    ?ASSERT_MATCH({one, later}, recv()),
    spawn(fun() -> Self ! {two, run(P, Keep)} end),
    kept = recv(),
    ok = run(P, fun(F, _, #{from := W}) -> ok = gen_statem:reply([{reply, W, both}, {reply, F, ok}]), keep_state_and_data end),
    ?ASSERT_MATCH({two, both}, recv()),
    spawn(fun() -> Self ! {three, run(P, Keep)} end),
    kept = recv(),
    ok = run(P, fun(F, _, #{from := W}) -> gen_statem:reply({reply, W, single}), {keep_state_and_data, {reply, F, ok}} end),
    ?ASSERT_MATCH({three, single}, recv()),
    gen_statem:stop(P),
    ok.

test_sys() ->
    P = events(s),
    ?MATCH({s, #{pid := _}}, sys:get_state(P)),
    ?ASSERT_MATCH({t, 1}, sys:replace_state(P, fun({s, _}) -> {t, 1} end)),
    ?ASSERT_MATCH({t, 1}, sys:get_state(P, 1000)),
    ?ASSERT_MATCH({t, 2}, sys:replace_state(P, fun({t, _}) -> {t, 2} end, 1000)),
    Self = self(),
    ?MATCH({s, #{pid := Self}}, sys:replace_state(P, fun({t, _}) -> {s, #{pid => Self}} end)),
    ?ASSERT_MATCH(ok, sys:suspend(P)),
    P ! hello,
    ?ASSERT_MATCH(none, recv_none()),
    ?MATCH({s, _}, sys:get_state(P)),
    ?ASSERT_MATCH(ok, sys:resume(P)),
    ?ASSERT_MATCH({event, info, hello, s}, recv()),
    {status, P, {module, gen_statem}, [_ | _]} = sys:get_status(P),
    ?ASSERT_MATCH(ok, sys:terminate(P, normal)),
    ?ASSERT_MATCH({terminate, normal, s}, recv()),
    ok.

test_start_monitor() ->
    {ok, {P, Ref}} = gen_statem:start_monitor(?MODULE, {turnstile, self(), false}, []),
    ?ASSERT_MATCH(locked, gen_statem:call(P, state)),
    {ok, {N, Ref2}} = gen_statem:start_monitor({local, test_gsm_mon}, ?MODULE,
                                                {turnstile, self(), false}, []),
    ?ASSERT_MATCH(N, whereis(test_gsm_mon)),
    {error, no_way} = gen_statem:start_monitor(?MODULE, {return, {stop, no_way}}, []),
    ok = gen_statem:stop(P),
    ?ASSERT_MATCH({terminate, normal, locked}, recv()),
    ?ASSERT_MATCH({'DOWN', Ref, process, P, normal}, recv()),
    ok = gen_statem:stop(N),
    ?ASSERT_MATCH({terminate, normal, locked}, recv()),
    ?ASSERT_MATCH({'DOWN', Ref2, process, N, normal}, recv()),
    ok.

test_enter_loop() ->
    Self = self(),
    P = proc_lib:spawn(fun() ->
                               register(test_gsm_enter, self()),
                               put(mode, [handle_event_function, state_enter]),
                               gen_statem:enter_loop(?MODULE, [], s0, #{pid => Self},
                                                     {local, test_gsm_enter},
                                                     [{next_event, internal, go}])
                       end),
    ?ASSERT_MATCH({enter, s0, s0}, recv()),
    ?ASSERT_MATCH({event, internal, go, s0}, recv()),
    ?ASSERT_MATCH(s0, run(test_gsm_enter, fun(F, S, _) -> {keep_state_and_data, {reply, F, S}} end)),
    ok = gen_statem:stop(P),
    ?ASSERT_MATCH({terminate, normal, s0}, recv()),
    Q = proc_lib:spawn(fun() ->
                               put(mode, handle_event_function),
                               gen_statem:enter_loop(?MODULE, [], s1, #{pid => Self})
                       end),
    ?ASSERT_MATCH(s1, run(Q, fun(F, S, _) -> {keep_state_and_data, {reply, F, S}} end)),
    ok = gen_statem:stop(Q),
    ?ASSERT_MATCH({terminate, normal, s1}, recv()),
    ok.

%% Timeouts of 0 are events at once: before what waits in the mailbox, after the events
%% next_event inserted (an event timeout of 0 is cancelled by those).
test_zero_timeouts() ->
    P = events(s),
    ok = run(P, fun(F, _, _) -> self() ! m1, {keep_state_and_data, [{reply, F, ok}, {timeout, 0, t0}]} end),
    ?ASSERT_MATCH({event, timeout, t0, s}, recv()),
    ?ASSERT_MATCH({event, info, m1, s}, recv()),
    ok = run(P, fun(F, _, _) ->
                        {keep_state_and_data, [{reply, F, ok}, {timeout, 0, t0}, {next_event, internal, i1}]}
                end),
    ?ASSERT_MATCH({event, internal, i1, s}, recv()),
    ?ASSERT_MATCH(none, recv_none()),
    ok = run(P, fun(F, _, _) ->
                        self() ! m2,
                        {keep_state_and_data, [{reply, F, ok}, {state_timeout, 0, s0},
                                               {{timeout, g}, 0, g0}, {next_event, internal, i2}]}
                end),
    ?ASSERT_MATCH({event, internal, i2, s}, recv()),
    ?ASSERT_MATCH({event, state_timeout, s0, s}, recv()),
    ?ASSERT_MATCH({event, {timeout, g}, g0, s}, recv()),
    ?ASSERT_MATCH({event, info, m2, s}, recv()),
    ok = run(P, fun(F, _, D) -> {next_state, s2, D, [{reply, F, ok}, {timeout, 0, t1}]} end),
    ?ASSERT_MATCH({event, timeout, t1, s2}, recv()),
    gen_statem:stop(P),
    ok.

%% send_request and its answers; the reply comes from a reply action.
test_requests() ->
    P = events(s),
    Get = {run, fun(F, S, _) -> {keep_state_and_data, {reply, F, S}} end},
    ?ASSERT_MATCH({reply, s}, gen_statem:receive_response(gen_statem:send_request(P, Get))),
    ?ASSERT_MATCH({reply, s}, gen_statem:wait_response(gen_statem:send_request(P, Get), 1000)),
    Slow = {run, fun(F, _, _) -> timer:sleep(100), {keep_state_and_data, {reply, F, late}} end},
    R = gen_statem:send_request(P, Slow),
    ?ASSERT_MATCH(timeout, gen_statem:receive_response(R, 10)),
    ?ASSERT_MATCH(none, recv_none_for(150)),
    C = gen_statem:send_request(P, Get, get, gen_statem:reqids_new()),
    ?ASSERT_MATCH(1, gen_statem:reqids_size(C)),
    ?MATCH({{reply, s}, get, _}, gen_statem:wait_response(C, infinity, false)),
    gen_statem:stop(P),
    ?MATCH({error, {noproc, _}}, gen_statem:receive_response(gen_statem:send_request(P, Get))),
    ok.

%% A machine that hibernates goes on: timers started before still fire, events still come.
test_hibernate() ->
    P = events(s),
    ok = run(P, fun(F, _, _) ->
                        {keep_state_and_data, [{reply, F, ok}, {state_timeout, 50, st}, hibernate]}
                end),
    ?ASSERT_MATCH({event, state_timeout, st, s}, recv()),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, {hibernate, true}]} end),
    timer:sleep(20),
    ?ASSERT_MATCH({status, waiting}, erlang:process_info(P, status)),
    ?ASSERT_MATCH(s, run(P, fun(F, S, _) -> {keep_state_and_data, [{reply, F, S}]} end)),
    gen_statem:cast(P, hello),
    ?ASSERT_MATCH({event, cast, hello, s}, recv()),
    ok = run(P, fun(F, _, _) -> {keep_state_and_data, [{reply, F, ok}, hibernate, {timeout, 30, et}]} end),
    ?ASSERT_MATCH({event, timeout, et, s}, recv()),
    ?MATCH({s, _}, sys:get_state(P)),
    gen_statem:stop(P),
    ok.
