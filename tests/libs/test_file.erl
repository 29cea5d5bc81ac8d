%% file: whole files, raw files, files as io devices, directories, file info, links, consult,
%% as OTP answers them. Everything happens in a scratch directory under the current directory
%% (granted with --dir=. under wasmtime), removed at the end of each test. Under WASI a path
%% outside the granted directory is refused.
-module(test_file).
-export([
    test_whole_files/0,
    test_raw_files/0,
    test_io_device/0,
    test_utf8_device/0,
    test_owner_exit/0,
    test_directories/0,
    test_file_info/0,
    test_links/0,
    test_consult/0,
    test_path_open/0,
    test_outside_refused/0,
    test_filelib/0
]).
-include("etest.hrl").
-include_lib("kernel/include/file.hrl").

%% Expr's value matches Pattern (whose variables are bound after it); ASSERT_MATCH compares.
-define(MATCHES(Pattern, Expr),
    begin
        put(test_file_value, Expr),
        case get(test_file_value) of
            Pattern -> ok;
            _ -> throw({failed_match, {?MODULE, ?FUNCTION_NAME, ?LINE}, ??Pattern, get(test_file_value)})
        end
    end
).

%% A fresh directory for one test (several runs of the suite may share the current directory).
scratch(Name) ->
    Dir = lists:flatten(io_lib:format("file_test_~s_~b_~b",
                                      [Name, erlang:system_time(nanosecond), erlang:unique_integer([positive])])),
    ok = file:make_dir(Dir),
    Dir.

%% Run Test in a fresh directory, removed even when it fails.
in_scratch(Name, Test) ->
    Dir = scratch(Name),
    try Test(Dir) after ?MATCHES(ok, file:del_dir_r(Dir)) end,
    done_check(Dir).

done_check(Dir) ->
    ?MATCHES({error, enoent}, file:read_file_info(Dir)),
    ok.

raised(F) ->
    try F() of _ -> none catch error:E -> E end.

wasi() ->
    lists:prefix("wasm32", erlang:system_info(system_architecture)).

test_whole_files() ->
    in_scratch("whole", fun(D) ->
        F = filename:join(D, "a.txt"),
        ?MATCHES({error, enoent}, file:read_file(F)),
        ?MATCHES(ok, file:write_file(F, ["abc", $d, <<"ef">>])),
        ?MATCHES({ok, <<"abcdef">>}, file:read_file(F)),
        ?MATCHES({ok, <<"abcdef">>}, file:read_file(list_to_binary(F))),
        ?MATCHES(ok, file:write_file(F, <<"gh">>, [append])),
        ?MATCHES({ok, <<"abcdefgh">>}, file:read_file(F)),
        ?MATCHES(ok, file:write_file(F, "new")),
        ?MATCHES({ok, <<"new">>}, file:read_file(F)),
        ?MATCHES({error, eexist}, file:write_file(F, "x", [exclusive])),
        Big = binary:copy(<<"0123456789">>, 100000),
        ?MATCHES(ok, file:write_file(F, Big)),
        ?MATCHES({ok, Big}, file:read_file(F)),
        ?MATCHES({error, eisdir}, file:read_file(D)),
        ?MATCHES({error, enotdir}, file:read_file(filename:join(F, "x"))),
        ?MATCHES({error, enoent}, file:write_file(filename:join([D, "no", "x"]), "x")),
        ?MATCHES({error, badarg}, file:write_file(F, foo)),
        ?MATCHES({error, badarg}, file:read_file(123)),
        ?MATCHES({error, badarg}, file:read_file("a\0b")),
        ?MATCHES({error, enoent}, file:read_file(no_such_file_atom)),
        ?MATCHES({error, enoent}, file:read_file([D, $/, [$x, y]])),
        ?MATCHES({error, badarg}, file:read_file([D, $/, [<<"x">>, y]])),
        ?MATCHES({ok, 1000000}, file:copy(F, filename:join(D, "b.txt"))),
        ?MATCHES({ok, Big}, file:read_file(filename:join(D, "b.txt"))),
        ?MATCHES({ok, 3}, file:copy(F, filename:join(D, "c.txt"), 3)),
        ?MATCHES({ok, <<"012">>}, file:read_file(filename:join(D, "c.txt"))),
        ?MATCHES({error, enoent}, file:copy(filename:join(D, "none"), filename:join(D, "d.txt"))),
        ok
    end).

