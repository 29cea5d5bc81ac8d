%% Writes tests/libs/test_crypto_corpus.erl: crypto on deterministic inputs (fixed keys, IVs and
%% messages of several sizes, empty and non-block-multiple ones included), each with OTP's
%% result ({error, Reason} when OTP raises). Signatures made by OTP (ECDSA, RSA-PSS: random)
%% are checked by verify; RSA PKCS#1 v1.5 signatures are deterministic and compared whole.
%% Run under the reference OTP from the repo root:
%%   (under the reference OTP, e.g. chroot /var/tmp/atomvm-otp/otp29): erlc -o /tmp/gen tests/gen/crypto_corpus.erl && erl -noshell -pa /tmp/gen -s crypto_corpus main -s init stop
%% The written suite also runs under erl in `cargo xtask test`, so the expectations stay OTP's.
-module(crypto_corpus).
-export([main/0]).

main() ->
    Cases = [{F, A, outcome(F, A)} || {F, A} <- calls()],
    Body = lists:join(",\n", [io_lib:format("     ~w", [C]) || C <- Cases]),
    Text = ["%% crypto on a corpus of deterministic inputs. The expected results are OTP's (29, the\n"
            "%% reference), written by tests/gen/crypto_corpus.erl under erl ({error, R}: OTP raises R);\n"
            "%% this suite also runs under erl, so they stay OTP's. Arguments are symbolic ({msg, N},\n"
            "%% {key, N, Seed}) and expanded by arg/1, to keep the file small.\n"
            "-module(test_crypto_corpus).\n-export([test_corpus/0]).\n-include(\"etest.hrl\").\n\n"
            "test_corpus() ->\n"
            "    Bad = [{F, A, E, R} || {F, A, E} <- cases(), (R = outcome(F, A)) =/= E],\n"
            "    ?ASSERT_MATCH([], Bad),\n    ok.\n\n",
            shared_code(),
            "\ncases() ->\n    [\n", Body, "\n    ].\n"],
    ok = file:write_file("tests/libs/test_crypto_corpus.erl", Text),
    io:format("~p cases~n", [length(Cases)]).

%% The code the written suite runs: the same text as the functions below, which the generator
%% itself runs.
shared_code() ->
    "outcome(F, A) ->\n"
    "    try run(F, [arg(X) || X <- A]) of R -> {ok, R} catch error:E -> {error, E} end.\n\n"
    "run(hash_stream, [Type, Data, Step]) ->\n"
    "    S = lists:foldl(fun(C, St) -> crypto:hash_update(St, C) end, crypto:hash_init(Type),\n"
    "                    pieces(Data, Step)),\n"
    "    crypto:hash_final(S);\n"
    "run(cipher_stream, [Cipher, Key, IV, Data, Step, Enc]) ->\n"
    "    S = crypto:crypto_init(Cipher, Key, IV, Enc),\n"
    "    Out = [crypto:crypto_update(S, C) || C <- pieces(Data, Step)],\n"
    "    iolist_to_binary([Out, crypto:crypto_final(S)]);\n"
    "run(ecdh_pair, [Curve, PrivA, PrivB]) ->\n"
    "    {PubB, _} = crypto:generate_key(ecdh, Curve, PrivB),\n"
    "    crypto:compute_key(ecdh, PubB, PrivA, Curve);\n"
    "run(F, A) ->\n"
    "    apply(crypto, F, A).\n\n"
    "pieces(Data, Step) when byte_size(Data) =< Step -> [Data];\n"
    "pieces(Data, Step) ->\n"
    "    [binary:part(Data, 0, Step) | pieces(binary:part(Data, Step, byte_size(Data) - Step), Step)].\n\n"
    "arg({msg, N}) -> bytes(N, 3);\n"
    "arg({key, N, Seed}) -> bytes(N, Seed);\n"
    "arg(L) when is_list(L) -> [arg(X) || X <- L];\n"
    "arg(X) -> X.\n\n"
    "bytes(N, Seed) -> list_to_binary([(I * 7 + Seed * 31 + I div 256) rem 256 || I <- lists:seq(1, N)]).\n".

%% The same functions, for the generator itself.
outcome(F, A) ->
    try run(F, [arg(X) || X <- A]) of R -> {ok, R} catch error:E -> {error, E} end.

run(hash_stream, [Type, Data, Step]) ->
    S = lists:foldl(fun(C, St) -> crypto:hash_update(St, C) end, crypto:hash_init(Type),
                    pieces(Data, Step)),
    crypto:hash_final(S);
