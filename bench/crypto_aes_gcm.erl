%% Benchmark: crypto_one_time_aead(aes_256_gcm) on a 1 MB payload: 24 encryptions and the 24
%% decryptions of their output (each tag checked), 2 rounds; every plaintext must come back.
-module(crypto_aes_gcm).
-export([start/0, run/1]).
%% needs: libs
%% group: library
%% checksum: 1430438

-define(SIZE, 1048576).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(24),
    T1 = erlang:monotonic_time(microsecond),
    MB = 2 * 2 * 24 * ?SIZE / 1048576,
    io:format("% ~p MB through aes-256-gcm, ~.1f MB/s~n", [round(MB), MB * 1000000 / max(1, T1 - T0)]),
    {crypto_aes_gcm, T1 - T0, C}.

run(Times) ->
    Payload = binary:copy(list_to_binary([(I * 13 + 5) rem 256 || I <- lists:seq(0, 255)]), ?SIZE div 256),
    Key = list_to_binary(lists:seq(1, 32)),
    lists:sum([round(Payload, Key, Times) || _ <- [1, 2]]).

round(Payload, Key, Times) ->
    lists:sum([one(Payload, Key, I) || I <- lists:seq(1, Times)]).

%% Encrypt and decrypt with the I-th nonce: the tag's first bytes, plus 1 when the plaintext
%% comes back.
one(Payload, Key, I) ->
    IV = <<I:96>>,
    AAD = <<"header", I:32>>,
    {Cipher, Tag} = crypto:crypto_one_time_aead(aes_256_gcm, Key, IV, Payload, AAD, true),
    Back = crypto:crypto_one_time_aead(aes_256_gcm, Key, IV, Cipher, AAD, Tag, false),
    binary:decode_unsigned(binary:part(Tag, 0, 2)) + case Back =:= Payload of true -> 1; false -> 0 end.
