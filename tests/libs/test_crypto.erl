%% crypto: known answers, streaming against one-shot, hash state copies, OTP 29's error terms,
%% sign/verify round trips and many concurrent streams (run with 4 schedulers too).
-module(test_crypto).
-export([test_hash_vectors/0, test_hash_stream/0, test_hash_state_copies/0, test_mac/0,
         test_cipher_stream/0, test_cipher_partial_blocks/0, test_padding/0, test_aead/0,
         test_random/0, test_pbkdf2/0, test_helpers/0, test_ecdh/0, test_ecdsa/0, test_rsa/0,
         test_errors/0, test_supports/0, test_concurrent_streams/0]).
-include("etest.hrl").

hex(Bin) -> binary:encode_hex(Bin, lowercase).

test_hash_vectors() ->
    ?ASSERT_MATCH(<<"900150983cd24fb0d6963f7d28e17f72">>, hex(crypto:hash(md5, <<"abc">>))),
    ?ASSERT_MATCH(<<"a9993e364706816aba3e25717850c26c9cd0d89d">>, hex(crypto:hash(sha, "abc"))),
    ?ASSERT_MATCH(<<"23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7">>,
                  hex(crypto:hash(sha224, <<"abc">>))),
    ?ASSERT_MATCH(<<"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad">>,
                  hex(crypto:hash(sha256, [<<"a">>, "b", [$c]]))),
    ?ASSERT_MATCH(<<"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855">>,
                  hex(crypto:hash(sha256, <<>>))),
    ?ASSERT_MATCH(48, byte_size(crypto:hash(sha384, <<"abc">>))),
    ?ASSERT_MATCH(<<"ddaf35a193617aba">>, binary:part(hex(crypto:hash(sha512, <<"abc">>)), 0, 16)),
    ok.

test_hash_stream() ->
    Data = binary:copy(<<"0123456789abcdef!">>, 100),
    lists:foreach(
      fun(Type) ->
              S0 = crypto:hash_init(Type),
              S1 = lists:foldl(fun(Chunk, S) -> crypto:hash_update(S, Chunk) end, S0,
                               chunks(Data, 7)),
              ?ASSERT_MATCH(true, crypto:hash_final(S1) =:= crypto:hash(Type, Data))
      end, [md5, sha, sha224, sha256, sha384, sha512]),
    ok.

%% Pieces of growing sizes. (No binary matching in this module: OTP 29 loads no binary match
%% compiled by OTP 25, and the suite runs on OTP 29 too.)
chunks(Bin, N) when byte_size(Bin) =< N -> [Bin];
chunks(Bin, N) ->
    [binary:part(Bin, 0, N) | chunks(binary:part(Bin, N, byte_size(Bin) - N), N + 3)].

test_hash_state_copies() ->
    S0 = crypto:hash_init(sha256),
    S1 = crypto:hash_update(S0, <<"ab">>),
    SA = crypto:hash_update(S1, <<"c">>),
    SB = crypto:hash_update(S1, <<"d">>),
    ?ASSERT_MATCH(true, crypto:hash_final(SA) =:= crypto:hash(sha256, <<"abc">>)),
    ?ASSERT_MATCH(true, crypto:hash_final(SB) =:= crypto:hash(sha256, <<"abd">>)),
    %% Finishing does not use a state up.
    ?ASSERT_MATCH(true, crypto:hash_final(SA) =:= crypto:hash_final(SA)),
    ?ASSERT_MATCH(true, crypto:hash_final(S0) =:= crypto:hash(sha256, <<>>)),
    %% A state survives being sent to another process.
    Self = self(),
    spawn(fun() -> Self ! {state, crypto:hash_update(S1, <<"c">>)} end),
    receive {state, S} -> ?ASSERT_MATCH(true, crypto:hash_final(S) =:= crypto:hash_final(SA))
    after 5000 -> ?ASSERT_MATCH(received, timeout)
    end,
    ok.

