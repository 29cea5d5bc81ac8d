%% atomics and counters: every operation, ranges and wrap-around, errors, and exact totals
%% when several processes update at once.
-module(test_atomics).
-export([test_atomics_ops/0, test_atomics_unsigned/0, test_atomics_errors/0,
         test_counters/0, test_concurrent/0]).
-include("etest.hrl").

test_atomics_ops() ->
    A = atomics:new(3, []),
    ?ASSERT_MATCH(0, atomics:get(A, 1)),
    ?ASSERT_MATCH(ok, atomics:put(A, 1, 10)),
    ?ASSERT_MATCH(ok, atomics:add(A, 1, 5)),
    ?ASSERT_MATCH(15, atomics:get(A, 1)),
    ?ASSERT_MATCH(20, atomics:add_get(A, 1, 5)),
    ?ASSERT_MATCH(ok, atomics:sub(A, 1, 3)),
    ?ASSERT_MATCH(14, atomics:sub_get(A, 1, 3)),
    ?ASSERT_MATCH(14, atomics:exchange(A, 1, 100)),
    ?ASSERT_MATCH(ok, atomics:compare_exchange(A, 1, 100, 7)),
    ?ASSERT_MATCH(7, atomics:compare_exchange(A, 1, 100, 8)),
    ?ASSERT_MATCH(7, atomics:get(A, 1)),
    ?ASSERT_MATCH(0, atomics:get(A, 3)),
    Max = (1 bsl 63) - 1,
    Min = -(1 bsl 63),
    #{size := 3, max := Max, min := Min} = atomics:info(A),
    ?ASSERT_TRUE(is_integer(maps:get(memory, atomics:info(A)))),
    atomics:put(A, 2, Max),
    ?ASSERT_MATCH(Min, atomics:add_get(A, 2, 1)),
    ?ASSERT_MATCH(-5, atomics:sub_get(A, 3, 5)),
    ok.

test_atomics_unsigned() ->
    U = atomics:new(1, [{signed, false}]),
    #{min := 0, max := 18446744073709551615} = atomics:info(U),
    ?ASSERT_MATCH(18446744073709551615, atomics:sub_get(U, 1, 1)),
    ?ASSERT_MATCH(0, atomics:add_get(U, 1, 1)),
    ?ASSERT_EXCEPTION(atomics:put(U, 1, -1), error, badarg),
    atomics:put(U, 1, 1 bsl 63),
    ?ASSERT_MATCH(1 bsl 63, atomics:get(U, 1)),
    ok.

test_atomics_errors() ->
    A = atomics:new(2, []),
    ?ASSERT_EXCEPTION(atomics:get(A, 0), error, badarg),
    ?ASSERT_EXCEPTION(atomics:get(A, 3), error, badarg),
    ?ASSERT_EXCEPTION(atomics:put(A, 1, 1 bsl 64), error, badarg),
    ?ASSERT_EXCEPTION(atomics:put(A, 1, x), error, badarg),
    ?ASSERT_EXCEPTION(atomics:new(0, []), error, badarg),
    ?ASSERT_EXCEPTION(atomics:new(1, [bad]), error, badarg),
    ?ASSERT_EXCEPTION(atomics:get(make_ref(), 1), error, badarg),
    ?ASSERT_EXCEPTION(atomics:get(not_a_ref, 1), error, badarg),
    ok.

test_counters() ->
    C = counters:new(2, [write_concurrency]),
    ?ASSERT_MATCH(0, counters:get(C, 1)),
    ?ASSERT_MATCH(ok, counters:add(C, 1, 10)),
    ?ASSERT_MATCH(ok, counters:sub(C, 1, 3)),
    ?ASSERT_MATCH(7, counters:get(C, 1)),
    ?ASSERT_MATCH(ok, counters:put(C, 2, -4)),
    ?ASSERT_MATCH(-4, counters:get(C, 2)),
    #{size := 2} = counters:info(C),
    ?ASSERT_MATCH(0, counters:get(counters:new(1, [atomics]), 1)),
    ?ASSERT_EXCEPTION(counters:get(C, 3), error, badarg),
    ?ASSERT_EXCEPTION(counters:add(C, 1, 1.5), error, badarg),
    ?ASSERT_EXCEPTION(counters:new(1, [bad]), error, badarg),
    ok.

%% 4 processes x 5000 increments each, on atomics and on counters: nothing lost.
test_concurrent() ->
    A = atomics:new(1, []),
    C = counters:new(1, []),
    Self = self(),
    N = 5000,
    Pids = [spawn(fun() ->
        [begin atomics:add(A, 1, 1), counters:add(C, 1, 2) end || _ <- lists:seq(1, N)],
        Self ! {done, self()}
    end) || _ <- lists:seq(1, 4)],
    [receive {done, P} -> ok end || P <- Pids],
    ?ASSERT_MATCH(4 * N, atomics:get(A, 1)),
    ?ASSERT_MATCH(8 * N, counters:get(C, 1)),
    ok.
