%% Purpose: crc32/1,2, crc32_combine/3, adler32/1,2, adler32_combine/3 and md5/1 with md5_init/update/final over binaries and iolists; badarg cases.
-module(checksums).
-export([start/0]).
%% expect: {3421780262,0,688229491,true,true,435,4289880601,300286872,1,2447826687,true,true,2603767414,<<212,29,140,217,143,0,178,4,233,128,9,152,236,248,66,126>>,<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>,<<54,47,4,48,46,218,117,139,168,233,181,116,184,114,163,137>>,true,true,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg}}

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

try_(F) ->
    try F() catch C:R -> {C, R} end.

start() ->
    Big = list_to_binary(seq(0, 255)),
    A = <<"hello ">>,
    B = [<<"wor">>, $l, [$d, <<>>], <<", and more">>],
    BLen = iolist_size(B),
    Whole = iolist_to_binary([A, B]),
    Ctx = erlang:md5_update(erlang:md5_update(erlang:md5_init(), A), B),
    Big70 = binary:copy(Big, 70),
    {erlang:crc32(<<"123456789">>),
     erlang:crc32([]),
     erlang:crc32(Big),
     erlang:crc32(erlang:crc32(A), B) =:= erlang:crc32(Whole),
     erlang:crc32_combine(erlang:crc32(A), erlang:crc32(B), BLen) =:= erlang:crc32(Whole),
     erlang:crc32_combine(123, 456, 0),
     erlang:crc32_combine(16#FFFFFFFF, 16#12345678, 1000000),
     erlang:adler32("Wikipedia"),
     erlang:adler32(<<>>),
     erlang:adler32(Big70),
     erlang:adler32(erlang:adler32(A), B) =:= erlang:adler32(Whole),
     erlang:adler32_combine(erlang:adler32(A), erlang:adler32(B), BLen) =:= erlang:adler32(Whole),
     erlang:adler32_combine(16#FFF0FFF0, 16#12345678, 123456789),
     erlang:md5(<<>>),
     erlang:md5("abc"),
     erlang:md5(Big70),
     erlang:md5_final(Ctx) =:= erlang:md5(Whole),
     erlang:md5_final(erlang:md5_init()) =:= erlang:md5(<<>>),
     try_(fun() -> erlang:crc32(atom) end),
     try_(fun() -> erlang:crc32(-1, <<>>) end),
     try_(fun() -> erlang:adler32([256]) end),
     try_(fun() -> erlang:md5(<<1:3>>) end),
     try_(fun() -> erlang:crc32_combine(1, 2, -1) end)}.