test_raw_files() ->
    in_scratch("raw", fun(D) ->
        F = filename:join(D, "r.txt"),
        ok = file:write_file(F, <<"a\r\nb\nc">>),
        {ok, R} = file:open(F, [read, raw, binary, read_ahead]),
        ?MATCHES({ok, <<"a\n">>}, file:read_line(R)),
        ?MATCHES({ok, <<"b\n">>}, file:read_line(R)),
        ?MATCHES({ok, <<"c">>}, file:read_line(R)),
        ?MATCHES(eof, file:read_line(R)),
        ?MATCHES({ok, <<>>}, file:read(R, 0)),
        ?MATCHES(eof, file:read(R, 1)),
        ?MATCHES({ok, 6}, file:position(R, cur)),
        ?MATCHES({ok, 2}, file:position(R, {bof, 2})),
        ?MATCHES({ok, <<"\nb">>}, file:read(R, 2)),
        ?MATCHES({ok, 3}, file:position(R, {cur, -1})),
        ?MATCHES({ok, 5}, file:position(R, {eof, -1})),
        ?MATCHES({error, einval}, file:position(R, {bof, -1})),
        ?MATCHES({ok, <<"a\r">>}, file:pread(R, 0, 2)),
        ?MATCHES({ok, <<"c">>}, file:read(R, 10)),
        ?MATCHES(eof, file:pread(R, 100, 2)),
        ?MATCHES({error, ebadf}, file:write(R, <<"x">>)),
        ?MATCHES(ok, file:close(R)),
        ?MATCHES({error, einval}, file:close(R)),
        ?MATCHES({error, einval}, file:read(R, 1)),
        %% List mode by default; write truncates; read + write does not.
        {ok, W} = file:open(F, [write, raw]),
        ?MATCHES(ok, file:write(W, ["hello", <<" world">>])),
        ?MATCHES(ok, file:pwrite(W, 0, <<"J">>)),
        ?MATCHES({ok, 11}, file:position(W, cur)),
        ?MATCHES(ok, file:sync(W)),
        ?MATCHES(ok, file:close(W)),
        {ok, RW} = file:open(F, [read, write, raw]),
        ?MATCHES({ok, "Jello"}, file:read(RW, 5)),
        ?MATCHES(ok, file:truncate(RW)),
        ?MATCHES(ok, file:write(RW, "!")),
        ?MATCHES({ok, ["Je", eof]}, file:pread(RW, [{0, 2}, {10, 1}])),
        ?MATCHES(ok, file:close(RW)),
        ?MATCHES({ok, <<"Jello!">>}, file:read_file(F)),
        {ok, A} = file:open(F, [append, raw]),
        ?MATCHES(ok, file:write(A, "?")),
        ?MATCHES(ok, file:close(A)),
        ?MATCHES({ok, <<"Jello!?">>}, file:read_file(F)),
        ?MATCHES({error, eexist}, file:open(F, [exclusive, raw])),
        {ok, X} = file:open(filename:join(D, "new"), [exclusive, raw, binary]),
        ?MATCHES(ok, file:close(X)),
        ?MATCHES({error, eisdir}, file:open(D, [read, raw])),
        ?MATCHES({error, enoent}, file:open(filename:join(D, "none"), [read, raw])),
        ok
    end).

