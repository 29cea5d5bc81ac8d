%% gen_event: this module is also the event handler under test. Its state is {Pid, Events}:
%% it tells Pid what happens to it.
-module(test_gen_event).
-export([test_start/0, test_handlers/0, test_notify/0, test_call/0, test_crash/0,
         test_remove_swap/0, test_sup_handler/0, test_stop/0, test_sys/0]).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
-include("etest.hrl").

-define(MATCH(Pattern, Expr),
        (fun(V__) ->
                 case V__ of
                     Pattern -> ok;
                     _ -> throw({failed_match, ?LINE, ??Pattern, V__})
                 end
         end)(Expr)).

%% ---- the handler ----

init({error, _} = E) -> E;
init(crash) -> error(init_crash);
init({Pid, {out, _, _} = Prev}) -> Pid ! {swapped_in, Prev}, {ok, {Pid, []}};
init(Pid) when is_pid(Pid) -> {ok, {Pid, []}}.

handle_event(crash, _) -> error(event_crash);
handle_event(bad, _) -> bad;
handle_event(remove, _) -> remove_handler;
handle_event({swap, Id}, S) -> {swap_handler, swap_out, S, {?MODULE, Id}, element(1, S)};
handle_event(E, {Pid, Es}) -> Pid ! {event, E}, {ok, {Pid, [E | Es]}}.

handle_call(events, {_, Es} = S) -> {ok, lists:reverse(Es), S};
handle_call(remove, _) -> {remove_handler, removed};
handle_call(crash, _) -> error(call_crash).

handle_info(I, {Pid, Es}) -> Pid ! {info, I}, {ok, {Pid, Es}}.

terminate(swap_out, {Pid, Es}) -> {out, Pid, Es};
terminate(Arg, {Pid, _}) -> Pid ! {terminate, Arg}, {terminated, Arg}.

%% ---- helpers ----

recv() -> receive M -> M after 1000 -> none end.
recv_none() -> receive M -> M after 50 -> none end.

%% ---- tests ----

test_start() ->
    {ok, M} = gen_event:start(),
    ?ASSERT_TRUE(is_pid(M)),
    {ok, N} = gen_event:start({local, test_ge_named}),
    ?ASSERT_MATCH(N, whereis(test_ge_named)),
    ?ASSERT_MATCH({error, {already_started, N}}, gen_event:start({local, test_ge_named})),
    {ok, L} = gen_event:start_link(),
    {links, Links} = erlang:process_info(self(), links),
    ?ASSERT_TRUE(lists:member(L, Links)),
    {ok, L2} = gen_event:start_link({local, test_ge_linked}),
    ?ASSERT_MATCH([], gen_event:which_handlers(test_ge_linked)),
    {ok, {Mon, Ref}} = gen_event:start_monitor(),
    {ok, {Mon2, _}} = gen_event:start_monitor({local, test_ge_mon}),
    ?ASSERT_MATCH({error, {already_started, Mon2}}, gen_event:start_monitor({local, test_ge_mon})),
    {ok, O} = gen_event:start([{timeout, 1000}]),
    {ok, O2} = gen_event:start({local, test_ge_opts}, []),
    ?ASSERT_MATCH({error, {already_started, O2}}, gen_event:start_link({local, test_ge_opts}, [])),
    {ok, O3} = gen_event:start_link([]),
    [ok = gen_event:stop(X) || X <- [M, test_ge_named, L, L2, Mon, Mon2, O, O2, O3]],
    ?ASSERT_MATCH({'DOWN', Ref, process, Mon, normal}, recv()),
    ?ASSERT_MATCH(undefined, whereis(test_ge_named)),
    ?ASSERT_EXIT(gen_event:stop(test_ge_named), noproc),
    ok.

