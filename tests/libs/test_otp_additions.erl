%% What OTP 26 to 29 added to the library modules we mirror (found by `cargo xtask otp-exports`),
%% with OTP 29's results: this suite runs under OTP 29's erl too.
-module(test_otp_additions).
-export([test_lists/0, test_maps_iterator/0, test_sets/0, test_ordsets_gb_sets/0,
         test_gb_trees/0, test_binary_join/0, test_jaro/0, test_timer/0,
         test_calendar_system_time/0, test_proc_lib_supervisor/0]).
-export([init/1, start_worker/0]).
-include("etest.hrl").

test_lists() ->
    ?ASSERT_MATCH([{1, a}, {2, b}], lists:zip([1, 2, 3], [a, b], trim)),
    ?ASSERT_MATCH([{1, a}, {2, b}, {3, y}], lists:zip([1, 2, 3], [a, b], {pad, {x, y}})),
    ?ASSERT_MATCH([{x, a}, {x, b}], lists:zip([], [a, b], {pad, {x, y}})),
    ?ASSERT_EXCEPTION(lists:zip([1, 2, 3], [a, b], fail), error, function_clause),
    ?ASSERT_MATCH([{1, a, p}], lists:zip3([1, 2], [a], [p, q], trim)),
    ?ASSERT_MATCH([{1, a, p}, {2, y, q}, {x, y, r}],
                  lists:zip3([1, 2], [a], [p, q, r], {pad, {x, y, z}})),
    ?ASSERT_MATCH([11, 22], lists:zipwith(fun(A, B) -> A + B end, [1, 2], [10, 20, 30], trim)),
    ?ASSERT_MATCH([11, 22, 30],
                  lists:zipwith(fun(A, B) -> A + B end, [1, 2], [10, 20, 30], {pad, {0, 0}})),
    ?ASSERT_MATCH([111],
                  lists:zipwith3(fun(A, B, C) -> A + B + C end, [1], [10, 20], [100], trim)),
    ?ASSERT_MATCH([{10, a}, {8, b}, {6, c}], lists:enumerate(10, -2, [a, b, c])),
    ?ASSERT_MATCH([], lists:enumerate(1, 5, [])),
    ok.

