%% lists: every exported function of OTP 25's lists module (the native ones included, through
%% calls, apply and funs). Expectations are OTP's: the suite also runs under erl.
-module(test_lists).
-export([
    test_basics/0, test_seq/0, test_sublists/0, test_zip/0, test_flatten/0, test_keys/0,
    test_sort/0, test_usort/0, test_keysort/0, test_merge/0, test_higher_order/0,
    test_split_join/0, test_uniq/0, test_native/0, test_errors/0, test_big/0
]).

-include("etest.hrl").

test_basics() ->
    ?ASSERT_MATCH([1, 2, 3, 4], lists:append([1, 2], [3, 4])),
    ?ASSERT_MATCH([1, 2, 3], lists:append([[1], [], [2, 3]])),
    ?ASSERT_MATCH([1, 3, 2], lists:subtract([1, 2, 3, 2], [2])),
    ?ASSERT_MATCH(b, lists:nth(2, [a, b, c])),
    ?ASSERT_MATCH([c], lists:nthtail(2, [a, b, c])),
    ?ASSERT_MATCH([a, b], lists:nthtail(0, [a, b])),
    ?ASSERT_TRUE(lists:prefix([1, 2], [1, 2, 3])),
    ?ASSERT_FALSE(lists:prefix([1, 3], [1, 2, 3])),
    ?ASSERT_TRUE(lists:prefix([], [])),
    ?ASSERT_TRUE(lists:suffix([2, 3], [1, 2, 3])),
    ?ASSERT_FALSE(lists:suffix([1, 2, 3, 4], [2, 3])),
    ?ASSERT_MATCH([1, 2], lists:droplast([1, 2, 3])),
    ?ASSERT_MATCH(3, lists:last([1, 2, 3])),
    ?ASSERT_MATCH(6.5, lists:sum([1, 2, 3.5])),
    ?ASSERT_MATCH(0, lists:sum([])),
    ?ASSERT_MATCH([x, x, x], lists:duplicate(3, x)),
    ?ASSERT_MATCH([], lists:duplicate(0, x)),
    ?ASSERT_MATCH(1, lists:min([3, 1, 2, 1.0])),
    ?ASSERT_MATCH(3, lists:max([3, 1, 2, 3.0])),
    ?ASSERT_MATCH(a, lists:min([b, a, {x}])),
    ?ASSERT_MATCH([1, 3, 1], lists:delete(2, [1, 2, 3, 1])),
    ?ASSERT_MATCH([1, 2], lists:delete(1.0, [1, 2])),
    ?ASSERT_MATCH({value, {b, 2}}, lists:keysearch(b, 1, [{a, 1}, {b, 2}])),
    ?ASSERT_MATCH(false, lists:keysearch(c, 1, [{a, 1}])),
    ?ASSERT_MATCH([{1, a}, {2, b}], lists:enumerate([a, b])),
    ?ASSERT_MATCH([{0, a}, {1, b}], lists:enumerate(0, [a, b])),
    ?ASSERT_MATCH("abc12.5def", lists:concat([abc, 12, ".5", "def"])),
    ok.

test_seq() ->
    ?ASSERT_MATCH([1, 2, 3], lists:seq(1, 3)),
    ?ASSERT_MATCH([], lists:seq(1, 0)),
    ?ASSERT_MATCH([5], lists:seq(5, 5)),
    ?ASSERT_MATCH([1, 3, 5], lists:seq(1, 6, 2)),
    ?ASSERT_MATCH([10, 7, 4, 1], lists:seq(10, 0, -3)),
    ?ASSERT_MATCH([], lists:seq(1, 0, 1)),
    ?ASSERT_MATCH([3], lists:seq(3, 3, 0)),
    ?ASSERT_MATCH([], lists:seq(0, 1, -1)),
    ?ASSERT_EXCEPTION(lists:seq(1, -1), error, function_clause),
    ?ASSERT_EXCEPTION(lists:seq(1, 5, 0), error, badarg),
    ?ASSERT_EXCEPTION(lists:seq(1, -5, 1), error, badarg),
    ?ASSERT_EXCEPTION(lists:seq(a, 2), error, function_clause),
    ok.

