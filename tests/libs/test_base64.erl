%% base64: encode/decode/mime_decode and their _to_string forms, with OTP 26's options.
-module(test_base64).
-export([test_encode/0, test_decode/0, test_mime/0, test_roundtrip/0, test_errors/0, test_options/0]).
-include("etest.hrl").

test_encode() ->
    ?ASSERT_MATCH(<<>>, base64:encode(<<>>)),
    ?ASSERT_MATCH(<<"Zg==">>, base64:encode(<<"f">>)),
    ?ASSERT_MATCH(<<"Zm8=">>, base64:encode(<<"fo">>)),
    ?ASSERT_MATCH(<<"Zm9v">>, base64:encode(<<"foo">>)),
    ?ASSERT_MATCH(<<"Zm9vYg==">>, base64:encode("foob")),
    ?ASSERT_MATCH(<<"Zm9vYmE=">>, base64:encode("fooba")),
    ?ASSERT_MATCH(<<"Zm9vYmFy">>, base64:encode("foobar")),
    ?ASSERT_MATCH(<<"+/+/">>, base64:encode(<<251, 255, 191>>)),
    ?ASSERT_MATCH(<<"AAEC/w==">>, base64:encode([0, 1, 2, 255])),
    ?ASSERT_MATCH("Zm9vYmE=", base64:encode_to_string(<<"fooba">>)),
    ?ASSERT_MATCH("", base64:encode_to_string("")),
    ok.

test_decode() ->
    ?ASSERT_MATCH(<<"foobar">>, base64:decode(<<"Zm9vYmFy">>)),
    ?ASSERT_MATCH(<<"fooba">>, base64:decode("Zm9vYmE=")),
    ?ASSERT_MATCH(<<"f">>, base64:decode("Zg==")),
    ?ASSERT_MATCH(<<>>, base64:decode("")),
    ?ASSERT_MATCH(<<"ABC">>, base64:decode(<<"QU JD\n">>)),
    ?ASSERT_MATCH(<<"ABCD">>, base64:decode("QUJD\r\n\tRA==\n")),
    ?ASSERT_MATCH(<<"A">>, base64:decode("QR==")),
    ?ASSERT_MATCH(<<251, 255, 191>>, base64:decode("+/+/")),
    ?ASSERT_MATCH("foob", base64:decode_to_string(<<"Zm9vYg==">>)),
    ?ASSERT_MATCH("fo", base64:decode_to_string("Zm8=")),
    ok.

test_mime() ->
    ?ASSERT_MATCH(<<"ABC">>, base64:mime_decode("QU*JD")),
    ?ASSERT_MATCH(<<"ABC">>, base64:mime_decode(<<"Q-U.J D\r\n">>)),
    ?ASSERT_MATCH(<<"ABC">>, base64:mime_decode("QUJD=")),
    ?ASSERT_MATCH(<<"A">>, base64:mime_decode("QQ=")),
    ?ASSERT_MATCH(<<"A">>, base64:mime_decode("QQ==")),
    ?ASSERT_MATCH(<<"AB">>, base64:mime_decode("QUI=")),
    ?ASSERT_MATCH("ABCD", base64:mime_decode_to_string("QU%JDRA==")),
    ?ASSERT_MATCH("", base64:mime_decode_to_string(<<"!!">>)),
    ok.

test_roundtrip() ->
    Bins = [list_to_binary(lists:seq(0, N)) || N <- lists:seq(0, 255, 17)],
    ?ASSERT_MATCH(Bins, [base64:decode(base64:encode(B)) || B <- Bins]),
    ?ASSERT_MATCH(Bins, [base64:mime_decode(base64:encode_to_string(B)) || B <- Bins]),
    All = list_to_binary(lists:seq(0, 255)),
    E = base64:encode(All),
    ?ASSERT_MATCH(344, byte_size(E)),
    ?ASSERT_MATCH(<<"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g">>, binary:part(E, 0, 44)),
    ?ASSERT_MATCH(<<"8/T19vf4+fr7/P3+/w==">>, binary:part(E, 324, 20)),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(base64:decode("QQ"), error),
    ?ASSERT_EXCEPTION(base64:decode("QQ="), error),
    ?ASSERT_EXCEPTION(base64:decode("QU*JD"), error),
    ?ASSERT_EXCEPTION(base64:decode("QUJD="), error),
    ?ASSERT_EXCEPTION(base64:decode("QQ==QUJD"), error),
    ?ASSERT_EXCEPTION(base64:decode("-_"), error),
    ?ASSERT_EXCEPTION(base64:mime_decode("QQ"), error),
    ?ASSERT_EXCEPTION(base64:mime_decode("Q==="), error),
    ?ASSERT_EXCEPTION(base64:mime_decode("QQ==QUJD"), error),
    ?ASSERT_EXCEPTION(base64:encode([-1]), error),
    ?ASSERT_EXCEPTION(base64:decode("QQ"), error, missing_padding),
    ?ASSERT_EXCEPTION(base64:mime_decode("QQ"), error, missing_padding),
    ok.

%% OTP 26's options: the URL-safe alphabet and optional padding; list elements count by their
%% low 8 bits (OTP 29).
test_options() ->
    Bytes = <<255, 254, 253, 1>>,
    ?ASSERT_MATCH(<<"AA==">>, base64:encode([256])),
    ?ASSERT_MATCH(<<"//79AQ==">>, base64:encode(Bytes, #{})),
    ?ASSERT_MATCH(<<"__79AQ==">>, base64:encode(Bytes, #{mode => urlsafe})),
    ?ASSERT_MATCH(<<"__79AQ">>, base64:encode(Bytes, #{mode => urlsafe, padding => false})),
    ?ASSERT_MATCH("YWI", base64:encode_to_string("ab", #{padding => false})),
    ?ASSERT_MATCH(Bytes, base64:decode(<<"__79AQ">>, #{mode => urlsafe, padding => false})),
    ?ASSERT_MATCH(Bytes, base64:decode(<<"__79AQ==">>, #{mode => urlsafe, padding => false})),
    ?ASSERT_MATCH(Bytes, base64:mime_decode(<<"__79AQ">>, #{mode => urlsafe, padding => false})),
    ?ASSERT_MATCH("A", base64:decode_to_string("QQ=", #{padding => false})),
    ?ASSERT_MATCH("A", base64:mime_decode_to_string("QQ=", #{})),
    ?ASSERT_EXCEPTION(base64:decode(<<"__79AQ">>, #{mode => urlsafe}), error, missing_padding),
    ?ASSERT_EXCEPTION(base64:decode(<<"//79AQ==">>, #{mode => urlsafe}), error),
    ?ASSERT_EXCEPTION(base64:decode(<<"__79AQ==">>, #{}), error),
    ok.
