%% filelib: wildcard/1,2 and fold_files/5 over a tree made in a scratch directory under the
%% current directory (granted with --dir=. under wasmtime), as OTP answers them.
-module(test_filelib).
-export([test_wildcard/0, test_wildcard_cwd/0, test_wildcard_errors/0, test_fold_files/0,
         test_ensure/0]).
-include("etest.hrl").

scratch() ->
    Dir = lists:flatten(io_lib:format("filelib_test_~b_~b",
                                      [erlang:system_time(nanosecond), erlang:unique_integer([positive])])),
    ok = file:make_dir(Dir),
    Dir.

%% Dir/t holds: a/b/w.erl a/z.erl abc c/q.hrl x.erl y.erl .hid .h/
in_tree(Test) ->
    D = scratch(),
    try
        T = filename:join(D, "t"),
        [ok = file:make_dir(filename:join(T, S)) || S <- ["", "a", "a/b", "c", ".h"]],
        [ok = file:write_file(filename:join(T, F), F) || F <- ["x.erl", "y.erl", ".hid", "abc", "a/z.erl", "a/b/w.erl", "c/q.hrl"]],
        Test(D)
    after
        ok = file:del_dir_r(D)
    end.

test_wildcard() ->
    in_tree(fun(D) ->
        W = fun(P) -> [strip(D, N) || N <- filelib:wildcard(D ++ "/" ++ P)] end,
        ?ASSERT_MATCH(["t/.h", "t/.hid", "t/a", "t/abc", "t/c", "t/x.erl", "t/y.erl"], W("t/*")),
        ?ASSERT_MATCH(["t/x.erl", "t/y.erl"], W("t/*.erl")),
        ?ASSERT_MATCH(["t/a/b/w.erl", "t/a/z.erl", "t/x.erl", "t/y.erl"], W("t/**/*.erl")),
        ?ASSERT_MATCH(["t/x.erl", "t/y.erl"], W("t/?.erl")),
        ?ASSERT_MATCH(["t/a", "t/abc", "t/c", "t/x.erl"], W("t/[a-x]*")),
        ?ASSERT_MATCH(["t/a/b", "t/a/z.erl", "t/c/q.hrl"], W("t/{a,c}/*")),
        ?ASSERT_MATCH(["t/a", "t/abc"], W("t/[^a]*")),
        ?ASSERT_MATCH(["t/.h", "t/.hid", "t/a", "t/a/b", "t/a/b/w.erl", "t/a/z.erl", "t/abc", "t/c",
                       "t/c/q.hrl", "t/x.erl", "t/y.erl"], W("t/**")),
        ?ASSERT_MATCH(["t/a"], W("t/a")),
        ?ASSERT_MATCH([], W("t/nope")),
        ?ASSERT_MATCH(["t/a/../x.erl"], W("t/a/../x.erl")),
        ?ASSERT_MATCH(["t/x.erl"], W("t//x.erl")),
        ?ASSERT_MATCH(["t/.h", "t/.hid", "t/a", "t/abc", "t/c", "t/x.erl", "t/y.erl"], W("t/*/")),
        ?ASSERT_MATCH(["t/c/q.hrl"], W("**/*.hrl")),
        ?ASSERT_MATCH(["t/a/b", "t/a/z.erl", "t/c/q.hrl"], W("t/[a-c]/*")),
        ?ASSERT_MATCH(["t/x.erl"], W("t/\\x.erl")),
        ?ASSERT_MATCH(["t/x.erl"], W("t/{x,}.erl")),
        ?ASSERT_MATCH(["t/x.erl", "t/y.erl"], W("t/{x,y}{.erl,}")),
        ?ASSERT_MATCH(["t/abc"], W("t/[ax]bc")),
        ?ASSERT_MATCH(["t/abc"], W("t/a*c")),
        ?ASSERT_MATCH(["t/a/b/w.erl"], W("t/*/*/*")),
        ok
    end).

