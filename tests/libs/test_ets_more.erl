%% ets: slot/2, i/0, init_table/2, tab2file/file2tab, as OTP answers them.
-module(test_ets_more).
-export([test_slot/0, test_i/0, test_init_table/0, test_tab2file/0, test_file2tab_errors/0,
         test_select_chunks/0, test_safe_fixtable/0]).
-include("etest.hrl").

badarg(F) ->
    try F() of _ -> false catch error:badarg -> true end.

%% Reading slots from 0 until '$end_of_table' gives every object once.
all_slots(T) -> all_slots(T, 0, []).
all_slots(T, I, Acc) ->
    case ets:slot(T, I) of
        '$end_of_table' -> lists:sort(lists:append(Acc));
        Objs -> all_slots(T, I + 1, [Objs | Acc])
    end.

test_slot() ->
    [begin
         T = ets:new(t, [Type]),
         Objs = [{K, V} || K <- lists:seq(1, 50), V <- [a, b]],
         true = ets:insert(T, Objs),
         ?ASSERT_MATCH(lists:sort(ets:tab2list(T)), all_slots(T)),
         ?ASSERT_TRUE(badarg(fun() -> ets:slot(T, -1) end)),
         ?ASSERT_TRUE(badarg(fun() -> ets:slot(T, a) end)),
         ?ASSERT_TRUE(badarg(fun() -> ets:slot(T, 1 bsl 70) end)),
         ets:delete(T)
     end || Type <- [set, bag, duplicate_bag, ordered_set]],
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{b, 2}, {a, 1}, {c, 3}]),
    ?ASSERT_MATCH([{a, 1}], ets:slot(O, 0)),
    ?ASSERT_MATCH([{c, 3}], ets:slot(O, 2)),
    ?ASSERT_MATCH('$end_of_table', ets:slot(O, 3)),
    ?ASSERT_TRUE(badarg(fun() -> ets:slot(O, 4) end)),
    ets:delete(O),
    ?ASSERT_TRUE(badarg(fun() -> ets:slot(O, 0) end)),
    ok.

test_i() ->
    T = ets:new(test_ets_more_i, [named_table]),
    ?ASSERT_MATCH(ok, ets:i()),
    ets:delete(T),
    ok.

test_init_table() ->
    T = ets:new(t, [bag]),
    ets:insert(T, {x, 1}),
    Fun = fun(read) ->
                  {[{a, 1}, {b, 2}], fun(read) -> {[{c, 3}], fun(read) -> end_of_input end};
                                         (close) -> ok
                                      end};
             (close) ->
                  ok
          end,
    ?ASSERT_MATCH(true, ets:init_table(T, Fun)),
    ?ASSERT_MATCH([{a, 1}, {b, 2}, {c, 3}], lists:sort(ets:tab2list(T))),
    Self = self(),
    Bad = fun(read) -> {[{d, 4}, bad], fun(read) -> end_of_input; (close) -> Self ! closed, ok end} end,
    ?ASSERT_MATCH(badarg, element(1, exit_reason(fun() -> ets:init_table(T, Bad) end))),
    ?ASSERT_MATCH(closed, receive closed -> closed after 1000 -> timeout end),
    ?ASSERT_MATCH({error, why}, exit_reason(fun() -> ets:init_table(T, fun(read) -> {error, why} end) end)),
    ?ASSERT_MATCH(foo, exit_reason(fun() -> ets:init_table(T, fun(read) -> foo end) end)),
    ets:delete(T),
    ok.

exit_reason(F) ->
    try F() of V -> {returned, V} catch _:R -> R end.

scratch_file() ->
    lists:flatten(io_lib:format("ets_test_~b_~b.tab", [erlang:system_time(nanosecond), erlang:unique_integer([positive])])).

