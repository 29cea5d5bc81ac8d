%% unicode: conversions between lists, UTF-8/16/32 and latin1 binaries, with OTP's error and
%% incomplete results; byte order marks; normal forms; unicode_util's code points and grapheme
%% clusters.
-module(test_unicode).
-export([test_to_list/0, test_to_binary/0, test_encodings/0, test_errors/0,
         test_incomplete/0, test_bom/0, test_normal_forms/0, test_graphemes/0]).
-include("etest.hrl").

test_to_list() ->
    ?ASSERT_MATCH("abc", unicode:characters_to_list(<<"abc">>)),
    ?ASSERT_MATCH([233, 8364], unicode:characters_to_list(<<195, 169, 226, 130, 172>>)),
    ?ASSERT_MATCH([233, 8364], unicode:characters_to_list([<<195, 169>>, 8364])),
    ?ASSERT_MATCH("ab€", unicode:characters_to_list(["a", [<<"b">>], [[8364]]], unicode)),
    ?ASSERT_MATCH([233, 255], unicode:characters_to_list(<<233, 255>>, latin1)),
    ?ASSERT_MATCH([], unicode:characters_to_list([])),
    ?ASSERT_MATCH([], unicode:characters_to_list(<<>>, utf8)),
    ?ASSERT_MATCH([16#1F600], unicode:characters_to_list(<<240, 159, 152, 128>>)),
    ok.

test_to_binary() ->
    ?ASSERT_MATCH(<<"abc">>, unicode:characters_to_binary("abc")),
    ?ASSERT_MATCH(<<195, 169, 226, 130, 172>>, unicode:characters_to_binary([233, 8364])),
    ?ASSERT_MATCH(<<195, 169>>, unicode:characters_to_binary(<<233>>, latin1)),
    ?ASSERT_MATCH(<<195, 169>>, unicode:characters_to_binary([<<233>>], latin1, utf8)),
    ?ASSERT_MATCH(<<233, 65>>, unicode:characters_to_binary([233, $A], unicode, latin1)),
    ?ASSERT_MATCH(<<"xy">>, unicode:characters_to_binary(<<"xy">>, utf8, utf8)),
    ?ASSERT_MATCH(<<240, 159, 152, 128>>, unicode:characters_to_binary([16#1F600])),
    ok.

test_encodings() ->
    S = [$a, 233, 8364, 16#1F600],
    U16B = <<0, $a, 0, 233, 16#20, 16#AC, 16#D8, 16#3D, 16#DE, 16#00>>,
    U16L = <<$a, 0, 233, 0, 16#AC, 16#20, 16#3D, 16#D8, 16#00, 16#DE>>,
    ?ASSERT_MATCH(U16B, unicode:characters_to_binary(S, unicode, utf16)),
    ?ASSERT_MATCH(U16B, unicode:characters_to_binary(S, unicode, {utf16, big})),
    ?ASSERT_MATCH(U16L, unicode:characters_to_binary(S, unicode, {utf16, little})),
    U32B = <<0, 0, 0, $a, 0, 0, 0, 233, 0, 0, 16#20, 16#AC, 0, 1, 16#F6, 0>>,
    U32L = <<$a, 0, 0, 0, 233, 0, 0, 0, 16#AC, 16#20, 0, 0, 0, 16#F6, 1, 0>>,
    ?ASSERT_MATCH(U32B, unicode:characters_to_binary(S, unicode, utf32)),
    ?ASSERT_MATCH(U32L, unicode:characters_to_binary(S, unicode, {utf32, little})),
    ?ASSERT_MATCH(S, unicode:characters_to_list(U16B, utf16)),
    ?ASSERT_MATCH(S, unicode:characters_to_list(U16L, {utf16, little})),
    ?ASSERT_MATCH(S, unicode:characters_to_list(U32B, {utf32, big})),
    ?ASSERT_MATCH(S, unicode:characters_to_list(U32L, {utf32, little})),
    ?ASSERT_MATCH(U16L, unicode:characters_to_binary(U32B, utf32, {utf16, little})),
    ?ASSERT_MATCH(unicode:characters_to_binary(S), unicode:characters_to_binary(U16B, utf16)),
    ok.

test_errors() ->
    %% What converted so far, then the rest from the first bad character.
    ?ASSERT_MATCH({error, <<"ab">>, <<255, $c>>}, unicode:characters_to_binary(<<"ab", 255, "c">>)),
    ?ASSERT_MATCH({error, "ab", <<255, $c>>}, unicode:characters_to_list(<<"ab", 255, "c">>)),
    ?ASSERT_MATCH({error, <<"a">>, [-1]}, unicode:characters_to_binary([$a, -1])),
    ?ASSERT_MATCH({error, "a", [16#110000, $b]}, unicode:characters_to_list([$a, 16#110000, $b])),
    ?ASSERT_MATCH({error, <<"x">>, [[256]]}, unicode:characters_to_binary("x" ++ [256], unicode, latin1)),
    ?ASSERT_MATCH({error, "", <<16#DC00:16, 0, $a>>}, unicode:characters_to_list(<<16#DC00:16, 0, $a>>, utf16)),
    ?ASSERT_MATCH({error, <<"a">>, [<<226>>, ["b"]]}, unicode:characters_to_binary([<<"a">>, <<226>>, "b"])),
    ?ASSERT_ERROR(unicode:characters_to_list(atom), badarg),
    ?ASSERT_ERROR(unicode:characters_to_binary("a", nonsense), badarg),
    ?ASSERT_ERROR(unicode:characters_to_binary({1}), badarg),
    ok.

test_incomplete() ->
    ?ASSERT_MATCH({incomplete, <<"a">>, <<226, 130>>}, unicode:characters_to_binary(<<"a", 226, 130>>)),
    ?ASSERT_MATCH({incomplete, "a", <<226, 130>>}, unicode:characters_to_list(<<"a", 226, 130>>)),
    ?ASSERT_MATCH({incomplete, "", <<16#D800:16>>}, unicode:characters_to_list(<<16#D800:16>>, utf16)),
    ?ASSERT_MATCH({incomplete, "", <<0, 0, 1>>}, unicode:characters_to_list(<<0, 0, 1>>, utf32)),
    ?ASSERT_MATCH({incomplete, "a", <<16#D8, 16#3D>>},
                  unicode:characters_to_list(<<0, $a, 16#D8, 16#3D>>, utf16)),
    ok.

test_bom() ->
    ?ASSERT_MATCH({utf8, 3}, unicode:bom_to_encoding(<<239, 187, 191, "x">>)),
    ?ASSERT_MATCH({{utf16, big}, 2}, unicode:bom_to_encoding(<<254, 255>>)),
    ?ASSERT_MATCH({{utf16, little}, 2}, unicode:bom_to_encoding(<<255, 254, 1, 0>>)),
    ?ASSERT_MATCH({{utf32, little}, 4}, unicode:bom_to_encoding(<<255, 254, 0, 0>>)),
    ?ASSERT_MATCH({{utf32, big}, 4}, unicode:bom_to_encoding(<<0, 0, 254, 255>>)),
    ?ASSERT_MATCH({latin1, 0}, unicode:bom_to_encoding(<<"abc">>)),
    ?ASSERT_MATCH({latin1, 0}, unicode:bom_to_encoding(<<>>)),
    ?ASSERT_MATCH(<<239, 187, 191>>, unicode:encoding_to_bom(utf8)),
    ?ASSERT_MATCH(<<239, 187, 191>>, unicode:encoding_to_bom(unicode)),
    ?ASSERT_MATCH(<<254, 255>>, unicode:encoding_to_bom(utf16)),
    ?ASSERT_MATCH(<<255, 254>>, unicode:encoding_to_bom({utf16, little})),
    ?ASSERT_MATCH(<<0, 0, 254, 255>>, unicode:encoding_to_bom({utf32, big})),
    ?ASSERT_MATCH(<<255, 254, 0, 0>>, unicode:encoding_to_bom({utf32, little})),
    ?ASSERT_MATCH(<<>>, unicode:encoding_to_bom(latin1)),
    ok.

test_normal_forms() ->
    ?ASSERT_MATCH(<<195, 169>>, unicode:characters_to_nfc_binary([$e, 16#301])),
    ?ASSERT_MATCH([$e, 16#301], unicode:characters_to_nfd_list(<<195, 169>>)),
    ?ASSERT_MATCH("fi", unicode:characters_to_nfkc_list([16#FB01])),
    ?ASSERT_MATCH(<<"fi">>, unicode:characters_to_nfkd_binary(<<239, 172, 129>>)),
    ?ASSERT_MATCH([233], unicode:characters_to_nfc_list(["e", <<204, 129>>])),
    ok.

test_graphemes() ->
    ?ASSERT_MATCH([97 | <<"bc">>], unicode_util:gc(<<"abc">>)),
    ?ASSERT_MATCH([[101, 769] | <<"x">>], unicode_util:gc(<<"e", 204, 129, "x">>)),
    ?ASSERT_MATCH([[13, 10] | <<"x">>], unicode_util:gc(<<"\r\nx">>)),
    ?ASSERT_MATCH({error, <<255, 1>>}, unicode_util:gc(<<255, 1>>)),
    ?ASSERT_MATCH([97 | <<255>>], unicode_util:gc(<<"a", 255>>)),
    ?ASSERT_MATCH([], unicode_util:gc(<<>>)),
    ?ASSERT_MATCH([[97, 769], 98], unicode_util:gc([$a, 769, $b])),
    ?ASSERT_MATCH([97, 98], unicode_util:gc("ab")),
    %% Two regional indicators make one flag; a third starts the next.
    Flags = [16#1F1EB, 16#1F1F7, 16#1F1E9],
    ?ASSERT_MATCH([[16#1F1EB, 16#1F1F7], 16#1F1E9], unicode_util:gc(Flags)),
    ?ASSERT_MATCH([97 | "bc"], unicode_util:cp("abc")),
    ?ASSERT_MATCH([97 | <<"b">>], unicode_util:cp(<<"ab">>)),
    ?ASSERT_MATCH([], unicode_util:cp([[], <<>>])),
    ?ASSERT_MATCH([[83, 83], 97], unicode_util:uppercase([16#DF, $a])),
    ?ASSERT_MATCH([65 | <<"b">>], unicode_util:uppercase(<<"ab">>)),
    ok.
