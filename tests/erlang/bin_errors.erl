%% Bit syntax errors: bad sizes, types and units raise badarg (system_limit for absurd sizes); failing matches and guards.
%% expect: [{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,system_limit},{error,badarg},{error,badarg},{error,badarg},{error,{badmatch,<<1:7>>}},{error,{badmatch,<<1:7>>}},{error,{badmatch,atom}},{error,{badmatch,<<1>>}},{guard,one_byte},{guard,negative},{guard,other},{ok,<<127,128,0,0>>},{ok,<<124,0>>},{error,badarg}]
-module(bin_errors).
-export([start/0]).

start() ->
    [err(fun() -> <<(id(1)):(id(-1))>> end),
     err(fun() -> <<(id(1)):(id(a))>> end),
     err(fun() -> <<(id(a)):8>> end),
     err(fun() -> <<(id(1.5)):8>> end),
     err(fun() -> <<(id(<<1:3>>))/binary>> end),
     err(fun() -> <<(id(<<"ab">>)):3/binary>> end),
     err(fun() -> <<(id(foo))/binary>> end),
     err(fun() -> <<(id(1.5)):(id(24))/float>> end),
     err(fun() -> <<(id(foo))/float>> end),
     err(fun() -> <<(id(16#D800))/utf8>> end),
     err(fun() -> <<(id(16#110000))/utf16>> end),
     err(fun() -> <<(id(-1))/utf32>> end),
     err(fun() -> <<(id(1)):(id(1 bsl 70))>> end),
     err(fun() -> <<(id(<<"x">>))/binary, (id(-1)):(id(-8))>> end),
     err(fun() -> Acc = id(<<1:3>>), <<Acc/binary, 1>> end),
     err(fun() -> Acc = id(notbin), <<Acc/binary, 1>> end),
     err(fun() -> <<X:8>> = id(<<1:7>>), X end),
     err(fun() -> <<_/binary>> = id(<<1:7>>) end),
     err(fun() -> <<_:8>> = id(atom) end),
     err(fun() -> S = id(-1), <<X:S>> = id(<<1>>), X end),
     guard(id(8)), guard(id(-1)), guard(id(x)),
     err(fun() -> <<(id(1.0e300)):32/float>> end),
     err(fun() -> <<(id(70000.0)):16/float>> end),
     err(fun() -> <<(id(1 bsl 2000)):64/float>> end)].

id(X) -> X.

err(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

guard(N) when <<1:N>> =:= <<1:8>> -> {guard, one_byte};
guard(N) when is_integer(N), N < 0 -> {guard, negative};
guard(_) -> {guard, other}.