test_handlers() ->
    {ok, M} = gen_event:start(),
    Self = self(),
    ?ASSERT_MATCH(ok, gen_event:add_handler(M, ?MODULE, Self)),
    ?ASSERT_MATCH(ok, gen_event:add_handler(M, {?MODULE, 1}, Self)),
    ?ASSERT_MATCH({error, nope}, gen_event:add_handler(M, {?MODULE, 2}, {error, nope})),
    ?MATCH({'EXIT', {init_crash, [_ | _]}}, gen_event:add_handler(M, {?MODULE, 3}, crash)),
    ?ASSERT_MATCH([{?MODULE, 1}, ?MODULE], gen_event:which_handlers(M)),
    ?ASSERT_MATCH({terminated, bye}, gen_event:delete_handler(M, {?MODULE, 1}, bye)),
    ?ASSERT_MATCH({terminate, bye}, recv()),
    ?ASSERT_MATCH({error, module_not_found}, gen_event:delete_handler(M, {?MODULE, 1}, bye)),
    ?ASSERT_MATCH([?MODULE], gen_event:which_handlers(M)),
    ok = gen_event:stop(M),
    ?ASSERT_MATCH({terminate, stop}, recv()),
    ok.

test_notify() ->
    {ok, M} = gen_event:start(),
    ok = gen_event:add_handler(M, {?MODULE, a}, self()),
    ok = gen_event:add_handler(M, {?MODULE, b}, self()),
    ?ASSERT_MATCH(ok, gen_event:notify(M, one)),
    ?ASSERT_MATCH({event, one}, recv()),
    ?ASSERT_MATCH({event, one}, recv()),
    ?ASSERT_MATCH(ok, gen_event:sync_notify(M, two)),
    %% sync_notify returns once every handler has had the event.
    ?ASSERT_MATCH({event, two}, recv_none()),
    ?ASSERT_MATCH({event, two}, recv_none()),
    M ! three,
    ?ASSERT_MATCH({info, three}, recv()),
    ?ASSERT_MATCH({info, three}, recv()),
    ?ASSERT_MATCH([one, two], gen_event:call(M, {?MODULE, a}, events)),
    ok = gen_event:stop(M),
    ?ASSERT_MATCH(ok, gen_event:notify(M, after_stop)),
    ?ASSERT_EXIT(gen_event:sync_notify(M, x), noproc),
    ?ASSERT_EXIT(gen_event:which_handlers(test_ge_nobody), noproc),
    ?ASSERT_ERROR(gen_event:notify(test_ge_nobody, x), badarg),
    ok.

test_call() ->
    {ok, M} = gen_event:start({local, test_ge_call}),
    ok = gen_event:add_handler(test_ge_call, ?MODULE, self()),
    ok = gen_event:notify(test_ge_call, e),
    ?ASSERT_MATCH([e], gen_event:call(test_ge_call, ?MODULE, events)),
    ?ASSERT_MATCH([e], gen_event:call(M, ?MODULE, events, 1000)),
    ?ASSERT_MATCH({error, bad_module}, gen_event:call(M, {?MODULE, x}, events)),
    ?ASSERT_EXIT(gen_event:call(test_ge_nobody, ?MODULE, events),
                 {noproc, {gen_event, call, [test_ge_nobody, ?MODULE, events]}}),
    ?ASSERT_MATCH(removed, gen_event:call(M, ?MODULE, remove)),
    ?ASSERT_MATCH([], gen_event:which_handlers(M)),
    ?ASSERT_MATCH({event, e}, recv()),
    ?ASSERT_MATCH({terminate, remove_handler}, recv()),
    ok = gen_event:stop(M),
    ok.

test_crash() ->
    {ok, M} = gen_event:start(),
    ok = gen_event:add_handler(M, {?MODULE, a}, self()),
    ok = gen_event:add_handler(M, {?MODULE, b}, self()),
    ok = gen_event:sync_notify(M, crash),
    %% Both crashed, both got terminate({error, {'EXIT', _}}) and are gone; the manager lives.
    ?MATCH({terminate, {error, {'EXIT', {event_crash, [_ | _]}}}}, recv()),
    ?MATCH({terminate, {error, {'EXIT', {event_crash, [_ | _]}}}}, recv()),
    ?ASSERT_MATCH([], gen_event:which_handlers(M)),
    ok = gen_event:add_handler(M, ?MODULE, self()),
    ok = gen_event:sync_notify(M, bad),
    ?ASSERT_MATCH({terminate, {error, bad}}, recv()),
    ok = gen_event:add_handler(M, ?MODULE, self()),
    ?MATCH({error, {'EXIT', {call_crash, [_ | _]}}}, gen_event:call(M, ?MODULE, crash)),
    ?MATCH({terminate, {error, {'EXIT', {call_crash, _}}}}, recv()),
    ?ASSERT_MATCH([], gen_event:which_handlers(M)),
    ?ASSERT_TRUE(is_process_alive(M)),
    ok = gen_event:stop(M),
    ok.