test_sublists() ->
    ?ASSERT_MATCH([a, b], lists:sublist([a, b, c], 2)),
    ?ASSERT_MATCH([a, b, c], lists:sublist([a, b, c], 10)),
    ?ASSERT_MATCH([], lists:sublist([a, b, c], 0)),
    ?ASSERT_MATCH([b, c], lists:sublist([a, b, c], 2, 5)),
    ?ASSERT_MATCH([], lists:sublist([a, b, c], 4, 1)),
    ?ASSERT_MATCH([], lists:sublist([a, b, c], 5, 1)),
    ?ASSERT_EXCEPTION(lists:sublist([a, b], 0, 1), error, function_clause),
    ?ASSERT_EXCEPTION(lists:sublist([a], -1), error),
    ?ASSERT_MATCH({[a], [b, c]}, lists:split(1, [a, b, c])),
    ?ASSERT_MATCH({[a, b, c], []}, lists:split(3, [a, b, c])),
    ?ASSERT_EXCEPTION(lists:split(4, [a, b, c]), error, badarg),
    ?ASSERT_EXCEPTION(lists:split(-1, [a]), error, badarg),
    ok.

test_zip() ->
    ?ASSERT_MATCH([{1, a}, {2, b}], lists:zip([1, 2], [a, b])),
    ?ASSERT_EXCEPTION(lists:zip([1, 2], [a]), error, function_clause),
    ?ASSERT_MATCH([{1, a, x}], lists:zip3([1], [a], [x])),
    ?ASSERT_MATCH({[1, 2], [a, b]}, lists:unzip([{1, a}, {2, b}])),
    ?ASSERT_MATCH({[1], [a], [x]}, lists:unzip3([{1, a, x}])),
    ?ASSERT_MATCH([11, 22], lists:zipwith(fun(A, B) -> A + B end, [1, 2], [10, 20])),
    ?ASSERT_MATCH([111], lists:zipwith3(fun(A, B, C) -> A + B + C end, [1], [10], [100])),
    ok.

test_flatten() ->
    ?ASSERT_MATCH([1, 2, 3, 4], lists:flatten([1, [2, [3, []]], [[4]]])),
    ?ASSERT_MATCH([1, 2, t], lists:flatten([[1], 2], [t])),
    ?ASSERT_MATCH(4, lists:flatlength([1, [2, [3, []]], [[4]]])),
    ?ASSERT_MATCH([a, b, c], lists:flatmap(fun(X) -> [X] end, [a, b, c])),
    ?ASSERT_MATCH([a, a, b, b], lists:flatmap(fun(X) -> [X, X] end, [a, b])),
    ok.

test_keys() ->
    L = [{a, 1}, {b, 2}, {c, 3}, {b, 4}],
    ?ASSERT_MATCH([{a, 1}, {c, 3}, {b, 4}], lists:keydelete(b, 1, L)),
    ?ASSERT_MATCH([{a, 1}, {b, x}, {c, 3}, {b, 4}], lists:keyreplace(b, 1, L, {b, x})),
    ?ASSERT_MATCH(L, lists:keyreplace(z, 1, L, {z, x})),
    ?ASSERT_MATCH({value, {b, 2}, [{a, 1}, {c, 3}, {b, 4}]}, lists:keytake(b, 1, L)),
    ?ASSERT_MATCH(false, lists:keytake(z, 1, L)),
    ?ASSERT_MATCH([{a, 1}, {b, 9}, {c, 3}, {b, 4}], lists:keystore(b, 1, L, {b, 9})),
    ?ASSERT_MATCH([{a, 1}, {z, 0}], lists:keystore(z, 1, [{a, 1}], {z, 0})),
    ?ASSERT_MATCH([{a, 2}, {b, 4}], lists:keymap(fun(X) -> X * 2 end, 2, [{a, 1}, {b, 2}])),
    ?ASSERT_MATCH([{1.0, x}], lists:keydelete(1, 1, [{1, y}, {1.0, x}])),
    ok.

