%% Benchmark: zlib on a 1 MB text payload, 3 rounds: compress and uncompress, gzip and gunzip,
%% and a streamed deflate/inflate in 64 KB chunks; every round trip must give the payload back.
-module(zlib_deflate).
-export([start/0, run/1]).
%% group: library
%% needs: libs
%% checksum: 9437184

-define(SIZE, 1048576).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?SIZE),
    T1 = erlang:monotonic_time(microsecond),
    MB = 3 * 3 * 2 * ?SIZE / 1048576,
    io:format("% ~p MB through deflate and inflate, ~.1f MB/s~n",
              [round(MB), MB * 1000000 / max(1, T1 - T0)]),
    {zlib_deflate, T1 - T0, C}.

run(Size) ->
    Payload = payload(Size),
    lists:sum([round_trips(Payload) || _ <- lists:seq(1, 3)]).

round_trips(P) ->
    P = zlib:uncompress(zlib:compress(P)),
    P = zlib:gunzip(zlib:gzip(P)),
    P = stream(P),
    3 * byte_size(P).

stream(P) ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Chunks = [binary:part(P, O, min(65536, byte_size(P) - O))
              || O <- lists:seq(0, byte_size(P) - 1, 65536)],
    Body = [zlib:deflate(Z, C) || C <- Chunks],
    Last = zlib:deflate(Z, <<>>, finish),
    Deflated = [Body, Last],
    ok = zlib:deflateEnd(Z),
    ok = zlib:inflateInit(Z),
    Out = zlib:inflate(Z, Deflated),
    ok = zlib:inflateEnd(Z),
    ok = zlib:close(Z),
    iolist_to_binary(Out).

%% Words from a small vocabulary with numbers: compresses about 4:1, like logs or JSON.
payload(Size) ->
    Words = {<<"alpha ">>, <<"beta ">>, <<"gamma ">>, <<"delta ">>, <<"epsilon ">>,
             <<"zeta ">>, <<"eta ">>, <<"theta\n">>},
    payload(Size, 1, Words, []).

payload(Left, _, _, Acc) when Left =< 0 ->
    B = iolist_to_binary(lists:reverse(Acc)),
    binary:part(B, 0, byte_size(B) + Left);
payload(Left, I, Words, Acc) ->
    W = element((I * 7919) rem 8 + 1, Words),
    N = integer_to_binary((I * 104729) rem 10007),
    payload(Left - byte_size(W) - byte_size(N), I + 1, Words, [N, W | Acc]).
