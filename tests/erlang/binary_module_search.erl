%% Purpose: binary:match/matches/split/replace and compile_pattern: several patterns (leftmost-longest), options global/trim/trim_all/scope/insert_replaced, long subjects, badarg cases.
%% expect: [{2,2},{1,3},nomatch,{4,1},nomatch,nomatch,{2,1},nomatch,nomatch,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},[{0,2},{2,2}],[{0,2},{2,2}],[{1,3},{4,1}],[{0,1}],[],[{0,3},{3,1},{4,3},{7,1}],[{2,1},{5,1}],[{1,1}],{2,1},[<<"a">>,<<"c">>],[<<"a">>,<<"b,,c,,">>],[<<"a">>,<<"b">>,<<>>,<<"c">>,<<>>,<<>>],[<<"a">>,<<"b">>,<<>>,<<"c">>],[<<"a">>,<<"b">>,<<"c">>],[<<>>,<<"a">>,<<"b">>,<<"c">>,<<>>],[<<"abca">>,<<"c">>],[<<"a">>,<<"ca">>,<<"c">>],[],[<<>>],[],[<<>>,<<>>],[<<"a">>,<<"b">>,<<"c">>],{error,badarg},{error,badarg},{error,badarg},{error,badarg},<<"a[]cb">>,<<"a[]c[]">>,<<"a[b]c[b]">>,<<"ab[b]bcb[b]b">>,<<"ab[]bcb[]b">>,<<"abc[]">>,<<"a">>,<<"xyz">>,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{100000,6},50000,83332,nomatch,50001,350006,{error,badarg},{error,badarg}]
-module(binary_module_search).
-export([start/0]).

id(X) -> X.

e(F) ->
    try F() catch C:R -> {C, R} end.

rep(_, 0, Acc) -> Acc;
rep(B, N, Acc) -> rep(B, N - 1, <<Acc/binary, B/binary>>).

start() ->
    S = id(<<"abcde">>),
    Csv = id(<<"a,b,,c,,">>),
    Long = <<(rep(<<"a">>, 100000, <<>>))/binary, "needle", (rep(<<"ab">>, 50000, <<>>))/binary>>,
    Comp = binary:compile_pattern(id([<<"b">>, <<"cd">>])),
    Comp1 = binary:compile_pattern(id(<<"c">>)),
    [binary:match(S, id(<<"cd">>)), binary:match(S, id([<<"bc">>, <<"bcd">>, <<"c">>])),
     binary:match(S, id([<<"x">>])), binary:match(S, id(<<"e">>)), binary:match(S, id(<<"abcdef">>)),
     binary:match(S, id(<<"c">>), [{scope, {3, 2}}]), binary:match(S, id(<<"c">>), [{scope, {3, -2}}]),
     binary:match(S, id(<<"c">>), [{scope, {0, 0}}]), binary:match(id(<<>>), id(<<"a">>)),
     e(fun() -> binary:match(S, id(<<"c">>), [{scope, {3, 3}}]) end),
     e(fun() -> binary:match(S, id(<<"c">>), [global]) end),
     e(fun() -> binary:match(S, id(<<>>)) end),
     e(fun() -> binary:match(S, id([])) end),
     e(fun() -> binary:match(S, id([<<"a">>, <<>>])) end),
     e(fun() -> binary:match(S, id(foo)) end),
     e(fun() -> binary:match(id(<<"abc", 1:3>>), id(<<"a">>)) end),
     e(fun() -> binary:match(S, id(<<"a">>), id(foo)) end),
     binary:matches(id(<<"aaaa">>), id(<<"aa">>)), binary:matches(id(<<"aaaaa">>), id(<<"aa">>)),
     binary:matches(S, id([<<"bc">>, <<"bcd">>, <<"de">>, <<"e">>])),
     binary:matches(S, id([<<"a">>, <<"a">>])), binary:matches(S, id(<<"z">>)),
     binary:matches(id(<<"abababab">>), id([<<"aba">>, <<"b">>])),
     binary:matches(id(<<"abcabcabc">>), id(<<"c">>), [{scope, {1, 6}}]),
     binary:matches(id(<<"abc">>), Comp), binary:match(id(<<"abc">>), Comp1),
     binary:split(id(<<"abc">>), Comp),
     binary:split(Csv, id(<<",">>)), binary:split(Csv, id(<<",">>), [global]),
     binary:split(Csv, id(<<",">>), [global, trim]),
     binary:split(id(<<",,a,b,,c,,">>), id(<<",">>), [global, trim_all]),
     binary:split(id(<<",,a,b,,c,,">>), id([<<",">>, <<",,">>]), [global]),
     binary:split(id(<<"abcabc">>), id(<<"b">>), [{scope, {2, 3}}]),
     binary:split(id(<<"abcabc">>), id(<<"b">>), [{scope, {5, -4}}, global]),
     binary:split(id(<<>>), id(<<"b">>), [trim]), binary:split(id(<<>>), id(<<"b">>)),
     binary:split(id(<<"b">>), id(<<"b">>), [trim_all]), binary:split(id(<<"b">>), id(<<"b">>)),
     binary:split(id(<<"a-b-c">>), id(<<"-">>), [global, trim, trim_all]),
     e(fun() -> binary:split(id(<<"abcabc">>), id(<<"b">>), [{scope, {5, 3}}]) end),
     e(fun() -> binary:split(id(<<"abc">>), id(<<>>)) end),
     e(fun() -> binary:split(id(<<"abc">>), id(<<"b">>), [foo]) end),
     e(fun() -> binary:split(id(<<"abc">>), id(<<"b">>), [{insert_replaced, 1}]) end),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>)),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [global]),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [global, {insert_replaced, 1}]),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [global, {insert_replaced, [0, 1, 2]}]),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [global, {insert_replaced, [2, 0]}]),
     binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [{scope, {2, 2}}, global]),
     binary:replace(id(<<"abcb">>), id([<<"b">>, <<"bc">>]), id(<<>>), [global]),
     binary:replace(id(<<"xyz">>), id(<<"q">>), id(<<"r">>), [global]),
     e(fun() -> binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<"[]">>), [{insert_replaced, 3}]) end),
     e(fun() -> binary:replace(id(<<"abcb">>), id(<<"b">>), id(foo)) end),
     e(fun() -> binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<1:1>>)) end),
     e(fun() -> binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<>>), [trim]) end),
     e(fun() -> binary:replace(id(<<"abcb">>), id(<<"b">>), id(<<>>), [{insert_replaced, -1}]) end),
     %% long subjects stay fast
     binary:match(Long, id(<<"needle">>)),
     length(binary:matches(Long, id(<<"ab">>))),
     length(binary:matches(Long, id([<<"aa">>, <<"aaa">>, <<"ba">>]))),
     binary:match(Long, id(<<"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab">>)),
     length(binary:split(Long, id(<<"b">>), [global])),
     byte_size(binary:replace(Long, id(<<"a">>), id(<<"xy">>), [global])),
     e(fun() -> binary:compile_pattern(id([])) end),
     e(fun() -> binary:compile_pattern(id(<<>>)) end)].