test_sort() ->
    ?ASSERT_MATCH([], lists:sort([])),
    ?ASSERT_MATCH([1, 2, 3], lists:sort([3, 1, 2])),
    %% Stable: equal (==) elements keep their order.
    ?ASSERT_MATCH([1.0, 1, 2], lists:sort([2, 1.0, 1])),
    ?ASSERT_MATCH([1, 1.0, 2], lists:sort([1, 2, 1.0])),
    ?ASSERT_MATCH([1, a, {}, [], "a", <<>>], lists:sort([<<>>, "a", [], {}, a, 1])),
    ?ASSERT_MATCH([3, 2, 1], lists:sort(fun(A, B) -> A >= B end, [1, 3, 2])),
    ?ASSERT_MATCH([{1, b}, {1, a}, {0, c}],
                  lists:sort(fun({A, _}, {B, _}) -> A >= B end, [{1, b}, {0, c}, {1, a}])),
    ok.

test_usort() ->
    ?ASSERT_MATCH([1, 2, 3], lists:usort([3, 1, 2, 3, 1])),
    ?ASSERT_MATCH([1, 2], lists:usort([1, 2, 1.0])),
    ?ASSERT_MATCH([1.0, 2], lists:usort([1.0, 2, 1])),
    ?ASSERT_MATCH([], lists:usort([])),
    ?ASSERT_MATCH([3, 2, 1], lists:usort(fun(A, B) -> A >= B end, [1, 3, 2, 3])),
    ?ASSERT_MATCH([{1, b}, {2, c}],
                  lists:usort(fun({A, _}, {B, _}) -> A =< B end, [{2, c}, {1, b}, {1, a}])),
    ok.

test_keysort() ->
    L = [{b, 2}, {a, 1}, {b, 1}, {a, 2}],
    ?ASSERT_MATCH([{a, 1}, {a, 2}, {b, 2}, {b, 1}], lists:keysort(1, L)),
    ?ASSERT_MATCH([{a, 1}, {b, 1}, {b, 2}, {a, 2}], lists:keysort(2, L)),
    ?ASSERT_MATCH([{a, 1}, {b, 2}], lists:ukeysort(1, L)),
    ?ASSERT_MATCH([{a, 1}, {b, 2}], lists:ukeysort(2, L)),
    ?ASSERT_EXCEPTION(lists:keysort(0, L), error, function_clause),
    ok.

test_merge() ->
    ?ASSERT_MATCH([1, 2, 3, 4], lists:merge([1, 3], [2, 4])),
    ?ASSERT_MATCH([1, 1.0], lists:merge([1], [1.0])),
    ?ASSERT_MATCH([1.0, 1], lists:merge([1.0], [1])),
    ?ASSERT_MATCH([4, 3, 2, 1], lists:rmerge([3, 1], [4, 2])),
    ?ASSERT_MATCH([1, 2, 3, 4, 5, 6], lists:merge3([1, 4], [2, 5], [3, 6])),
    ?ASSERT_MATCH([6, 5, 4, 3, 2, 1], lists:rmerge3([4, 1], [5, 2], [6, 3])),
    ?ASSERT_MATCH([1, 2, 3, 4, 5], lists:merge([[1, 4], [2, 5], [3]])),
    ?ASSERT_MATCH([], lists:merge([])),
    ?ASSERT_MATCH([3, 2, 1], lists:merge(fun(A, B) -> A >= B end, [3, 1], [2])),
    ?ASSERT_MATCH([3, 2, 1], lists:rmerge(fun(A, B) -> A =< B end, [3, 1], [2])),
    %% Ties: the reverse merges take the second list's first, the unique ones keep the first's.
    ?ASSERT_MATCH([1.0, 1], lists:rmerge([1], [1.0])),
    ?ASSERT_MATCH([1.0, 1], lists:rmerge(fun(A, B) -> A =< B end, [1], [1.0])),
    ?ASSERT_MATCH([1], lists:rumerge([1], [1.0])),
    ?ASSERT_MATCH([1, 1.0, 1], lists:rmerge3([1], [1.0], [1])),
    ?ASSERT_MATCH([1.0, 1], lists:umerge(fun(A, B) -> A < B end, [1], [1.0])),
    ?ASSERT_MATCH([1, 1.0, 1.0], lists:merge3([1], [1.0], [1.0])),
    ?ASSERT_MATCH([1, 2, 3], lists:umerge([1, 2], [2, 3])),
    ?ASSERT_MATCH([1, 2.0, 3], lists:umerge([1, 2.0], [2, 3])),
    ?ASSERT_MATCH([3, 2, 1], lists:rumerge([3, 2], [2, 1])),
    ?ASSERT_MATCH([1, 2, 3, 4], lists:umerge3([1, 2], [2, 3], [3, 4])),
    ?ASSERT_MATCH([4, 3, 2, 1], lists:rumerge3([2, 1], [3, 2], [4, 3])),
    ?ASSERT_MATCH([1, 2, 3], lists:umerge([[1, 2], [2, 3], [1, 3]])),
    ?ASSERT_MATCH([3, 2, 1], lists:umerge(fun(A, B) -> A >= B end, [3, 2], [2, 1])),
    ?ASSERT_MATCH([1, 2, 3], lists:rumerge(fun(A, B) -> A >= B end, [1, 2], [2, 3])),
    ?ASSERT_MATCH([{a, 1}, {a, 2}, {b, 3}], lists:keymerge(1, [{a, 1}, {b, 3}], [{a, 2}])),
    ?ASSERT_MATCH([{b, 3}, {a, 2}, {a, 1}], lists:rkeymerge(1, [{b, 3}, {a, 1}], [{a, 2}])),
    ?ASSERT_MATCH([{a, 1}, {b, 3}], lists:ukeymerge(1, [{a, 1}, {b, 3}], [{a, 2}])),
    ?ASSERT_MATCH([{b, 3}, {a, 1}], lists:rukeymerge(1, [{b, 3}, {a, 1}], [{a, 2}])),
    ok.

