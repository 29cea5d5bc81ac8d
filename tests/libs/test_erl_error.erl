%% erl_error:format_exception/3,4: the text OTP's shell shows for an exception.
-module(test_erl_error).
-export([test_errors/0, test_frames/0, test_consumed_frames/0, test_exit_throw/0,
         test_long_terms/0, test_badarity/0, test_column/0]).
-include("etest.hrl").

fmt(C, R, S) -> lists:flatten(io_lib:format("~ts", [erl_error:format_exception(C, R, S)])).
fmt(C, R, S, O) -> lists:flatten(io_lib:format("~ts", [erl_error:format_exception(C, R, S, O)])).

test_errors() ->
    E = fun(R) -> fmt(error, R, []) end,
    ?ASSERT_MATCH("exception error: bad argument", E(badarg)),
    ?ASSERT_MATCH("exception error: an error occurred when evaluating an arithmetic expression",
                  E(badarith)),
    ?ASSERT_MATCH("exception error: no match of right hand side value {a,b}", E({badmatch, {a, b}})),
    ?ASSERT_MATCH("exception error: no match of right hand side value <<\"bin\">>",
                  E({badmatch, <<"bin">>})),
    ?ASSERT_MATCH("exception error: no match of right hand side value \"str\"", E({badmatch, "str"})),
    ?ASSERT_MATCH("exception error: no case clause matching 42", E({case_clause, 42})),
    ?ASSERT_MATCH("exception error: no try clause matching x", E({try_clause, x})),
    ?ASSERT_MATCH("exception error: no true branch found when evaluating an if expression",
                  E(if_clause)),
    ?ASSERT_MATCH("exception error: bad function 1", E({badfun, 1})),
    ?ASSERT_MATCH("exception error: bad function fun lists:map/2", E({badfun, fun lists:map/2})),
    ?ASSERT_MATCH("exception error: bad key: k", E({badkey, k})),
    ?ASSERT_MATCH("exception error: bad map: 3", E({badmap, 3})),
    ?ASSERT_MATCH("exception error: bad argument: x", E({badarg, x})),
    ?ASSERT_MATCH("exception error: no such process or port", E(noproc)),
    ?ASSERT_MATCH("exception error: a system limit has been reached", E(system_limit)),
    ?ASSERT_MATCH("exception error: bad receive timeout value", E(timeout_value)),
    ?ASSERT_MATCH("exception error: function_clause", E(function_clause)),
    ?ASSERT_MATCH("exception error: undef", E(undef)),
    ?ASSERT_MATCH("exception error: {some,other}", E({some, other})),
    ok.

test_frames() ->
    S = [{m, f, 2, [{file, "m.erl"}, {line, 10}]}, {m, g, [a, 1], []},
         {lists, map, 2, [{file, "lists.erl"}, {line, 1243}]}, {'m-x', 'F', 0, [{line, 4}]},
         {m, h, 1, [{file, "m.erl"}]}],
    ?ASSERT_MATCH("exception error: bad argument\n"
                  "  in function  m:f/2 (m.erl:10)\n"
                  "  in call from m:g/2\n"
                  "     called as m:g(a,1)\n"
                  "  in call from lists:map/2 (lists.erl:1243)\n"
                  "  in call from 'm-x':'F'/0 \n"
                  "  in call from m:h/1 ",
                  fmt(error, badarg, S)),
    %% A frame with arguments shows no location; erlang's BIFs go without their module.
    ?ASSERT_MATCH("exception error: bad argument\n"
                  "  in function  atom_to_list/1\n"
                  "     called as atom_to_list(1)\n"
                  "  in call from m:g/1\n"
                  "     called as m:g(\"x\")",
                  fmt(error, badarg, [{erlang, atom_to_list, [1], []},
                                      {m, g, ["x"], [{file, "m.erl"}, {line, 3}]}])),
    ?ASSERT_MATCH("exception error: an error occurred when evaluating an arithmetic expression\n"
                  "  in operator  +/2\n"
                  "     called as 1 + a",
                  fmt(error, badarith, [{erlang, '+', [1, a], []}])),
    ok.

