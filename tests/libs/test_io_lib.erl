%% io_lib and io: writers, predicates, format errors, and io through the group leader.
-module(test_io_lib).
-export([test_write/0, test_predicates/0, test_errors/0, test_print/0, test_io/0,
         test_print_deep/0]).
-include("etest.hrl").

f(F, A) -> lists:flatten(io_lib:format(F, A)).

test_write() ->
    ?ASSERT_MATCH("{a,[1,2],<<120>>}", lists:flatten(io_lib:write({a, [1, 2], <<"x">>}))),
    ?ASSERT_MATCH("[1,2|...]", lists:flatten(io_lib:write([1, 2, 3, 4, 5], 3))),
    ?ASSERT_MATCH("'hello world'", lists:flatten(io_lib:write_atom('hello world'))),
    ?ASSERT_MATCH("'if'", lists:flatten(io_lib:write_atom('if'))),
    ?ASSERT_MATCH("ok", lists:flatten(io_lib:write_atom(ok))),
    ?ASSERT_MATCH("\"a\\nb\\\"\"", lists:flatten(io_lib:write_string("a\nb\""))),
    ?ASSERT_MATCH("$a", lists:flatten(io_lib:write_char($a))),
    ?ASSERT_MATCH("3.5", lists:flatten(io_lib:write(3.5))),
    %% "|..." stays with the last element even past the line length.
    ?ASSERT_MATCH("                                    [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,\n"
                  "                                     17,18,19,20,21,22,23,24,25,26,27,28,29|...]",
                  f(lists:duplicate(36, $\s) ++ "~P", [lists:seq(1, 40), 30])),
    ok.

test_predicates() ->
    ?ASSERT_TRUE(io_lib:printable_list("abc\n")),
    ?ASSERT_FALSE(io_lib:printable_list([1, 2])),
    ?ASSERT_TRUE(io_lib:printable_latin1_list("é")),
    ?ASSERT_FALSE(io_lib:printable_latin1_list([1050])),
    ?ASSERT_TRUE(io_lib:printable_unicode_list([1050, $a])),
    ?ASSERT_TRUE(io_lib:char_list([1050, $a])),
    ?ASSERT_FALSE(io_lib:char_list([a])),
    ?ASSERT_TRUE(io_lib:latin1_char_list("abc")),
    ?ASSERT_FALSE(io_lib:latin1_char_list([300])),
    ?ASSERT_MATCH("\n", io_lib:nl()),
    ?ASSERT_MATCH(8, io_lib:indentation("\tx\n\t", 3)),
    ok.

test_errors() ->
    ?ASSERT_ERROR(io_lib:format("~p", []), badarg),
    ?ASSERT_ERROR(io_lib:format("~d", [1]), badarg),
    ?ASSERT_ERROR(io_lib:format("~s", [[a]]), badarg),
    ?ASSERT_ERROR(io_lib:format("~w", [1, 2]), badarg),
    ?ASSERT_ERROR(io_lib:format("~.1B", [1]), badarg),
    ?ASSERT_ERROR(io_lib:format("~e", [1]), badarg),
    ?ASSERT_ERROR(io:format("~p"), badarg),
    ok.

test_print() ->
    ?ASSERT_MATCH("[1,2]", lists:flatten(io_lib:print([1, 2]))),
    L = lists:seq(1, 40),
    Printed = lists:flatten(io_lib:print(L)),
    ?ASSERT_MATCH(2, length(string_lines(Printed))),
    ?ASSERT_MATCH("a~b", f("a~~b", [])),
    ok.

%% Deep terms print as OTP prints them (and in time linear in the depth: each level of the
%% layout only looks at as much of its subterm as fits on a line).
test_print_deep() ->
    Deep = lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 3000)),
    ?ASSERT_MATCH(lists:duplicate(3001, $[) ++ lists:duplicate(3001, $]),
                  lists:flatten(io_lib:format("~p", [Deep]))),
    %% (One key per map: the order of several keys is the VM's own, docs/otp-versions.md.)
    Wide = lists:foldl(fun(N, Acc) -> #{{key, N, a_rather_long_atom_to_fill} => Acc} end, #{},
                       lists:seq(1, 3)),
    ?ASSERT_MATCH("#{{key,3,a_rather_long_atom_to_fill} =>\n      #{{key,2,a_rather_long_atom_to_fill}"
                  " =>\n            #{{key,1,a_rather_long_atom_to_fill} => #{}}}}",
                  lists:flatten(io_lib:format("~p", [Wide]))),
    ok.

test_io() ->
    ?ASSERT_MATCH(ok, io:format("")),
    ?ASSERT_MATCH(ok, io:put_chars("")),
    ?ASSERT_MATCH({error, enotsup}, io:columns()),
    ?ASSERT_MATCH(eof, io:get_line('')),
    ?ASSERT_ERROR(io:put_chars([a]), badarg),
    ok.

string_lines(S) -> [L || L <- split_nl(S, [], []), L =/= []].
split_nl([$\n | T], Cur, Acc) -> split_nl(T, [], [lists:reverse(Cur) | Acc]);
split_nl([C | T], Cur, Acc) -> split_nl(T, [C | Cur], Acc);
split_nl([], Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]).