test_higher_order() ->
    Even = fun(X) -> X rem 2 =:= 0 end,
    ?ASSERT_MATCH([2, 4, 6], lists:map(fun(X) -> 2 * X end, [1, 2, 3])),
    ?ASSERT_MATCH(6, lists:foldl(fun(X, A) -> X + A end, 0, [1, 2, 3])),
    ?ASSERT_MATCH([3, 2, 1], lists:foldl(fun(X, A) -> [X | A] end, [], [1, 2, 3])),
    ?ASSERT_MATCH([1, 2, 3], lists:foldr(fun(X, A) -> [X | A] end, [], [1, 2, 3])),
    ?ASSERT_MATCH([2], lists:filter(Even, [1, 2, 3])),
    ?ASSERT_MATCH({[2, 4], [1, 3]}, lists:partition(Even, [1, 2, 3, 4])),
    ?ASSERT_MATCH([a, 2], lists:filtermap(fun(1) -> {true, a}; (2) -> true; (_) -> false end,
                                          [1, 2, 3])),
    ?ASSERT_MATCH([x, 2], lists:zf(fun(1) -> {true, x}; (X) -> X =:= 2 end, [1, 2, 3])),
    ?ASSERT_TRUE(lists:all(Even, [2, 4])),
    ?ASSERT_TRUE(lists:all(Even, [])),
    ?ASSERT_FALSE(lists:any(Even, [1, 3])),
    ?ASSERT_TRUE(lists:any(Even, [1, 2])),
    put(seen, []),
    ?ASSERT_MATCH(ok, lists:foreach(fun(X) -> put(seen, [X | get(seen)]) end, [1, 2])),
    ?ASSERT_MATCH([2, 1], get(seen)),
    ?ASSERT_MATCH({[2, 4], 3}, lists:mapfoldl(fun(X, A) -> {2 * X, A + X} end, 0, [1, 2])),
    ?ASSERT_MATCH({[{1, [2]}, {2, []}], [1, 2]},
                  lists:mapfoldr(fun(X, A) -> {{X, A}, [X | A]} end, [], [1, 2])),
    ?ASSERT_MATCH([2, 4], lists:takewhile(Even, [2, 4, 5, 6])),
    ?ASSERT_MATCH([5, 6], lists:dropwhile(Even, [2, 4, 5, 6])),
    ?ASSERT_MATCH({value, 4}, lists:search(fun(X) -> X > 3 end, [1, 4, 5])),
    ?ASSERT_MATCH(false, lists:search(fun(X) -> X > 9 end, [1, 4, 5])),
    ?ASSERT_MATCH({[2, 4], [5, 6]}, lists:splitwith(Even, [2, 4, 5, 6])),
    ?ASSERT_EXCEPTION(lists:map(not_a_fun, []), error, function_clause),
    ?ASSERT_EXCEPTION(lists:foldl(fun(X) -> X end, 0, []), error, function_clause),
    ok.

