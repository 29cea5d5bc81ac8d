%% Benchmark: parse a 2 MB stream of binary records with 8-, 16- and 32-bit fields and a
%% length-prefixed payload (as a protocol decoder does), 60 rounds; the stream is built once.
-module(bin_parse).
-export([start/0, run/1]).
%% checksum: 977686030

-define(RECORDS, 100000).
-define(ROUNDS, 60).

start() ->
    Stream = stream(?RECORDS, []),
    T0 = erlang:monotonic_time(microsecond),
    C = run(?ROUNDS, Stream),
    T1 = erlang:monotonic_time(microsecond),
    {bin_parse, T1 - T0, C}.

run(Rounds) -> run(Rounds, stream(?RECORDS, [])).

run(0, _) -> 0;
run(R, Stream) -> (parse(Stream, R, 0) + run(R - 1, Stream)) rem 1000000007.

stream(0, Acc) -> iolist_to_binary(Acc);
stream(N, Acc) ->
    Len = N rem 13,
    Payload = binary:copy(<<(N band 255)>>, Len),
    Rec = <<(N rem 4):8, Len:16/big, (N * 40503):32/big, (N band 16#FFFF):16/little, Payload/binary>>,
    stream(N - 1, [Rec | Acc]).

parse(<<Type:8, Len:16/big, Id:32/big, Port:16/little, Payload:Len/binary, Rest/binary>>, R, Acc) ->
    V = case Type of
            0 -> Id band 16#FFFF;
            1 -> Port + R;
            2 -> byte_size(Payload) * 3;
            _ -> payload_sum(Payload, 0)
        end,
    parse(Rest, R, (Acc + V) band 16#FFFFFFF);
parse(<<>>, _, Acc) -> Acc.

payload_sum(<<X, Rest/binary>>, Acc) -> payload_sum(Rest, Acc + X);
payload_sum(<<>>, Acc) -> Acc.
