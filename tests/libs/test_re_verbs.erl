%% re: (*VERB) settings at the start of a pattern, match_limit on a catastrophic pattern, \X.
%% (The newline verbs are accepted; newline conventions other than LF are not implemented.)
-module(test_re_verbs).
-export([test_verbs/0, test_match_limit/0, test_grapheme/0]).
-include("etest.hrl").

badarg(F) ->
    try F() of _ -> false catch error:badarg -> true end.

test_verbs() ->
    ?ASSERT_MATCH({match, [{1, 2}]}, re:run(<<"a\x{e9}b"/utf8>>, <<"(*UTF8)\x{e9}"/utf8>>)),
    ?ASSERT_MATCH({match, [{1, 2}]}, re:run(<<"a\x{e9}b"/utf8>>, <<"(*UTF)\x{e9}"/utf8>>)),
    ?ASSERT_MATCH({match, [[<<"a">>], [<<"\x{e9}"/utf8>>], [<<"b">>]]},
                  re:run(<<"a\x{e9}b"/utf8>>, <<"(*UTF8)."/utf8>>, [global, {capture, all, binary}])),
    ?ASSERT_MATCH({match, [{0, 2}]}, re:run(<<"\x{e9}"/utf8>>, <<"(*UCP)\\w"/utf8>>, [unicode])),
    ?ASSERT_MATCH({match, [{1, 1}]}, re:run("ab", "(*LF)(*UCP)b")),
    ?ASSERT_MATCH({match, [{0, 1}]}, re:run("a\nb", "(*ANYCRLF)a$", [multiline])),
    ?ASSERT_MATCH({match, [{1, 1}]}, re:run("xay", "(*NO_START_OPT)a")),
    ?ASSERT_MATCH({match, [{1, 1}]}, re:run("xay", "(*BSR_UNICODE)(*NO_AUTO_POSSESS)a")),
    {ok, MP} = re:compile("(*UTF8)(*UCP)\\w+"),
    ?ASSERT_MATCH({match, [<<"\x{e9}t\x{e9}"/utf8>>]},
                  re:run(<<" \x{e9}t\x{e9} "/utf8>>, MP, [{capture, all, binary}])),
    ?ASSERT_TRUE(badarg(fun() -> re:run("ab", "(*BOGUS)b") end)),
    ?ASSERT_MATCH(error, element(1, re:compile("(*BOGUS)b"))),
    ok.

%% OTP's PCRE gives {error, match_limit} here with report_errors; a pattern without back
%% references runs here on a linear-time engine and simply does not match.
test_match_limit() ->
    S = lists:duplicate(30, $a) ++ "b",
    ?ASSERT_MATCH(nomatch, re:run(S, "(a+)+$", [{match_limit, 10000}])),
    {ok, MP} = re:compile("(a+)+$"),
    ?ASSERT_MATCH(nomatch, re:run(S, MP, [{match_limit, 5000}])),
    %% A limit large enough for an easy match does not get in its way.
    ?ASSERT_MATCH({match, [{0, 3}, {0, 3}]}, re:run("aaa", MP, [{match_limit, 10000}, report_errors])),
    ok.

test_grapheme() ->
    ?ASSERT_MATCH({match, [[101, 769]]}, re:run([101, 769, $x], "^\\X", [unicode, {capture, all, list}])),
    ?ASSERT_MATCH({match, [[[$a]], [[$b]]]}, re:run("ab", "\\X", [global, {capture, all, list}])),
    ok.