test_mac() ->
    %% RFC 4231 test case 2.
    ?ASSERT_MATCH(<<"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843">>,
                  hex(crypto:mac(hmac, sha256, <<"Jefe">>, <<"what do ya want for nothing?">>))),
    ?ASSERT_MATCH(<<"5bdcc146bf60754e">>,
                  hex(crypto:macN(hmac, sha256, "Jefe", "what do ya want for nothing?", 8))),
    ?ASSERT_MATCH(32, byte_size(crypto:macN(hmac, sha256, <<"k">>, <<"d">>, 100))),
    %% RFC 4493 example 1 (empty message).
    Key = binary:decode_hex(<<"2b7e151628aed2a6abf7158809cf4f3c">>),
    ?ASSERT_MATCH(<<"bb1d6929e95937287fa37d129b756746">>,
                  hex(crypto:mac(cmac, aes_128_cbc, Key, <<>>))),
    %% Streams give what the one-shot function gives, for short and long (hashed) keys.
    Data = binary:copy(<<"mac stream ">>, 30),
    lists:foreach(
      fun({Type, Sub, K}) ->
              %% A fresh state for each final: OTP's are used up by it.
              S = fun() -> lists:foldl(fun(C, St) -> crypto:mac_update(St, C) end,
                                       crypto:mac_init(Type, Sub, K), chunks(Data, 9))
                  end,
              ?ASSERT_MATCH(true, crypto:mac_final(S()) =:= crypto:mac(Type, Sub, K, Data)),
              ?ASSERT_MATCH(true, crypto:mac_finalN(S(), 5) =:= crypto:macN(Type, Sub, K, Data, 5))
      end,
      [{hmac, T, K} || T <- [md5, sha, sha224, sha256, sha384, sha512],
                       K <- [<<>>, <<"key">>, binary:copy(<<"k">>, 200)]] ++
      [{cmac, aes_128_cbc, Key}, {cmac, aes_256_cbc, <<9:256>>}]),
    ok.

test_cipher_stream() ->
    Key = <<1:128>>, Key256 = <<7:256>>, IV = <<9:128>>,
    Data = binary:copy(<<"streaming data!">>, 20),
    lists:foreach(
      fun({Cipher, K, I}) ->
              One = crypto:crypto_one_time(Cipher, K, I, Data, true),
              Enc = crypto:crypto_init(Cipher, K, I, true),
              Parts = [crypto:crypto_update(Enc, C) || C <- chunks(Data, 5)],
              Streamed = iolist_to_binary([Parts, crypto:crypto_final(Enc)]),
              ?ASSERT_MATCH(true, {Cipher, One} =:= {Cipher, Streamed}),
              Back = crypto:crypto_one_time(Cipher, K, I, One, false),
              ?ASSERT_MATCH(true, Back =:= binary:part(Data, 0, byte_size(Back)))
      end,
      [{aes_128_cbc, Key, IV}, {aes_256_cbc, Key256, IV}, {aes_128_ctr, Key, IV},
       {aes_256_ctr, Key256, IV}, {aes_128_cfb128, Key, IV}, {aes_cfb128, Key256, IV},
       {chacha20, Key256, IV}]),
    %% ECB has no IV.
    E = crypto:crypto_one_time(aes_128_ecb, Key, <<0:256>>, true),
    ?ASSERT_MATCH(true, binary:part(E, 0, 16) =:= binary:part(E, 16, 16)),
    %% FIPS-197 C.1.
    ?ASSERT_MATCH(<<"69c4e0d86a7b0430d8cdb78070b4c55a">>,
                  hex(crypto:crypto_one_time(aes_128_ecb,
                                             binary:decode_hex(<<"000102030405060708090a0b0c0d0e0f">>),
                                             binary:decode_hex(<<"00112233445566778899aabbccddeeff">>),
                                             true))),
    ok.

