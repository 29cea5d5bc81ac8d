%% string: the classic flat-list API and the Unicode API (flat lists and UTF-8 binaries;
%% graphemes as code points plus CR LF; case mapping for ASCII and Latin-1).
-module(test_string).
-export([test_classic_search/0, test_classic_build/0, test_classic_words/0,
         test_classic_case/0, test_unicode_basic/0, test_trim_take/0, test_split_find/0,
         test_case/0, test_numbers/0, test_graphemes/0, test_pad/0]).
-include("etest.hrl").

flat(X) -> unicode:characters_to_list(X).

test_classic_search() ->
    ?ASSERT_MATCH(3, string:len("abc")),
    ?ASSERT_MATCH("abcd", string:concat("ab", "cd")),
    ?ASSERT_MATCH(2, string:chr("abcb", $b)),
    ?ASSERT_MATCH(0, string:chr("abc", $z)),
    ?ASSERT_MATCH(4, string:rchr("abcb", $b)),
    ?ASSERT_MATCH(2, string:str("abcabc", "bc")),
    ?ASSERT_MATCH(5, string:rstr("abcabc", "bc")),
    ?ASSERT_MATCH(0, string:str("abc", "")),
    ?ASSERT_MATCH(0, string:str("abc", "x")),
    ?ASSERT_MATCH(3, string:span("aabc", "ab")),
    ?ASSERT_MATCH(2, string:cspan("abcd", "dc")),
    ?ASSERT_MATCH("bc", string:substr("abc", 2)),
    ?ASSERT_MATCH("", string:substr("abc", 4)),
    ?ASSERT_MATCH("bc", string:substr("abc", 2, 5)),
    ?ASSERT_MATCH("b", string:substr("abc", 2, 1)),
    ?ASSERT_EXCEPTION(string:substr("abc", 0), error),
    ?ASSERT_EXCEPTION(string:substr("abc", 5), error),
    ?ASSERT_MATCH("bcd", string:sub_string("abcde", 2, 4)),
    ?ASSERT_MATCH("bc", string:sub_string("abc", 2, 9)),
    ?ASSERT_MATCH("cde", string:sub_string("abcde", 3)),
    ok.

test_classic_build() ->
    ?ASSERT_MATCH(["a", "b"], string:tokens("a,,b,", ",")),
    ?ASSERT_MATCH(["a", "b", "c"], string:tokens(" a;b c ", "; ")),
    ?ASSERT_MATCH([], string:tokens("", ",")),
    ?ASSERT_MATCH("a, b, c", string:join(["a", "b", "c"], ", ")),
    ?ASSERT_MATCH("", string:join([], ",")),
    ?ASSERT_MATCH("aaa", string:chars($a, 3)),
    ?ASSERT_MATCH("aaab", string:chars($a, 3, "b")),
    ?ASSERT_MATCH("ababab", string:copies("ab", 3)),
    ?ASSERT_MATCH("", string:copies("ab", 0)),
    ?ASSERT_MATCH("a  ", string:strip("  a  ", left)),
    ?ASSERT_MATCH("  a", string:strip("  a  ", right)),
    ?ASSERT_MATCH("a", string:strip("  a  ")),
    ?ASSERT_MATCH("a", string:strip("xxaxx", both, $x)),
    ?ASSERT_MATCH("abc..", string:left("abc", 5, $.)),
    ?ASSERT_MATCH("ab", string:left("abc", 2)),
    ?ASSERT_MATCH("bc", string:right("abc", 2)),
    ?ASSERT_MATCH("00ab", string:right("ab", 4, $0)),
    ?ASSERT_MATCH(" abc  ", string:centre("abc", 6)),
    ?ASSERT_MATCH("bcd", string:centre("abcdef", 3)),
    ?ASSERT_MATCH("*ab**", string:centre("ab", 5, $*)),
    ?ASSERT_MATCH("", string:centre("ab", 0)),
    ok.

test_classic_words() ->
    ?ASSERT_MATCH(2, string:words("  a b ")),
    ?ASSERT_MATCH(1, string:words("")),
    ?ASSERT_MATCH(3, string:words("a.b..c", $.)),
    ?ASSERT_MATCH("b", string:sub_word(" a  b c", 2)),
    ?ASSERT_MATCH("", string:sub_word("a", 3)),
    ?ASSERT_MATCH("b", string:sub_word("a.b.c", 2, $.)),
    ok.