test_tab2file() ->
    F = scratch_file(),
    try
        [begin
             T = ets:new(t, [Type, public, {keypos, 2}]),
             Objs = [{v, K, <<K:32>>, [K, {K}], #{K => K}} || K <- lists:seq(1, 300)] ++ [{v, 1, dup, [], #{}}],
             ets:insert(T, Objs),
             ?ASSERT_MATCH(ok, ets:tab2file(T, F)),
             {ok, T2} = ets:file2tab(F),
             ?ASSERT_MATCH(lists:sort(ets:tab2list(T)), lists:sort(ets:tab2list(T2))),
             ?ASSERT_MATCH(Type, ets:info(T2, type)),
             ?ASSERT_MATCH(2, ets:info(T2, keypos)),
             ?ASSERT_MATCH(public, ets:info(T2, protection)),
             ?ASSERT_MATCH(self(), ets:info(T2, owner)),
             ?ASSERT_MATCH(t, ets:info(T2, name)),
             ets:delete(T),
             ets:delete(T2)
         end || Type <- [set, ordered_set, bag, duplicate_bag]],
        N = ets:new(test_ets_more_named, [named_table, {keypos, 1}]),
        ets:insert(N, {k, v}),
        ?ASSERT_MATCH(ok, ets:tab2file(N, F, [{extended_info, [object_count]}])),
        ?ASSERT_MATCH({error, cannot_create_table}, ets:file2tab(F)),
        ets:delete(N),
        ?ASSERT_MATCH({ok, test_ets_more_named}, ets:file2tab(F, [{verify, true}])),
        ?ASSERT_MATCH([{k, v}], ets:lookup(test_ets_more_named, k)),
        ?ASSERT_MATCH(true, ets:info(test_ets_more_named, named_table)),
        ets:delete(test_ets_more_named),
        ?ASSERT_MATCH({error, badtab}, ets:tab2file(N, F))
    after
        file:delete(F)
    end,
    ok.

test_file2tab_errors() ->
    F = scratch_file(),
    try
        ?ASSERT_MATCH({error, {read_error, {file_error, F, enoent}}}, ets:file2tab(F)),
        ok = file:write_file(F, "hello\n"),
        ?ASSERT_MATCH({error, {read_error, {not_a_log_file, F}}}, ets:file2tab(F))
    after
        file:delete(F)
    end,
    ok.

%% Chunks of select/3 and select_reverse/3 together give select/2's result; on an ordered_set an
%% object inserted after the last key handed out still shows up in a later chunk.
all_chunks('$end_of_table', Acc) -> lists:append(lists:reverse(Acc));
all_chunks({Values, Cont}, Acc) -> all_chunks(ets:select(Cont), [Values | Acc]).

test_select_chunks() ->
    MS = [{{'$1', '$2'}, [{'<', '$1', 500}], [{{'$2', '$1'}}]}],
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{K, K * 2} || K <- lists:seq(1, 1000)]),
         All = ets:select(T, MS),
         ?ASSERT_MATCH(499, length(All)),
         [begin
              Chunked = all_chunks(ets:select(T, MS, L), []),
              ?ASSERT_MATCH(lists:sort(All), lists:sort(Chunked)),
              ?ASSERT_TRUE(Type =/= ordered_set orelse All =:= Chunked),
              ?ASSERT_MATCH(lists:sort(All), lists:sort(all_chunks(ets:select_reverse(T, MS, L), [])))
          end || L <- [1, 7, 100, 499, 500, 10000]],
         ?ASSERT_MATCH('$end_of_table', ets:select(T, [{{'$1', '$2'}, [{'<', '$1', 0}], ['$1']}], 10)),
         {M, MC} = ets:match(T, {'$1', '_'}, 3),
         ?ASSERT_MATCH(3, length(M)),
         {M2, _} = ets:match(MC),
         ?ASSERT_MATCH(3, length(M2)),
         {O, _} = ets:match_object(T, {'_', 4}, 5),
         ?ASSERT_MATCH([{2, 4}], O),
         ets:delete(T)
     end || Type <- [set, ordered_set, bag]],
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K} || K <- lists:seq(1, 10)]),
    Spec = [{{'$1'}, [], ['$1']}],
    {[1, 2, 3], C1} = ets:select(O, Spec, 3),
    ets:insert(O, [{3.5}, {0}]),
    ets:delete(O, 4),
    {[3.5, 5, 6], C2} = ets:select(C1),
    {[7, 8, 9], C3} = ets:select(C2),
    ?ASSERT_MATCH([10], element(1, ets:select(C3))),
    {[10, 9], R1} = ets:select_reverse(O, Spec, 2),
    ?ASSERT_MATCH([8, 7], element(1, ets:select_reverse(R1))),
    ?ASSERT_MATCH({[0, 1, 2, 3, 3.5, 5, 6, 7, 8, 9, 10], '$end_of_table'}, ets:select(O, Spec, 100)),
    ets:delete(O),
    ok.

%% Deleting each key before stepping from it: badarg on an unfixed hash table, a whole traversal
%% once the table is fixed.
delete_walk(_T, '$end_of_table', Acc) ->
    lists:sort(Acc);
delete_walk(T, K, Acc) ->
    ets:delete(T, K),
    delete_walk(T, ets:next(T, K), [K | Acc]).

test_safe_fixtable() ->
    [begin
         T = ets:new(t, [Type, public]),
         ets:insert(T, [{K, v} || K <- lists:seq(1, 100)]),
         K0 = ets:first(T),
         ets:delete(T, K0),
         ?ASSERT_TRUE(badarg(fun() -> ets:next(T, K0) end)),
         ?ASSERT_MATCH(false, ets:info(T, safe_fixed)),
         ?ASSERT_MATCH(false, ets:info(T, fixed)),
         ?ASSERT_MATCH(true, ets:safe_fixtable(T, true)),
         ?ASSERT_MATCH(true, ets:info(T, fixed)),
         {{_, _, _} = _, Fixers} = ets:info(T, safe_fixed),
         ?ASSERT_MATCH([{self(), 1}], Fixers),
         ?ASSERT_MATCH(true, ets:safe_fixtable(T, true)),
         ?ASSERT_MATCH([{self(), 2}], element(2, ets:info(T, safe_fixed))),
         ?ASSERT_MATCH(true, is_integer(element(1, ets:info(T, safe_fixed_monotonic_time)))),
         ?ASSERT_MATCH(lists:seq(1, 100) -- [K0], delete_walk(T, ets:first(T), [])),
         ?ASSERT_MATCH(0, ets:info(T, size)),
         ?ASSERT_MATCH(true, ets:safe_fixtable(T, false)),
         ?ASSERT_MATCH(true, ets:info(T, fixed)),
         ?ASSERT_MATCH(true, ets:safe_fixtable(T, false)),
         ?ASSERT_MATCH(false, ets:info(T, safe_fixed)),
         ?ASSERT_MATCH(true, ets:safe_fixtable(T, false)),
         %% After unfixing, the table works as before.
         ets:insert(T, [{K, w} || K <- lists:seq(1, 20)]),
         ?ASSERT_MATCH(20, length(delete_walk_fixed(T))),
         ?ASSERT_TRUE(badarg(fun() -> ets:safe_fixtable(T, other) end)),
         ets:delete(T),
         ?ASSERT_TRUE(badarg(fun() -> ets:safe_fixtable(T, true) end))
     end || Type <- [set, bag, duplicate_bag]],
    ok.

delete_walk_fixed(T) ->
    ets:safe_fixtable(T, true),
    Keys = delete_walk(T, ets:first(T), []),
    ets:safe_fixtable(T, false),
    Keys.