test_cipher_partial_blocks() ->
    Key = <<1:128>>, IV = <<2:128>>,
    ?ASSERT_MATCH(<<>>, crypto:crypto_one_time(aes_128_cbc, Key, IV, <<"abc">>, true)),
    S = crypto:crypto_init(aes_128_cbc, Key, IV, true),
    ?ASSERT_MATCH(<<>>, crypto:crypto_update(S, <<"abc">>)),
    ?ASSERT_MATCH(16, byte_size(crypto:crypto_update(S, <<0:104>>))),
    ?ASSERT_MATCH(<<>>, crypto:crypto_final(S)),
    ?ASSERT_MATCH(16, byte_size(crypto:crypto_one_time(aes_128_ecb, Key, <<0:136>>, true))),
    %% CTR and ChaCha20 are streams: any length.
    ?ASSERT_MATCH(3, byte_size(crypto:crypto_one_time(aes_128_ctr, Key, IV, <<"abc">>, true))),
    ok.

test_padding() ->
    Key = <<1:128>>, IV = <<2:128>>,
    Opts = [{encrypt, true}, {padding, pkcs_padding}],
    C = crypto:crypto_one_time(aes_128_cbc, Key, IV, <<"abc">>, Opts),
    ?ASSERT_MATCH(16, byte_size(C)),
    ?ASSERT_MATCH(<<"abc">>, crypto:crypto_one_time(aes_128_cbc, Key, IV, C,
                                                  [{encrypt, false}, {padding, pkcs_padding}])),
    ?ASSERT_MATCH(32, byte_size(crypto:crypto_one_time(aes_128_cbc, Key, IV, <<0:128>>, Opts))),
    ?ASSERT_MATCH(3, byte_size(crypto:crypto_one_time(aes_128_ctr, Key, IV, <<"abc">>, Opts))),
    ok.

test_aead() ->
    Key = <<3:128>>, IV = <<4:96>>, AAD = <<"header">>,
    lists:foreach(
      fun({Cipher, K, I, TagLen}) ->
              {C, T} = crypto:crypto_one_time_aead(Cipher, K, I, <<"secret">>, AAD, true),
              ?ASSERT_MATCH(TagLen, byte_size(T)),
              ?ASSERT_MATCH(<<"secret">>, crypto:crypto_one_time_aead(Cipher, K, I, C, AAD, T, false)),
              Bad = crypto:exor(T, <<1, 0:(8 * TagLen - 8)>>),
              ?ASSERT_MATCH(error, crypto:crypto_one_time_aead(Cipher, K, I, C, AAD, Bad, false)),
              ?ASSERT_MATCH(error, crypto:crypto_one_time_aead(Cipher, K, I, C, <<"other">>, T, false))
      end,
      [{aes_128_gcm, Key, IV, 16}, {aes_256_gcm, <<5:256>>, IV, 16}, {aes_gcm, Key, <<1:8>>, 16},
       {aes_128_ccm, Key, IV, 12}, {aes_256_ccm, <<5:256>>, <<1:56>>, 12},
       {chacha20_poly1305, <<6:256>>, IV, 16}]),
    %% Short GCM tags are the full tag's prefix.
    {C, T16} = crypto:crypto_one_time_aead(aes_128_gcm, Key, IV, <<"x">>, <<>>, 16, true),
    {C, T3} = crypto:crypto_one_time_aead(aes_128_gcm, Key, IV, <<"x">>, <<>>, 3, true),
    ?ASSERT_MATCH(true, T3 =:= binary:part(T16, 0, 3)),
    ?ASSERT_MATCH(<<"x">>, crypto:crypto_one_time_aead(aes_128_gcm, Key, IV, C, <<>>, T3, false)),
    %% Empty plaintext still has a tag.
    {C0, T0} = crypto:crypto_one_time_aead(aes_128_gcm, Key, IV, <<>>, AAD, true),
    ?ASSERT_MATCH(0, byte_size(C0)),
    ?ASSERT_MATCH(16, byte_size(T0)),
    ok.

test_random() ->
    ?ASSERT_MATCH(<<>>, crypto:strong_rand_bytes(0)),
    A = crypto:strong_rand_bytes(32),
    B = crypto:strong_rand_bytes(32),
    ?ASSERT_MATCH(32, byte_size(A)),
    ?ASSERT_MATCH(true, A =/= B),
    ?ASSERT_MATCH(1000, byte_size(crypto:strong_rand_bytes(1000))),
    ok.

