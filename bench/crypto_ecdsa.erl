%% Benchmark: ECDSA on P-256 with SHA-256: 400 signatures of distinct 100-byte messages under a
%% fixed key, each verified, plus 400 verifications of a message it does not sign (false).
-module(crypto_ecdsa).
-export([start/0, run/1]).
%% needs: libs
%% group: library
%% checksum: 400

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(400),
    T1 = erlang:monotonic_time(microsecond),
    io:format("% 400 signs + 800 verifies on P-256, ~.1f signs/s with their verifies~n",
              [400 * 1000000 / max(1, T1 - T0)]),
    {crypto_ecdsa, T1 - T0, C}.

run(N) ->
    Priv = list_to_binary(lists:seq(1, 32)),
    {Pub, _} = crypto:generate_key(ecdh, secp256r1, Priv),
    lists:sum([one(Priv, Pub, I) || I <- lists:seq(1, N)]).

%% 1 when the signature verifies and does not verify another message.
one(Priv, Pub, I) ->
    Msg = binary:copy(<<I:32>>, 25),
    Sig = crypto:sign(ecdsa, sha256, Msg, [Priv, secp256r1]),
    Good = crypto:verify(ecdsa, sha256, Msg, Sig, [Pub, secp256r1]),
    Bad = crypto:verify(ecdsa, sha256, <<Msg/binary, 0>>, Sig, [Pub, secp256r1]),
    case {Good, Bad} of
        {true, false} -> 1;
        _ -> 0
    end.
