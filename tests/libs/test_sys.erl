%% sys on a gen_server (this module is its callback module); gen_statem's side is in
%% test_gen_statem.
-module(test_sys).
-export([test_get_replace/0, test_suspend/0, test_status/0, test_errors/0]).
-export([init/1, handle_call/3, handle_cast/2, terminate/2]).
-include("etest.hrl").

init(S) -> {ok, S}.
handle_call(get, _From, S) -> {reply, S, S};
handle_call({set, V}, _From, _S) -> {reply, ok, V}.
handle_cast({tell, Pid}, S) -> Pid ! {state, S}, {noreply, S}.
terminate(Reason, {report_to, Pid}) -> Pid ! {terminated, Reason};
terminate(_, _) -> ok.

recv() -> receive M -> M after 1000 -> none end.

test_get_replace() ->
    {ok, P} = gen_server:start(?MODULE, 1, []),
    ?ASSERT_MATCH(1, sys:get_state(P)),
    ?ASSERT_MATCH(1, sys:get_state(P, 1000)),
    ?ASSERT_MATCH(2, sys:replace_state(P, fun(N) -> N + 1 end)),
    ?ASSERT_MATCH(2, gen_server:call(P, get)),
    ?ASSERT_MATCH(12, sys:replace_state(P, fun(N) -> N + 10 end, 1000)),
    {ok, N} = gen_server:start({local, test_sys_named}, ?MODULE, named, []),
    ?ASSERT_MATCH(named, sys:get_state(test_sys_named)),
    ?ASSERT_MATCH(N, whereis(test_sys_named)),
    ok = gen_server:stop(N),
    ok = gen_server:stop(P),
    ok.

test_suspend() ->
    {ok, P} = gen_server:start(?MODULE, s, []),
    ?ASSERT_MATCH(ok, sys:suspend(P)),
    gen_server:cast(P, {tell, self()}),
    ?ASSERT_MATCH(none, (fun() -> receive M -> M after 60 -> none end end)()),
    %% A suspended server still answers system messages.
    ?ASSERT_MATCH(s, sys:get_state(P)),
    ?ASSERT_MATCH(t, sys:replace_state(P, fun(_) -> t end)),
    ?ASSERT_MATCH(ok, sys:resume(P)),
    ?ASSERT_MATCH({state, t}, recv()),
    ok = gen_server:stop(P),
    ok.

test_status() ->
    {ok, P} = gen_server:start(?MODULE, s, []),
    {status, P, {module, gen_server}, [Dict, running, _Parent, _Debug, _Misc]} = sys:get_status(P),
    ?ASSERT_TRUE(is_list(Dict)),
    ok = sys:suspend(P),
    {status, P, {module, gen_server}, [_, suspended | _]} = sys:get_status(P, 1000),
    ok = sys:resume(P),
    {ok, s} = {ok, gen_server:call(P, get)},
    ok = gen_server:call(P, {set, {report_to, self()}}),
    ?ASSERT_MATCH(ok, sys:terminate(P, {shutdown, sys})),
    ?ASSERT_MATCH({terminated, {shutdown, sys}}, recv()),
    ok.

test_errors() ->
    ?ASSERT_EXIT(sys:get_state(test_sys_nobody), {noproc, {sys, get_state, [test_sys_nobody]}}),
    ?ASSERT_EXIT(sys:suspend(test_sys_nobody), {noproc, {sys, suspend, [test_sys_nobody]}}),
    {ok, P} = gen_server:start(?MODULE, s, []),
    %% A failing fun leaves the state as it was.
    ?ASSERT_ERROR(sys:replace_state(P, fun(_) -> error(oops) end)),
    ?ASSERT_MATCH(s, sys:get_state(P)),
    ok = gen_server:stop(P),
    ok.
