%% persistent_term: put/get/erase/info, the values other processes see, and old values staying
%% valid for a process that read them before they were replaced or erased.
-module(test_persistent_term).
-export([test_put_get/0, test_erase/0, test_info_and_get0/0, test_old_values_stay/0,
         test_shared_between_processes/0]).
-include("etest.hrl").

test_put_get() ->
    ?ASSERT_MATCH(ok, persistent_term:put({?MODULE, a}, [1, 2, 3])),
    ?ASSERT_MATCH([1, 2, 3], persistent_term:get({?MODULE, a})),
    ?ASSERT_MATCH(ok, persistent_term:put({?MODULE, a}, #{x => <<"bin">>})),
    #{x := <<"bin">>} = persistent_term:get({?MODULE, a}),
    ?ASSERT_MATCH(default, persistent_term:get({?MODULE, missing}, default)),
    #{x := <<"bin">>} = persistent_term:get({?MODULE, a}, default),
    ?ASSERT_EXCEPTION(persistent_term:get({?MODULE, missing}), error, badarg),
    %% keys match exactly
    persistent_term:put({?MODULE, 1}, int),
    ?ASSERT_MATCH(none, persistent_term:get({?MODULE, 1.0}, none)),
    persistent_term:erase({?MODULE, 1}),
    persistent_term:erase({?MODULE, a}),
    ok.

test_erase() ->
    persistent_term:put({?MODULE, e}, 1),
    ?ASSERT_MATCH(true, persistent_term:erase({?MODULE, e})),
    ?ASSERT_MATCH(false, persistent_term:erase({?MODULE, e})),
    ?ASSERT_MATCH(gone, persistent_term:get({?MODULE, e}, gone)),
    ok.

test_info_and_get0() ->
    #{count := C0, memory := M0} = persistent_term:info(),
    persistent_term:put({?MODULE, big}, lists:seq(1, 1000)),
    #{count := C1, memory := M1} = persistent_term:info(),
    ?ASSERT_MATCH(C0 + 1, C1),
    ?ASSERT_TRUE(M1 > M0),
    ?ASSERT_TRUE(lists:member({{?MODULE, big}, lists:seq(1, 1000)}, persistent_term:get())),
    persistent_term:erase({?MODULE, big}),
    ok.

test_old_values_stay() ->
    Key = {?MODULE, old},
    persistent_term:put(Key, {first, lists:seq(1, 100)}),
    Old = persistent_term:get(Key),
    persistent_term:put(Key, second),
    erlang:garbage_collect(),
    {first, [1 | _]} = Old,
    ?ASSERT_MATCH(5050, lists:sum(element(2, Old))),
    persistent_term:erase(Key),
    erlang:garbage_collect(),
    ?ASSERT_MATCH(100, length(element(2, Old))),
    ok.

test_shared_between_processes() ->
    Key = {?MODULE, shared},
    persistent_term:put(Key, {config, [a, b, c]}),
    Self = self(),
    [spawn(fun() -> Self ! {seen, persistent_term:get(Key)} end) || _ <- lists:seq(1, 4)],
    [receive {seen, V} -> ?ASSERT_MATCH({config, [a, b, c]}, V) end || _ <- lists:seq(1, 4)],
    %% a value stored in a table or sent stays whole after the term is erased
    T = ets:new(pt, []),
    ets:insert(T, {k, persistent_term:get(Key)}),
    persistent_term:erase(Key),
    ?ASSERT_MATCH([{k, {config, [a, b, c]}}], ets:lookup(T, k)),
    ets:delete(T),
    ok.
