%% Purpose: long (100k) and deeply nested (100k levels) iolists through list_to_binary, iolist_size, iolist_to_binary and list_to_bitstring.
%% expect: [<<"leaf!">>,5,100003,100003,213254730,100000,100000,474387758,200013,200013,811264390,<<255,7:3>>,11,badarg,badarg]
%% gc_stress: skip building 100k-deep lists in Erlang collects the whole heap at each step (quadratic)
-module(bin_bifs_iolist_deep).
-export([start/0]).

%% [[[...[Leaf]...]]] N levels deep, nested in the head
deep_head(0, Acc) -> Acc;
deep_head(N, Acc) -> deep_head(N - 1, [Acc]).

%% [1 | [2 | ... | <<"end">>]] built as nested tails via binaries
deep_tail(0, Acc) -> Acc;
deep_tail(N, Acc) -> deep_tail(N - 1, [N rem 256, <<"-">> | Acc]).

long(0, Acc) -> Acc;
long(N, Acc) -> long(N - 1, [N rem 256 | Acc]).

sum(<<>>, Acc) -> Acc;
sum(<<X, R/binary>>, Acc) -> sum(R, (Acc * 31 + X) rem 1000000007).

start() ->
    D = deep_head(100000, [<<"leaf">>, 33]),
    T = deep_tail(50000, <<"end">>),
    L = long(100000, []),
    Mixed = [D, T, L, [[D]]],
    BD = list_to_binary(D),
    BT = list_to_binary(T),
    BL = list_to_binary(L),
    BM = iolist_to_binary(Mixed),
    Bits = list_to_bitstring(deep_head(100000, [<<1:1>>, <<3:2>>, 255])),
    [BD, iolist_size(D), byte_size(BT), iolist_size(T), sum(BT, 0),
     byte_size(BL), iolist_size(L), sum(BL, 0),
     byte_size(BM), iolist_size(Mixed), sum(BM, 0),
     Bits, bit_size(Bits),
     try list_to_binary(deep_head(100000, [1, foo])) catch error:R1 -> R1 end,
     try iolist_size(deep_head(100000, [1 | 2])) catch error:R2 -> R2 end].