test_split_join() ->
    ?ASSERT_MATCH([a, x, b, x, c], lists:join(x, [a, b, c])),
    ?ASSERT_MATCH([a], lists:join(x, [a])),
    ?ASSERT_MATCH([], lists:join(x, [])),
    ?ASSERT_MATCH("a, b", lists:flatten(lists:join(", ", ["a", "b"]))),
    ok.

test_uniq() ->
    ?ASSERT_MATCH([3, 1, 2], lists:uniq([3, 1, 3, 2, 1])),
    ?ASSERT_MATCH([1, 1.0], lists:uniq([1, 1.0, 1])),
    ?ASSERT_MATCH([{a, 1}, {b, 3}], lists:uniq(fun({K, _}) -> K end, [{a, 1}, {a, 2}, {b, 3}])),
    ?ASSERT_MATCH([], lists:uniq([])),
    ok.

%% The functions the VM implements natively, reached every way a program can.
test_native() ->
    ?ASSERT_MATCH([3, 2, 1], lists:reverse([1, 2, 3])),
    ?ASSERT_MATCH([2, 1, x], lists:reverse([1, 2], [x])),
    ?ASSERT_MATCH([2, 1, x], apply(lists, reverse, [[1, 2], [x]])),
    Rev = fun lists:reverse/2,
    ?ASSERT_MATCH([b, a], Rev([a, b], [])),
    ?ASSERT_TRUE(lists:member(b, [a, b])),
    ?ASSERT_TRUE(apply(lists, member, [b, [a, b]])),
    ?ASSERT_MATCH({b, 2}, lists:keyfind(b, 1, [{a, 1}, {b, 2}])),
    ?ASSERT_TRUE(lists:keymember(2, 2, [{a, 1}, {b, 2}])),
    Map = fun lists:map/2,
    ?ASSERT_MATCH([2], Map(fun(X) -> X + 1 end, [1])),
    ?ASSERT_MATCH([1, 2], apply(lists, sort, [[2, 1]])),
    ?ASSERT_TRUE(erlang:function_exported(lists, map, 2)),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(lists:nth(0, [a]), error, function_clause),
    ?ASSERT_EXCEPTION(lists:nth(2, [a]), error, function_clause),
    ?ASSERT_EXCEPTION(lists:last([]), error, function_clause),
    ?ASSERT_EXCEPTION(lists:droplast([]), error, function_clause),
    ?ASSERT_EXCEPTION(lists:min([]), error, function_clause),
    ?ASSERT_EXCEPTION(lists:duplicate(-1, x), error, function_clause),
    ?ASSERT_EXCEPTION(lists:flatten(a), error, function_clause),
    ?ASSERT_EXCEPTION(lists:sort(a), error, function_clause),
    ?ASSERT_EXCEPTION(lists:append([1], 2) ++ [], error, badarg),
    ?ASSERT_EXCEPTION(lists:no_such_function(), error, undef),
    ok.

%% Large inputs: sorting is O(N log N).
test_big() ->
    N = 20000,
    L = [(I * 7919) rem N || I <- lists:seq(1, N)],
    S = lists:sort(L),
    ?ASSERT_MATCH(N, length(S)),
    ?ASSERT_MATCH(S, lists:usort(L)),
    ?ASSERT_MATCH(lists:seq(0, N - 1), S),
    ?ASSERT_MATCH(lists:reverse(S), lists:sort(fun(A, B) -> A >= B end, L)),
    ?ASSERT_MATCH(N * (N - 1) div 2, lists:sum(L)),
    ?ASSERT_MATCH(N, length(lists:uniq(L ++ L))),
    ok.