test_io_device() ->
    in_scratch("io", fun(D) ->
        F = filename:join(D, "io.txt"),
        {ok, W} = file:open(F, [write]),
        ?ASSERT_TRUE(is_pid(W)),
        ?MATCHES(ok, io:format(W, "~p and ~s~n", [{a, 1}, "text"])),
        ?MATCHES(ok, file:write(W, <<"bytes\n">>)),
        ?MATCHES(ok, io:put_chars(W, "last")),
        ?MATCHES({ok, 25}, file:position(W, cur)),
        ?MATCHES(ok, file:close(W)),
        ?MATCHES({ok, <<"{a,1} and text\nbytes\nlast">>}, file:read_file(F)),
        {ok, R} = file:open(F, [read]),
        ?MATCHES("{a,1} and text\n", io:get_line(R, '')),
        ?MATCHES({ok, "bytes\n"}, file:read_line(R)),
        ?MATCHES({ok, "la"}, file:read(R, 2)),
        ?MATCHES({ok, "{a"}, file:pread(R, 0, 2)),
        %% OTP's io device leaves the position after what pread read.
        ?MATCHES(",1} and text\n", io:get_line(R, '')),
        ?MATCHES({ok, _}, file:position(R, 23)),
        ?MATCHES("st", io:get_line(R, '')),
        ?MATCHES(eof, io:get_line(R, '')),
        ?MATCHES(eof, file:read(R, 1)),
        ?MATCHES({ok, 0}, file:position(R, bof)),
        ?MATCHES({ok, "{a,1}"}, file:read(R, 5)),
        ?MATCHES(ok, file:close(R)),
        ?MATCHES(ok, file:close(R)),
        {ok, B} = file:open(F, [read, binary]),
        ?MATCHES({ok, <<"{a,1}">>}, file:read(B, 5)),
        ?MATCHES(<<" and text\n">>, io:get_line(B, '')),
        ?MATCHES(ok, file:close(B)),
        ok
    end).

