%% Benchmark: binaries: a 1 MB binary appended to byte by byte in a loop (must be linear), parsed back as 16-bit big-endian and 8-bit fields, a binary comprehension, and a length-prefixed record codec.
-module(bin_build_match).
-export([start/0, run/1]).
%% checksum: 728467917

-define(N, 8).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {bin_build_match, T1 - T0, C}.

run(0) -> 0;
run(K) ->
    Bin = build(1000000, K, <<>>),
    Sum16 = sum16(Bin, 0),
    Sum8 = sum8(Bin, 0),
    Doubled = << <<(B * 2):16/little>> || <<B>> <= Bin >>,
    Records = encode(20000, K, <<>>),
    Decoded = decode(Records, 0),
    (Sum16 + Sum8 + byte_size(Doubled) + Decoded + run(K - 1)) rem 1000000007.

build(0, _, Acc) -> Acc;
build(N, K, Acc) -> build(N - 1, K, <<Acc/binary, ((N * 7 + K) band 255)>>).

sum16(<<X:16/big, Rest/binary>>, Acc) -> sum16(Rest, Acc + X);
sum16(<<>>, Acc) -> Acc.

sum8(<<X, Rest/binary>>, Acc) -> sum8(Rest, Acc + X);
sum8(<<>>, Acc) -> Acc.

%% Records: <<Len:8, Id:32, Payload:Len/binary>>.
encode(0, _, Acc) -> Acc;
encode(N, K, Acc) ->
    Len = (N + K) rem 40,
    Payload = binary:copy(<<(N band 255)>>, Len),
    encode(N - 1, K, <<Acc/binary, Len:8, N:32, Payload/binary>>).

decode(<<Len:8, Id:32, Payload:Len/binary, Rest/binary>>, Acc) ->
    decode(Rest, Acc + Id + byte_size(Payload) + binary:first(<<Payload/binary, 1>>));
decode(<<>>, Acc) -> Acc.
