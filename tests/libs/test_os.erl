%% os: environment variables and the OS type; binary's hex functions (written in Erlang).
-module(test_os).
-export([test_getenv/0, test_type/0, test_hex/0]).
-include("etest.hrl").

test_getenv() ->
    ?ASSERT_MATCH(false, os:getenv("ATOMVM_SURELY_NOT_SET_42")),
    ?ASSERT_MATCH(dflt, os:getenv("ATOMVM_SURELY_NOT_SET_42", dflt)),
    ?ASSERT_MATCH(false, os:getenv("")),
    All = os:getenv(),
    ?ASSERT_TRUE(is_list(All)),
    %% Every variable reads back as listed.
    [?ASSERT_MATCH(V, os:getenv(K)) || E <- All, {K, [$= | V]} <- [lists:splitwith(fun(C) -> C =/= $= end, E)], K =/= ""],
    ok.

test_type() ->
    {Family, Name} = os:type(),
    ?ASSERT_MATCH(unix, Family),
    ?ASSERT_TRUE(is_atom(Name)),
    ok.

test_hex() ->
    ?ASSERT_MATCH(<<"01FF7A">>, binary:encode_hex(<<1, 255, 122>>)),
    ?ASSERT_MATCH(<<>>, binary:encode_hex(<<>>)),
    ?ASSERT_MATCH(<<1, 255, 122>>, binary:decode_hex(<<"01ff7A">>)),
    ?ASSERT_TRUE(badarg(fun() -> binary:decode_hex(<<"0">>) end)),
    ?ASSERT_TRUE(badarg(fun() -> binary:decode_hex(<<"zz">>) end)),
    ?ASSERT_TRUE(badarg(fun() -> binary:encode_hex(abc) end)),
    ok.

badarg(F) ->
    try F() of _ -> false catch error:badarg -> true end.
