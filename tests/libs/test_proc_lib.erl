%% proc_lib: spawning with ancestors and initial call, synchronous start, crash exits.
-module(test_proc_lib).
-export([test_spawn/0, test_start/0, test_start_link/0, test_initial_call/0, test_crash/0,
         test_start_monitor/0]).
-export([child/2, wait/0]).
-include("etest.hrl").

child(Parent, How) ->
    case How of
        ok -> proc_lib:init_ack({started, self()}), wait();
        with_parent -> proc_lib:init_ack(Parent, with_parent), wait();
        silent -> wait();
        die -> exit(died_early)
    end.

wait() -> receive stop -> ok end.

test_spawn() ->
    Self = self(),
    P = proc_lib:spawn(fun() -> Self ! {anc, get('$ancestors')} end),
    ?ASSERT_MATCH({anc, [Self]}, (fun() -> receive {anc, _} = M -> M after 1000 -> none end end)()),
    P2 = proc_lib:spawn_link(?MODULE, wait, []),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_TRUE(lists:member(P2, Links)),
    P2 ! stop,
    P3 = proc_lib:spawn(fun() -> Self ! {nested, proc_lib:spawn(fun() -> Self ! {anc, get('$ancestors')} end)} end),
    ?ASSERT_MATCH({anc, [P3, Self]}, (fun() -> receive {anc, _} = M3 -> M3 after 1000 -> none end end)()),
    _ = P,
    ok.

test_start() ->
    {started, P} = proc_lib:start(?MODULE, child, [self(), ok]),
    ?ASSERT_TRUE(is_pid(P)),
    ?ASSERT_MATCH(with_parent, proc_lib:start(?MODULE, child, [self(), with_parent])),
    ?ASSERT_MATCH({error, timeout}, proc_lib:start(?MODULE, child, [self(), silent], 50)),
    ?ASSERT_MATCH({error, died_early}, proc_lib:start(?MODULE, child, [self(), die], 1000)),
    %% The start functions monitor the child themselves: a monitor option is refused.
    ?ASSERT_ERROR(proc_lib:start(?MODULE, child, [self(), ok], 1000, [monitor]), badarg),
    ?ASSERT_ERROR(proc_lib:start_link(?MODULE, child, [self(), ok], 1000, [{monitor, []}]), badarg),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_FALSE(lists:member(P, Links)),
    P ! stop,
    ok.

test_start_link() ->
    process_flag(trap_exit, true),
    {started, P} = proc_lib:start_link(?MODULE, child, [self(), ok], 1000),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_TRUE(lists:member(P, Links)),
    P ! stop,
    ?ASSERT_MATCH({'EXIT', P, normal}, (fun() -> receive {'EXIT', P, _} = E -> E after 1000 -> none end end)()),
    ?ASSERT_MATCH({error, died_early}, proc_lib:start_link(?MODULE, child, [self(), die])),
    ?ASSERT_MATCH({error, timeout}, proc_lib:start_link(?MODULE, child, [self(), silent], 50)),
    ok.

test_initial_call() ->
    P = proc_lib:spawn(?MODULE, wait, []),
    timer:sleep(20),
    ?ASSERT_MATCH({?MODULE, wait, []}, proc_lib:initial_call(P)),
    ?ASSERT_MATCH({?MODULE, wait, 0}, proc_lib:translate_initial_call(P)),
    P ! stop,
    {started, Q} = proc_lib:start(?MODULE, child, [self(), ok]),
    ?ASSERT_MATCH({?MODULE, child, ['Argument__1', 'Argument__2']}, proc_lib:initial_call(Q)),
    ?ASSERT_MATCH({?MODULE, child, 2}, proc_lib:translate_initial_call(Q)),
    Q ! stop,
    F = proc_lib:spawn(fun() -> wait() end),
    timer:sleep(20),
    {?MODULE, Name, []} = proc_lib:initial_call(F),
    ?ASSERT_TRUE(is_atom(Name)),
    F ! stop,
    Plain = spawn(fun() -> wait() end),
    ?ASSERT_MATCH(false, proc_lib:initial_call(Plain)),
    ?ASSERT_MATCH({proc_lib, init_p, 5}, proc_lib:translate_initial_call(Plain)),
    Plain ! stop,
    ok.

%% The exit reasons of a crashed proc_lib process (its crash report goes to the log).
test_crash() ->
    Watch = fun(F) ->
                    {P, R} = spawn_monitor(fun() -> proc_lib:spawn_link(F), wait() end),
                    receive {'DOWN', R, process, P, Why} -> Why after 2000 -> none end
            end,
    ?ASSERT_MATCH(boom, Watch(fun() -> exit(boom) end)),
    {badarith, [_ | _]} = Watch(fun() -> 1 / zero() end),
    {{nocatch, up}, [_ | _]} = Watch(fun() -> throw(up) end),
    ok.

zero() -> 0.

test_start_monitor() ->
    {{started, P}, Ref} = proc_lib:start_monitor(?MODULE, child, [self(), ok]),
    ?ASSERT_TRUE(is_reference(Ref)),
    P ! stop,
    ?ASSERT_MATCH({'DOWN', Ref, process, P, normal},
                  (fun() -> receive {'DOWN', Ref, _, _, _} = D -> D after 1000 -> none end end)()),
    %% A process that dies before acking: the error, and its 'DOWN' still to come.
    {{error, died_early}, Ref2} = proc_lib:start_monitor(?MODULE, child, [self(), die], 1000),
    ?ASSERT_MATCH(died_early,
                  (fun() -> receive {'DOWN', Ref2, _, _, R} -> R after 1000 -> none end end)()),
    ok.
