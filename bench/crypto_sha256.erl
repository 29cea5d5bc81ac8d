%% Benchmark: crypto:hash(sha256) on a 1 MB payload: 48 one-shot hashes, then the same 48 MB
%% streamed through hash_update in 64 KB pieces; 2 rounds. The one-shot digests must agree.
-module(crypto_sha256).
-export([start/0, run/1]).
%% needs: libs
%% group: library
%% checksum: 32199716

-define(SIZE, 1048576).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(48),
    T1 = erlang:monotonic_time(microsecond),
    MB = 2 * 2 * 48 * ?SIZE / 1048576,
    io:format("% ~p MB through sha256, ~.1f MB/s~n", [round(MB), MB * 1000000 / max(1, T1 - T0)]),
    {crypto_sha256, T1 - T0, C}.

run(Times) ->
    Payload = payload(),
    Rounds = [round(Payload, Times) || _ <- [1, 2]],
    lists:sum([checksum(One, Streamed) || {One, Streamed} <- Rounds]).

round(Payload, Times) ->
    One = [crypto:hash(sha256, Payload) || _ <- lists:seq(1, Times)],
    Pieces = [binary:part(Payload, O, 65536) || O <- lists:seq(0, ?SIZE - 1, 65536)],
    S = lists:foldl(fun(_, Acc) -> lists:foldl(fun(P, A) -> crypto:hash_update(A, P) end, Acc, Pieces) end,
                    crypto:hash_init(sha256), lists:seq(1, Times)),
    {One, crypto:hash_final(S)}.

%% The first digest's leading bytes, how many agree with it, and the streamed digest's.
checksum([D | _] = One, Streamed) ->
    binary:decode_unsigned(binary:part(D, 0, 3)) + length([X || X <- One, X =:= D]) +
        binary:decode_unsigned(binary:part(Streamed, 0, 3)).

payload() ->
    binary:copy(list_to_binary([(I * 7 + 3) rem 256 || I <- lists:seq(0, 255)]), ?SIZE div 256).
