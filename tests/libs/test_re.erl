%% re: the API around the matcher (compile, inspect, version, precompiled patterns, replace and
%% split forms, errors) and bounded catastrophic patterns. Checked against OTP 25 as well.
%% The pattern x subject x options corpus is test_re_corpus.
-module(test_re).
-export([test_compile/0, test_run_forms/0, test_named/0, test_replace/0, test_split/0,
         test_errors/0, test_match_limit/0, test_unicode/0]).
-include("etest.hrl").

test_compile() ->
    {ok, MP} = re:compile("(a)(?<n>b)c"),
    {re_pattern, 2, 0, 0, Bin} = MP,
    %% OTP 28+ holds the compiled code in a reference; ours is a binary.
    ?ASSERT_TRUE(is_binary(Bin) orelse is_reference(Bin)),
    {ok, {re_pattern, 0, 1, 0, _}} = re:compile(<<"é"/utf8>>, [unicode]),
    {ok, {re_pattern, 0, 0, 1, _}} = re:compile("a", [{newline, crlf}]),
    {error, {Msg, Pos}} = re:compile("(ab"),
    ?ASSERT_TRUE(is_list(Msg) andalso is_integer(Pos)),
    ?ASSERT_EXCEPTION(re:compile("a", [nonsense]), error, badarg),
    ?ASSERT_EXCEPTION(re:compile(an_atom), error, badarg),
    ?ASSERT_TRUE(is_binary(re:version())),
    ok.

test_run_forms() ->
    {ok, MP} = re:compile("b+", [caseless]),
    ?ASSERT_MATCH({match, [{1, 2}]}, re:run("aBbc", MP)),
    ?ASSERT_MATCH({match, [<<"Bb">>]}, re:run(<<"aBbc">>, MP, [{capture, all, binary}])),
    ?ASSERT_MATCH({match, [["b"], ["B"]]},
                  re:run("b-B", MP, [global, {capture, all, list}])),
    ?ASSERT_MATCH(nomatch, re:run("abc", MP, [{offset, 2}])),
    ?ASSERT_MATCH(match, re:run(["a", [<<"b">>]], "ab", [{capture, none}])),
    %% Anchored runs match only at the offset.
    ?ASSERT_MATCH(nomatch, re:run("xab", "ab", [anchored])),
    ?ASSERT_MATCH({match, [{1, 2}]}, re:run("xab", "ab", [anchored, {offset, 1}])),
    %% Global empty matches follow PCRE: a non-empty match is tried at the same place first.
    ?ASSERT_MATCH({match, [[{0, 0}], [{0, 1}], [{1, 0}]]}, re:run("a", "a*?", [global])),
    ?ASSERT_MATCH({match, [[{0, 1}], [{1, 0}]]}, re:run("a", "a*", [global])),
    ok.

test_named() ->
    {ok, MP} = re:compile("(?<year>\\d{4})-(?<month>\\d\\d)(?<day>-\\d\\d)?"),
    ?ASSERT_MATCH({namelist, [<<"day">>, <<"month">>, <<"year">>]}, re:inspect(MP, namelist)),
    ?ASSERT_MATCH({match, [<<>>, <<"05">>, <<"2024">>]},
                  re:run("2024-05", MP, [{capture, all_names, binary}])),
    ?ASSERT_MATCH({match, [<<"05">>, <<"2024">>]},
                  re:run("2024-05", MP, [{capture, [month, "year"], binary}])),
    ?ASSERT_MATCH({match, [{5, 2}]}, re:run("2024-05", MP, [{capture, [2], index}])),
    ok.