test_pbkdf2() ->
    %% RFC 6070 test 2 (HMAC-SHA1, 2 iterations).
    ?ASSERT_MATCH(<<"ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957">>,
                  hex(crypto:pbkdf2_hmac(sha, <<"password">>, <<"salt">>, 2, 20))),
    ?ASSERT_MATCH(64, byte_size(crypto:pbkdf2_hmac(sha256, <<"p">>, <<"s">>, 3, 64))),
    ok.

test_helpers() ->
    ?ASSERT_MATCH(<<2, 6>>, crypto:exor(<<1, 2>>, [3, <<4>>])),
    ?ASSERT_MATCH(<<>>, crypto:exor(<<>>, <<>>)),
    ?ASSERT_MATCH(true, crypto:hash_equals(<<"abc">>, <<"abc">>)),
    ?ASSERT_MATCH(false, crypto:hash_equals(<<"abc">>, <<"abd">>)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:hash_equals(<<"a">>, <<"ab">>) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:exor(<<"a">>, <<"ab">>) end)),
    ok.

test_ecdh() ->
    lists:foreach(
      fun(Curve) ->
              {PubA, PrivA} = crypto:generate_key(ecdh, Curve),
              {PubB, PrivB} = crypto:generate_key(ecdh, Curve),
              Z = crypto:compute_key(ecdh, PubB, PrivA, Curve),
              ?ASSERT_MATCH(true, Z =:= crypto:compute_key(ecdh, PubA, PrivB, Curve)),
              ?ASSERT_MATCH(true, {PubA, PrivA} =:= crypto:generate_key(ecdh, Curve, PrivA))
      end, [x25519, secp256r1, prime256v1, secp384r1, secp521r1]),
    %% RFC 7748 section 6.1.
    AlicePriv = binary:decode_hex(<<"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a">>),
    BobPub = binary:decode_hex(<<"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f">>),
    ?ASSERT_MATCH(<<"4a5d9d5b">>, binary:part(hex(crypto:compute_key(ecdh, BobPub, AlicePriv, x25519)), 0, 8)),
    {AlicePub, _} = crypto:generate_key(ecdh, x25519, AlicePriv),
    ?ASSERT_MATCH(<<"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a">>, hex(AlicePub)),
    ok.

test_ecdsa() ->
    lists:foreach(
      fun({Curve, Digest}) ->
              {Pub, Priv} = crypto:generate_key(ecdh, Curve),
              Sig = crypto:sign(ecdsa, Digest, <<"message">>, [Priv, Curve]),
              ?ASSERT_MATCH(true, crypto:verify(ecdsa, Digest, <<"message">>, Sig, [Pub, Curve])),
              ?ASSERT_MATCH(false, crypto:verify(ecdsa, Digest, <<"messagf">>, Sig, [Pub, Curve])),
              H = crypto:hash(Digest, <<"message">>),
              ?ASSERT_MATCH(true, crypto:verify(ecdsa, Digest, {digest, H}, Sig, [Pub, Curve]))
      end, [{secp256r1, sha256}, {secp384r1, sha384}, {secp521r1, sha512}, {secp256r1, sha}]),
    ok.

test_rsa() ->
    case rsa_pair() of
        {Pub, Priv} ->
            lists:foreach(
              fun({Digest, Opts}) ->
                      Sig = crypto:sign(rsa, Digest, <<"message">>, Priv, Opts),
                      ?ASSERT_MATCH(128, byte_size(Sig)),
                      ?ASSERT_MATCH(true, crypto:verify(rsa, Digest, <<"message">>, Sig, Pub, Opts)),
                      ?ASSERT_MATCH(false, crypto:verify(rsa, Digest, <<"other">>, Sig, Pub, Opts))
              end,
              [{sha256, []}, {sha512, []}, {sha256, [{rsa_padding, rsa_pkcs1_pss_padding}]},
               {sha384, [{rsa_padding, rsa_pkcs1_pss_padding}]}]),
            %% PKCS#1 v1.5 is deterministic.
            ?ASSERT_MATCH(true, crypto:sign(rsa, sha256, <<"m">>, Priv) =:=
                                    crypto:sign(rsa, sha256, <<"m">>, Priv))
    end,
    ok.

