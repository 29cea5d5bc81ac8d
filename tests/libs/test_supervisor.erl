%% supervisor: this module is the supervisor callback module and the workers' gen_server
%% callback module (init/1 tells them apart). Workers tell the test process when they start,
%% so restarts are awaited as messages.
-module(test_supervisor).
-export([test_one_for_one/0, test_one_for_all/0, test_rest_for_one/0,
         test_simple_one_for_one/0, test_restart_types/0, test_shutdown/0,
         test_intensity/0, test_child_api/0, test_check_childspecs/0, test_init/0,
         test_gen_server_crash/0]).
-export([init/1, handle_call/3, handle_cast/2, terminate/2]).
-export([worker/2, worker/3, stubborn/1, failing/0, ignoring/0]).
-include("etest.hrl").

%% ---- callbacks ----

init({sup, Flags, Specs}) -> {ok, {Flags, Specs}};
init(sup_ignore) -> ignore;
init(sup_bad) -> {ok, nonsense};
init({worker, Tell, Id, Opts}) ->
    lists:member(trap, Opts) andalso process_flag(trap_exit, true),
    Tell ! {started, Id, self()},
    {ok, {Tell, Id, 0}}.

handle_call(bump, _From, {T, I, N}) -> {reply, N + 1, {T, I, N + 1}};
handle_call(crash, _From, _S) -> error(worker_crash);
handle_call(stop, _From, S) -> {stop, normal, ok, S}.

handle_cast(_, S) -> {noreply, S}.

terminate(Reason, {Tell, Id, _}) -> Tell ! {terminated, Id, Reason}, ok.

%% ---- child start functions ----

worker(Tell, Id) -> worker(Tell, Id, []).
worker(Tell, Id, Opts) -> gen_server:start_link(?MODULE, {worker, Tell, Id, Opts}, []).

%% A child that traps exits and ignores shutdown, so only a kill ends it.
stubborn(Tell) ->
    Pid = spawn_link(fun() ->
                             process_flag(trap_exit, true),
                             Tell ! {started, stubborn, self()},
                             stubborn_loop()
                     end),
    {ok, Pid}.

stubborn_loop() -> receive _ -> stubborn_loop() end.

failing() -> {error, no_luck}.
ignoring() -> ignore.

%% ---- helpers ----

