%% Building binaries by appending in loops (linear: appends extend a buffer in place), comprehensions, bitstring accumulators.
%% expect: {200000,289823686,<<"ÌËÊÉÈ">>,[<<"base">>,<<"base-one">>,<<"base-two">>,<<"base-one!">>,<<"base-one?">>],<<85,85,5:4>>,{<<1,2,3,4,5,6,7,8,9,10>>,<<18,52,86,120>>,<<6,0,12,0,18,0>>,<<1,2,3,4>>,[5,6]},<<1,10,1,20,2,10,2,20,3,10,3,20>>,<<"desserts">>,<<"axbycz">>,{<<"ab">>,<<"abcd">>,<<"abcdef">>,<<"abcdXY">>,<<"abcdefabcdef">>,<<97,98,99,100,88,89,1:1>>,<<97,98,99,100,88,89,0:1>>,<<97,98,99,100,88,89,129>>},{568850,100000}}
-module(bin_append).
-export([start/0]).

start() ->
    Big = build(id(200000), <<>>),
    Shared = id(<<"base">>),
    A1 = <<Shared/binary, "-one">>,
    A2 = <<Shared/binary, "-two">>,
    A3 = <<A1/binary, "!">>,
    A4 = <<A1/binary, "?">>,
    {count(Big, 0), checksum(Big, 0), first(Big, 5), [Shared, A1, A2, A3, A4],
     bits_acc(id(20), <<>>), comprehension(seq(1, 10)), nested_comp(), reverse_bytes(id(<<"stressed">>), <<>>),
     interleave(id(<<"abc">>), id(<<"xyz">>), <<>>), grow_and_fork(), bit_loop(id(100000), <<>>)}.

id(X) -> X.

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, (N rem 251):8>>).

count(<<_:8/binary, R/binary>>, N) -> count(R, N + 8);
count(<<_, R/binary>>, N) -> count(R, N + 1);
count(<<>>, N) -> N.

checksum(<<X:32, R/binary>>, S) -> checksum(R, (S * 31 + X) rem 1000000007);
checksum(<<X, R/binary>>, S) -> checksum(R, (S + X) rem 1000000007);
checksum(<<>>, S) -> S.

first(B, N) -> <<F:N/binary, _/binary>> = B, F.

bits_acc(0, Acc) -> Acc;
bits_acc(N, Acc) -> bits_acc(N - 1, <<Acc/bits, (N band 1):1>>).

comprehension(L) ->
    {<< <<X>> || X <- L >>, << <<X:4>> || X <- L, X < 9 >>, << <<(X * 2):16/little>> || X <- L, X rem 3 =:= 0 >>,
     << <<B:8>> || <<B:4>> <= <<16#1234:16>> >>, [X || <<X:3>> <= <<2#101110:6, 1:2>>]}.

nested_comp() ->
    << <<X, Y>> || X <- [1, 2, 3], Y <- [10, 20] >>.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

reverse_bytes(<<C, R/binary>>, Acc) -> reverse_bytes(R, <<C, Acc/binary>>);
reverse_bytes(<<>>, Acc) -> Acc.

interleave(<<A, RA/binary>>, <<B, RB/binary>>, Acc) -> interleave(RA, RB, <<Acc/binary, A, B>>);
interleave(<<>>, <<>>, Acc) -> Acc.

%% Appending to an older version of an accumulator must not disturb the newer one.
grow_and_fork() ->
    B0 = <<"ab">>,
    B1 = <<B0/binary, "cd">>,
    B2 = <<B1/binary, "ef">>,
    B3 = <<B1/binary, "XY">>,
    B4 = <<B2/binary, B2/binary>>,
    B5 = <<B3/binary, 1:1>>,
    B6 = <<B3/binary, 0:1>>,
    B7 = <<B5/bits, 1:7>>,
    {B0, B1, B2, B3, B4, B5, B6, B7}.

bit_loop(0, Acc) -> checksum_bits(Acc, 0, 0);
bit_loop(N, Acc) -> bit_loop(N - 1, <<Acc/bits, (N rem 3):2>>).

checksum_bits(<<X:2, R/bits>>, S, C) -> checksum_bits(R, (S * 3 + X) rem 1000003, C + 1);
checksum_bits(<<>>, S, C) -> {S, C}.