test_maps_iterator() ->
    M = #{3 => a, 1 => b, 2 => c},
    ?ASSERT_MATCH([{1, b}, {2, c}, {3, a}], maps:to_list(maps:iterator(M, ordered))),
    ?ASSERT_MATCH([{3, a}, {2, c}, {1, b}], maps:to_list(maps:iterator(M, reversed))),
    ?ASSERT_MATCH({3, a, {2, c, {1, b, none}}},
                  maps:next(maps:iterator(M, fun(A, B) -> A >= B end))),
    ?ASSERT_MATCH([{2, b}, {-0.0, d}, {1.0, a}, {a, c}],
                  maps:to_list(maps:iterator(#{1.0 => a, 2 => b, a => c, -0.0 => d}, ordered))),
    ?ASSERT_MATCH(#{1 => b}, maps:filter(fun(K, _) -> K < 2 end, maps:iterator(M, ordered))),
    ?ASSERT_EXCEPTION(maps:iterator(M, sideways), error, badarg),
    ?ASSERT_EXCEPTION(maps:iterator(x, ordered), error, badarg),
    ?ASSERT_TRUE(maps:is_iterator_valid(maps:iterator(#{}))),
    ?ASSERT_TRUE(maps:is_iterator_valid(maps:iterator(M, ordered))),
    ?ASSERT_FALSE(maps:is_iterator_valid(foo)),
    ok.

test_sets() ->
    %% OTP 28+: version 2 (a map) by default.
    ?ASSERT_MATCH(#{}, sets:new()),
    ?ASSERT_MATCH(#{a => [], b => []}, sets:from_list([b, a, b])),
    V1 = sets:from_list([1, 2], [{version, 1}]),
    ?ASSERT_FALSE(is_map(V1)),
    ?ASSERT_MATCH([1, 2], lists:sort(sets:to_list(V1))),
    ?ASSERT_TRUE(sets:is_equal(sets:from_list([1, 2]), sets:from_list([2, 1]))),
    ?ASSERT_FALSE(sets:is_equal(sets:from_list([1]), sets:from_list([1.0]))),
    %% Keys only: a map whose values are not [] is equal when its keys are (OTP 29).
    ?ASSERT_TRUE(sets:is_equal(sets:from_list([1, 2]), #{1 => true, 2 => true})),
    ?ASSERT_FALSE(sets:is_equal(sets:from_list([1, 2]), #{1 => true, 3 => true})),
    ?ASSERT_MATCH([0, 1], lists:sort(sets:to_list(sets:map(fun(X) -> X rem 2 end,
                                                           sets:from_list([1, 2, 3]))))),
    ?ASSERT_MATCH([2, 30],
                  lists:sort(sets:to_list(sets:filtermap(fun(X) when X > 2 -> {true, X * 10};
                                                            (2) -> true;
                                                            (_) -> false
                                                         end, sets:from_list([1, 2, 3]))))),
    ok.

test_ordsets_gb_sets() ->
    ?ASSERT_TRUE(ordsets:is_equal([1], [1.0])),
    ?ASSERT_MATCH([-3, -2, -1], ordsets:map(fun(X) -> -X end, [1, 2, 3])),
    ?ASSERT_MATCH([0, 1], ordsets:filtermap(fun(X) -> {true, X div 2} end, [1, 2, 3])),
    G = gb_sets:from_list([1, 2, 3]),
    ?ASSERT_TRUE(gb_sets:is_equal(gb_sets:from_list([1]), gb_sets:from_list([1.0]))),
    ?ASSERT_FALSE(gb_sets:is_equal(G, gb_sets:from_list([1, 2]))),
    ?ASSERT_MATCH([0, 1], gb_sets:to_list(gb_sets:map(fun(X) -> X div 2 end, G))),
    ?ASSERT_MATCH([2, 3], gb_sets:to_list(gb_sets:filtermap(fun(X) -> X > 1 end, G))),
    ok.

test_gb_trees() ->
    T = gb_trees:from_list([{b, 1}, {a, 2}, {a, 3}]),
    ?ASSERT_MATCH([{a, 3}, {b, 1}], gb_trees:to_list(T)),
    ?ASSERT_MATCH(2, gb_trees:size(T)),
    ?ASSERT_MATCH([], gb_trees:to_list(gb_trees:from_list([]))),
    ok.

test_binary_join() ->
    ?ASSERT_MATCH(<<"a, b, c">>, binary:join([<<"a">>, <<"b">>, <<"c">>], <<", ">>)),
    ?ASSERT_MATCH(<<"a">>, binary:join([<<"a">>], <<",">>)),
    ?ASSERT_MATCH(<<>>, binary:join([], <<",">>)),
    ?ASSERT_EXCEPTION(binary:join([a], <<",">>), error, badarg),
    ok.

test_jaro() ->
    ?ASSERT_MATCH(0.9444444444444445, string:jaro_similarity("martha", "marhta")),
    ?ASSERT_MATCH(0.8222222222222223, string:jaro_similarity("DWAYNE", "DUANE")),
    ?ASSERT_MATCH(0.8666666666666667, string:jaro_similarity(<<"héllo"/utf8>>, "hello")),
    ?ASSERT_MATCH(1.0, string:jaro_similarity("", "")),
    ?ASSERT_MATCH(0.0, string:jaro_similarity("abc", "")),
    ?ASSERT_MATCH(0.0, string:jaro_similarity("abc", "xyz")),
    ok.

test_timer() ->
    {T, [1, 2, 3]} = timer:tc(lists, seq, [1, 3], nanosecond),
    ?ASSERT_TRUE(is_integer(T) andalso T >= 0),
    ?ASSERT_MATCH(1000003, timer:now_diff({1, 2, 3}, {1, 1, 0})),
    Self = self(),
    {ok, _} = timer:apply_after(10, fun() -> Self ! fired end),
    ?ASSERT_MATCH(fired, receive fired -> fired after 2000 -> none end),
    {ok, _} = timer:apply_after(10, fun(X) -> Self ! {fired, X} end, [x]),
    ?ASSERT_MATCH({fired, x}, (fun() -> receive {fired, X} -> {fired, X} after 2000 -> none end end)()),
    {ok, R} = timer:apply_repeatedly(10, fun() -> Self ! tick end),
    ?ASSERT_MATCH([tick, tick], [receive tick -> tick after 2000 -> none end || _ <- [1, 2]]),
    {ok, cancel} = timer:cancel(R),
    {ok, I} = timer:apply_interval(10, fun(X) -> Self ! X end, [tock]),
    ?ASSERT_MATCH(tock, receive tock -> tock after 2000 -> none end),
    {ok, cancel} = timer:cancel(I),
    ok.

%% Local time is UTC on our VM; under erl the TZ of the test run decides, so only UTC-independent
%% facts are checked.
test_calendar_system_time() ->
    ?ASSERT_MATCH(1, calendar:universal_time_to_system_time({{1970, 1, 1}, {0, 0, 1}})),
    ?ASSERT_MATCH(1000, calendar:universal_time_to_system_time({{1970, 1, 1}, {0, 0, 1}},
                                                               [{unit, millisecond}])),
    ?ASSERT_MATCH(-315619199,
                  calendar:universal_time_to_system_time({{1960, 1, 1}, {0, 0, 1}})),
    ?ASSERT_EXCEPTION(calendar:universal_time_to_system_time(x), error),
    [_ | _] = calendar:local_time_to_universal_time_dst({{2020, 6, 1}, {12, 0, 0}}),
    ok.

test_proc_lib_supervisor() ->
    ok = proc_lib:set_label({worker, 1}),
    ?ASSERT_MATCH({worker, 1}, proc_lib:get_label(self())),
    P = proc_lib:spawn(node(), fun() -> receive stop -> ok end end),
    ?ASSERT_MATCH(undefined, proc_lib:get_label(P)),
    P ! stop,
    {ok, Sup} = supervisor:start_link(?MODULE, []),
    {ok, {w, W, worker, [?MODULE]}} = supervisor:which_child(Sup, w),
    ?ASSERT_TRUE(is_pid(W)),
    ?ASSERT_MATCH({error, not_found}, supervisor:which_child(Sup, nobody)),
    ?ASSERT_MATCH(?MODULE, supervisor:get_callback_module(Sup)),
    unlink(Sup),
    ok = supervisor:stop(Sup),
    ok.

%% The supervisor of test_proc_lib_supervisor/0 and its worker.
init([]) ->
    {ok, {#{strategy => one_for_one},
          [#{id => w, start => {?MODULE, start_worker, []}, modules => [?MODULE]}]}}.

start_worker() -> {ok, spawn_link(fun() -> receive stop -> ok end end)}.