test_utf8_device() ->
    in_scratch("utf8", fun(D) ->
        F = filename:join(D, "u.txt"),
        {ok, W} = file:open(F, [write, {encoding, utf8}]),
        ?MATCHES(ok, io:format(W, "~ts~n", ["h\x{e9}\x{1F600}"])),
        ?MATCHES(ok, file:close(W)),
        ?MATCHES({ok, <<"h", 16#c3, 16#a9, 16#f0, 16#9f, 16#98, 16#80, "\n">>}, file:read_file(F)),
        {ok, R} = file:open(F, [read, {encoding, utf8}]),
        ?MATCHES("h\x{e9}", io:get_chars(R, '', 2)),
        ?MATCHES("\x{1F600}\n", io:get_line(R, '')),
        ?MATCHES(ok, file:close(R)),
        %% A Latin-1 file takes characters as bytes.
        {ok, L} = file:open(F, [write]),
        ?MATCHES(ok, io:format(L, "~s", ["\x{e9}"])),
        ?MATCHES(ok, file:close(L)),
        ?MATCHES({ok, <<16#e9>>}, file:read_file(F)),
        ok
    end).

%% A file io server ends when the process that opened the file exits.
test_owner_exit() ->
    in_scratch("owner", fun(D) ->
        F = filename:join(D, "o.txt"),
        Self = self(),
        Opener = spawn(fun() ->
            {ok, Fd} = file:open(F, [write]),
            {ok, Raw} = file:open(filename:join(D, "raw"), [read, write, raw]),
            ok = file:write(Raw, "x"),
            Self ! {fd, Fd, Raw},
            receive stop -> ok end
        end),
        {Fd, Raw} = receive {fd, P, R} -> {P, R} end,
        ?ASSERT_TRUE(is_process_alive(Fd)),
        %% A raw file is its opener's alone.
        ?MATCHES(not_on_controlling_process, raised(fun() -> file:read(Raw, 1) end)),
        ?MATCHES(not_on_controlling_process, raised(fun() -> file:close(Raw) end)),
        Ref = erlang:monitor(process, Fd),
        Opener ! stop,
        ?MATCHES(ok, receive {'DOWN', Ref, process, Fd, _} -> ok after 5000 -> timeout end),
        ?MATCHES({ok, <<"x">>}, file:read_file(filename:join(D, "raw"))),
        ok
    end).

test_directories() ->
    in_scratch("dirs", fun(D) ->
        Sub = filename:join(D, "sub"),
        ?MATCHES(ok, file:make_dir(Sub)),
        ?MATCHES({error, eexist}, file:make_dir(Sub)),
        ?MATCHES({error, enoent}, file:make_dir(filename:join([D, "no", "deeper"]))),
        ok = file:write_file(filename:join(Sub, "f1"), "1"),
        ok = file:write_file(filename:join(Sub, "f2"), "2"),
        ?MATCHES({ok, ["f1", "f2"]}, sorted(file:list_dir(Sub))),
        ?MATCHES({ok, ["f1", "f2"]}, sorted(file:list_dir(list_to_binary(Sub)))),
        ?MATCHES({ok, ["f1", "f2"]}, sorted(file:list_dir_all(Sub))),
        ?MATCHES({error, enotdir}, file:list_dir(filename:join(Sub, "f1"))),
        ?MATCHES({error, enoent}, file:list_dir(filename:join(D, "none"))),
        ?MATCHES({error, eexist}, file:del_dir(Sub)),
        ?MATCHES({error, eperm}, file:delete(Sub)),
        ?MATCHES(ok, file:rename(filename:join(Sub, "f1"), filename:join(D, "moved"))),
        ?MATCHES({ok, <<"1">>}, file:read_file(filename:join(D, "moved"))),
        ?MATCHES({error, enoent}, file:rename(filename:join(Sub, "f1"), filename:join(D, "x"))),
        ?MATCHES(ok, file:delete(filename:join(Sub, "f2"))),
        ?MATCHES({error, enoent}, file:delete(filename:join(Sub, "f2"))),
        ?MATCHES(ok, file:del_dir(Sub)),
        ?MATCHES({error, enoent}, file:del_dir(Sub)),
        ok = file:write_file(filename:join(D, "plain"), "p"),
        ?MATCHES(ok, file:del_dir_r(filename:join(D, "plain"))),
        ?MATCHES({error, enoent}, file:read_file(filename:join(D, "plain"))),
        Deep = filename:join([D, "t", "u", "v"]),
        ok = file:make_dir(filename:join(D, "t")),
        ok = file:make_dir(filename:join([D, "t", "u"])),
        ok = file:make_dir(Deep),
        ok = file:write_file(filename:join(Deep, "leaf"), "x"),
        ?MATCHES(ok, file:del_dir_r(filename:join(D, "t"))),
        ?MATCHES({ok, ["moved"]}, file:list_dir(D)),
        {ok, Cwd} = file:get_cwd(),
        ?MATCHES(absolute, filename:pathtype(Cwd)),
        ok
    end).

sorted({ok, L}) -> {ok, lists:sort(L)};
sorted(Other) -> Other.

test_file_info() ->
    in_scratch("info", fun(D) ->
        F = filename:join(D, "i.txt"),
        ok = file:write_file(F, "12345"),
        {ok, I} = file:read_file_info(F),
        ?MATCHES(#file_info{size = 5, type = regular, access = read_write}, I),
        {{Y, _, _}, {_, _, _}} = I#file_info.mtime,
        ?ASSERT_TRUE(Y >= 2024),
        ?ASSERT_TRUE(is_integer(I#file_info.mode) andalso is_integer(I#file_info.links)),
        ?ASSERT_TRUE(is_integer(I#file_info.inode) andalso is_integer(I#file_info.major_device)),
        ?ASSERT_TRUE(is_integer(I#file_info.uid) andalso is_integer(I#file_info.gid)),
        {ok, P} = file:read_file_info(F, [{time, posix}]),
        ?ASSERT_TRUE(is_integer(P#file_info.mtime)),
        {ok, U} = file:read_file_info(F, [{time, universal}]),
        ?MATCHES(true, calendar:datetime_to_gregorian_seconds(U#file_info.mtime) - 62167219200 =:= P#file_info.mtime),
        ?MATCHES(true, erlang:universaltime_to_localtime(U#file_info.mtime) =:= I#file_info.mtime),
        ?MATCHES({ok, #file_info{type = directory}}, file:read_file_info(D)),
        ?MATCHES({ok, #file_info{type = regular, size = 5}}, file:read_link_info(F)),
        ?MATCHES({error, enoent}, file:read_file_info(filename:join(D, "none"))),
        ?MATCHES({error, badarg}, file:read_file_info(F, [{time, never}])),
        %% Setting times: {time, posix} and local time.
        ?MATCHES(ok, file:write_file_info(F, #file_info{mtime = 1000000000, atime = 1000000000}, [{time, posix}])),
        ?MATCHES({ok, #file_info{mtime = 1000000000}}, file:read_file_info(F, [{time, posix}])),
        Local = erlang:universaltime_to_localtime({{2020, 1, 2}, {3, 4, 5}}),
        ?MATCHES(ok, file:write_file_info(F, #file_info{mtime = Local, atime = Local})),
        ?MATCHES({ok, #file_info{mtime = Local}}, file:read_file_info(F)),
        %% Writing back what was read changes nothing and succeeds everywhere, WASI included
        %% (Elixir's File.cp copies a file's mode and owner so).
        {ok, Same} = file:read_file_info(F),
        ?MATCHES(ok, file:write_file_info(F, Same)),
        case wasi() of
            true ->
                ok;
            false ->
                ?MATCHES(ok, file:write_file_info(F, #file_info{mode = 8#600})),
                {ok, M} = file:read_file_info(F),
                ?MATCHES(8#600, M#file_info.mode band 8#777)
        end,
        ok
    end).

test_links() ->
    in_scratch("links", fun(D) ->
        F = filename:join(D, "target"),
        ok = file:write_file(F, "t"),
        L = filename:join(D, "link"),
        ?MATCHES({error, einval}, file:read_link(F)),
        ?MATCHES({error, enoent}, file:read_link(filename:join(D, "none"))),
        case file:make_symlink("target", L) of
            ok ->
                ?MATCHES({ok, "target"}, file:read_link(L)),
                ?MATCHES({ok, "target"}, file:read_link_all(L)),
                ?MATCHES({ok, #file_info{type = symlink}}, file:read_link_info(L)),
                ?MATCHES({ok, #file_info{type = regular, size = 1}}, file:read_file_info(L)),
                ?MATCHES({ok, <<"t">>}, file:read_file(L)),
                ?MATCHES({error, eexist}, file:make_symlink("target", L));
            {error, Why} ->
                %% Only a WASI host may refuse symbolic links.
                ?MATCHES({true, _}, {wasi(), Why})
        end,
        H = filename:join(D, "hard"),
        case file:make_link(F, H) of
            ok -> ?MATCHES({ok, <<"t">>}, file:read_file(H));
            {error, Why2} -> ?MATCHES({true, _}, {wasi(), Why2})
        end,
        ok
    end).

test_consult() ->
    in_scratch("consult", fun(D) ->
        F = filename:join(D, "terms.config"),
        Text = "%% a comment\n{app, [{key, \"value\"}, {n, -42}, {f, 1.5e3}]}.\n"
               "'quoted atom'. [1, 2 | 3]. #{a => <<\"bin\", 7>>}. $a. 16#ff. 1_000. {}. [].\n",
        ok = file:write_file(F, Text),
        ?MATCHES({ok, [{app, [{key, "value"}, {n, -42}, {f, 1.5e3}]}, 'quoted atom', [1, 2 | 3],
                            #{a := <<"bin", 7>>}, $a, 255, 1000, {}, []]},
                      file:consult(F)),
        ?MATCHES({ok, [{app, _}, 'quoted atom' | _], F}, file:path_consult([filename:join(D, "none"), D], "terms.config")),
        ?MATCHES({error, enoent}, file:path_consult([filename:join(D, "none")], "terms.config")),
        ?MATCHES({error, enoent}, file:consult(filename:join(D, "none"))),
        ok = file:write_file(F, "{a, 1}.\n[b\n"),
        ?MATCHES({error, {_, _, _}}, file:consult(F)),
        ok = file:write_file(F, "{a, X}.\n"),
        ?MATCHES({error, {1, _, _}}, file:consult(F)),
        ok
    end).

test_path_open() ->
    in_scratch("path_open", fun(D) ->
        F = filename:join(D, "p.txt"),
        ok = file:write_file(F, "line\n"),
        None = filename:join(D, "none"),
        {ok, Fd, F} = file:path_open([None, F, D], "p.txt", [read]),
        ?MATCHES({ok, "line\n"}, file:read_line(Fd)),
        ok = file:close(Fd),
        {ok, Raw, F} = file:path_open([D], "p.txt", [read, raw, binary]),
        ?MATCHES({ok, <<"line\n">>}, file:read(Raw, 10)),
        ok = file:close(Raw),
        BinF = list_to_binary(F),
        {ok, Fd2, BinF} = file:path_open([list_to_binary(D)], "p.txt", [read]),
        ok = file:close(Fd2),
        ?MATCHES({error, enoent}, file:path_open([None, D], "q.txt", [read])),
        ?MATCHES({error, enoent}, file:path_open([], "p.txt", [read])),
        ?MATCHES({error, eisdir}, file:path_open([filename:dirname(D)], filename:basename(D), [read])),
        {ok, Cwd} = file:get_cwd(),
        Abs = filename:join(Cwd, F),
        {ok, Fd3, Abs} = file:path_open([None], Abs, [read]),
        ok = file:close(Fd3),
        ok
    end).

%% Under WASI only what the host granted (the current directory) can be reached.
test_outside_refused() ->
    case wasi() of
        true ->
            %% "/" is the granted directory itself (wasi-libc's root): its parent is out of reach.
            ?MATCHES({error, _}, file:read_file("/etc/hostname")),
            ?MATCHES({error, eacces}, file:read_file("../outside.txt")),
            ?MATCHES({error, eacces}, file:write_file("../outside.txt", "x")),
            ?MATCHES({error, eacces}, file:list_dir("..")),
            ?MATCHES({error, eacces}, file:read_file_info("../..")),
            ?MATCHES({error, eacces}, file:open("../outside.txt", [read]));
        false ->
            ok
    end.

test_filelib() ->
    in_scratch("filelib", fun(D) ->
        F = filename:join(D, "f"),
        ok = file:write_file(F, "12345"),
        ?MATCHES(true, filelib:is_dir(D)),
        ?MATCHES(false, filelib:is_dir(F)),
        ?MATCHES(true, filelib:is_file(D)),
        ?MATCHES(true, filelib:is_file(F)),
        ?MATCHES(false, filelib:is_regular(D)),
        ?MATCHES(true, filelib:is_regular(F)),
        ?MATCHES(false, filelib:is_file(filename:join(D, "none"))),
        ?MATCHES(5, filelib:file_size(F)),
        ?MATCHES(0, filelib:file_size(filename:join(D, "none"))),
        ?MATCHES(0, filelib:last_modified(filename:join(D, "none"))),
        {ok, #file_info{mtime = M}} = file:read_file_info(F),
        ?MATCHES(M, filelib:last_modified(F)),
        ?MATCHES(ok, filelib:ensure_dir(filename:join([D, "a", "b", "c"]))),
        ?MATCHES(true, filelib:is_dir(filename:join([D, "a", "b"]))),
        ?MATCHES(false, filelib:is_dir(filename:join([D, "a", "b", "c"]))),
        ?MATCHES(ok, filelib:ensure_dir(filename:join([D, "a", "b", "c"]))),
        ?MATCHES(ok, filelib:ensure_path(filename:join([D, "p", "q"]))),
        ?MATCHES(true, filelib:is_dir(filename:join([D, "p", "q"]))),
        ?MATCHES({error, enotdir}, filelib:ensure_dir(filename:join([F, "x", "y"]))),
        ok
    end).