% A 1024-bit key made by OTP 29 (crypto:generate_key(rsa, {1024, 65537})): {Public, Private}.
rsa_pair() ->
    E = 65537,
    N = 149587161005344300331765930539772675668479619875380462561334093837078424099251765493736251132060866354158772294743193668158854614295112700888168455086315188890534264365015254486255539657159628863903010278993630570579613727487836220145012079915487267471854349179558335694126356509523508337997682561047800363231,
    D = 117659773298510663255904328141275030258242762484642071876561502711560731859748375107749973444109519808513214718734713068952207096942166480279600770423492994906039392553082550581188555203074706710405373536420770108529298643690247178620782763926912857536677694683868913070293162646298997446250023925281816769817,
    {[E, N], [E, N, D]}.

test_errors() ->
    ?ASSERT_MATCH({badarg, {"hash.c", 111}, "Bad digest type"}, err(fun() -> crypto:hash(foo, <<>>) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:hash(sha256, 1) end)),
    ?ASSERT_MATCH({badarg, {"hash.c", 175}, "Bad digest type"}, err(fun() -> crypto:hash_init(foo) end)),
    ?ASSERT_MATCH({badarg, {"hash.c", 219}, "Bad state"}, err(fun() -> crypto:hash_update(foo, <<>>) end)),
    ?ASSERT_MATCH({badarg, {"hash.c", 253}, "Bad state"}, err(fun() -> crypto:hash_final(foo) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:hash_update(crypto:hash_init(sha), foo) end)),
    ?ASSERT_MATCH({badarg, {"mac.c", 281}, "Bad digest algorithm for HMAC"},
                  err(fun() -> crypto:mac(hmac, foo, <<"k">>, <<"d">>) end)),
    ?ASSERT_MATCH({badarg, {"mac.c", 251}, "Unknown mac algorithm"},
                  err(fun() -> crypto:mac(poly, sha256, <<"k">>, <<"d">>) end)),
    ?ASSERT_MATCH({badarg, {"mac.c", 334}, "Bad key size"},
                  err(fun() -> crypto:mac(cmac, aes_128_cbc, <<"k">>, <<"d">>) end)),
    ?ASSERT_MATCH({badarg, {"mac.c", 331}, "Unknown cipher"},
                  err(fun() -> crypto:mac(cmac, foo, <<0:128>>, <<"d">>) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 246}, "Bad key size"},
                  err(fun() -> crypto:crypto_one_time(aes_128_cbc, <<0:120>>, <<0:128>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 309}, "Bad iv size"},
                  err(fun() -> crypto:crypto_one_time(aes_128_cbc, <<0:128>>, <<0:120>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 244}, "Unknown cipher"},
                  err(fun() -> crypto:crypto_one_time(foo, <<0:128>>, <<0:128>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 851}, "expected binary as data"},
                  err(fun() -> crypto:crypto_one_time(aes_128_cbc, <<0:128>>, <<0:128>>, foo, true) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 122}, "Options are not a boolean or a proper list"},
                  err(fun() -> crypto:crypto_one_time(aes_128_cbc, <<0:128>>, <<0:128>>, <<>>, foo) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 176}, "Bad tag in option: foo"},
                  err(fun() -> crypto:crypto_one_time(aes_128_ctr, <<0:128>>, <<0:128>>, <<>>, [{foo, true}]) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 729}, "Bad State"}, err(fun() -> crypto:crypto_update(make_ref(), <<>>) end)),
    ?ASSERT_MATCH({badarg, {"api_ng.c", 771}, "Bad State"}, err(fun() -> crypto:crypto_final(make_ref()) end)),
    ?ASSERT_MATCH({badarg, {"aead.c", 218}, "Unknown cipher or invalid key size"},
                  err(fun() -> crypto:crypto_one_time_aead(aes_128_gcm, <<0:120>>, <<0:96>>, <<>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"aead.c", 281}, "Bad IV length"},
                  err(fun() -> crypto:crypto_one_time_aead(aes_128_gcm, <<0:128>>, <<>>, <<>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"aead.c", 281}, "Bad IV length"},
                  err(fun() -> crypto:crypto_one_time_aead(chacha20_poly1305, <<0:256>>, <<0:64>>, <<>>, <<>>, true) end)),
    ?ASSERT_MATCH({badarg, {"aead.c", 286}, "Can't set tag"},
                  err(fun() -> crypto:crypto_one_time_aead(aes_128_ccm, <<0:128>>, <<0:96>>, <<>>, <<>>, 5, true) end)),
    ?ASSERT_MATCH({badarg, {"aead.c", 201}, "Bad Tag length"},
                  err(fun() -> crypto:crypto_one_time_aead(aes_128_gcm, <<0:128>>, <<0:96>>, <<>>, <<>>, true, true) end)),
    ?ASSERT_MATCH({badarg, "Not an AEAD cipher"},
                  err(fun() -> crypto:crypto_one_time_aead(foo, <<0:128>>, <<0:96>>, <<>>, <<>>, true) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:strong_rand_bytes(-1) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:strong_rand_bytes(foo) end)),
    ?ASSERT_MATCH({badarg, {"pbkdf2_hmac.c", 79}, "Must be > 0"},
                  err(fun() -> crypto:pbkdf2_hmac(sha256, <<"p">>, <<"s">>, 0, 32) end)),
    ?ASSERT_MATCH({badarg, {"pbkdf2_hmac.c", 84}, "Must be > 0"},
                  err(fun() -> crypto:pbkdf2_hmac(sha256, <<"p">>, <<"s">>, 1, 0) end)),
    ?ASSERT_MATCH({badarg, {"pbkdf2_hmac.c", 36}, "Bad digest type"},
                  err(fun() -> crypto:pbkdf2_hmac(foo, <<"p">>, <<"s">>, 1, 32) end)),
    ?ASSERT_MATCH({badarg, {"ec.c", 391}, "Couldn't get Curve definition"},
                  err(fun() -> crypto:generate_key(ecdh, foo) end)),
    ?ASSERT_MATCH({error, {"ecdh.c", 80}, "Can't do fromdata"},
                  err(fun() -> crypto:compute_key(ecdh, <<1, 2, 3>>, <<1:256>>, secp256r1) end)),
    ?ASSERT_MATCH({badarg, {"pkey.c", 278}, "Bad digest type"},
                  err(fun() -> crypto:sign(ecdsa, foo, <<"m">>, [<<1:256>>, secp256r1]) end)),
    ?ASSERT_MATCH({badarg, {"pkey.c", 511}, "Couldn't get ECDSA private key"},
                  err(fun() -> crypto:sign(ecdsa, sha256, <<"m">>, [<<1:256>>, foo]) end)),
    ?ASSERT_MATCH({badarg, {"pkey.c", 703}, "Couldn't get ECDSA public key"},
                  err(fun() -> crypto:verify(ecdsa, sha256, <<"m">>, <<"s">>, [<<4, 0:512>>, secp256r1]) end)),
    ?ASSERT_MATCH(false, crypto:verify(rsa, sha256, <<"m">>, <<"sig">>, [3, 55])),
    ok.