test_replace() ->
    ?ASSERT_MATCH(<<"h[e]llo">>, iolist_to_binary(re:replace("hello", "e", "[&]"))),
    ?ASSERT_MATCH("hellO wOrld", re:replace("hello world", "o", "O", [global, {return, list}])),
    ?ASSERT_MATCH(<<"b-a">>, re:replace("a-b", "(\\w)-(\\w)", "\\2-\\1", [{return, binary}])),
    ?ASSERT_MATCH(<<"a&b">>, re:replace("ab", "(?=b)", "\\&", [{return, binary}])),
    ?ASSERT_MATCH(<<"aa">>, re:replace("a", "a", "\\g{0}\\g0", [{return, binary}])),
    ?ASSERT_MATCH(<<"untouched">>, iolist_to_binary(re:replace(<<"untouched">>, "z", "y"))),
    ?ASSERT_MATCH("ça va", re:replace("ca va", "c", "ç", [unicode, {return, list}])),
    ok.

test_split() ->
    ?ASSERT_MATCH([<<"a">>, <<"b">>, <<>>, <<"c">>], re:split("a,b,,c", ",")),
    ?ASSERT_MATCH(["a", "b", "", "c"], re:split("a,b,,c,,", ",", [trim, {return, list}])),
    ?ASSERT_MATCH([<<"a">>, <<"b,,c">>], re:split("a,b,,c", ",", [{parts, 2}])),
    ?ASSERT_MATCH([<<"a">>, <<"1">>, <<"b">>], re:split("a1b", "(\\d)")),
    ?ASSERT_MATCH([[<<"a">>, <<"1">>], [<<"b">>]], re:split("a1b", "(\\d)", [group])),
    ?ASSERT_MATCH([<<"a">>, <<"b">>, <<"c">>, <<>>], re:split("abc", "")),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(re:run("abc", "("), error, badarg),
    {error, {compile, _}} = re:run("abc", "(", [report_errors]),
    ?ASSERT_EXCEPTION(re:run("abc", "a", [{capture, all, nonsense}]), error, badarg),
    ?ASSERT_EXCEPTION(re:run(<<255>>, "a", [unicode]), error, badarg),
    ?ASSERT_EXCEPTION(re:run("abc", "a", [{offset, -1}]), error, badarg),
    ?ASSERT_EXCEPTION(re:replace("abc", "b", "x", [{capture, all}]), error, badarg),
    ?ASSERT_EXCEPTION(re:split("abc", "b", [global]), error, badarg),
    ?ASSERT_EXCEPTION(re:run(1, "a"), error, badarg),
    ok.

%% A catastrophic pattern ends (nomatch, or the match_limit error with report_errors), quickly.
test_match_limit() ->
    Subject = lists:duplicate(28, $a) ++ "!",
    T0 = erlang:monotonic_time(millisecond),
    R1 = re:run(Subject, "(a+)+$"),
    R2 = re:run(Subject, "(a|aa)+\\1$", [{match_limit, 10000}, report_errors]),
    R3 = re:run(Subject, "^(\\w+\\s?)*$", [{match_limit, 10000}]),
    Elapsed = erlang:monotonic_time(millisecond) - T0,
    ?ASSERT_MATCH(nomatch, R1),
    ?ASSERT_TRUE(R2 =:= nomatch orelse R2 =:= {error, match_limit}),
    ?ASSERT_MATCH(nomatch, R3),
    ?ASSERT_TRUE(Elapsed < 20000),
    ok.

test_unicode() ->
    S = <<"añb€c"/utf8>>,
    ?ASSERT_MATCH({match, [{1, 2}]}, re:run(S, "ñ", [unicode])),
    ?ASSERT_MATCH({match, [[<<"ñ"/utf8>>], [<<"€"/utf8>>]]},
                  re:run(S, "[^a-z]", [unicode, global, {capture, all, binary}])),
    ?ASSERT_MATCH({match, [[241]]}, re:run(S, "ñ", [unicode, {capture, all, list}])),
    %% Without unicode the subject is latin-1 bytes: "." is one byte.
    ?ASSERT_MATCH({match, [{1, 1}]}, re:run(S, "a(.)", [{capture, [1], index}])),
    ?ASSERT_MATCH({match, [{0, 7}]}, re:run(<<"straße"/utf8>>, "\\w+", [unicode, ucp])),
    ok.
