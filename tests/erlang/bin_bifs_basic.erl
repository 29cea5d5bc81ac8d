%% Purpose: erlang binary BIFs on binaries and bitstrings: sizes, binary_part, split_binary, list conversions, iolists, with badarg cases.
%% expect: [3,24,3,20,1,3,0,{error,badarg},{error,badarg},<<2,3>>,<<1>>,<<1,2,3>>,<<>>,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},guard_ok,guard_fail,{<<>>,<<1,2,3>>},{<<1>>,<<2,3>>},{<<1,2,3>>,<<>>},{<<1,2>>,<<3:4>>},{<<>>,<<5:3>>},{error,badarg},{error,badarg},{error,badarg},{error,badarg},[1,2,3],[],[2,3],[1],{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},[1,2,<<3:4>>],[<<5:3>>],[],[1,2,3],{error,badarg},<<>>,<<1,2,3,4,5,6>>,<<"ÿ">>,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},<<18>>,<<1,2:3>>,<<255,3:2>>,{error,badarg},{error,badarg},<<1,2,3>>,<<1,2,3,120,121,1,2,3>>,{error,badarg},{error,badarg},3,12,0,{error,badarg},{error,badarg},{error,badarg},<<3>>,[2,3],[1,3]]
-module(bin_bifs_basic).
-export([start/0]).

id(X) -> X.

e(F) ->
    try F() catch C:R -> {C, R} end.

start() ->
    B = id(<<1, 2, 3>>),
    Bits = id(<<1, 2, 3:4>>),
    Odd = id(<<5:3>>),
    [byte_size(B), bit_size(B), byte_size(Bits), bit_size(Bits), byte_size(Odd), bit_size(Odd),
     byte_size(id(<<>>)),
     e(fun() -> byte_size(id(foo)) end),
     e(fun() -> bit_size(id([1])) end),
     %% binary_part/2,3
     binary_part(B, 1, 2), binary_part(B, {1, -1}), binary_part(B, 3, -3), binary_part(B, 3, 0),
     e(fun() -> binary_part(Bits, 0, 2) end),
     e(fun() -> binary_part(B, 0, id(4)) end),
     e(fun() -> binary_part(B, id(-1), 1) end),
     e(fun() -> binary_part(B, 1, id(-2)) end),
     e(fun() -> binary_part(Bits, 0, id(3)) end),
     e(fun() -> binary_part(B, id({1})) end),
     e(fun() -> binary_part(id(foo), 0, 0) end),
     guard_part(B), guard_part(id(<<1>>)),
     %% split_binary
     split_binary(B, 0), split_binary(B, 1), split_binary(B, 3), split_binary(Bits, 2),
     split_binary(Odd, 0),
     e(fun() -> split_binary(B, id(4)) end),
     e(fun() -> split_binary(B, id(-1)) end),
     e(fun() -> split_binary(Bits, id(3)) end),
     e(fun() -> split_binary(id(abc), 0) end),
     %% binary_to_list / bitstring_to_list
     binary_to_list(B), binary_to_list(id(<<>>)), binary_to_list(B, 2, 3), binary_to_list(B, 1, 1),
     e(fun() -> binary_to_list(Bits, 1, 2) end),
     e(fun() -> binary_to_list(Bits) end),
     e(fun() -> binary_to_list(B, 0, 2) end),
     e(fun() -> binary_to_list(B, 3, 2) end),
     e(fun() -> binary_to_list(B, 1, 4) end),
     bitstring_to_list(Bits), bitstring_to_list(Odd), bitstring_to_list(id(<<>>)),
     bitstring_to_list(B),
     e(fun() -> bitstring_to_list(id(1)) end),
     %% list_to_binary / list_to_bitstring / iolists
     list_to_binary(id([])), list_to_binary(id([1, <<2>>, [3, [<<4>> | <<5>>]] | <<6>>])),
     list_to_binary(id([[], [[]], <<>>, 255])),
     e(fun() -> list_to_binary(id([256])) end),
     e(fun() -> list_to_binary(id([-1])) end),
     e(fun() -> list_to_binary(id([1 | 2])) end),
     e(fun() -> list_to_binary(id(<<1>>)) end),
     e(fun() -> list_to_binary(id([<<1:4>>, <<2:4>>])) end),
     e(fun() -> list_to_binary(id([a])) end),
     e(fun() -> list_to_binary(id([1.0])) end),
     list_to_bitstring(id([<<1:4>>, <<2:4>>])), list_to_bitstring(id([1 | <<2:3>>])),
     list_to_bitstring(id([<<1:1>>, [<<1:1>>, 255], <<>>])),
     e(fun() -> list_to_bitstring(id(<<2:3>>)) end),
     e(fun() -> list_to_bitstring(id([1 | 2])) end),
     iolist_to_binary(B), iolist_to_binary(id([B, "xy" | B])),
     e(fun() -> iolist_to_binary(Odd) end),
     e(fun() -> iolist_to_binary(id(7)) end),
     iolist_size(B), iolist_size(id([B, [B, [B]] | B])), iolist_size(id([])),
     e(fun() -> iolist_size(Odd) end),
     e(fun() -> iolist_size(id([Odd])) end),
     e(fun() -> iolist_size(id([256])) end),
     %% results are usable binaries
     binary_part(binary_part(B, 1, 2), 1, 1),
     [X || <<X>> <= element(2, split_binary(B, 1))],
     binary_to_list(list_to_binary([binary_part(B, 0, 1), binary_part(B, 2, 1)]))].

guard_part(B) when binary_part(B, 1, 1) =:= <<2>>, byte_size(B) > 2 -> guard_ok;
guard_part(_) -> guard_fail.