%% A relative pattern from a given directory gives names relative to it.
test_wildcard_cwd() ->
    in_tree(fun(D) ->
        T = filename:join(D, "t"),
        ?ASSERT_MATCH([".h", ".hid", "a", "abc", "c", "x.erl", "y.erl"], filelib:wildcard("*", T)),
        ?ASSERT_MATCH(["a/b/w.erl", "a/z.erl", "x.erl", "y.erl"], filelib:wildcard("**/*.erl", T)),
        ?ASSERT_MATCH(["a/b", "a/z.erl"], filelib:wildcard("a/*", T)),
        ?ASSERT_MATCH(["../t/x.erl"], filelib:wildcard("../t/x.erl", T)),
        ?ASSERT_MATCH([], filelib:wildcard("*", filename:join(D, "none"))),
        {ok, Cwd} = file:get_cwd(),
        Abs = filename:join([Cwd, T, "*.erl"]),
        ?ASSERT_MATCH(2, length(filelib:wildcard(Abs, "nowhere"))),
        ?ASSERT_MATCH(true, lists:all(fun(N) -> hd(N) =:= $/ end, filelib:wildcard(Abs))),
        ok
    end).

test_wildcard_errors() ->
    ?ASSERT_MATCH({badpattern, missing_delimiter}, raised(fun() -> filelib:wildcard("t/{a") end)),
    ?ASSERT_MATCH(function_clause, raised(fun() -> filelib:wildcard(<<"*">>) end)),
    ?ASSERT_MATCH(function_clause, raised(fun() -> filelib:wildcard('*') end)),
    ?ASSERT_MATCH(function_clause, raised(fun() -> filelib:wildcard("*", <<".">>) end)),
    ok.

test_fold_files() ->
    in_tree(fun(D) ->
        T = filename:join(D, "t"),
        Fold = fun(Dir, Re, Rec) ->
            [strip(D, F) || F <- lists:sort(filelib:fold_files(Dir, Re, Rec, fun(F, A) -> [F | A] end, []))]
        end,
        ?ASSERT_MATCH(["t/a/b/w.erl", "t/a/z.erl", "t/x.erl", "t/y.erl"], Fold(T, ".*\\.erl$", true)),
        ?ASSERT_MATCH(["t/x.erl", "t/y.erl"], Fold(T, "erl", false)),
        ?ASSERT_MATCH(["t/.hid", "t/a/b/w.erl", "t/a/z.erl", "t/abc", "t/c/q.hrl", "t/x.erl", "t/y.erl"],
                      Fold(T, "", true)),
        ?ASSERT_MATCH(["t/abc"], Fold(T, "^a", true)),
        ?ASSERT_MATCH([], Fold(filename:join(D, "none"), "", true)),
        Bin = filelib:fold_files(list_to_binary(T), "^x", false, fun(F, A) -> [F | A] end, []),
        ?ASSERT_MATCH(1, length(Bin)),
        ?ASSERT_TRUE(is_binary(hd(Bin))),
        %% The accumulator is threaded through in the order files are visited.
        ?ASSERT_MATCH(4, filelib:fold_files(T, "erl$", true, fun(_, N) -> N + 1 end, 0)),
        ok
    end).

test_ensure() ->
    D = scratch(),
    try
        ?ASSERT_MATCH(ok, filelib:ensure_path(filename:join([D, "p", "q", "r"]))),
        ?ASSERT_MATCH(true, filelib:is_dir(filename:join([D, "p", "q", "r"]))),
        ?ASSERT_MATCH(ok, filelib:ensure_dir(filename:join([D, "e", "f", "file"]))),
        ?ASSERT_MATCH(true, filelib:is_dir(filename:join([D, "e", "f"]))),
        ?ASSERT_MATCH(false, filelib:is_file(filename:join([D, "e", "f", "file"]))),
        F = filename:join(D, "data"),
        ok = file:write_file(F, <<"12345">>),
        ?ASSERT_MATCH(5, filelib:file_size(F)),
        ?ASSERT_MATCH(true, filelib:is_regular(F)),
        ?ASSERT_MATCH(2, tuple_size(filelib:last_modified(F))),
        ?ASSERT_MATCH(0, filelib:last_modified(filename:join(D, "none"))),
        ok
    after
        ok = file:del_dir_r(D)
    end.

strip(D, N) -> lists:nthtail(length(D) + 1, N).

raised(F) ->
    try F() of _ -> none catch error:E -> E end.