test_classic_case() ->
    ?ASSERT_MATCH([$A, 16#C5, 16#DF, 16#FF, 16#F7], string:to_upper([$a, 16#E5, 16#DF, 16#FF, 16#F7])),
    ?ASSERT_MATCH([$a, 16#E5, 16#FE, 16#D7], string:to_lower([$A, 16#C5, 16#DE, 16#D7])),
    ?ASSERT_MATCH(16#C9, string:to_upper(16#E9)),
    ?ASSERT_MATCH($z, string:to_lower($Z)),
    ?ASSERT_MATCH($1, string:to_upper($1)),
    ?ASSERT_MATCH("HELLO, WORLD", string:to_upper("hello, world")),
    ok.

test_unicode_basic() ->
    ?ASSERT_TRUE(string:is_empty("")),
    ?ASSERT_TRUE(string:is_empty([[], <<>>])),
    ?ASSERT_FALSE(string:is_empty(<<"a">>)),
    ?ASSERT_MATCH(3, string:length("a\r\nb")),
    ?ASSERT_MATCH(3, string:length(<<"åäö"/utf8>>)),
    ?ASSERT_MATCH(4, string:length(["ab", <<"c">>, $d])),
    ?ASSERT_TRUE(string:equal("ab", <<"ab">>)),
    ?ASSERT_FALSE(string:equal("ab", "aB")),
    ?ASSERT_TRUE(string:equal("AB", "ab", true)),
    ?ASSERT_TRUE(string:equal([16#C5, $b], [16#E5, $B], true)),
    ?ASSERT_TRUE(string:equal("ab", ["a", <<"b">>], false, none)),
    ?ASSERT_MATCH("cba", string:reverse("abc")),
    ?ASSERT_MATCH("cba", string:reverse(<<"abc">>)),
    ?ASSERT_MATCH([[$\r, $\n], $a], string:reverse("a\r\n")),
    ?ASSERT_MATCH(<<"cd">>, string:slice(<<"abcdef">>, 2, 2)),
    ?ASSERT_MATCH("cdef", string:slice("abcdef", 2)),
    ?ASSERT_MATCH("", string:slice("abc", 5)),
    ?ASSERT_MATCH(<<"äö"/utf8>>, string:slice(<<"åäö"/utf8>>, 1)),
    ?ASSERT_MATCH("bar", string:prefix("foobar", "foo")),
    ?ASSERT_MATCH(<<"bar">>, string:prefix(<<"foobar">>, "foo")),
    ?ASSERT_MATCH(nomatch, string:prefix(<<"foobar">>, "fox")),
    ok.

test_trim_take() ->
    ?ASSERT_MATCH(<<"ab">>, string:trim(<<"  ab  ">>)),
    ?ASSERT_MATCH("ab", string:trim("  ab \r\n")),
    ?ASSERT_MATCH("a", string:trim("\t a\v\f ")),
    ?ASSERT_MATCH("ab  ", string:trim("  ab  ", leading)),
    ?ASSERT_MATCH("ab..", string:trim("..ab..", leading, ".")),
    ?ASSERT_MATCH("xa", string:trim("xab", trailing, "b")),
    ?ASSERT_MATCH("", string:trim("aab", trailing, "ab")),
    ?ASSERT_MATCH("a\r\nb", string:chomp("a\r\nb\r\n")),
    ?ASSERT_MATCH(<<"ab">>, string:chomp(<<"ab\n\n">>)),
    ?ASSERT_MATCH({"abc", "123"}, string:take("abc123", "abc")),
    ?ASSERT_MATCH({<<>>, <<"abc123">>}, string:take(<<"abc123">>, "abc", true)),
    ?ASSERT_MATCH({"abc", "123"}, string:take("abc123", "0123456789", true)),
    ?ASSERT_MATCH({"abc12", "3"}, string:take("abc123", "3", false, trailing)),
    ?ASSERT_MATCH({<<"abc">>, <<"123">>}, string:take(<<"abc123">>, "123", false, trailing)),
    ?ASSERT_MATCH({"", "abc"}, string:take("abc", [])),
    ok.

test_split_find() ->
    ?ASSERT_MATCH([<<"a">>, <<"b,c">>], string:split(<<"a,b,c">>, ",")),
    ?ASSERT_MATCH(["a", "b", "c"], string:split("a,b,c", ",", all)),
    ?ASSERT_MATCH(["a,b", "c"], string:split("a,b,c", ",", trailing)),
    ?ASSERT_MATCH(["abc"], string:split("abc", ",")),
    ?ASSERT_MATCH(["a", "", ""], string:split("a,,", ",", all)),
    ?ASSERT_MATCH(["", "a"], string:split(",a", ",", leading)),
    ?ASSERT_MATCH(["x", "ay"], string:split("xaaay", "aa", all)),
    ?ASSERT_MATCH(["xa", "y"], string:split("xaaay", "aa", trailing)),
    ?ASSERT_MATCH(["abc"], string:split("abc", "")),
    ?ASSERT_MATCH(["a", "x", "cbd"], string:replace("abcbd", "b", "x")),
    ?ASSERT_MATCH([<<"a">>, "x", <<"c">>, "x", <<"d">>], string:replace(<<"abcbd">>, "b", "x", all)),
    ?ASSERT_MATCH("abcxd", flat(string:replace("abcbd", "b", "x", trailing))),
    ?ASSERT_MATCH([<<"abc">>], string:replace(<<"abc">>, "z", "x")),
    ?ASSERT_MATCH([<<"a">>, <<"b">>, <<"c">>], string:lexemes(<<"a  b c ">>, " ")),
    ?ASSERT_MATCH(["a", "b", "c"], string:lexemes("a,b;c", ",;")),
    ?ASSERT_MATCH([], string:lexemes("", ",")),
    ?ASSERT_MATCH("b", string:nth_lexeme("a b c", 2, " ")),
    ?ASSERT_MATCH("bcbd", string:find("abcbd", "b")),
    ?ASSERT_MATCH(<<"bd">>, string:find(<<"abcbd">>, "b", trailing)),
    ?ASSERT_MATCH(nomatch, string:find("abc", "z")),
    ?ASSERT_MATCH("abc", string:find("abc", "")),
    ok.

test_case() ->
    ?ASSERT_MATCH(<<"AÅB"/utf8>>, string:uppercase(<<"aåb"/utf8>>)),
    ?ASSERT_MATCH([$A, 16#C5, $S, $S], string:uppercase([$a, 16#E5, 16#DF])),
    ?ASSERT_MATCH([16#39C, 16#178], string:uppercase([16#B5, 16#FF])),
    ?ASSERT_MATCH([16#E5, $b], string:lowercase([16#C5, $B])),
    ?ASSERT_MATCH(<<"àb"/utf8>>, string:lowercase(<<"ÀB"/utf8>>)),
    ?ASSERT_MATCH("ssa", string:casefold([16#DF, $A])),
    ?ASSERT_MATCH([16#3BC, 16#E5], string:casefold([16#B5, 16#C5])),
    ?ASSERT_MATCH("Abc", string:titlecase("abc")),
    ?ASSERT_MATCH(<<"Abc">>, string:titlecase(<<"abc">>)),
    ?ASSERT_MATCH("Ssa", string:titlecase([16#DF, $a])),
    ?ASSERT_MATCH("", string:titlecase("")),
    ok.

test_numbers() ->
    ?ASSERT_MATCH({12, "ab"}, string:to_integer("12ab")),
    ?ASSERT_MATCH({-3, <<".5">>}, string:to_integer(<<"-3.5">>)),
    ?ASSERT_MATCH({5, ""}, string:to_integer("+5")),
    ?ASSERT_MATCH({error, no_integer}, string:to_integer("x")),
    ?ASSERT_MATCH({error, no_integer}, string:to_integer("")),
    ?ASSERT_MATCH({error, badarg}, string:to_integer(a)),
    ?ASSERT_MATCH({1.5e3, "x"}, string:to_float("1.5e3x")),
    ?ASSERT_MATCH({-0.015, "xy"}, string:to_float("-1.5E-2xy")),
    ?ASSERT_MATCH({2.0, <<>>}, string:to_float(<<"2.0">>)),
    ?ASSERT_MATCH({3.25, "e"}, string:to_float("3.25e")),
    ?ASSERT_MATCH({error, no_float}, string:to_float("1")),
    ?ASSERT_MATCH({error, no_float}, string:to_float("1e3")),
    ?ASSERT_MATCH({error, no_float}, string:to_float("1.")),
    ?ASSERT_MATCH({error, no_float}, string:to_float("+.5")),
    ?ASSERT_MATCH({7, " items"}, string:list_to_integer("7 items")),
    ?ASSERT_MATCH({0.5, ""}, string:list_to_float("0.5")),
    ok.

test_graphemes() ->
    ?ASSERT_MATCH([[$\r, $\n], $a, $b], string:next_grapheme("\r\nab")),
    ?ASSERT_MATCH([[$\r, $\n] | <<"ab">>], string:next_grapheme(<<"\r\nab">>)),
    ?ASSERT_MATCH([$\r | "a"], string:next_grapheme("\ra")),
    ?ASSERT_MATCH([$a | <<"b">>], string:next_codepoint(<<"ab">>)),
    ?ASSERT_MATCH([16#E5 | <<>>], string:next_codepoint(<<"å"/utf8>>)),
    ?ASSERT_MATCH([], string:next_grapheme("")),
    ?ASSERT_MATCH([], string:next_codepoint(<<>>)),
    ?ASSERT_MATCH($a, hd(string:next_codepoint([<<>>, "ab"]))),
    ?ASSERT_MATCH([$a, [$\r, $\n], $b], string:to_graphemes("a\r\nb")),
    ?ASSERT_MATCH("ab", string:to_graphemes(<<"ab">>)),
    ok.

test_pad() ->
    ?ASSERT_MATCH(["ab", $\s, $\s, $\s], string:pad("ab", 5)),
    ?ASSERT_MATCH(["---", "ab"], string:pad("ab", 5, leading, $-)),
    ?ASSERT_MATCH(["ab", "xy", "xy", "xy"], string:pad("ab", 5, trailing, "xy")),
    ?ASSERT_MATCH([" ", <<"ab">>, " ", $\s], string:pad(<<"ab">>, 5, both)),
    ?ASSERT_MATCH(["  ", "ab", "  "], string:pad("ab", 6, both)),
    ?ASSERT_MATCH(["abcdef"], string:pad("abcdef", 3)),
    ?ASSERT_MATCH(["", "abc"], string:pad("abc", 2, leading)),
    ?ASSERT_MATCH(["", <<"abc">>, ""], string:pad(<<"abc">>, 3, both)),
    ?ASSERT_MATCH("å..", flat(string:pad(<<"å"/utf8>>, 3, trailing, $.))),
    ok.