spec(Id) -> spec(Id, #{}).
spec(Id, Extra) -> maps:merge(#{id => Id, start => {?MODULE, worker, [self(), Id]}}, Extra).

sup(Flags, Specs) -> supervisor:start_link(?MODULE, {sup, Flags, Specs}).

started(Id) ->
    receive {started, Id, Pid} -> Pid after 5000 -> error({not_started, Id}) end.

no_start() ->
    receive {started, _, _} = M -> error({unexpected, M}) after 100 -> ok end.

pids(Sup) -> [{Id, P} || {Id, P, _, _} <- supervisor:which_children(Sup)].

kill(Pid) ->
    Ref = erlang:monitor(process, Pid),
    exit(Pid, kill),
    receive {'DOWN', Ref, process, Pid, _} -> ok after 5000 -> error(not_down) end.

%% Asks until the supervisor's view matches (its 'EXIT' may still be on its way).
until(F, Want) -> until(F, Want, 100).
until(F, Want, 0) -> F() =:= Want orelse error({never, Want, F()});
until(F, Want, N) ->
    case F() of
        Want -> true;
        _ -> timer:sleep(20), until(F, Want, N - 1)
    end.

stop(Sup) ->
    unlink(Sup),
    ok = gen_server:stop(Sup).

%% ---- tests ----

test_one_for_one() ->
    {ok, S} = sup(#{strategy => one_for_one}, [spec(a), spec(b), spec(c)]),
    A = started(a), B = started(b), C = started(c),
    ?ASSERT_MATCH([{c, C}, {b, B}, {a, A}], pids(S)),
    ?ASSERT_MATCH([{specs, 3}, {active, 3}, {supervisors, 0}, {workers, 3}],
                  supervisor:count_children(S)),
    kill(B),
    B2 = started(b),
    ?ASSERT_TRUE(B2 =/= B),
    no_start(),
    ?ASSERT_MATCH([{c, C}, {b, B2}, {a, A}], pids(S)),
    ?ASSERT_TRUE(is_process_alive(A) andalso is_process_alive(C)),
    stop(S),
    ?ASSERT_FALSE(is_process_alive(A) orelse is_process_alive(B2) orelse is_process_alive(C)),
    ok.

test_one_for_all() ->
    {ok, S} = sup({one_for_all, 3, 10}, [spec(a), spec(b), spec(c)]),
    A = started(a), B = started(b), C = started(c),
    kill(B),
    %% all three start again, in their start order
    A2 = started(a), B2 = started(b), C2 = started(c),
    ?ASSERT_FALSE(is_process_alive(A) orelse is_process_alive(C)),
    ?ASSERT_MATCH([{c, C2}, {b, B2}, {a, A2}], pids(S)),
    ?ASSERT_TRUE(lists:all(fun is_pid/1, [A2, B2, C2])),
    stop(S),
    ok.

test_rest_for_one() ->
    {ok, S} = sup(#{strategy => rest_for_one, intensity => 3}, [spec(a), spec(b), spec(c)]),
    A = started(a), B = started(b), C = started(c),
    kill(B),
    B2 = started(b), C2 = started(c),
    no_start(),
    ?ASSERT_TRUE(is_process_alive(A)),
    ?ASSERT_FALSE(is_process_alive(C)),
    ?ASSERT_MATCH([{c, C2}, {b, B2}, {a, A}], pids(S)),
    kill(C2),
    C3 = started(c),
    no_start(),
    ?ASSERT_MATCH([{c, C3}, {b, B2}, {a, A}], pids(S)),
    stop(S),
    ok.

test_simple_one_for_one() ->
    Template = #{id => ignored, start => {?MODULE, worker, [self()]}, restart => transient},
    {ok, S} = sup(#{strategy => simple_one_for_one}, [Template]),
    ?ASSERT_MATCH([], supervisor:which_children(S)),
    {ok, X} = supervisor:start_child(S, [x]),
    X = started(x),
    {ok, Y} = supervisor:start_child(S, [y]),
    Y = started(y),
    ?ASSERT_MATCH([{undefined, X, worker, [?MODULE]}, {undefined, Y, worker, [?MODULE]}],
                  lists:sort(supervisor:which_children(S))),
    ?ASSERT_MATCH([{specs, 1}, {active, 2}, {supervisors, 0}, {workers, 2}],
                  supervisor:count_children(S)),
    kill(X),
    X2 = started(x),
    ?ASSERT_MATCH(1, gen_server:call(X2, bump)),
    ok = gen_server:call(Y, stop),
    until(fun() -> [P || {_, P, _, _} <- supervisor:which_children(S)] end, [X2]),
    no_start(),
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, X2)),
    ?ASSERT_FALSE(is_process_alive(X2)),
    %% as OTP: a pid that is no child is fine once dead, not_found while it lives
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, X2)),
    ?ASSERT_MATCH({error, not_found}, supervisor:terminate_child(S, self())),
    ?ASSERT_MATCH({error, simple_one_for_one}, supervisor:terminate_child(S, x)),
    ?ASSERT_MATCH({error, simple_one_for_one}, supervisor:delete_child(S, x)),
    ?ASSERT_MATCH({error, simple_one_for_one}, supervisor:restart_child(S, x)),
    ?ASSERT_MATCH([], supervisor:which_children(S)),
    {ok, Z} = supervisor:start_child(S, [z]),
    Z = started(z),
    stop(S),
    ?ASSERT_FALSE(is_process_alive(Z)),
    ok.

test_restart_types() ->
    {ok, S} = sup(#{intensity => 10},
                  [spec(p), spec(t, #{restart => transient}), spec(tmp, #{restart => temporary})]),
    P = started(p), T = started(t), Tmp = started(tmp),
    %% a normal end: the permanent child is restarted, the transient one is not
    ok = gen_server:call(P, stop),
    P2 = started(p),
    ok = gen_server:call(T, stop),
    until(fun() -> pids(S) end, [{tmp, Tmp}, {t, undefined}, {p, P2}]),
    {ok, T2} = supervisor:restart_child(S, t),
    ?ASSERT_TRUE(is_pid(T2)),
    T2 = started(t),
    %% a crash: the transient child is restarted, the temporary one forgotten
    kill(T2),
    T3 = started(t),
    kill(Tmp),
    until(fun() -> pids(S) end, [{t, T3}, {p, P2}]),
    no_start(),
    stop(S),
    ok.

test_shutdown() ->
    Self = self(),
    Specs = [spec(brutal, #{start => {?MODULE, worker, [Self, brutal, [trap]]},
                            shutdown => brutal_kill}),
             spec(polite, #{start => {?MODULE, worker, [Self, polite, [trap]]},
                            shutdown => 2000}),
             spec(patient, #{start => {?MODULE, worker, [Self, patient, [trap]]},
                             shutdown => infinity}),
             #{id => stubborn, start => {?MODULE, stubborn, [Self]}, shutdown => 100}],
    {ok, S} = sup(#{}, Specs),
    B = started(brutal), Po = started(polite), Pa = started(patient), St = started(stubborn),
    %% brutal_kill: no terminate/2
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, brutal)),
    ?ASSERT_FALSE(is_process_alive(B)),
    receive {terminated, brutal, _} -> error(terminated) after 0 -> ok end,
    %% a timeout or infinity: a shutdown exit, which a trapping gen_server obeys
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, polite)),
    Got1 = receive {terminated, polite, R1} -> R1 after 0 -> none end,
    ?ASSERT_MATCH(shutdown, Got1),
    ?ASSERT_FALSE(is_process_alive(Po)),
    ?ASSERT_MATCH({error, not_found}, supervisor:terminate_child(S, Pa)),
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, patient)),
    Got2 = receive {terminated, patient, R2} -> R2 after 0 -> none end,
    ?ASSERT_MATCH(shutdown, Got2),
    %% a child that ignores the shutdown exit is killed when the timeout is over
    Ref = erlang:monitor(process, St),
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, stubborn)),
    Got3 = receive {'DOWN', Ref, _, _, R3} -> R3 after 0 -> none end,
    ?ASSERT_MATCH(killed, Got3),
    ?ASSERT_MATCH([{stubborn, undefined}, {patient, undefined}, {polite, undefined},
                   {brutal, undefined}], pids(S)),
    ?ASSERT_MATCH([{specs, 4}, {active, 0}, {supervisors, 0}, {workers, 4}],
                  supervisor:count_children(S)),
    %% the supervisor's own end shuts its children down, newest first
    {ok, Po2} = supervisor:restart_child(S, polite),
    {ok, Pa2} = supervisor:restart_child(S, patient),
    Po2 = started(polite), Pa2 = started(patient),
    stop(S),
    First = receive {terminated, _, _} = M1 -> M1 after 0 -> none end,
    Second = receive {terminated, _, _} = M2 -> M2 after 0 -> none end,
    ?ASSERT_MATCH({{terminated, patient, shutdown}, {terminated, polite, shutdown}},
                  {First, Second}),
    ok.

