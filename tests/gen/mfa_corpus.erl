%% Writes tests/libs/test_<Module>_corpus.erl: calls of Module's functions on a pool of inputs,
%% each with the result OTP gives (or `error` when OTP raises). Run under erl from the repo root:
%%   erlc -o /tmp/gen tests/gen/mfa_corpus.erl && erl -noshell -pa /tmp/gen -s mfa_corpus main -s init stop
%% The written suites also run under erl in `cargo xtask test`, so the expectations stay OTP's.
-module(mfa_corpus).
-export([main/0]).

main() ->
    write(string, string_calls()),
    write(lists, lists_calls()).

%% ---- string ----

%% Flat lists and binaries only: for deep chardata OTP promises the characters of a result, not
%% its shape (tests/libs/test_string.erl checks those by content).
strs() ->
    ["", "abc", "  hello world  ", <<"bin ary">>, "a,b,,c", "ÅÄÖ åäö",
     <<"ÿé"/utf8>>, "tab\tand\nnewline\r\n", "  ", "ABC def GHI", "x", "aaa", "é́", "123", "-45",
     "3.25e2xyz", "καλημέρα", [1050, 1072, $z], "\r\n"].

seps() -> [" ", ",", "", "ab", [$\s, $\t], <<",">>].

string_calls() ->
    S = strs(),
    [{F, [X]} || F <- [length, is_empty, reverse, to_graphemes, uppercase, lowercase, titlecase,
                       casefold, chomp, trim, to_integer, to_float, next_grapheme,
                       next_codepoint], X <- S] ++
    [{F, [X, D]} || F <- [trim], X <- S, D <- [leading, trailing, both]] ++
    [{trim, [X, both, Cs]} || X <- S, Cs <- [" ", "a", [$\s, $\t, $\n]]] ++
    [{F, [X, N]} || F <- [slice, pad, take], X <- S, N <- [0, 2, 5],
                    F =/= take] ++
    [{slice, [X, A, B]} || X <- S, A <- [0, 1, 3], B <- [0, 2, infinity]] ++
    [{pad, [X, 8, D]} || X <- S, D <- [leading, trailing, both]] ++
    [{pad, [X, 7, both, $*]} || X <- S] ++
    [{take, [X, Cs]} || X <- S, Cs <- ["abc", " ", "ÅÄÖ"]] ++
    [{take, [X, Cs, true]} || X <- S, Cs <- ["abc", " "]] ++
    [{take, [X, Cs, false, trailing]} || X <- S, Cs <- ["abc", " "]] ++
    [{F, [X, Sep]} || F <- [split, lexemes, find], X <- S, Sep <- seps(), F =/= lexemes orelse Sep =/= ""] ++
    [{split, [X, Sep, W]} || X <- S, Sep <- [",", " ", "a"], W <- [leading, trailing, all]] ++
    [{find, [X, Sep, trailing]} || X <- S, Sep <- ["a", " ", "l"]] ++
    [{replace, [X, P, R]} || X <- S, P <- [",", " ", "a"], R <- ["-", "", <<"XY">>]] ++
    [{replace, [X, P, "_", W]} || X <- S, P <- [",", " "], W <- [leading, trailing, all]] ++
    [{nth_lexeme, [X, N, Sep]} || X <- S, N <- [1, 2, 3], Sep <- [" ", ","]] ++
    [{equal, [A, B]} || A <- ["abc", <<"abc">>, "ABC", "Abc "], B <- ["abc", "ABC"]] ++
    [{equal, [A, B, true]} || A <- ["abc", "ÅÄÖ"], B <- ["ABC", "åäö"]] ++
    [{equal, [A, B, false, N]} || A <- ["abc", "é"], B <- ["abc", "é"], N <- [none, nfc, nfd]] ++
    [{prefix, [X, P]} || X <- S, P <- ["", "a", "  ", <<"bi">>]] ++
    %% the classic flat-list API
    [{F, [X]} || F <- [len, strip, words, to_lower, to_upper], X <- S, is_list(X), io_lib:char_list(X)] ++
    [{F, [X, C]} || F <- [chr, rchr, strip], X <- S, is_list(X), io_lib:char_list(X), C <- [$a, $\s, $,]] ++
    [{F, [X, Y]} || F <- [str, rstr, span, cspan, tokens, concat], X <- S, is_list(X), io_lib:char_list(X),
                    Y <- ["a", " ", "ab", ""]] ++
    [{F, [X, N]} || F <- [substr, sub_string, left, right, centre, sub_word], X <- S,
                    is_list(X), io_lib:char_list(X), N <- [1, 3]] ++
    [{F, [X, N, M]} || F <- [substr, sub_string], X <- S, is_list(X), io_lib:char_list(X),
                       N <- [1, 2], M <- [0, 2]] ++
    [{F, [X, 6, $.]} || F <- [left, right, centre], X <- S, is_list(X), io_lib:char_list(X)] ++
    [{strip, [X, D, $\s]} || X <- S, is_list(X), io_lib:char_list(X), D <- [left, right, both]] ++
    [{words, [X, $,]} || X <- S, is_list(X), io_lib:char_list(X)] ++
    [{sub_word, [X, 2, $,]} || X <- S, is_list(X), io_lib:char_list(X)] ++
    [{copies, [X, N]} || X <- ["ab", ""], N <- [0, 3]] ++
    [{join, [L, Sep]} || L <- [[], ["a"], ["a", "b", "c"]], Sep <- [", ", ""]] ++
    [{chars, [$x, N]} || N <- [0, 3]] ++ [{chars, [$x, 2, "tail"]}] ++
    [{F, [X]} || F <- [list_to_integer, list_to_float], X <- ["12", "-7x", "1.5", "1.5e3 ", "abc", ""]].

