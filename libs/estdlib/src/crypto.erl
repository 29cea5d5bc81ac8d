%% crypto: OTP's API on mbedTLS (natives `crypto:nif_*`, vm/src/natives/crypto/).
%%
%% This module checks algorithm names, sizes and options and raises the error terms OTP 29
%% raises for them ({badarg, {File, Line}, Description} naming OTP's C source, and the few
%% other forms); the natives take checked arguments and raise a plain badarg otherwise.
%%
%% A hash state is a value, {crypto_hash, Type, Saved}: hash_update/2 returns a new one and the
%% old one stays usable, as in OTP. A cipher state (crypto_init) is a reference to a stream
%% owned by the calling process.
-module(crypto).

-export([hash/2, hash_init/1, hash_update/2, hash_final/1,
         mac/3, mac/4, macN/4, macN/5, mac_init/3, mac_update/2, mac_final/1, mac_finalN/2,
         crypto_one_time/4, crypto_one_time/5,
         crypto_init/3, crypto_init/4, crypto_update/2, crypto_final/1,
         crypto_one_time_aead/6, crypto_one_time_aead/7,
         strong_rand_bytes/1, pbkdf2_hmac/5, hash_equals/2, exor/2,
         generate_key/2, generate_key/3, compute_key/4,
         sign/4, sign/5, verify/5, verify/6,
         supports/0, supports/1, info_lib/0, hash_info/1, cipher_info/1, bytes_to_integer/1,
         start/0, stop/0]).

-export([nif_hash/2, nif_hash_init/1, nif_hash_update/3, nif_hash_final/2,
         nif_hmac/3, nif_cmac/2,
         nif_cipher_init/4, nif_cipher_update/2, nif_cipher_final/1, nif_cipher_valid/1,
         nif_aead/7, nif_strong_rand_bytes/1, nif_pbkdf2/5, nif_exor/2, nif_hash_equals/2,
         nif_info_lib/0, nif_ec_generate/1, nif_ec_from_private/2, nif_ecdh/3,
         nif_ecdsa_sign/4, nif_ecdsa_verify/4, nif_rsa_sign/6, nif_rsa_verify/6]).

-define(HASHS, [sha, sha224, sha256, sha384, sha512, md5]).
-define(CURVES, [secp256r1, prime256v1, secp384r1, secp521r1, x25519]).

%% OTP raises these with its C source's file and line.
-define(BADARG(File, Line, Text), erlang:error({badarg, {File, Line}, Text})).
-define(ERROR(File, Line, Text), erlang:error({error, {File, Line}, Text})).

start() -> ok.
stop() -> ok.

%% ---- hashes ----

hash(Type, Data) ->
    check_hash(Type, 111),
    nif_hash(Type, Data).

hash_init(Type) ->
    check_hash(Type, 175),
    {crypto_hash, Type, nif_hash_init(Type)}.

hash_update({crypto_hash, Type, Saved}, Data) when is_binary(Saved) ->
    {crypto_hash, Type, nif_hash_update(Type, Saved, Data)};
hash_update(_, _) ->
    ?BADARG("hash.c", 219, "Bad state").

hash_final({crypto_hash, Type, Saved}) when is_binary(Saved) ->
    nif_hash_final(Type, Saved);
hash_final(_) ->
    ?BADARG("hash.c", 253, "Bad state").

check_hash(Type, Line) ->
    case lists:member(Type, ?HASHS) of
        true -> ok;
        false -> ?BADARG("hash.c", Line, "Bad digest type")
    end.

%% ---- MACs ----

mac(hmac, SubType, Key, Data) ->
    case lists:member(SubType, ?HASHS) of
        true -> nif_hmac(SubType, Key, Data);
        false -> ?BADARG("mac.c", 281, "Bad digest algorithm for HMAC")
    end;