test_intensity() ->
    process_flag(trap_exit, true),
    {ok, S} = sup(#{strategy => one_for_one, intensity => 2, period => 60}, [spec(a), spec(b)]),
    A = started(a), B = started(b),
    kill(A),
    A2 = started(a),
    kill(B),
    B2 = started(b),
    Ref = erlang:monitor(process, S),
    kill(A2),
    %% a third restart within the period is one too many
    Down = receive {'DOWN', Ref, process, S, R} -> R after 5000 -> none end,
    ?ASSERT_MATCH(shutdown, Down),
    Exit = receive {'EXIT', S, R2} -> R2 after 5000 -> none end,
    ?ASSERT_MATCH(shutdown, Exit),
    ?ASSERT_FALSE(is_process_alive(B2)),
    no_start(),
    %% with intensity 0 the first crash ends the supervisor
    {ok, S2} = sup({one_for_all, 0, 1}, [spec(c)]),
    C = started(c),
    %% Monitored before the crash: with several schedulers the supervisor may be gone before
    %% kill/1 returns, and a monitor set then would say noproc.
    Ref2 = erlang:monitor(process, S2),
    kill(C),
    Down2 = receive {'DOWN', Ref2, process, S2, R3} -> R3 after 5000 -> none end,
    ?ASSERT_MATCH(shutdown, Down2),
    no_start(),
    ok.

test_child_api() ->
    {ok, S} = sup(#{}, []),
    ?ASSERT_MATCH([], supervisor:which_children(S)),
    {ok, A} = supervisor:start_child(S, spec(a)),
    A = started(a),
    {ok, B} = supervisor:start_child(S, {b, {?MODULE, worker, [self(), b]}, transient, 1000,
                                         worker, [?MODULE]}),
    B = started(b),
    ?ASSERT_MATCH([{b, B, worker, [?MODULE]}, {a, A, worker, [?MODULE]}],
                  supervisor:which_children(S)),
    ?ASSERT_MATCH({error, {already_started, A}}, supervisor:start_child(S, spec(a))),
    ?ASSERT_MATCH({error, running}, supervisor:delete_child(S, a)),
    ?ASSERT_MATCH({error, running}, supervisor:restart_child(S, a)),
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, a)),
    ?ASSERT_FALSE(is_process_alive(A)),
    ?ASSERT_MATCH({error, already_present}, supervisor:start_child(S, spec(a))),
    {ok, A2} = supervisor:restart_child(S, a),
    A2 = started(a),
    ?ASSERT_MATCH(ok, supervisor:terminate_child(S, a)),
    ?ASSERT_MATCH(ok, supervisor:delete_child(S, a)),
    ?ASSERT_MATCH({error, not_found}, supervisor:delete_child(S, a)),
    ?ASSERT_MATCH({error, not_found}, supervisor:terminate_child(S, a)),
    ?ASSERT_MATCH({error, not_found}, supervisor:restart_child(S, a)),
    %% the error holds OTP's child record
    ?ASSERT_MATCH({error, {no_luck, {child, undefined, f, {?MODULE, failing, []}, permanent, false,
                                     5000, worker, [?MODULE]}}},
                  supervisor:start_child(S, #{id => f, start => {?MODULE, failing, []}})),
    %% A start function that crashes gives {'EXIT', Why}; a thrown value counts as its result.
    {error, {{'EXIT', {undef, _}}, {child, undefined, u, {?MODULE, undefined_fun, []}, permanent,
                                    false, 5000, worker, [?MODULE]}}} =
        supervisor:start_child(S, #{id => u, start => {?MODULE, undefined_fun, []}}),
    {error, {{'EXIT', oops}, _}} = supervisor:start_child(S, #{id => u, start => {erlang, exit, [oops]}}),
    {error, {thrown, _}} = supervisor:start_child(S, #{id => u, start => {erlang, throw, [thrown]}}),
    ?ASSERT_MATCH({ok, undefined}, supervisor:start_child(S, #{id => i, start => {?MODULE, ignoring, []}})),
    ?ASSERT_MATCH({ok, undefined}, supervisor:start_child(S, #{id => j, start => {?MODULE, ignoring, []},
                                                             restart => temporary})),
    ?ASSERT_MATCH([{i, undefined}, {b, B}], pids(S)),
    ?ASSERT_MATCH({error, {invalid_restart_type, sometimes}},
                  supervisor:start_child(S, spec(c, #{restart => sometimes}))),
    ?ASSERT_MATCH({error, missing_start}, supervisor:start_child(S, #{id => d})),
    ?ASSERT_MATCH([{specs, 2}, {active, 1}, {supervisors, 0}, {workers, 2}],
                  supervisor:count_children(S)),
    stop(S),
    ok.

test_check_childspecs() ->
    M = {?MODULE, worker, []},
    ?ASSERT_MATCH(ok, supervisor:check_childspecs([])),
    ?ASSERT_MATCH(ok, supervisor:check_childspecs([#{id => a, start => M},
                                                   {b, M, temporary, brutal_kill, worker, dynamic}])),
    ?ASSERT_MATCH({error, {duplicate_child_name, a}},
                  supervisor:check_childspecs([#{id => a, start => M}, #{id => a, start => M}])),
    ?ASSERT_MATCH({error, missing_id}, supervisor:check_childspecs([#{start => M}])),
    ?ASSERT_MATCH({error, {invalid_mfa, x}}, supervisor:check_childspecs([#{id => a, start => x}])),
    ?ASSERT_MATCH({error, {invalid_shutdown, -1}},
                  supervisor:check_childspecs([#{id => a, start => M, shutdown => -1}])),
    ?ASSERT_MATCH({error, {invalid_child_type, boss}},
                  supervisor:check_childspecs([#{id => a, start => M, type => boss}])),
    ?ASSERT_MATCH({error, {invalid_modules, m}},
                  supervisor:check_childspecs([#{id => a, start => M, modules => m}])),
    ?ASSERT_MATCH({error, {invalid_child_spec, {a, b}}}, supervisor:check_childspecs([{a, b}])),
    ?ASSERT_MATCH({error, {badarg, x}}, supervisor:check_childspecs(x)),
    ok.

test_init() ->
    process_flag(trap_exit, true),
    ?ASSERT_MATCH(ignore, supervisor:start_link(?MODULE, sup_ignore)),
    ?ASSERT_MATCH({error, {bad_return, {?MODULE, init, {ok, nonsense}}}},
                  supervisor:start_link(?MODULE, sup_bad)),
    ?ASSERT_MATCH({error, {shutdown, {failed_to_start_child, f, no_luck}}},
                  sup(#{}, [spec(a), #{id => f, start => {?MODULE, failing, []}}])),
    A = started(a),
    ?ASSERT_FALSE(is_process_alive(A)),
    ?ASSERT_MATCH({error, {start_spec, missing_id}}, sup(#{}, [#{start => x}])),
    ?ASSERT_MATCH({error, {supervisor_data, {invalid_strategy, sideways}}},
                  sup(#{strategy => sideways}, [])),
    ?ASSERT_MATCH({error, {supervisor_data, {invalid_intensity, -1}}}, sup({one_for_one, -1, 5}, [])),
    {ok, S} = supervisor:start_link({local, test_sup_named}, ?MODULE, {sup, #{}, [spec(a)]}),
    NA = started(a),
    ?ASSERT_MATCH(S, whereis(test_sup_named)),
    ?ASSERT_MATCH({error, {already_started, S}},
                  supervisor:start_link({local, test_sup_named}, ?MODULE, {sup, #{}, []})),
    ?ASSERT_MATCH([{a, NA, worker, [?MODULE]}], supervisor:which_children(test_sup_named)),
    stop(S),
    ok.

%% A gen_server child that crashes in a call: the caller gets the exit, the supervisor logs
%% the crash and restarts the server with a fresh state.
test_gen_server_crash() ->
    {ok, S} = sup(#{}, [spec(w)]),
    W = started(w),
    ?ASSERT_MATCH(1, gen_server:call(W, bump)),
    ?ASSERT_MATCH(2, gen_server:call(W, bump)),
    {{worker_crash, [_ | _]}, {gen_server, call, [W, crash]}} =
        try gen_server:call(W, crash) catch exit:Why -> Why end,
    W2 = started(w),
    ?ASSERT_TRUE(W2 =/= W),
    ?ASSERT_MATCH(1, gen_server:call(W2, bump)),
    ?ASSERT_MATCH([{w, W2}], pids(S)),
    stop(S),
    ok.