err(F) ->
    try F() of V -> {returned, V} catch error:R -> R end.

test_supports() ->
    Hashs = crypto:supports(hashs),
    ?ASSERT_MATCH(true, lists:all(fun(H) -> lists:member(H, Hashs) end,
                                  [md5, sha, sha224, sha256, sha384, sha512])),
    Ciphers = crypto:supports(ciphers),
    ?ASSERT_MATCH(true, lists:all(fun(C) -> lists:member(C, Ciphers) end,
                                  [aes_128_cbc, aes_256_gcm, aes_128_ccm, chacha20_poly1305,
                                   aes_128_ctr, aes_128_cfb128, aes_128_ecb, chacha20])),
    ?ASSERT_MATCH(true, lists:member(hmac, crypto:supports(macs))),
    ?ASSERT_MATCH(true, lists:member(x25519, crypto:supports(curves))),
    ?ASSERT_MATCH(true, lists:member(ecdsa, crypto:supports(public_keys))),
    ?ASSERT_MATCH(true, crypto:hash_info(sha256) =:= #{type => 672, size => 32, block_size => 64}),
    ?ASSERT_MATCH(true, crypto:hash_info(sha384) =:= #{type => 673, size => 48, block_size => 128}),
    ?ASSERT_MATCH(true, crypto:cipher_info(aes_256_gcm) =:=
                            #{type => 901, mode => gcm_mode, prop_aead => true, key_length => 32,
                              iv_length => 12, block_size => 1}),
    ?ASSERT_MATCH(true, crypto:cipher_info(chacha20) =:=
                            #{type => undefined, mode => stream_cipher, prop_aead => false,
                              key_length => 32, iv_length => 16, block_size => 1}),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:hash_info(foo) end)),
    ?ASSERT_MATCH(badarg, err(fun() -> crypto:cipher_info(foo) end)),
    ?ASSERT_MATCH(256, crypto:bytes_to_integer(<<1, 0>>)),
    [{_, Version, _}] = crypto:info_lib(),
    ?ASSERT_MATCH(true, is_integer(Version)),
    ok.