%% ---- lists ----

ls() -> [[], [1], [3, 1, 2], [a, b, c, d], [1, 1, 2, 3, 3, 3], [{b, 2}, {a, 1}, {c, 3}, {a, 4}],
         [5, 4, 3, 2, 1, 0], [x, 1, "s", {t}, 2.5]].

lists_calls() ->
    L = ls(),
    Even = fn("fun(X) -> is_integer(X) andalso X rem 2 =:= 0 end"),
    [{F, [X]} || F <- [reverse, sort, usort, last, flatten, sum, max, min, droplast, length,
                       append, concat, unzip, unzip3], X <- L ++ [[[1], [2, [3]]], [{1, a}, {2, b}]]] ++
    [{F, [N, X]} || F <- [nth, nthtail, sublist, split, duplicate], X <- L, N <- [0, 1, 3]] ++
    [{sublist, [X, S, N]} || X <- L, S <- [1, 2, 7], N <- [0, 2, 5]] ++
    [{F, [E, X]} || F <- [member, delete], X <- L, E <- [1, a, x]] ++
    [{F, [K, N, X]} || F <- [keyfind, keymember, keydelete, keytake], X <- L, K <- [a, 2], N <- [1, 2]] ++
    [{F, [N, X]} || F <- [keysort, ukeysort], X <- L, N <- [1, 2]] ++
    [{keyreplace, [a, 1, X, {z, 0}]} || X <- L] ++
    [{keystore, [K, 1, X, {K, 9}]} || X <- L, K <- [a, q]] ++
    [{F, [X, Y]} || F <- [merge, umerge, subtract, zip, append, prefix, suffix],
                    X <- [[], [1, 3], [1, 2, 3]], Y <- [[], [2], [1, 3, 5]]] ++
    [{zip3, [[1, 2], [a, b], [x, y]]}, {seq, [1, 10]}, {seq, [1, 10, 3]}, {seq, [10, 1, -2]},
     {seq, [5, 4]}, {seq, [1, 0, 1]}, {merge, [[[1, 4], [2, 3], [0]]]}, {umerge, [[[1, 4], [1, 3]]]},
     {merge3, [[1], [2], [0, 3]]}, {flatten, [[[1], 2], [tail]]}, {flatlength, [[[1], [2, [3]]]]},
     {enumerate, [[a, b]]}, {enumerate, [5, [a, b]]}, {join, [x, [1, 2, 3]]}, {join, [x, []]},
     {uniq, [[3, 1, 3, 2, 1]]}, {split, [5, [1, 2]]}, {nth, [9, [1]]}, {last, [[]]},
     %% (not sort/1 of 1 and 1.0 together: OTP leaves the order of equal terms unspecified)
     {usort, [[2.0, 1, 1.0, 2]]}, {reverse, [[1, 2], [3]]},
     {subtract, [[1, 2, 1, 3], [1]]}, {foldl, [fn("fun erlang:'+'/2"), 0, [1, 2, 3]]}] ++
    [{F, [Even, X]} || F <- [filter, partition, takewhile, dropwhile, splitwith, all, any,
                              search, filtermap], X <- L] ++
    [{F, [fn("fun erlang:'=<'/2"), X]} || F <- [sort, usort], X <- L] ++
    [{map, [fn("fun(X) -> {X} end"), X]} || X <- L] ++
    [{mapfoldl, [fn("fun(X, A) -> {X, [X | A]} end"), [], X]} || X <- L] ++
    [{mapfoldr, [fn("fun(X, A) -> {X, [X | A]} end"), [], X]} || X <- L] ++
    [{foldr, [fn("fun(X, A) -> [X | A] end"), [], X]} || X <- L] ++
    [{zipwith, [fn("fun(A, B) -> {A, B} end"), [1, 2], [a, b]]},
     {flatmap, [fn("fun(X) -> [X, X] end"), [1, 2]]}, {uniq, [fn("fun(X) -> X rem 2 end"), [1, 2, 3, 4]]}].

