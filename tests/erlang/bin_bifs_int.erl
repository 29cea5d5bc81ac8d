%% Purpose: integer_to_binary/1,2 and binary_to_integer/1,2 in bases 2..36, signs, bignums, bitstrings and bad digits.
%% expect: [<<"0">>,<<"-7">>,<<"-123456789012345678901234567890">>,<<"1267650600228229401496703205376">>,<<"576460752303423487">>,<<"576460752303423488">>,<<"-576460752303423489">>,[<<"11111111">>,<<"100110">>,<<"3333">>,<<"2010">>,<<"1103">>,<<"513">>,<<"377">>,<<"313">>,<<"255">>,<<"212">>,<<"193">>,<<"168">>,<<"143">>,<<"120">>,<<"FF">>,<<"F0">>,<<"E3">>,<<"D8">>,<<"CF">>,<<"C3">>,<<"BD">>,<<"B2">>,<<"AF">>,<<"A5">>,<<"9L">>,<<"9C">>,<<"93">>,<<"8N">>,<<"8F">>,<<"87">>,<<"7V">>,<<"7O">>,<<"7H">>,<<"7A">>,<<"73">>],[<<"-AIJR5QPDD2GDGJ6LS230">>,<<"-5LINUJTDP0GMER2T4KD0">>,<<"-33N91VRC6SV0TP73U2MI">>,<<"-1OACE1UU4RCCBVQE62LI">>,<<"-XGKK9VEAOA6UQOODGK2">>,<<"-JUKWCA2SRUJ23YM3KT0">>,<<"-BYW97UM9S91DLZ68TSI">>],<<"-FF">>,<<"3EWFDNCA0N6LD1GGVFGG">>,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},0,0,12,-12,42,123456789012345678901234567890123,-255,255,1295,5,590295810358705651712,1234,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg}]
-module(bin_bifs_int).
-export([start/0]).

id(X) -> X.

e(F) ->
    try F() catch C:R -> {C, R} end.

bases(_N, 37) -> [];
bases(N, B) -> [integer_to_binary(N, B) | bases(N, B + 1)].

round_trip(_N, 37) -> ok;
round_trip(N, B) ->
    N = binary_to_integer(integer_to_binary(N, B), B),
    round_trip(N, B + 1).

start() ->
    Big = id(-123456789012345678901234567890),
    Pow = id(1 bsl 100),
    ok = round_trip(Big, 2), ok = round_trip(Pow, 2), ok = round_trip(id(-1), 2),
    ok = round_trip(id(134217727), 2), ok = round_trip(id(134217728), 2),
    [integer_to_binary(id(0)), integer_to_binary(id(-7)), integer_to_binary(Big), integer_to_binary(Pow),
     integer_to_binary(id(576460752303423487)), integer_to_binary(id(576460752303423488)),
     integer_to_binary(id(-576460752303423489)),
     bases(id(255), 2), bases(Big, 30),
     integer_to_binary(id(-255), 16), integer_to_binary(Pow, 36),
     e(fun() -> integer_to_binary(id(1.0)) end),
     e(fun() -> integer_to_binary(id(a)) end),
     e(fun() -> integer_to_binary(id(10), id(37)) end),
     e(fun() -> integer_to_binary(id(10), id(1)) end),
     e(fun() -> integer_to_binary(id(10), id(ten)) end),
     binary_to_integer(id(<<"0">>)), binary_to_integer(id(<<"-0">>)), binary_to_integer(id(<<"+12">>)),
     binary_to_integer(id(<<"-12">>)), binary_to_integer(id(<<"000000000000000000000000042">>)),
     binary_to_integer(id(<<"123456789012345678901234567890123">>)),
     binary_to_integer(id(<<"-ff">>), 16), binary_to_integer(id(<<"FF">>), 16),
     binary_to_integer(id(<<"zZ">>), 36), binary_to_integer(id(<<"101">>), 2),
     binary_to_integer(id(<<"1000000000000000000000000000000000000000000000000000000000000000000000">>), 2),
     binary_to_integer(binary_part(id(<<"x1234y">>), 1, 4)),
     e(fun() -> binary_to_integer(id(<<>>)) end),
     e(fun() -> binary_to_integer(id(<<"+">>)) end),
     e(fun() -> binary_to_integer(id(<<"-">>)) end),
     e(fun() -> binary_to_integer(id(<<" 12">>)) end),
     e(fun() -> binary_to_integer(id(<<"12 ">>)) end),
     e(fun() -> binary_to_integer(id(<<"1_000">>)) end),
     e(fun() -> binary_to_integer(id(<<"1.0">>)) end),
     e(fun() -> binary_to_integer(id(<<"2">>), 2) end),
     e(fun() -> binary_to_integer(id(<<"g">>), 16) end),
     e(fun() -> binary_to_integer(id(<<"12", 3:4>>)) end),
     e(fun() -> binary_to_integer(id(<<"1", 233>>)) end),
     e(fun() -> binary_to_integer(id("12")) end),
     e(fun() -> binary_to_integer(id(<<"12">>), id(37)) end),
     e(fun() -> binary_to_integer(id(<<"12">>), id(0)) end)].