%% Many processes each run their own hash and cipher streams at once, interleaving updates
%% with the others', and check every result against the one-shot functions.
test_concurrent_streams() ->
    Self = self(),
    N = 40,
    Pids = [spawn(fun() -> Self ! {done, self(), worker(I)} end) || I <- lists:seq(1, N)],
    Results = [receive {done, P, R} -> R after 60000 -> timeout end || P <- Pids],
    ?ASSERT_MATCH([], [R || R <- Results, R =/= ok]),
    %% One stream shared by 8 processes at once: ECB on whole blocks gives each block's
    %% cipher whatever the order, so each can check its own (the stream's lock serialises them).
    Key = <<42:128>>,
    Shared = crypto:crypto_init(aes_128_ecb, Key, true),
    Sharers = [spawn(fun() -> Self ! {shared, self(), sharer(Shared, Key, J)} end) || J <- lists:seq(1, 8)],
    Shares = [receive {shared, P, R} -> R after 60000 -> timeout end || P <- Sharers],
    ?ASSERT_MATCH([], [R || R <- Shares, R =/= ok]),
    ok.

sharer(Stream, Key, J) ->
    Bad = [K || K <- lists:seq(1, 150),
                begin
                    Block = <<J:64, K:64>>,
                    crypto:crypto_update(Stream, Block) =/=
                        crypto:crypto_one_time(aes_128_ecb, Key, Block, true)
                end],
    case Bad of
        [] -> ok;
        _ -> {J, Bad}
    end.

worker(I) ->
    Key = <<I:256>>, IV = <<I:128>>,
    Data = binary:copy(<<I, "concurrent">>, 50 + I),
    Chunks = chunks(Data, 3 + I rem 5),
    Enc = crypto:crypto_init(aes_256_ctr, Key, IV, true),
    Cha = crypto:crypto_init(chacha20, Key, IV, true),
    {Hs, Cs, Xs} = lists:foldl(
                     fun(C, {H, CAcc, XAcc}) ->
                             erlang:yield(),
                             {crypto:hash_update(H, C),
                              [crypto:crypto_update(Enc, C) | CAcc],
                              [crypto:crypto_update(Cha, C) | XAcc]}
                     end, {crypto:hash_init(sha256), [], []}, Chunks),
    Checks = [crypto:hash_final(Hs) =:= crypto:hash(sha256, Data),
              iolist_to_binary(lists:reverse(Cs)) =:=
                  crypto:crypto_one_time(aes_256_ctr, Key, IV, Data, true),
              iolist_to_binary(lists:reverse(Xs)) =:=
                  crypto:crypto_one_time(chacha20, Key, IV, Data, true),
              crypto:mac(hmac, sha256, Key, Data) =:= crypto:mac(hmac, sha256, Key, Data)],
    case lists:all(fun(B) -> B end, Checks) of
        true -> ok;
        false -> {I, Checks}
    end.