%% A fun argument, kept as its source text: written into the suite as code, and evaluated here.
fn(Src) -> {'$fn', Src}.

resolve({'$fn', Src}) ->
    {ok, Tokens, _} = erl_scan:string(Src ++ "."),
    {ok, [Expr]} = erl_parse:parse_exprs(Tokens),
    {value, F, _} = erl_eval:expr(Expr, []),
    F;
resolve(X) -> X.

%% ---- writing ----

write(Module, Calls) ->
    Name = lists:concat(["test_", Module, "_corpus"]),
    Cases = [{F, A, outcome(Module, F, A)} || {F, A} <- Calls],
    Out = io_lib:format(
            "%% ~s on a corpus of inputs. The expected results are OTP 25's, written by~n"
            "%% tests/gen/mfa_corpus.erl under erl (error: OTP raises); this suite also runs~n"
            "%% under erl, so they stay OTP's.~n"
            "-module(~s).~n-export([test_corpus/0]).~n-include(\"etest.hrl\").~n~n"
            "test_corpus() ->~n"
            "    Bad = [{F, A, E, R} || {F, A, E} <- cases(), (R = outcome(F, A)) =/= E],~n"
            "    ?ASSERT_MATCH([], Bad),~n    ok.~n~n"
            "outcome(F, A) ->~n"
            "    try apply(~p, F, A) of R -> {ok, R} catch error:_ -> error end.~n~n"
            "cases() ->~n    [~n~s~n    ].~n",
            [Module, Name, Module, [case_text(C, I =:= length(Cases)) || {I, C} <- enumerate(Cases)]]),
    File = filename:join("tests/libs", Name ++ ".erl"),
    ok = file:write_file(File, unicode:characters_to_binary(Out)),
    io:format("~s: ~p cases~n", [File, length(Cases)]).

enumerate(L) -> lists:zip(lists:seq(1, length(L)), L).

outcome(M, F, A) ->
    try apply(M, F, [resolve(X) || X <- A]) of R -> {ok, R} catch error:_ -> error end.

case_text({F, A, E}, Last) ->
    Args = [arg_text(X) || X <- A],
    ["     {", atom_to_list(F), ", [", lists:join(", ", Args), "], ", io_lib:format("~w", [E]), "}",
     case Last of true -> ""; false -> ",\n" end].

arg_text({'$fn', Src}) -> Src;
arg_text(X) -> io_lib:format("~w", [X]).
