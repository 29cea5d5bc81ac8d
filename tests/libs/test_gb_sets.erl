%% gb_sets: OTP 25's API, OTP's tree shapes, set algebra on small and large sets (both of
%% OTP's strategies: merging and element-wise).
-module(test_gb_sets).
-export([test_basic/0, test_shape/0, test_algebra/0, test_iterators/0, test_misc/0,
         test_errors/0, test_otp27/0]).
-include("etest.hrl").

test_basic() ->
    E = gb_sets:new(),
    ?ASSERT_MATCH({0, nil}, E),
    ?ASSERT_MATCH(E, gb_sets:empty()),
    ?ASSERT_TRUE(gb_sets:is_empty(E)),
    S = gb_sets:from_list([3, 1, 2, 1]),
    ?ASSERT_FALSE(gb_sets:is_empty(S)),
    ?ASSERT_MATCH(3, gb_sets:size(S)),
    ?ASSERT_MATCH([1, 2, 3], gb_sets:to_list(S)),
    ?ASSERT_TRUE(gb_sets:is_member(2, S)),
    ?ASSERT_TRUE(gb_sets:is_element(2.0, S)),
    ?ASSERT_FALSE(gb_sets:is_member(4, S)),
    ?ASSERT_MATCH(S, gb_sets:add(2, S)),
    ?ASSERT_MATCH(S, gb_sets:add_element(1.0, S)),
    ?ASSERT_MATCH([0, 1, 2, 3], gb_sets:to_list(gb_sets:insert(0, S))),
    ?ASSERT_MATCH({1, {x, nil, nil}}, gb_sets:singleton(x)),
    ?ASSERT_MATCH([1, 3], gb_sets:to_list(gb_sets:delete(2, S))),
    ?ASSERT_MATCH(S, gb_sets:delete_any(7, S)),
    ?ASSERT_MATCH([1, 2], gb_sets:to_list(gb_sets:del_element(3, S))),
    ?ASSERT_MATCH(2, gb_sets:size(gb_sets:del_element(3, S))),
    ?ASSERT_MATCH(1, gb_sets:smallest(S)),
    ?ASSERT_MATCH(3, gb_sets:largest(S)),
    {1, S1} = gb_sets:take_smallest(S),
    ?ASSERT_MATCH([2, 3], gb_sets:to_list(S1)),
    {3, S2} = gb_sets:take_largest(S),
    ?ASSERT_MATCH({2, [1, 2]}, {gb_sets:size(S2), gb_sets:to_list(S2)}),
    ok.

test_shape() ->
    ?ASSERT_MATCH({6, {5, {4, {3, {2, {1, {0, nil, nil}, nil}, nil}, nil}, nil}, nil}},
                  lists:foldl(fun gb_sets:add/2, gb_sets:new(), [5, 4, 3, 2, 1, 0])),
    ?ASSERT_MATCH({4, {c, {b, {a, nil, nil}, nil}, {d, nil, nil}}},
                  gb_sets:from_ordset([a, b, c, d])),
    ?ASSERT_MATCH({4, {c, {b, {a, nil, nil}, nil}, {d, nil, nil}}},
                  gb_sets:from_list([d, a, c, b, a])),
    ?ASSERT_MATCH({5, {3, {1, nil, {2, nil, nil}}, {4, nil, {5, nil, nil}}}},
                  gb_sets:union(gb_sets:from_list([1, 3, 5]), gb_sets:from_list([2, 4]))),
    Down = lists:foldl(fun gb_sets:add/2, gb_sets:new(), lists:seq(1000, 1, -1)),
    ?ASSERT_MATCH(677, element(1, element(2, Down))),
    ?ASSERT_TRUE(gb_sets:balance(Down) =/= Down),
    ?ASSERT_MATCH(501, element(1, element(2, gb_sets:balance(Down)))),
    ok.

test_algebra() ->
    A = gb_sets:from_list(lists:seq(1, 20)),
    B = gb_sets:from_list(lists:seq(15, 30)),
    Small = gb_sets:from_list([0, 5, 50]),
    Big = gb_sets:from_list(lists:seq(1, 2000)),
    ?ASSERT_MATCH(lists:seq(1, 30), gb_sets:to_list(gb_sets:union(A, B))),
    ?ASSERT_MATCH(30, gb_sets:size(gb_sets:union(B, A))),
    ?ASSERT_MATCH(lists:seq(15, 20), gb_sets:to_list(gb_sets:intersection(A, B))),
    ?ASSERT_MATCH(lists:seq(1, 14), gb_sets:to_list(gb_sets:difference(A, B))),
    ?ASSERT_MATCH(lists:seq(21, 30), gb_sets:to_list(gb_sets:subtract(B, A))),
    %% Small against big: OTP inserts or searches element by element; the shapes match.
    U = gb_sets:union(Small, Big),
    ?ASSERT_MATCH(2001, gb_sets:size(U)),
    ?ASSERT_MATCH(U, lists:foldl(fun gb_sets:add/2, Big, [0, 5, 50])),
    ?ASSERT_MATCH({1, {5, nil, nil}}, gb_sets:intersection(Big, gb_sets:from_list([5, 5000]))),
    ?ASSERT_MATCH([0], gb_sets:to_list(gb_sets:difference(Small, Big))),
    ?ASSERT_MATCH(1998, gb_sets:size(gb_sets:difference(Big, Small))),
    ?ASSERT_MATCH({3, {5, {4, nil, nil}, {6, nil, nil}}},
                  gb_sets:intersection(A, gb_sets:from_list([4, 5, 6, 40]))),
    ?ASSERT_MATCH([16, 17, 18],
                  gb_sets:to_list(gb_sets:intersection([A, B, gb_sets:from_list([4, 16, 17, 18])]))),
    ?ASSERT_MATCH(lists:seq(1, 31), gb_sets:to_list(gb_sets:union([A, B, gb_sets:singleton(31)]))),
    ?ASSERT_MATCH({0, nil}, gb_sets:union([])),
    ?ASSERT_TRUE(gb_sets:is_subset(gb_sets:from_list([2, 3]), A)),
    ?ASSERT_TRUE(gb_sets:is_subset(gb_sets:empty(), A)),
    ?ASSERT_FALSE(gb_sets:is_subset(B, A)),
    ?ASSERT_TRUE(gb_sets:is_subset(A, Big)),
    ?ASSERT_FALSE(gb_sets:is_subset(Small, Big)),
    ?ASSERT_TRUE(gb_sets:is_disjoint(A, gb_sets:from_list([21, 0]))),
    ?ASSERT_FALSE(gb_sets:is_disjoint(A, B)),
    ?ASSERT_FALSE(gb_sets:is_disjoint(Big, Small)),
    ok.

walk(I) ->
    case gb_sets:next(I) of
        none -> [];
        {X, I1} -> [X | walk(I1)]
    end.

test_iterators() ->
    S = gb_sets:from_list(lists:seq(2, 60, 2)),
    ?ASSERT_MATCH(gb_sets:to_list(S), walk(gb_sets:iterator(S))),
    ?ASSERT_MATCH(lists:seq(40, 60, 2), walk(gb_sets:iterator_from(39, S))),
    ?ASSERT_MATCH(lists:seq(40, 60, 2), walk(gb_sets:iterator_from(40, S))),
    ?ASSERT_MATCH([], walk(gb_sets:iterator_from(61, S))),
    ?ASSERT_MATCH(none, gb_sets:next(gb_sets:iterator(gb_sets:new()))),
    ok.

test_misc() ->
    S = gb_sets:from_list(lists:seq(1, 10)),
    ?ASSERT_MATCH([2, 4, 6, 8, 10], gb_sets:to_list(gb_sets:filter(fun(X) -> X rem 2 =:= 0 end, S))),
    ?ASSERT_MATCH({5, {6, {4, {2, nil, nil}, nil}, {10, {8, nil, nil}, nil}}},
                  gb_sets:filter(fun(X) -> X rem 2 =:= 0 end, S)),
    ?ASSERT_MATCH(55, gb_sets:fold(fun(X, A) -> X + A end, 0, S)),
    ?ASSERT_MATCH([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], gb_sets:fold(fun(X, A) -> [X | A] end, [], S)),
    ?ASSERT_TRUE(gb_sets:is_set(S)),
    ?ASSERT_TRUE(gb_sets:is_set(gb_sets:new())),
    ?ASSERT_FALSE(gb_sets:is_set([1, 2])),
    ?ASSERT_FALSE(gb_sets:is_set({a, b})),
    ok.

test_errors() ->
    S = gb_sets:from_list([1, 2]),
    ?ASSERT_EXCEPTION(gb_sets:insert(1, S), error, {key_exists, 1}),
    ?ASSERT_EXCEPTION(gb_sets:delete(3, S), error),
    ?ASSERT_EXCEPTION(gb_sets:smallest(gb_sets:new()), error),
    ?ASSERT_EXCEPTION(gb_sets:take_smallest(gb_sets:new()), error),
    ?ASSERT_EXCEPTION(gb_sets:intersection([]), error),
    ok.

%% OTP 27 additions: skipped where gb_sets lacks them (OTP 25 itself).
test_otp27() ->
    S = gb_sets:from_list([7, 3, 9, 1, 5]),
    try gb_sets:larger(3, S) of
        R ->
            ?ASSERT_MATCH({found, 5}, R),
            ?ASSERT_MATCH(none, gb_sets:larger(9, S)),
            ?ASSERT_MATCH({found, 7}, gb_sets:smaller(9, S)),
            ?ASSERT_MATCH(none, gb_sets:smaller(1, S)),
            ?ASSERT_MATCH([9, 7, 5, 3, 1], walk(gb_sets:iterator(S, reversed))),
            ?ASSERT_MATCH([5, 3, 1], walk(gb_sets:iterator_from(6, S, reversed))),
            ok
    catch
        error:undef -> ok
    end.
