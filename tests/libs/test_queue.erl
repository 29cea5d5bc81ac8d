%% queue: the original, extended and Okasaki APIs.
-module(test_queue).
-export([test_basic/0, test_ends/0, test_extended/0, test_okasaki/0, test_errors/0]).
-include("etest.hrl").

test_basic() ->
    Q0 = queue:new(),
    ?ASSERT_TRUE(queue:is_empty(Q0)),
    ?ASSERT_TRUE(queue:is_queue(Q0)),
    ?ASSERT_FALSE(queue:is_queue(x)),
    Q = lists:foldl(fun queue:in/2, Q0, [1, 2, 3, 4, 5]),
    ?ASSERT_MATCH(5, queue:len(Q)),
    ?ASSERT_MATCH([1, 2, 3, 4, 5], queue:to_list(Q)),
    {{value, 1}, Q1} = queue:out(Q),
    {{value, 5}, Q2} = queue:out_r(Q1),
    ?ASSERT_MATCH([2, 3, 4], queue:to_list(Q2)),
    ?ASSERT_MATCH({empty, {[], []}}, queue:out(queue:new())),
    ?ASSERT_MATCH([0, 1, 2], queue:to_list(queue:in_r(0, queue:from_list([1, 2])))),
    ?ASSERT_TRUE(queue:member(3, Q)),
    ?ASSERT_FALSE(queue:member(9, Q)),
    ?ASSERT_MATCH([5, 4, 3, 2, 1], queue:to_list(queue:reverse(Q))),
    ?ASSERT_MATCH([1, 2, 3, 4], queue:to_list(queue:join(queue:from_list([1, 2]), queue:from_list([3, 4])))),
    {A, B} = queue:split(2, Q),
    ?ASSERT_MATCH({[1, 2], [3, 4, 5]}, {queue:to_list(A), queue:to_list(B)}),
    {C, D} = queue:split(5, Q),
    ?ASSERT_MATCH({[1, 2, 3, 4, 5], []}, {queue:to_list(C), queue:to_list(D)}),
    ok.

test_ends() ->
    Q = queue:from_list([1, 2, 3]),
    ?ASSERT_MATCH(1, queue:get(Q)),
    ?ASSERT_MATCH(3, queue:get_r(Q)),
    ?ASSERT_MATCH({value, 1}, queue:peek(Q)),
    ?ASSERT_MATCH({value, 3}, queue:peek_r(Q)),
    ?ASSERT_MATCH(empty, queue:peek(queue:new())),
    ?ASSERT_MATCH([2, 3], queue:to_list(queue:drop(Q))),
    ?ASSERT_MATCH([1, 2], queue:to_list(queue:drop_r(Q))),
    %% Draining from both ends in turn, through every rebalancing.
    Big = queue:from_list(lists:seq(1, 100)),
    ?ASSERT_MATCH(lists:seq(1, 100), drain(Big, front)),
    ?ASSERT_MATCH(lists:reverse(lists:seq(1, 100)), drain(Big, rear)),
    ok.

drain(Q, Side) ->
    case (case Side of front -> queue:out(Q); rear -> queue:out_r(Q) end) of
        {empty, _} -> [];
        {{value, V}, Q1} -> [V | drain(Q1, Side)]
    end.

test_extended() ->
    Q = queue:from_list([1, 2, 3, 4]),
    ?ASSERT_MATCH([2, 4], queue:to_list(queue:filter(fun(X) -> X rem 2 =:= 0 end, Q))),
    ?ASSERT_MATCH([1, 1, 2, 3, 3, 4], queue:to_list(queue:filter(fun(X) when X rem 2 =:= 1 -> [X, X]; (_) -> true end, Q))),
    ?ASSERT_MATCH([20, 4], queue:to_list(queue:filtermap(fun(2) -> {true, 20}; (X) -> X > 3 end, Q))),
    ?ASSERT_MATCH([4, 3, 2, 1], queue:fold(fun(X, A) -> [X | A] end, [], Q)),
    ?ASSERT_TRUE(queue:any(fun(X) -> X > 3 end, Q)),
    ?ASSERT_FALSE(queue:all(fun(X) -> X > 3 end, Q)),
    ?ASSERT_MATCH([1, 3, 2], queue:to_list(queue:delete(2, queue:from_list([1, 2, 3, 2])))),
    ?ASSERT_MATCH([1, 2, 3], queue:to_list(queue:delete_r(2, queue:from_list([1, 2, 3, 2])))),
    ?ASSERT_MATCH([2, 3], queue:to_list(queue:delete_with(fun(X) -> X < 2 end, queue:from_list([1, 2, 3])))),
    ?ASSERT_MATCH([1, 2], queue:to_list(queue:delete_with_r(fun(X) -> X > 1 end, queue:from_list([1, 2, 3])))),
    ok.

test_okasaki() ->
    Q = queue:snoc(queue:cons(0, queue:from_list([1, 2])), 3),
    ?ASSERT_MATCH([0, 1, 2, 3], queue:to_list(Q)),
    ?ASSERT_MATCH(0, queue:head(Q)),
    ?ASSERT_MATCH(3, queue:daeh(Q)),
    ?ASSERT_MATCH(3, queue:last(Q)),
    ?ASSERT_MATCH([1, 2, 3], queue:to_list(queue:tail(Q))),
    ?ASSERT_MATCH([0, 1, 2], queue:to_list(queue:liat(Q))),
    ?ASSERT_MATCH([0, 1, 2], queue:to_list(queue:init(Q))),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(queue:get(queue:new()), error, empty),
    ?ASSERT_EXCEPTION(queue:drop(queue:new()), error, empty),
    ?ASSERT_EXCEPTION(queue:head(queue:new()), error, empty),
    ?ASSERT_EXCEPTION(queue:len(x), error, badarg),
    ?ASSERT_EXCEPTION(queue:in(1, x), error, badarg),
    ?ASSERT_EXCEPTION(queue:split(3, queue:from_list([1])), error, badarg),
    ok.