run(cipher_stream, [Cipher, Key, IV, Data, Step, Enc]) ->
    S = crypto:crypto_init(Cipher, Key, IV, Enc),
    Out = [crypto:crypto_update(S, C) || C <- pieces(Data, Step)],
    iolist_to_binary([Out, crypto:crypto_final(S)]);
run(ecdh_pair, [Curve, PrivA, PrivB]) ->
    {PubB, _} = crypto:generate_key(ecdh, Curve, PrivB),
    crypto:compute_key(ecdh, PubB, PrivA, Curve);
run(F, A) ->
    apply(crypto, F, A).

pieces(Data, Step) when byte_size(Data) =< Step -> [Data];
pieces(Data, Step) ->
    [binary:part(Data, 0, Step) | pieces(binary:part(Data, Step, byte_size(Data) - Step), Step)].

arg({msg, N}) -> bytes(N, 3);
arg({key, N, Seed}) -> bytes(N, Seed);
arg(L) when is_list(L) -> [arg(X) || X <- L];
arg(X) -> X.

bytes(N, Seed) -> list_to_binary([(I * 7 + Seed * 31 + I div 256) rem 256 || I <- lists:seq(1, N)]).

hashes() -> [md5, sha, sha224, sha256, sha384, sha512].
sizes() -> [0, 1, 3, 15, 16, 17, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000].

calls() ->
    [{hash, [T, {msg, N}]} || T <- hashes(), N <- sizes()] ++
    [{hash_stream, [T, {msg, N}, S]} || T <- hashes(), N <- [0, 100, 1000], S <- [1, 7, 64]] ++
    [{mac, [hmac, T, {key, K, 1}, {msg, N}]} || T <- hashes(), K <- [0, 16, 64, 200], N <- [0, 17, 300]] ++
    [{macN, [hmac, T, {key, 20, 2}, {msg, 50}, L]} || T <- hashes(), L <- [1, 10, 16]] ++
    [{mac, [cmac, C, {key, K, 3}, {msg, N}]} ||
        {C, K} <- [{aes_128_cbc, 16}, {aes_192_cbc, 24}, {aes_256_cbc, 32}, {aes_128_ecb, 16}],
        N <- [0, 1, 16, 17, 64, 100]] ++
    [{mac, [cmac, aes_128_cbc, {key, 15, 3}, {msg, 3}]}] ++
    [{crypto_one_time, [C, {key, K, 4}, {key, 16, 5}, {msg, N}, E]} ||
        {C, K} <- block_ciphers(), N <- [0, 1, 15, 16, 17, 33, 64, 100], E <- [true, false]] ++
    [{crypto_one_time, [C, {key, K, 4}, {msg, N}, E]} ||
        {C, K} <- [{aes_128_ecb, 16}, {aes_192_ecb, 24}, {aes_256_ecb, 32}],
        N <- [0, 15, 16, 17, 48], E <- [true, false]] ++
    [{crypto_one_time, [C, {key, K, 4}, {key, 16, 5}, {msg, N},
                        [{encrypt, E}, {padding, pkcs_padding}]]} ||
        {C, K} <- [{aes_128_cbc, 16}, {aes_256_cbc, 32}], N <- [0, 1, 16, 31], E <- [true]] ++
    [{cipher_stream, [C, {key, K, 6}, {key, 16, 7}, {msg, 100}, S, true]} ||
        {C, K} <- block_ciphers(), S <- [1, 5, 16, 40]] ++
    [{crypto_one_time, [C, {key, K, 4}, {key, I, 5}, {msg, 16}, true]} ||
        {C, K, I} <- [{aes_128_cbc, 15, 16}, {aes_128_cbc, 16, 15}, {aes_256_ctr, 16, 16},
                      {chacha20, 32, 12}, {foo, 16, 16}]] ++
    [{crypto_one_time_aead, [C, {key, K, 8}, {key, I, 9}, {msg, N}, {msg, A}, T, true]} ||
        {C, K, I, T} <- aeads(), N <- [0, 1, 16, 33, 100], A <- [0, 20]] ++
    [{crypto_one_time_aead, [C, {key, K, 8}, {key, I, 9}, {msg, N}, {msg, A}, true]} ||
        {C, K, I, _} <- aeads(), N <- [0, 17], A <- [0, 5]] ++
    [decrypt_case(C, K, I, T, N, A, Tamper) ||
        {C, K, I, T} <- aeads(), N <- [0, 16, 33], A <- [0, 20], Tamper <- [false, true]] ++
    [{crypto_one_time_aead, [C, {key, K, 8}, {key, I, 9}, {msg, 4}, {msg, 0}, T, true]} ||
        {C, K, I, T} <- [{aes_128_gcm, 16, 0, 16}, {aes_128_ccm, 16, 6, 12}, {aes_128_ccm, 16, 12, 5},
                         {chacha20_poly1305, 32, 8, 16}, {aes_128_gcm, 15, 12, 16}]] ++
    [{pbkdf2_hmac, [T, {key, 8, 10}, {key, 8, 11}, It, L]} ||
        T <- [sha, sha256, sha512, md5], It <- [1, 2, 50], L <- [16, 64]] ++
    [{exor, [{key, N, 12}, {key, N, 13}]} || N <- [0, 1, 17, 64]] ++
    [{hash_equals, [{key, N, 12}, {key, N, M}]} || N <- [1, 32], M <- [12, 13]] ++
    [{generate_key, [ecdh, Curve, {key, L, S}]} || {Curve, L} <- curves(), S <- [14, 15, 16]] ++
    [{ecdh_pair, [Curve, {key, L, 14}, {key, L, S}]} || {Curve, L} <- curves(), S <- [15, 16]] ++
    ecdsa_cases() ++ rsa_cases().