test_consumed_frames() ->
    ?ASSERT_MATCH("exception error: no function clause matching m:f(1,\"x\") (m.erl:3)",
                  fmt(error, function_clause, [{m, f, [1, "x"], [{file, "m.erl"}, {line, 3}]}])),
    ?ASSERT_MATCH("exception error: no function clause matching m:f() \n"
                  "  in function  m:g/1 ",
                  fmt(error, function_clause, [{m, f, [], []}, {m, g, 1, []}])),
    ?ASSERT_MATCH("exception error: function_clause\n"
                  "  in function  m:f/2 (m.erl:3)",
                  fmt(error, function_clause, [{m, f, 2, [{file, "m.erl"}, {line, 3}]}])),
    ?ASSERT_MATCH("exception error: undefined function m:nofun/1",
                  fmt(error, undef, [{m, nofun, [1], []}])),
    ?ASSERT_MATCH("exception error: undefined function m:f/0\n"
                  "  in function  m:g/1 ",
                  fmt(error, undef, [{m, f, 0, []}, {m, g, 1, []}])),
    ok.

test_exit_throw() ->
    ?ASSERT_MATCH("exception exit: normal\n  in function  m:f/0 ",
                  fmt(exit, normal, [{m, f, 0, []}])),
    ?ASSERT_MATCH("exception exit: {shutdown,x}", fmt(exit, {shutdown, x}, [])),
    ?ASSERT_MATCH("exception exit: {noproc,{gen_server,call,[x,y]}}",
                  fmt(exit, {noproc, {gen_server, call, [x, y]}}, [])),
    %% exit and throw reasons are shown as they are, even the ones error explains.
    ?ASSERT_MATCH("exception exit: badarg", fmt(exit, badarg, [])),
    ?ASSERT_MATCH("exception throw: ball", fmt(throw, ball, [])),
    ?ASSERT_MATCH("exception throw: {nocatch,x}", fmt(throw, {nocatch, x}, [])),
    ok.

test_long_terms() ->
    L = lists:seq(1, 40),
    ?ASSERT_MATCH("exception error: no match of right hand side value \n"
                  "                 [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,\n"
                  "                  24,25,26,27,28,29|...]\n"
                  "  in function  m:f/1\n"
                  "     called as m:f([1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,\n"
                  "                    23,24,25,26,27,28|...])",
                  fmt(error, {badmatch, L}, [{m, f, [lists:seq(1, 30)], []}])),
    %% An atom cannot break, so it stays on the line however long.
    A = list_to_atom(lists:duplicate(30, $a)),
    ?ASSERT_MATCH("exception error: no match of right hand side value " ++ lists:duplicate(30, $a),
                  fmt(error, {badmatch, A}, [])),
    %% A term that would end at column 80 goes to the next line.
    ?ASSERT_MATCH("exception error: no match of right hand side value [1,\"str\",2.5,<<1,2>>,{a,b}]",
                  fmt(error, {badmatch, [1, "str", 2.5, <<1, 2>>, {a, b}]}, [])),
    ?ASSERT_MATCH("exception error: no match of right hand side value \n"
                  "                 [1,\"str\",2.5,<<1,2>>,{a,b,c}]",
                  fmt(error, {badmatch, [1, "str", 2.5, <<1, 2>>, {a, b, c}]}, [])),
    ok.

test_badarity() ->
    ?ASSERT_MATCH("exception error: lists:map/2 called with one argument",
                  fmt(error, {badarity, {fun lists:map/2, [1]}}, [])),
    ?ASSERT_MATCH("exception error: lists:map/2 called with no arguments",
                  fmt(error, {badarity, {fun lists:map/2, []}}, [])),
    ?ASSERT_MATCH("exception error: lists:map/2 called with 3 arguments",
                  fmt(error, {badarity, {fun lists:map/2, [1, 2, 3]}}, [])),
    F = fun(X) -> X end,
    {name, Name} = erlang:fun_info(F, name),
    ?ASSERT_MATCH("exception error: test_erl_error:" ++ io_lib:write_atom(Name) ++
                      "/1 called with two arguments",
                  fmt(error, {badarity, {F, [1, 2]}}, [])),
    ok.

test_column() ->
    ?ASSERT_MATCH("exception error: no match of right hand side value \n"
                  "                          [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,\n"
                  "                           21,22,23,24,25,26,27,28,29|...]\n"
                  "           in function  m:f/0 ",
                  fmt(error, {badmatch, lists:seq(1, 40)}, [{m, f, 0, []}], #{column => 10})),
    ?ASSERT_MATCH("exception error: no match of right hand side value \n"
                  "                                    [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,\n"
                  "                                     17,18,19,20,21,22,23,24,25,26,27,28,29|...]\n"
                  "                     in function  m:f/0 ",
                  fmt(error, {badmatch, lists:seq(1, 40)}, [{m, f, 0, []}], #{column => 20})),
    ?ASSERT_MATCH("exception error: bad argument", fmt(error, badarg, [], #{})),
    ok.