mac(cmac, SubType, Key, Data) ->
    case cipher_spec(SubType) of
        %% OTP's CMAC takes the CBC ciphers only.
        {cbc, KeySize} ->
            case iolist_size_or_badarg(Key) of
                N when N =:= KeySize; KeySize =:= any, (N =:= 16 orelse N =:= 24 orelse N =:= 32) ->
                    nif_cmac(Key, Data);
                _ ->
                    ?BADARG("mac.c", 334, "Bad key size")
            end;
        {_, _} ->
            ?ERROR("mac.c", 405, "Couldn't get mac");
        false ->
            case aead_spec(SubType) of
                false -> ?BADARG("mac.c", 331, "Unknown cipher");
                _ -> ?ERROR("mac.c", 405, "Couldn't get mac")
            end
    end;
mac(_, _, _, _) ->
    ?BADARG("mac.c", 251, "Unknown mac algorithm").

mac(poly1305, _Key, _Data) -> erlang:error(notsup);
mac(_, _Key, _Data) -> ?BADARG("mac.c", 251, "Unknown mac algorithm").

macN(Type, SubType, Key, Data, N) when is_integer(N), N >= 0 ->
    Mac = mac(Type, SubType, Key, Data),
    binary:part(Mac, 0, min(N, byte_size(Mac)));
macN(_, _, _, _, _) ->
    erlang:error(badarg).

macN(Type, Key, Data, N) ->
    Mac = mac(Type, Key, Data),
    binary:part(Mac, 0, min(N, byte_size(Mac))).

