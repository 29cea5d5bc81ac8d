%% maps: the Erlang-side functions (on maps and on iterators) and their errors.
-module(test_maps).
-export([test_higher_order/0, test_groups/0, test_combine/0, test_update_with/0, test_errors/0, test_large/0]).
-include("etest.hrl").

test_higher_order() ->
    M = #{a => 1, b => 2, c => 3},
    ?ASSERT_MATCH(#{a => 2, b => 4, c => 6}, maps:map(fun(_, V) -> 2 * V end, M)),
    ?ASSERT_MATCH(#{b => 2}, maps:filter(fun(_, V) -> V rem 2 =:= 0 end, M)),
    ?ASSERT_MATCH(#{a => x, b => 2}, maps:filtermap(fun(a, _) -> {true, x}; (b, _) -> true; (_, _) -> false end, M)),
    ?ASSERT_MATCH(6, maps:fold(fun(_, V, A) -> V + A end, 0, M)),
    ?ASSERT_MATCH([a, b, c], lists:sort(maps:fold(fun(K, _, A) -> [K | A] end, [], M))),
    ?ASSERT_MATCH(6, maps:fold(fun(_, V, A) -> V + A end, 0, maps:iterator(M))),
    ?ASSERT_MATCH(#{a => 10, b => 20, c => 30}, maps:map(fun(_, V) -> 10 * V end, maps:iterator(M))),
    put(sum, 0),
    ?ASSERT_MATCH(ok, maps:foreach(fun(_, V) -> put(sum, get(sum) + V) end, M)),
    ?ASSERT_MATCH(6, get(sum)),
    ?ASSERT_MATCH(#{}, maps:map(fun(_, V) -> V end, #{})),
    ok.

test_groups() ->
    ?ASSERT_MATCH(#{0 => [2, 4], 1 => [1, 3, 5]}, maps:groups_from_list(fun(X) -> X rem 2 end, [1, 2, 3, 4, 5])),
    ?ASSERT_MATCH(#{3 => ["one", "two"], 5 => ["three"]},
                  maps:groups_from_list(fun erlang:length/1, ["one", "two", "three"])),
    ?ASSERT_MATCH(#{0 => [20], 1 => [10, 30]},
                  maps:groups_from_list(fun(X) -> X rem 2 end, fun(X) -> 10 * X end, [1, 2, 3])),
    ?ASSERT_MATCH(#{}, maps:groups_from_list(fun(X) -> X end, [])),
    ok.

test_combine() ->
    M1 = #{a => 1, b => 2},
    M2 = #{b => 20, c => 30},
    ?ASSERT_MATCH(#{b => 20}, maps:intersect(M1, M2)),
    ?ASSERT_MATCH(#{b => {b, 2, 20}}, maps:intersect_with(fun(K, V1, V2) -> {K, V1, V2} end, M1, M2)),
    ?ASSERT_MATCH(#{a => 1, b => 22, c => 30}, maps:merge_with(fun(_, V1, V2) -> V1 + V2 end, M1, M2)),
    ?ASSERT_MATCH(#{a => 1, b => {2, 20}, c => 30}, maps:merge_with(fun(_, V1, V2) -> {V1, V2} end, M1, M2)),
    ok.

test_update_with() ->
    ?ASSERT_MATCH(#{a => 2}, maps:update_with(a, fun(V) -> V + 1 end, #{a => 1})),
    ?ASSERT_MATCH(#{a => 1, b => 0}, maps:update_with(b, fun(V) -> V + 1 end, 0, #{a => 1})),
    ?ASSERT_MATCH(#{a => 2}, maps:update_with(a, fun(V) -> V + 1 end, 0, #{a => 1})),
    ?ASSERT_EXCEPTION(maps:update_with(b, fun(V) -> V end, #{a => 1}), error, {badkey, b}),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(maps:map(fun(_, V) -> V end, not_a_map), error, {badmap, not_a_map}),
    ?ASSERT_EXCEPTION(maps:fold(fun(_, V, A) -> V + A end, 0, [1]), error, {badmap, [1]}),
    ?ASSERT_EXCEPTION(maps:filter(not_a_fun, #{}), error, badarg),
    ?ASSERT_EXCEPTION(maps:merge_with(fun(_, A, _) -> A end, #{}, x), error, {badmap, x}),
    ?ASSERT_EXCEPTION(maps:intersect(x, #{}), error, {badmap, x}),
    ?ASSERT_EXCEPTION(maps:update_with(a, fun(V) -> V end, x), error, {badmap, x}),
    ?ASSERT_EXCEPTION(maps:groups_from_list(x, []), error, badarg),
    ok.

%% Past 32 keys (the hash form).
test_large() ->
    M = maps:from_list([{I, I} || I <- lists:seq(1, 1000)]),
    ?ASSERT_MATCH(500500, maps:fold(fun(_, V, A) -> V + A end, 0, M)),
    Evens = maps:filter(fun(K, _) -> K rem 2 =:= 0 end, M),
    ?ASSERT_MATCH(500, map_size(Evens)),
    ?ASSERT_MATCH(2000, maps:get(1000, maps:map(fun(_, V) -> 2 * V end, M))),
    ?ASSERT_MATCH(250, map_size(maps:intersect(Evens, maps:from_list([{I, x} || I <- lists:seq(1, 500)])))),
    ok.
