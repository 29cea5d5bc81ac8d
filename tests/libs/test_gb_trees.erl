%% gb_trees: OTP 25's API and OTP's tree shapes (structure-dependent results compared
%% exactly). larger/2, smaller/2 and iterator/2 (OTP 27) are checked against to_list/1 where
%% the running gb_trees has them (not in OTP 25's).
-module(test_gb_trees).
-export([test_basic/0, test_shape/0, test_delete_take/0, test_ends/0, test_iterators/0,
         test_errors/0, test_otp27/0]).
-include("etest.hrl").

seq_tree(L) -> lists:foldl(fun(K, A) -> gb_trees:insert(K, K * 10, A) end, gb_trees:empty(), L).

depth(nil) -> 0;
depth({_, _, S, B}) -> 1 + max(depth(S), depth(B)).

test_basic() ->
    E = gb_trees:empty(),
    ?ASSERT_MATCH({0, nil}, E),
    ?ASSERT_TRUE(gb_trees:is_empty(E)),
    T = seq_tree([3, 1, 2]),
    ?ASSERT_FALSE(gb_trees:is_empty(T)),
    ?ASSERT_MATCH(3, gb_trees:size(T)),
    ?ASSERT_MATCH({value, 20}, gb_trees:lookup(2, T)),
    ?ASSERT_MATCH({value, 20}, gb_trees:lookup(2.0, T)),
    ?ASSERT_MATCH(none, gb_trees:lookup(4, T)),
    ?ASSERT_MATCH(30, gb_trees:get(3, T)),
    ?ASSERT_TRUE(gb_trees:is_defined(1, T)),
    ?ASSERT_FALSE(gb_trees:is_defined(0, T)),
    ?ASSERT_MATCH([{1, 10}, {2, 20}, {3, 30}], gb_trees:to_list(T)),
    ?ASSERT_MATCH([1, 2, 3], gb_trees:keys(T)),
    ?ASSERT_MATCH([10, 20, 30], gb_trees:values(T)),
    T2 = gb_trees:update(2, x, T),
    ?ASSERT_MATCH([10, x, 30], gb_trees:values(T2)),
    ?ASSERT_MATCH([{1, 10}, {2, y}, {3, 30}, {4, z}],
                  gb_trees:to_list(gb_trees:enter(4, z, gb_trees:enter(2, y, T)))),
    ?ASSERT_MATCH([{1, {1, 10}}, {2, {2, 20}}, {3, {3, 30}}],
                  gb_trees:to_list(gb_trees:map(fun(K, V) -> {K, V} end, T))),
    ?ASSERT_MATCH(3, gb_trees:size(gb_trees:map(fun(_, V) -> V end, T))),
    ok.

test_shape() ->
    ?ASSERT_MATCH({5, {1, 10, nil, {2, 20, nil, {3, 30, nil, {4, 40, nil, {5, 50, nil, nil}}}}}},
                  seq_tree([1, 2, 3, 4, 5])),
    ?ASSERT_MATCH({4, {c, 3, {b, 2, {a, 1, nil, nil}, nil}, {d, 4, nil, nil}}},
                  gb_trees:from_orddict([{a, 1}, {b, 2}, {c, 3}, {d, 4}])),
    ?ASSERT_MATCH({3, {2, 20, {1, 10, nil, nil}, {3, 30, nil, nil}}},
                  gb_trees:balance(seq_tree([1, 2, 3]))),
    Big = seq_tree(lists:seq(1, 1000)),
    {_, BigNode} = Big,
    ?ASSERT_MATCH(17, depth(BigNode)),
    ?ASSERT_MATCH(468, element(1, BigNode)),
    ?ASSERT_MATCH(10, depth(element(2, gb_trees:balance(Big)))),
    Mixed = lists:foldl(fun(K, A) -> gb_trees:enter((K * 7919) rem 1009, K, A) end,
                        gb_trees:empty(), lists:seq(1, 1000)),
    ?ASSERT_MATCH(19, depth(element(2, Mixed))),
    ?ASSERT_MATCH(856, element(1, element(2, Mixed))),
    ?ASSERT_MATCH(1000, gb_trees:size(Mixed)),
    ?ASSERT_MATCH(lists:seq(0, 1008), lists:usort(gb_trees:keys(Mixed) ++ lists:seq(0, 1008))),
    ok.

test_delete_take() ->
    T = seq_tree([1, 2, 3, 4, 5]),
    ?ASSERT_MATCH({4, {1, 10, nil, {3, 30, nil, {4, 40, nil, {5, 50, nil, nil}}}}},
                  gb_trees:delete(2, T)),
    ?ASSERT_MATCH(T, gb_trees:delete_any(9, T)),
    ?ASSERT_MATCH([1, 2, 4, 5], gb_trees:keys(gb_trees:delete_any(3, T))),
    {30, T3} = gb_trees:take(3, T),
    ?ASSERT_MATCH([1, 2, 4, 5], gb_trees:keys(T3)),
    ?ASSERT_MATCH(4, gb_trees:size(T3)),
    ?ASSERT_MATCH(error, gb_trees:take_any(9, T)),
    {10, T1} = gb_trees:take_any(1, T),
    ?ASSERT_MATCH([2, 3, 4, 5], gb_trees:keys(T1)),
    B = gb_trees:balance(seq_tree(lists:seq(1, 20))),
    ?ASSERT_MATCH([{K, K * 10} || K <- lists:seq(1, 20), K rem 3 =/= 0],
                  gb_trees:to_list(lists:foldl(fun gb_trees:delete/2, B, [3, 6, 9, 12, 15, 18]))),
    ok.

test_ends() ->
    T = seq_tree([5, 2, 8, 1]),
    ?ASSERT_MATCH({1, 10}, gb_trees:smallest(T)),
    ?ASSERT_MATCH({8, 80}, gb_trees:largest(T)),
    {1, 10, T1} = gb_trees:take_smallest(T),
    ?ASSERT_MATCH([2, 5, 8], gb_trees:keys(T1)),
    {8, 80, T2} = gb_trees:take_largest(T1),
    ?ASSERT_MATCH([{2, 20}, {5, 50}], gb_trees:to_list(T2)),
    ?ASSERT_MATCH(2, gb_trees:size(T2)),
    ok.

walk(I) ->
    case gb_trees:next(I) of
        none -> [];
        {K, V, I1} -> [{K, V} | walk(I1)]
    end.

test_iterators() ->
    T = seq_tree(lists:seq(1, 30)),
    ?ASSERT_MATCH(none, gb_trees:next(gb_trees:iterator(gb_trees:empty()))),
    ?ASSERT_MATCH(gb_trees:to_list(T), walk(gb_trees:iterator(T))),
    ?ASSERT_MATCH([{K, K * 10} || K <- lists:seq(17, 30)], walk(gb_trees:iterator_from(17, T))),
    ?ASSERT_MATCH([{K, K * 10} || K <- lists:seq(17, 30)], walk(gb_trees:iterator_from(16.5, T))),
    ?ASSERT_MATCH([], walk(gb_trees:iterator_from(31, T))),
    ?ASSERT_MATCH(gb_trees:to_list(T), walk(gb_trees:iterator_from(-1, T))),
    ok.

test_errors() ->
    T = seq_tree([1, 2]),
    ?ASSERT_EXCEPTION(gb_trees:insert(1, x, T), error, {key_exists, 1}),
    ?ASSERT_EXCEPTION(gb_trees:get(3, T), error),
    ?ASSERT_EXCEPTION(gb_trees:update(3, x, T), error),
    ?ASSERT_EXCEPTION(gb_trees:delete(3, T), error),
    ?ASSERT_EXCEPTION(gb_trees:take(3, T), error),
    ?ASSERT_EXCEPTION(gb_trees:smallest(gb_trees:empty()), error),
    ?ASSERT_EXCEPTION(gb_trees:take_largest(gb_trees:empty()), error),
    ok.

%% OTP 27 additions: skipped where gb_trees lacks them (OTP 25 itself).
test_otp27() ->
    T = seq_tree([7, 3, 9, 1, 5]),
    try gb_trees:larger(3, T) of
        R ->
            ?ASSERT_MATCH({5, 50}, R),
            ?ASSERT_MATCH({1, 10}, gb_trees:larger(0, T)),
            ?ASSERT_MATCH(none, gb_trees:larger(9, T)),
            ?ASSERT_MATCH({7, 70}, gb_trees:smaller(9, T)),
            ?ASSERT_MATCH({5, 50}, gb_trees:smaller(6, T)),
            ?ASSERT_MATCH(none, gb_trees:smaller(1, T)),
            ?ASSERT_MATCH(lists:reverse(gb_trees:to_list(T)), walk(gb_trees:iterator(T, reversed))),
            ?ASSERT_MATCH(gb_trees:to_list(T), walk(gb_trees:iterator(T, ordered))),
            ?ASSERT_MATCH([{5, 50}, {3, 30}, {1, 10}], walk(gb_trees:iterator_from(6, T, reversed))),
            ?ASSERT_MATCH([{5, 50}, {3, 30}, {1, 10}], walk(gb_trees:iterator_from(5, T, reversed))),
            ok
    catch
        error:undef -> ok
    end.
