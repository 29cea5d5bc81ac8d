%% os: environment variables and the OS type; binary's hex functions (written in Erlang).
-module(test_os).
-export([test_getenv/0, test_getenv_badarg/0, test_putenv/0, test_time/0, test_getpid/0,
         test_cmd/0, test_type/0, test_hex/0]).
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

%% Names are strings without `=` or NUL (an empty one is simply not set).
test_getenv_badarg() ->
    ?ASSERT_TRUE(badarg(fun() -> os:getenv("A=B") end)),
    ?ASSERT_TRUE(badarg(fun() -> os:getenv([0]) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:getenv(foo) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:getenv(<<"PATH">>) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:putenv("A=B", "x") end)),
    ?ASSERT_TRUE(badarg(fun() -> os:putenv("A", [0]) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:unsetenv("A=B") end)),
    ok.

test_putenv() ->
    Name = "ATOMVM_TEST_OS_PUTENV",
    ?ASSERT_MATCH(true, os:putenv(Name, "v=1 \x{e9}\x{1F600}")),
    ?ASSERT_MATCH("v=1 \x{e9}\x{1F600}", os:getenv(Name)),
    ?ASSERT_TRUE(lists:member(Name ++ "=v=1 \x{e9}\x{1F600}", os:getenv())),
    ?ASSERT_MATCH(true, os:putenv(Name, "")),
    ?ASSERT_MATCH("", os:getenv(Name)),
    ?ASSERT_MATCH(true, os:unsetenv(Name)),
    ?ASSERT_MATCH(false, os:getenv(Name)),
    ?ASSERT_MATCH(true, os:unsetenv(Name)),
    ?ASSERT_MATCH(true, os:putenv("", "x")),
    ok.

test_time() ->
    {Mega, Sec, Micro} = os:timestamp(),
    ?ASSERT_TRUE(Mega > 1000 andalso Sec >= 0 andalso Micro >= 0),
    S = os:system_time(second),
    ?ASSERT_TRUE(abs(S - (Mega * 1000000 + Sec)) =< 2),
    ?ASSERT_TRUE(is_integer(os:system_time())),
    ?ASSERT_TRUE(os:system_time(millisecond) div 1000 - S =< 2),
    P1 = os:perf_counter(),
    P2 = os:perf_counter(),
    ?ASSERT_TRUE(P2 >= P1),
    ?ASSERT_TRUE(is_integer(os:perf_counter(microsecond))),
    ?ASSERT_TRUE(badarg(fun() -> os:perf_counter(foo) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:system_time(foo) end)),
    ok.

test_getpid() ->
    Pid = os:getpid(),
    ?ASSERT_TRUE(is_list(Pid) andalso Pid =/= [] andalso lists:all(fun(C) -> C >= $0 andalso C =< $9 end, Pid)),
    ok.

%% os:cmd runs /bin/sh natively (and on OTP); WASI cannot start processes: error:enotsup.
test_cmd() ->
    case wasi() of
        true ->
            ?ASSERT_MATCH(enotsup, raised(fun() -> os:cmd("echo hi") end));
        false ->
            ?ASSERT_MATCH("hi\nerr\n", os:cmd("echo hi; echo err 1>&2")),
            ?ASSERT_MATCH("hel", os:cmd("echo hello", #{max_size => 3})),
            ?ASSERT_MATCH("x\n", os:cmd('echo x')),
            %% UTF-8 output is characters, other bytes stay bytes.
            ?ASSERT_MATCH([233, $\n], os:cmd("printf '\\303\\251\\n'")),
            ?ASSERT_MATCH([255, $\n], os:cmd("printf '\\377\\n'")),
            %% Waiting for a command leaves the caller's other messages alone...
            self() ! other,
            ?ASSERT_MATCH("", os:cmd("true")),
            ?ASSERT_MATCH(other, receive other -> other after 0 -> missing end),
            %% ...and holds no scheduler: twelve commands of 0.25 s from twelve processes
            %% overlap.
            Me = self(),
            T0 = erlang:monotonic_time(millisecond),
            Pids = [spawn(fun() -> Me ! {self(), os:cmd("sleep 0.25; echo " ++ integer_to_list(I))} end)
                    || I <- lists:seq(1, 12)],
            Outs = [receive {P, Out} -> Out end || P <- Pids],
            ?ASSERT_MATCH([integer_to_list(I) ++ "\n" || I <- lists:seq(1, 12)], Outs),
            ?ASSERT_TRUE(erlang:monotonic_time(millisecond) - T0 < 1200)
    end,
    ?ASSERT_TRUE(badarg(fun() -> os:cmd(123) end)),
    ?ASSERT_TRUE(badarg(fun() -> os:cmd(["echo", " ", hi]) end)),
    ok.

wasi() ->
    lists:prefix("wasm32", erlang:system_info(system_architecture)).

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

raised(F) ->
    try F() of _ -> none catch error:E -> E end.

badarg(F) ->
    try F() of _ -> false catch error:badarg -> true end.