block_ciphers() ->
    [{aes_128_cbc, 16}, {aes_192_cbc, 24}, {aes_256_cbc, 32},
     {aes_128_ctr, 16}, {aes_192_ctr, 24}, {aes_256_ctr, 32},
     {aes_128_cfb128, 16}, {aes_192_cfb128, 24}, {aes_256_cfb128, 32},
     {chacha20, 32}].

%% {Cipher, KeyBytes, IVBytes, TagLength}.
aeads() ->
    [{aes_128_gcm, 16, 12, 16}, {aes_192_gcm, 24, 12, 16}, {aes_256_gcm, 32, 12, 16},
     {aes_128_gcm, 16, 16, 8}, {aes_256_gcm, 32, 7, 12},
     {aes_128_ccm, 16, 12, 12}, {aes_192_ccm, 24, 7, 16}, {aes_256_ccm, 32, 13, 8},
     {chacha20_poly1305, 32, 12, 16}].

%% Decrypt what OTP encrypted (with its tag, or with a flipped tag: `error`).
decrypt_case(C, K, I, T, N, A, Tamper) ->
    Key = arg({key, K, 8}), IV = arg({key, I, 9}),
    {Cipher, Tag} = crypto:crypto_one_time_aead(C, Key, IV, arg({msg, N}), arg({msg, A}), T, true),
    Tag1 = case Tamper of
               true -> crypto:exor(Tag, list_to_binary([1 | lists:duplicate(T - 1, 0)]));
               false -> Tag
           end,
    {crypto_one_time_aead, [C, {key, K, 8}, {key, I, 9}, Cipher, {msg, A}, Tag1, false]}.

%% {Curve, private key bytes}.
curves() ->
    [{secp256r1, 32}, {secp384r1, 48}, {secp521r1, 66}, {x25519, 32}].

%% OTP's signatures, verified (and a message they do not sign: false).
ecdsa_cases() ->
    lists:append(
      [begin
           Priv = arg({key, L, S}),
           {Pub, _} = crypto:generate_key(ecdh, Curve, Priv),
           Sig = crypto:sign(ecdsa, D, arg({msg, 40}), [Priv, Curve]),
           [{verify, [ecdsa, D, {msg, 40}, Sig, [Pub, Curve]]},
            {verify, [ecdsa, D, {msg, 41}, Sig, [Pub, Curve]]}]
       end || {Curve, L} <- [{secp256r1, 32}, {secp384r1, 48}, {secp521r1, 66}],
              D <- [sha256, sha384, sha512], S <- [17]]).

rsa_cases() ->
    {[E, N], [E, N, D | _]} = crypto:generate_key(rsa, {2048, 65537}),
    Pub = [binary:decode_unsigned(E), binary:decode_unsigned(N)],
    Priv = Pub ++ [binary:decode_unsigned(D)],
    Pss = [{rsa_padding, rsa_pkcs1_pss_padding}],
    [{sign, [rsa, H, {msg, M}, Priv]} || H <- [sha256, sha384, sha512], M <- [0, 100]] ++
    [{verify, [rsa, H, {msg, M}, crypto:sign(rsa, H, arg({msg, 100}), Priv), Pub]} ||
        H <- [sha256, sha512], M <- [100, 101]] ++
    [{verify, [rsa, H, {msg, M}, crypto:sign(rsa, H, arg({msg, 100}), Priv, Pss), Pub, Pss]} ||
        H <- [sha256, sha384, sha512], M <- [100, 101]].