%% MAC streams are values too. HMAC: the inner hash state after the inner key pad, and the outer
%% pad (RFC 2104). CMAC: the data gathered, MACed at the final.
mac_init(hmac, SubType, Key) ->
    lists:member(SubType, ?HASHS) orelse ?BADARG("mac.c", 281, "Bad digest algorithm for HMAC"),
    Block = case SubType of
                sha384 -> 128;
                sha512 -> 128;
                _ -> 64
            end,
    K0 = iolist_to_binary(Key),
    K1 = case byte_size(K0) > Block of
             true -> hash(SubType, K0);
             false -> K0
         end,
    K = <<K1/binary, (binary:copy(<<0>>, Block - byte_size(K1)))/binary>>,
    Inner = hash_update(hash_init(SubType), exor(K, binary:copy(<<16#36>>, Block))),
    {crypto_mac, hmac, SubType, Inner, exor(K, binary:copy(<<16#5c>>, Block))};
mac_init(cmac, SubType, Key) ->
    _ = mac(cmac, SubType, Key, <<>>),
    {crypto_mac, cmac, SubType, Key, []};
mac_init(_, _, _) ->
    ?BADARG("mac.c", 251, "Unknown mac algorithm").

mac_update({crypto_mac, hmac, SubType, Inner, Outer}, Data) ->
    {crypto_mac, hmac, SubType, hash_update(Inner, Data), Outer};
mac_update({crypto_mac, cmac, SubType, Key, Acc}, Data) ->
    _ = iolist_size_or_badarg(Data),
    {crypto_mac, cmac, SubType, Key, [Acc, Data]};
mac_update(_, _) ->
    erlang:error(badarg).

mac_final({crypto_mac, hmac, SubType, Inner, Outer}) ->
    hash(SubType, [Outer, hash_final(Inner)]);
mac_final({crypto_mac, cmac, SubType, Key, Acc}) ->
    mac(cmac, SubType, Key, Acc);
mac_final(_) ->
    erlang:error(badarg).

mac_finalN(State, N) when is_integer(N), N >= 0 ->
    Mac = mac_final(State),
    binary:part(Mac, 0, min(N, byte_size(Mac)));
mac_finalN(_, _) ->
    erlang:error(badarg).

iolist_size_or_badarg(Key) ->
    try iolist_size(Key) catch _:_ -> erlang:error(badarg) end.

%% ---- ciphers ----

%% {Mode, KeyBytes} of a cipher name, or false.
cipher_spec(aes_128_ecb) -> {ecb, 16};
cipher_spec(aes_192_ecb) -> {ecb, 24};
cipher_spec(aes_256_ecb) -> {ecb, 32};
cipher_spec(aes_ecb) -> {ecb, any};
cipher_spec(aes_128_cbc) -> {cbc, 16};
cipher_spec(aes_192_cbc) -> {cbc, 24};
cipher_spec(aes_256_cbc) -> {cbc, 32};
cipher_spec(aes_cbc) -> {cbc, any};
cipher_spec(aes_128_ctr) -> {ctr, 16};
cipher_spec(aes_192_ctr) -> {ctr, 24};
cipher_spec(aes_256_ctr) -> {ctr, 32};
cipher_spec(aes_ctr) -> {ctr, any};
cipher_spec(aes_128_cfb128) -> {cfb, 16};
cipher_spec(aes_192_cfb128) -> {cfb, 24};
cipher_spec(aes_256_cfb128) -> {cfb, 32};
cipher_spec(aes_cfb128) -> {cfb, any};
cipher_spec(chacha20) -> {chacha20, 32};
cipher_spec(_) -> false.

-define(CIPHERS, [aes_128_ecb, aes_192_ecb, aes_256_ecb, aes_ecb,
                  aes_128_cbc, aes_192_cbc, aes_256_cbc, aes_cbc,
                  aes_128_ctr, aes_192_ctr, aes_256_ctr, aes_ctr,
                  aes_128_cfb128, aes_192_cfb128, aes_256_cfb128, aes_cfb128,
                  chacha20]).
-define(AEADS, [aes_128_gcm, aes_192_gcm, aes_256_gcm, aes_gcm,
                aes_128_ccm, aes_192_ccm, aes_256_ccm, aes_ccm,
                chacha20_poly1305]).

crypto_one_time(Cipher, Key, Data, FlagOrOptions) ->
    crypto_one_time(Cipher, Key, <<>>, Data, FlagOrOptions).

crypto_one_time(Cipher, Key, IV, Data, FlagOrOptions) ->
    {Encrypt, Padding} = options(FlagOrOptions),
    check_data(Data),
    Ref = init(Cipher, Key, IV, Encrypt),
    {Mode, _} = cipher_spec(Cipher),
    case {Padding andalso (Mode =:= ecb orelse Mode =:= cbc), Encrypt} of
        {true, true} ->
            Padded = pkcs_pad(iolist_to_binary(Data)),
            Out = nif_cipher_update(Ref, Padded),
            nif_cipher_final(Ref),
            Out;
        {true, false} ->
            Out = nif_cipher_update(Ref, Data),
            nif_cipher_final(Ref),
            pkcs_unpad(Out);
        {false, _} ->
            Out = nif_cipher_update(Ref, Data),
            Rest = nif_cipher_final(Ref),
            <<Out/binary, Rest/binary>>
    end.

crypto_init(Cipher, Key, FlagOrOptions) ->
    crypto_init(Cipher, Key, <<>>, FlagOrOptions).

crypto_init(Cipher, Key, IV, FlagOrOptions) ->
    {Encrypt, _Padding} = options(FlagOrOptions),
    init(Cipher, Key, IV, Encrypt).

crypto_update(Ref, Data) when is_reference(Ref) ->
    case nif_cipher_valid(Ref) of
        true ->
            check_data(Data),
            nif_cipher_update(Ref, Data);
        false ->
            ?BADARG("api_ng.c", 729, "Bad State")
    end;
crypto_update(_, _) ->
    ?BADARG("api_ng.c", 729, "Bad State").

crypto_final(Ref) when is_reference(Ref) ->
    case nif_cipher_valid(Ref) of
        true -> nif_cipher_final(Ref);
        false -> ?BADARG("api_ng.c", 771, "Bad State")
    end;
crypto_final(_) ->
    ?BADARG("api_ng.c", 771, "Bad State").

init(Cipher, Key, IV, Encrypt) ->
    case cipher_spec(Cipher) of
        false ->
            ?BADARG("api_ng.c", 244, "Unknown cipher");
        {Mode, KeySize} ->
            KeyBytes = try iolist_size(Key) catch _:_ -> ?BADARG("api_ng.c", 230, "Bad key") end,
            case KeySize =:= KeyBytes orelse
                 (KeySize =:= any andalso lists:member(KeyBytes, [16, 24, 32])) of
                true -> ok;
                false -> ?BADARG("api_ng.c", 246, "Bad key size")
            end,
            IVBytes = try iolist_size(IV) catch _:_ -> ?BADARG("api_ng.c", 309, "Bad iv size") end,
            case Mode =:= ecb orelse IVBytes =:= 16 of
                true -> ok;
                false -> ?BADARG("api_ng.c", 309, "Bad iv size")
            end,
            nif_cipher_init(Cipher, Key, IV, Encrypt)
    end.

%% {Encrypt, PkcsPadding} from true/false or an option list.
options(Flag) when is_boolean(Flag) ->
    {Flag, false};
options(Options) when is_list(Options) ->
    lists:foldl(
      fun({encrypt, E}, {_, P}) when is_boolean(E) -> {E, P};
         ({padding, none}, {E, _}) -> {E, false};
         ({padding, pkcs_padding}, {E, _}) -> {E, true};
         ({padding, _} = Bad, _) -> ?BADARG("api_ng.c", 176, bad_option(Bad));
         ({Tag, _}, _) -> ?BADARG("api_ng.c", 176, "Bad tag in option: " ++ atom_to_list_or(Tag));
         (_, _) -> ?BADARG("api_ng.c", 122, "Options are not a boolean or a proper list")
      end, {true, false}, Options);
options(_) ->
    ?BADARG("api_ng.c", 122, "Options are not a boolean or a proper list").

bad_option({padding, _}) -> "Bad padding in option".

atom_to_list_or(A) when is_atom(A) -> atom_to_list(A);
atom_to_list_or(_) -> "?".

check_data(Data) when is_binary(Data); is_list(Data) -> ok;
check_data(_) -> ?BADARG("api_ng.c", 851, "expected binary as data").

pkcs_pad(Bin) ->
    N = 16 - byte_size(Bin) rem 16,
    <<Bin/binary, (binary:copy(<<N>>, N))/binary>>.

pkcs_unpad(<<>>) ->
    <<>>;
pkcs_unpad(Bin) ->
    N = binary:last(Bin),
    case N >= 1 andalso N =< 16 andalso N =< byte_size(Bin) of
        true -> binary:part(Bin, 0, byte_size(Bin) - N);
        false -> Bin
    end.

%% ---- AEAD ----

aead_spec(aes_128_gcm) -> {gcm, 16};
aead_spec(aes_192_gcm) -> {gcm, 24};
aead_spec(aes_256_gcm) -> {gcm, 32};
aead_spec(aes_gcm) -> {gcm, any};
aead_spec(aes_128_ccm) -> {ccm, 16};
aead_spec(aes_192_ccm) -> {ccm, 24};
aead_spec(aes_256_ccm) -> {ccm, 32};
aead_spec(aes_ccm) -> {ccm, any};
aead_spec(chacha20_poly1305) -> {chachapoly, 32};
aead_spec(_) -> false.

crypto_one_time_aead(Cipher, Key, IV, InText, AAD, true) ->
    TagLength = case aead_spec(Cipher) of
                    {ccm, _} -> 12;
                    _ -> 16
                end,
    crypto_one_time_aead(Cipher, Key, IV, InText, AAD, TagLength, true).

crypto_one_time_aead(Cipher, Key, IV, InText, AAD, TagOrTagLength, Encrypt) ->
    case aead_spec(Cipher) of
        false ->
            erlang:error({badarg, "Not an AEAD cipher"});
        {Kind, KeySize} ->
            KeyBytes = iolist_size_or_badarg(Key),
            case KeySize =:= KeyBytes orelse
                 (KeySize =:= any andalso lists:member(KeyBytes, [16, 24, 32])) of
                true -> ok;
                false -> ?BADARG("aead.c", 218, "Unknown cipher or invalid key size")
            end,
            IVBytes = iolist_size_or_badarg(IV),
            IVOk = case Kind of
                       gcm -> IVBytes > 0;
                       ccm -> IVBytes >= 7 andalso IVBytes =< 13;
                       chachapoly -> IVBytes =:= 12
                   end,
            IVOk orelse ?BADARG("aead.c", 281, "Bad IV length"),
            case Encrypt of
                true ->
                    is_integer(TagOrTagLength) orelse ?BADARG("aead.c", 201, "Bad Tag length"),
                    TagOk = case Kind of
                                gcm -> TagOrTagLength >= 1 andalso TagOrTagLength =< 16;
                                ccm -> lists:member(TagOrTagLength, [4, 6, 8, 10, 12, 14, 16]);
                                chachapoly -> TagOrTagLength =:= 16
                            end,
                    case {TagOk, Kind} of
                        {true, _} -> ok;
                        {false, gcm} -> ?ERROR("aead.c", 332, "Can't get Tag");
                        {false, _} -> ?BADARG("aead.c", 286, "Can't set tag")
                    end;
                false ->
                    is_binary(TagOrTagLength) orelse ?BADARG("aead.c", 201, "Bad Tag length")
            end,
            nif_aead(Cipher, Key, IV, InText, AAD, TagOrTagLength, Encrypt)
    end.

%% ---- random, KDF, helpers ----

strong_rand_bytes(N) when is_integer(N), N >= 0 -> nif_strong_rand_bytes(N);
strong_rand_bytes(_) -> erlang:error(badarg).

pbkdf2_hmac(Digest, Pass, Salt, Iter, KeyLen) ->
    lists:member(Digest, ?HASHS) orelse ?BADARG("pbkdf2_hmac.c", 36, "Bad digest type"),
    Digest =/= md5 orelse ?BADARG("pbkdf2_hmac.c", 40, "Not eligible digest type"),
    is_binary(Pass) orelse ?BADARG("pbkdf2_hmac.c", 43, "Not binary"),
    is_binary(Salt) orelse ?BADARG("pbkdf2_hmac.c", 47, "Not binary"),
    (is_integer(Iter) andalso Iter > 0) orelse ?BADARG("pbkdf2_hmac.c", 79, "Must be > 0"),
    (is_integer(KeyLen) andalso KeyLen > 0) orelse ?BADARG("pbkdf2_hmac.c", 84, "Must be > 0"),
    nif_pbkdf2(Digest, Pass, Salt, Iter, KeyLen).

hash_equals(A, B) -> nif_hash_equals(A, B).

exor(A, B) -> nif_exor(A, B).

%% ---- public keys ----

generate_key(Type, Curve) when Type =:= ecdh; Type =:= eddh ->
    check_curve_def(Curve),
    nif_ec_generate(Curve);
generate_key(_, _) ->
    erlang:error(notsup).

generate_key(Type, Curve, undefined) when Type =:= ecdh; Type =:= eddh ->
    generate_key(Type, Curve);
generate_key(Type, Curve, Private) when Type =:= ecdh; Type =:= eddh ->
    check_curve_def(Curve),
    nif_ec_from_private(Curve, Private);
generate_key(_, _, _) ->
    erlang:error(notsup).

check_curve_def(Curve) ->
    lists:member(Curve, ?CURVES) orelse ?BADARG("ec.c", 391, "Couldn't get Curve definition").

compute_key(Type, OthersPublic, MyPrivate, Curve) when Type =:= ecdh; Type =:= eddh ->
    lists:member(Curve, ?CURVES) orelse ?ERROR("ec.c", 84, "Bad curve def. Expect 5-tuple."),
    try
        nif_ecdh(Curve, OthersPublic, MyPrivate)
    catch
        error:badarg when Curve =:= x25519 -> ?BADARG("evp.c", 173, "Not a raw public peer key");
        error:badarg -> ?ERROR("ecdh.c", 80, "Can't do fromdata")
    end;
compute_key(_, _, _, _) ->
    erlang:error(notsup).

sign(Alg, Digest, Msg, Key) ->
    sign(Alg, Digest, Msg, Key, []).

sign(Alg, Digest, Msg, Key, Options) ->
    Hash = message_digest(Digest, Msg),
    case {Alg, Key} of
        {ecdsa, [Private, Curve]} ->
            check_sign_curve(Curve, 511, "Couldn't get ECDSA private key"),
            nif_ecdsa_sign(Curve, Private, Digest, Hash);
        {ecdsa, _} ->
            ?BADARG("pkey.c", 511, "Couldn't get ECDSA private key");
        {rsa, [E, N, D | _]} ->
            try nif_rsa_sign(unsigned(N), unsigned(E), unsigned(D), Digest, Hash, pss(Options))
            catch error:badarg -> ?ERROR("pkey.c", 884, "Can't EVP_PKEY_sign")
            end;
        {rsa, _} ->
            ?BADARG("pkey.c", 505, "Couldn't get RSA private key");
        _ ->
            ?ERROR("pkey.c", 616, "Can't create PKEY_CTX from name")
    end.

verify(Alg, Digest, Msg, Signature, Key) ->
    verify(Alg, Digest, Msg, Signature, Key, []).

verify(Alg, Digest, Msg, Signature, Key, Options) ->
    Hash = message_digest(Digest, Msg),
    case {Alg, Key} of
        {ecdsa, [Public, Curve]} ->
            check_sign_curve(Curve, 703, "Couldn't get ECDSA public key"),
            try nif_ecdsa_verify(Curve, Public, Hash, Signature)
            catch error:badarg -> ?BADARG("pkey.c", 703, "Couldn't get ECDSA public key")
            end;
        {ecdsa, _} ->
            ?BADARG("pkey.c", 703, "Couldn't get ECDSA public key");
        {rsa, [E, N | _]} ->
            try nif_rsa_verify(unsigned(N), unsigned(E), Digest, Hash, Signature, pss(Options))
            catch error:badarg -> false
            end;
        {rsa, _} ->
            ?BADARG("pkey.c", 697, "Couldn't get RSA public key");
        _ ->
            ?ERROR("pkey.c", 616, "Can't create PKEY_CTX from name")
    end.

check_sign_curve(Curve, Line, Text) ->
    case lists:member(Curve, ?CURVES) andalso Curve =/= x25519 of
        true -> ok;
        false -> ?BADARG("pkey.c", Line, Text)
    end.

message_digest(Digest, Msg) ->
    lists:member(Digest, ?HASHS) orelse ?BADARG("pkey.c", 278, "Bad digest type"),
    case Msg of
        {digest, Hash} -> iolist_to_binary(Hash);
        _ -> nif_hash(Digest, Msg)
    end.

pss(Options) when is_list(Options) ->
    proplists:get_value(rsa_padding, Options, rsa_pkcs1_padding) =:= rsa_pkcs1_pss_padding;
pss(_) ->
    false.

unsigned(I) when is_integer(I), I >= 0 -> binary:encode_unsigned(I);
unsigned(B) when is_binary(B) -> B;
unsigned(_) -> erlang:error(badarg).

%% ---- what is here ----

supports() ->
    [{hashs, supports(hashs)}, {ciphers, supports(ciphers)},
     {public_keys, supports(public_keys)}, {macs, supports(macs)},
     {curves, supports(curves)}, {rsa_opts, supports(rsa_opts)}].

supports(hashs) -> ?HASHS;
supports(ciphers) -> ?CIPHERS ++ ?AEADS;
supports(public_keys) -> [rsa, ecdsa, ecdh, eddh];
supports(macs) -> [cmac, hmac];
supports(curves) -> ?CURVES;
supports(rsa_opts) -> [rsa_pkcs1_pss_padding, rsa_pkcs1_padding].

%% OTP 29's values (the type is OpenSSL's NID, as OTP reports it).
hash_info(md5) -> #{type => 4, size => 16, block_size => 64};
hash_info(sha) -> #{type => 64, size => 20, block_size => 64};
hash_info(sha224) -> #{type => 675, size => 28, block_size => 64};
hash_info(sha256) -> #{type => 672, size => 32, block_size => 64};
hash_info(sha384) -> #{type => 673, size => 48, block_size => 128};
hash_info(sha512) -> #{type => 674, size => 64, block_size => 128};
hash_info(_) -> erlang:error(badarg).

cipher_info(Cipher) ->
    case lists:keyfind(Cipher, 1, cipher_infos()) of
        {_, Type, Mode, Aead, Key, IV, Block} ->
            #{type => Type, mode => Mode, prop_aead => Aead, key_length => Key,
              iv_length => IV, block_size => Block};
        false ->
            erlang:error(badarg)
    end.

%% {Cipher, Type, Mode, AEAD, KeyLength, IVLength, BlockSize}.
cipher_infos() ->
    [{aes_128_ecb, 418, ecb_mode, false, 16, 0, 16}, {aes_192_ecb, 422, ecb_mode, false, 24, 0, 16},
     {aes_256_ecb, 426, ecb_mode, false, 32, 0, 16}, {aes_ecb, 418, ecb_mode, false, 16, 0, 16},
     {aes_128_cbc, 419, cbc_mode, false, 16, 16, 16}, {aes_192_cbc, 423, cbc_mode, false, 24, 16, 16},
     {aes_256_cbc, 427, cbc_mode, false, 32, 16, 16}, {aes_cbc, 419, cbc_mode, false, 16, 16, 16},
     {aes_128_ctr, undefined, ctr_mode, false, 16, 16, 1}, {aes_192_ctr, undefined, ctr_mode, false, 24, 16, 1},
     {aes_256_ctr, undefined, ctr_mode, false, 32, 16, 1}, {aes_ctr, undefined, ctr_mode, false, 16, 16, 1},
     {aes_128_cfb128, 421, cfb_mode, false, 16, 16, 1}, {aes_192_cfb128, 425, cfb_mode, false, 24, 16, 1},
     {aes_256_cfb128, 429, cfb_mode, false, 32, 16, 1}, {aes_cfb128, 421, cfb_mode, false, 16, 16, 1},
     {chacha20, undefined, stream_cipher, false, 32, 16, 1},
     {aes_128_gcm, 895, gcm_mode, true, 16, 12, 1}, {aes_192_gcm, 898, gcm_mode, true, 24, 12, 1},
     {aes_256_gcm, 901, gcm_mode, true, 32, 12, 1}, {aes_gcm, 895, gcm_mode, true, 16, 12, 1},
     {aes_128_ccm, 896, ccm_mode, true, 16, 12, 1}, {aes_192_ccm, 899, ccm_mode, true, 24, 12, 1},
     {aes_256_ccm, 902, ccm_mode, true, 32, 12, 1}, {aes_ccm, 896, ccm_mode, true, 16, 12, 1},
     {chacha20_poly1305, undefined, stream_cipher, true, 32, 12, 1}].

bytes_to_integer(Bin) when is_binary(Bin) -> binary:decode_unsigned(Bin);
bytes_to_integer(_) -> erlang:error(badarg).

info_lib() ->
    Text = nif_info_lib(),
    [Major, Minor, Patch] = [binary_to_integer(P) || P <- binary:split(Text, <<".">>, [global])],
    [{<<"mbedTLS">>, (Major bsl 24) bor (Minor bsl 16) bor (Patch bsl 8),
      <<"mbedTLS ", Text/binary>>}].

%% ---- natives ----

nif_hash(_, _) -> erlang:nif_error(undef).
nif_hash_init(_) -> erlang:nif_error(undef).
nif_hash_update(_, _, _) -> erlang:nif_error(undef).
nif_hash_final(_, _) -> erlang:nif_error(undef).
nif_hmac(_, _, _) -> erlang:nif_error(undef).
nif_cmac(_, _) -> erlang:nif_error(undef).
nif_cipher_init(_, _, _, _) -> erlang:nif_error(undef).
nif_cipher_update(_, _) -> erlang:nif_error(undef).
nif_cipher_final(_) -> erlang:nif_error(undef).
nif_cipher_valid(_) -> erlang:nif_error(undef).
nif_aead(_, _, _, _, _, _, _) -> erlang:nif_error(undef).
nif_strong_rand_bytes(_) -> erlang:nif_error(undef).
nif_pbkdf2(_, _, _, _, _) -> erlang:nif_error(undef).
nif_exor(_, _) -> erlang:nif_error(undef).
nif_hash_equals(_, _) -> erlang:nif_error(undef).
nif_info_lib() -> erlang:nif_error(undef).
nif_ec_generate(_) -> erlang:nif_error(undef).
nif_ec_from_private(_, _) -> erlang:nif_error(undef).
nif_ecdh(_, _, _) -> erlang:nif_error(undef).
nif_ecdsa_sign(_, _, _, _) -> erlang:nif_error(undef).
nif_ecdsa_verify(_, _, _, _) -> erlang:nif_error(undef).
nif_rsa_sign(_, _, _, _, _, _) -> erlang:nif_error(undef).
nif_rsa_verify(_, _, _, _, _, _) -> erlang:nif_error(undef).
