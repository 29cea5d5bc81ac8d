%% sets (version 1 and the map form, version 2) and dict: results independent of their
%% opaque representations.
-module(test_sets).
-export([test_v1/0, test_v2/0, test_dict/0]).
-include("etest.hrl").

test_v1() -> common(sets:new(), fun sets:from_list/1).

test_v2() ->
    ?ASSERT_MATCH(#{}, sets:new([{version, 2}])),
    ?ASSERT_MATCH(#{a => []}, sets:from_list([a, a], [{version, 2}])),
    common(sets:new([{version, 2}]), fun(L) -> sets:from_list(L, [{version, 2}]) end).

common(Empty, From) ->
    S = From([3, 1, 2, 1]),
    ?ASSERT_TRUE(sets:is_set(S)),
    ?ASSERT_TRUE(sets:is_set(Empty)),
    ?ASSERT_FALSE(sets:is_set([1])),
    ?ASSERT_TRUE(sets:is_empty(Empty)),
    ?ASSERT_MATCH(3, sets:size(S)),
    ?ASSERT_MATCH([1, 2, 3], lists:sort(sets:to_list(S))),
    ?ASSERT_TRUE(sets:is_element(2, S)),
    ?ASSERT_FALSE(sets:is_element(2.0, S)),
    S4 = sets:add_element(2.0, S),
    ?ASSERT_MATCH(4, sets:size(S4)),
    ?ASSERT_MATCH([1, 3], lists:sort(sets:to_list(sets:del_element(2, S)))),
    ?ASSERT_MATCH([1, 2, 3, 9], lists:sort(sets:to_list(sets:union(S, From([9, 1]))))),
    ?ASSERT_MATCH([1, 2, 3, 9], lists:sort(sets:to_list(sets:union([S, From([9]), Empty])))),
    ?ASSERT_MATCH([1], sets:to_list(sets:intersection(S, From([9, 1])))),
    ?ASSERT_MATCH([1], sets:to_list(sets:intersection([S, From([1, 2]), From([1])]))),
    ?ASSERT_MATCH([2, 3], lists:sort(sets:to_list(sets:subtract(S, From([1]))))),
    ?ASSERT_TRUE(sets:is_subset(From([1, 3]), S)),
    ?ASSERT_FALSE(sets:is_subset(From([1, 4]), S)),
    ?ASSERT_TRUE(sets:is_disjoint(S, From([7]))),
    ?ASSERT_FALSE(sets:is_disjoint(S, From([3]))),
    ?ASSERT_MATCH(6, sets:fold(fun(X, A) -> X + A end, 0, S)),
    ?ASSERT_MATCH([1, 3], lists:sort(sets:to_list(sets:filter(fun(X) -> X =/= 2 end, S)))),
    ok.

test_dict() ->
    D = dict:from_list([{b, 2}, {a, 1}, {b, 3}]),
    ?ASSERT_MATCH([{a, 1}, {b, 3}], lists:sort(dict:to_list(D))),
    ?ASSERT_MATCH(2, dict:size(D)),
    ?ASSERT_MATCH(3, dict:fetch(b, D)),
    ?ASSERT_MATCH({ok, 1}, dict:find(a, D)),
    ?ASSERT_MATCH(error, dict:find(1.0, dict:from_list([{1, x}]))),
    ?ASSERT_TRUE(dict:is_key(a, D)),
    ?ASSERT_MATCH([a, b], lists:sort(dict:fetch_keys(D))),
    ?ASSERT_MATCH([{b, 3}], dict:to_list(dict:erase(a, D))),
    {1, D1} = dict:take(a, D),
    ?ASSERT_MATCH([{b, 3}], dict:to_list(D1)),
    ?ASSERT_MATCH(error, dict:take(z, D)),
    ?ASSERT_MATCH(0, dict:fetch(c, dict:store(c, 0, D))),
    ?ASSERT_MATCH([x, y], dict:fetch(l, dict:append(l, y, dict:append(l, x, D)))),
    ?ASSERT_MATCH([x, y, z], dict:fetch(l, dict:append_list(l, [y, z], dict:append(l, x, D)))),
    ?ASSERT_MATCH(10, dict:fetch(a, dict:update(a, fun(V) -> V * 10 end, D))),
    ?ASSERT_MATCH(7, dict:fetch(c, dict:update(c, fun(V) -> V end, 7, D))),
    ?ASSERT_MATCH(6, dict:fetch(a, dict:update_counter(a, 5, D))),
    ?ASSERT_MATCH(4, dict:fold(fun(_, V, A) -> V + A end, 0, D)),
    ?ASSERT_MATCH([{a, 2}, {b, 6}], lists:sort(dict:to_list(dict:map(fun(_, V) -> 2 * V end, D)))),
    ?ASSERT_MATCH([{b, 3}], dict:to_list(dict:filter(fun(_, V) -> V > 1 end, D))),
    ?ASSERT_MATCH([{a, 1}, {b, 33}, {c, 4}],
                  lists:sort(dict:to_list(dict:merge(fun(_, V1, V2) -> V1 * 10 + V2 end, D, dict:from_list([{b, 3}, {c, 4}]))))),
    ?ASSERT_TRUE(dict:is_empty(dict:new())),
    ?ASSERT_EXCEPTION(dict:fetch(z, D), error, badarg),
    ?ASSERT_EXCEPTION(dict:update(z, fun(V) -> V end, D), error, badarg),
    ok.