test_remove_swap() ->
    {ok, M} = gen_event:start(),
    ok = gen_event:add_handler(M, ?MODULE, self()),
    ok = gen_event:sync_notify(M, remove),
    ?ASSERT_MATCH({terminate, remove_handler}, recv()),
    ?ASSERT_MATCH([], gen_event:which_handlers(M)),
    ok = gen_event:add_handler(M, ?MODULE, self()),
    ok = gen_event:sync_notify(M, x),
    ?ASSERT_MATCH({event, x}, recv()),
    %% The new handler's init gets {Args2, what the old one's terminate returned}.
    ok = gen_event:sync_notify(M, {swap, new}),
    ?MATCH({swapped_in, {out, _, [x]}}, recv()),
    ?ASSERT_MATCH([{?MODULE, new}], gen_event:which_handlers(M)),
    ok = gen_event:stop(M),
    ok.

test_sup_handler() ->
    {ok, M} = gen_event:start(),
    Self = self(),
    ?ASSERT_MATCH(ok, gen_event:add_sup_handler(M, ?MODULE, Self)),
    ?ASSERT_MATCH({terminated, x}, gen_event:delete_handler(M, ?MODULE, x)),
    ?ASSERT_MATCH({terminate, x}, recv()),
    ?ASSERT_MATCH({gen_event_EXIT, ?MODULE, normal}, recv()),
    ok = gen_event:add_sup_handler(M, ?MODULE, Self),
    ok = gen_event:sync_notify(M, crash),
    ?MATCH({terminate, {error, _}}, recv()),
    ?MATCH({gen_event_EXIT, ?MODULE, {'EXIT', {event_crash, _}}}, recv()),
    %% The handler goes when the process that added it ends.
    Owner = spawn(fun() ->
                          ok = gen_event:add_sup_handler(M, {?MODULE, owned}, Self),
                          Self ! added,
                          receive stop -> ok end
                  end),
    ?ASSERT_MATCH(added, recv()),
    ?ASSERT_MATCH([{?MODULE, owned}], gen_event:which_handlers(M)),
    Owner ! stop,
    ?ASSERT_MATCH({terminate, {stop, normal}}, recv()),
    ?ASSERT_MATCH([], gen_event:which_handlers(M)),
    ok = gen_event:stop(M),
    ok.

test_stop() ->
    {ok, M} = gen_event:start(),
    ok = gen_event:add_handler(M, ?MODULE, self()),
    Ref = erlang:monitor(process, M),
    ?ASSERT_MATCH(ok, gen_event:stop(M, {shutdown, x}, 1000)),
    ?ASSERT_MATCH({terminate, stop}, recv()),
    ?ASSERT_MATCH({'DOWN', Ref, process, M, {shutdown, x}}, recv()),
    ok.

test_sys() ->
    {ok, M} = gen_event:start(),
    Self = self(),
    ok = gen_event:add_handler(M, {?MODULE, 1}, Self),
    ?ASSERT_MATCH([{?MODULE, 1, {Self, []}}], sys:get_state(M)),
    ?ASSERT_MATCH([{?MODULE, 1, {Self, [z]}}],
                  sys:replace_state(M, fun({Mod, Id, {P, _}}) -> {Mod, Id, {P, [z]}} end)),
    ?ASSERT_MATCH([z], gen_event:call(M, {?MODULE, 1}, events)),
    ok = gen_event:stop(M),
    ok.
