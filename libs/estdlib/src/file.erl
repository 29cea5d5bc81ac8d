%% file: OTP's file API on the host file system (natively) or on the directories the WASI host
%% granted (under wasmtime, `--dir`). The primitives are the natives of `atomvm_file` (paths
%% as binaries, raw files as handles owned by the opening process); this module encodes names,
%% parses modes, and builds OTP's results: `#file_info{}` with times in local, universal or
%% posix time, and errors as `{error, Posix}`.
%%
%% A raw file (`raw` mode) is a `#file_descriptor{}` used by its owner directly; any other open
%% file is an io device: a `file_io_server` process speaking the io protocol, so io:format/3,
%% io:get_line/2 and file:read/2, write/2 ... all work on it.
-module(file).

-export([
    native_name_encoding/0,
    read_file/1,
    read_file/2,
    write_file/2,
    write_file/3,
    open/2,
    close/1,
    read/2,
    read_line/1,
    write/2,
    pread/2,
    pread/3,
    pwrite/2,
    pwrite/3,
    position/2,
    truncate/1,
    sync/1,
    datasync/1,
    advise/4,
    allocate/3,
    list_dir/1,
    list_dir_all/1,
    make_dir/1,
    del_dir/1,
    del_dir_r/1,
    delete/1,
    delete/2,
    rename/2,
    copy/2,
    copy/3,
    read_file_info/1,
    read_file_info/2,
    read_link_info/1,
    read_link_info/2,
    write_file_info/2,
    write_file_info/3,
    read_link/1,
    read_link_all/1,
    make_link/2,
    make_symlink/2,
    get_cwd/0,
    set_cwd/1,
    consult/1,
    path_consult/2,
    path_open/3,
    format_error/1
]).

-record(file_info, {
    size, type, access, atime, mtime, ctime, mode, links, major_device, minor_device, inode, uid, gid
}).
-record(file_descriptor, {module, data}).

-define(COPY_CHUNK, 65536).

native_name_encoding() -> utf8.

%% ---- names ----

%% The bytes of a file name (a string, a deep list of characters and atoms, an atom or a
%% binary); error for anything else.
name(B) when is_binary(B) -> {ok, B};
name(A) when is_atom(A) -> {ok, atom_to_binary(A, utf8)};
name(L) when is_list(L) ->
    case catch unicode:characters_to_binary(lists:reverse(flatten_name(L, []))) of
        B when is_binary(B) -> {ok, B};
        _ -> error
    end;
name(_) ->
    error.

flatten_name([H | T], Acc) when is_list(H) -> flatten_name(T, flatten_name(H, Acc));
flatten_name([H | T], Acc) when is_atom(H) -> flatten_name(T, lists:reverse(atom_to_list(H), Acc));
flatten_name([H | T], Acc) when is_integer(H) -> flatten_name(T, [H | Acc]);
flatten_name([], Acc) -> Acc;
flatten_name(_, _) -> throw(badarg).

%% Run F on the encoded name; `{error, badarg}` for a bad one, as OTP.
with_name(Name, F) ->
    case catch name(Name) of
        {ok, B} -> F(B);
        _ -> {error, badarg}
    end.

with_names(A, B, F) ->
    with_name(A, fun(X) -> with_name(B, fun(Y) -> F(X, Y) end) end).

%% A name given back the way it was asked for: a binary for a binary, else characters.
give_name(B, Like) when is_binary(Like) -> B;
give_name(B, _) ->
    case unicode:characters_to_list(B) of
        L when is_list(L) -> L;
        _ -> B
    end.

%% ---- whole files ----

read_file(Name) -> with_name(Name, fun atomvm_file:read_file/1).

%% OTP 27's read_file/2: the options (`raw`) change nothing here.
read_file(Name, Opts) when is_list(Opts) -> read_file(Name);
read_file(_, _) -> {error, badarg}.

write_file(Name, Data) -> write_file(Name, Data, []).

write_file(Name, Data, Modes) when is_list(Modes) ->
    case iodata(Data) of
        {ok, Bin} ->
            case open(Name, [binary, raw, write | [M || M <- Modes, M =/= binary, M =/= raw]]) of
                {ok, Fd} ->
                    R = write(Fd, Bin),
                    close(Fd),
                    R;
                Error ->
                    Error
            end;
        error ->
            {error, badarg}
    end;
write_file(_, _, _) ->
    {error, badarg}.

iodata(Data) ->
    case catch iolist_to_binary(Data) of
        B when is_binary(B) -> {ok, B};
        _ -> error
    end.

%% ---- open ----

-record(modes, {read = false, write = false, append = false, exclusive = false,
                binary = false, raw = false, encoding = latin1}).

open(Name, Modes) when is_list(Modes) ->
    case parse_modes(Modes, #modes{}) of
        {ok, M} -> with_name(Name, fun(Path) -> open_path(Path, M) end);
        enotsup -> {error, enotsup};
        error -> {error, badarg}
    end;
open(_, _) ->
    {error, badarg}.

parse_modes([], M) -> {ok, M};
parse_modes([read | T], M) -> parse_modes(T, M#modes{read = true});
parse_modes([write | T], M) -> parse_modes(T, M#modes{write = true});
parse_modes([append | T], M) -> parse_modes(T, M#modes{append = true});
parse_modes([exclusive | T], M) -> parse_modes(T, M#modes{exclusive = true});
parse_modes([binary | T], M) -> parse_modes(T, M#modes{binary = true});
parse_modes([list | T], M) -> parse_modes(T, M#modes{binary = false});
parse_modes([raw | T], M) -> parse_modes(T, M#modes{raw = true});
parse_modes([{encoding, E} | T], M) ->
    case encoding(E) of
        error -> error;
        Enc -> parse_modes(T, M#modes{encoding = Enc})
    end;
%% Buffering hints: the natives always read ahead and write at once.
parse_modes([read_ahead | T], M) -> parse_modes(T, M);
parse_modes([{read_ahead, N} | T], M) when is_integer(N), N >= 0 -> parse_modes(T, M);
parse_modes([delayed_write | T], M) -> parse_modes(T, M);
parse_modes([{delayed_write, S, D} | T], M) when is_integer(S), is_integer(D) -> parse_modes(T, M);
parse_modes([sync | T], M) -> parse_modes(T, M);
%% Not offered: writing as if uncompressed, or to disk instead of memory, would be wrong.
parse_modes([compressed | _], _) -> enotsup;
parse_modes([{compressed, _} | _], _) -> enotsup;
parse_modes([ram | _], _) -> enotsup;
%% Other options are ignored, as OTP's file io server does.
parse_modes([_ | T], M) -> parse_modes(T, M);
parse_modes(_, _) -> error.

encoding(latin1) -> latin1;
encoding(unicode) -> unicode;
encoding(utf8) -> unicode;
encoding(_) -> error.

open_path(Path, #modes{raw = true, encoding = latin1} = M) ->
    case open_raw(Path, M) of
        {ok, H} -> {ok, #file_descriptor{module = atomvm_file, data = {H, M#modes.binary}}};
        Error -> Error
    end;
open_path(_Path, #modes{raw = true}) ->
    {error, badarg};
open_path(Path, M) ->
    file_io_server:start(self(), Path, M#modes.read, M#modes.write, M#modes.append,
                         M#modes.exclusive, M#modes.binary, M#modes.encoding).

open_raw(Path, #modes{read = R, write = W, append = A, exclusive = X}) ->
    atomvm_file:open(Path, R, W, A, X).

%% ---- open files ----

-define(RAW(H, Bin), #file_descriptor{module = atomvm_file, data = {H, Bin}}).

close(?RAW(H, _)) -> atomvm_file:close(H);
close(Pid) when is_pid(Pid) ->
    case file_request(Pid, close) of
        {error, terminated} -> ok;
        R -> R
    end;
close(_) -> {error, badarg}.

read(?RAW(H, Bin), N) when is_integer(N), N >= 0 -> data(atomvm_file:read(H, N), Bin);
read(Pid, N) when is_pid(Pid), is_integer(N), N >= 0 ->
    wrap_data(io:request(Pid, {get_chars, latin1, '', N}));
read(_, _) -> {error, badarg}.

read_line(?RAW(H, Bin)) -> data(atomvm_file:read_line(H), Bin);
read_line(Pid) when is_pid(Pid) -> wrap_data(io:request(Pid, {get_line, latin1, ''}));
read_line(_) -> {error, badarg}.

data({ok, B}, false) -> {ok, binary_to_list(B)};
data(R, _) -> R.

wrap_data(D) when is_list(D); is_binary(D) -> {ok, D};
wrap_data(R) -> R.

write(?RAW(H, _), Data) ->
    case iodata(Data) of
        {ok, B} -> atomvm_file:write(H, B);
        error -> {error, badarg}
    end;
write(Pid, Data) when is_pid(Pid) -> io:request(Pid, {put_chars, latin1, Data});
write(_, _) -> {error, badarg}.

pread(?RAW(H, Bin), Pos, N) when is_integer(Pos), Pos >= 0, is_integer(N), N >= 0 ->
    data(atomvm_file:pread(H, Pos, N), Bin);
pread(Pid, Pos, N) when is_pid(Pid) -> file_request(Pid, {pread, Pos, N});
pread(_, _, _) -> {error, einval}.

pread(Fd, LocNums) when is_list(LocNums) ->
    many(LocNums, fun({Pos, N}) -> pread(Fd, Pos, N) end, fun(R) -> R end);
pread(_, _) -> {error, badarg}.

pwrite(?RAW(H, _), Pos, Data) when is_integer(Pos), Pos >= 0 ->
    case iodata(Data) of
        {ok, B} -> atomvm_file:pwrite(H, Pos, B);
        error -> {error, badarg}
    end;
pwrite(Pid, Pos, Data) when is_pid(Pid) -> file_request(Pid, {pwrite, Pos, Data});
pwrite(_, _, _) -> {error, einval}.

pwrite(Fd, LocBytes) when is_list(LocBytes) ->
    pwrite_all(Fd, LocBytes, 0);
pwrite(_, _) -> {error, badarg}.

pwrite_all(_, [], _) -> ok;
pwrite_all(Fd, [{Pos, Data} | T], I) ->
    case pwrite(Fd, Pos, Data) of
        ok -> pwrite_all(Fd, T, I + 1);
        {error, R} -> {error, {I, R}}
    end.

%% pread/2: every answer, `eof` for reads past the end; the first error ends it.
many(Items, F, _) -> many(Items, F, [], ok).
many([], _, Acc, ok) -> {ok, lists:reverse(Acc)};
many([Item | T], F, Acc, ok) ->
    case F(Item) of
        {ok, D} -> many(T, F, [D | Acc], ok);
        eof -> many(T, F, [eof | Acc], ok);
        {error, _} = E -> E
    end.

position(?RAW(H, _), At) ->
    case location(At) of
        {From, Off} -> atomvm_file:position(H, From, Off);
        error -> {error, einval}
    end;
position(Pid, At) when is_pid(Pid) -> file_request(Pid, {position, At});
position(_, _) -> {error, badarg}.

location(N) when is_integer(N) -> {bof, N};
location(bof) -> {bof, 0};
location(cur) -> {cur, 0};
location(eof) -> {eof, 0};
location({From, N}) when (From =:= bof orelse From =:= cur orelse From =:= eof), is_integer(N) ->
    {From, N};
location(_) -> error.

truncate(?RAW(H, _)) -> atomvm_file:truncate(H);
truncate(Pid) when is_pid(Pid) -> file_request(Pid, truncate);
truncate(_) -> {error, badarg}.

sync(?RAW(H, _)) -> atomvm_file:sync(H);
sync(Pid) when is_pid(Pid) -> file_request(Pid, sync);
sync(_) -> {error, badarg}.

datasync(?RAW(H, _)) -> atomvm_file:datasync(H);
datasync(Pid) when is_pid(Pid) -> file_request(Pid, datasync);
datasync(_) -> {error, badarg}.

%% Hints the host may ignore.
advise(_Fd, _Offset, _Length, _Advise) -> ok.
allocate(_Fd, _Offset, _Length) -> {error, enotsup}.

%% A request of the file io server beyond the io protocol.
file_request(Pid, Request) -> io:request(Pid, {file_request, Request}).

%% ---- directories and names ----

list_dir(Name) ->
    case list_dir_all(Name) of
        {ok, Names} -> names_as_lists(Names, []);
        Error -> Error
    end.

names_as_lists([], Acc) -> {ok, lists:reverse(Acc)};
names_as_lists([N | _], _) when is_binary(N) -> {error, {no_translation, N}};
names_as_lists([N | T], Acc) -> names_as_lists(T, [N | Acc]).

list_dir_all(Name) ->
    with_name(Name, fun(Path) ->
        case atomvm_file:list_dir(Path) of
            {ok, Names} -> {ok, [give_name(N, []) || N <- Names]};
            Error -> Error
        end
    end).

make_dir(Name) -> with_name(Name, fun atomvm_file:make_dir/1).
del_dir(Name) -> with_name(Name, fun atomvm_file:del_dir/1).
delete(Name) -> with_name(Name, fun atomvm_file:delete/1).
delete(Name, _Opts) -> delete(Name).
rename(From, To) -> with_names(From, To, fun atomvm_file:rename/2).
make_link(Existing, New) -> with_names(Existing, New, fun atomvm_file:make_link/2).
make_symlink(Existing, New) -> with_names(Existing, New, fun atomvm_file:make_symlink/2).

%% Delete a directory and everything in it (links are deleted, not followed), or a file.
del_dir_r(Name) ->
    case read_link_info(Name) of
        {ok, #file_info{type = directory}} ->
            case list_dir_all(Name) of
                {ok, Names} ->
                    del_all(Name, Names);
                Error ->
                    Error
            end;
        {ok, _} ->
            delete(Name);
        Error ->
            Error
    end.

del_all(Dir, []) -> del_dir(Dir);
del_all(Dir, [N | T]) ->
    Path = filename:join(Dir, N),
    R = case read_link_info(Path) of
            {ok, #file_info{type = directory}} -> del_dir_r(Path);
            {ok, _} -> delete(Path);
            Error -> Error
        end,
    case R of
        ok -> del_all(Dir, T);
        _ -> R
    end.

read_link(Name) ->
    case read_link_all(Name) of
        {ok, B} when is_binary(B) -> {error, {no_translation, B}};
        R -> R
    end.

read_link_all(Name) ->
    with_name(Name, fun(Path) ->
        case atomvm_file:read_link(Path) of
            {ok, Target} -> {ok, give_name(Target, [])};
            Error -> Error
        end
    end).

get_cwd() ->
    case atomvm_file:get_cwd() of
        {ok, Dir} -> {ok, give_name(Dir, [])};
        Error -> Error
    end.

set_cwd(Name) -> with_name(Name, fun atomvm_file:set_cwd/1).

%% ---- copy ----

copy(Source, Destination) -> copy(Source, Destination, infinity).

copy(Source, Destination, Length) ->
    case open_end(Source, [read]) of
        {ok, Src, CloseSrc} ->
            R = case open_end(Destination, [write]) of
                    {ok, Dst, CloseDst} ->
                        Copied = copy_loop(Src, Dst, Length, 0),
                        CloseDst(),
                        Copied;
                    Error ->
                        Error
                end,
            CloseSrc(),
            R;
        Error ->
            Error
    end.

%% An open file for one end of a copy, and how to close it (only what copy opened itself).
open_end(Fd, _) when is_pid(Fd); is_record(Fd, file_descriptor) -> {ok, Fd, fun() -> ok end};
open_end({Name, Modes}, Mode) -> open_end_name(Name, Mode ++ Modes);
open_end(Name, Mode) -> open_end_name(Name, Mode).

open_end_name(Name, Modes) ->
    case open(Name, [binary, raw | Modes]) of
        {ok, Fd} -> {ok, Fd, fun() -> close(Fd) end};
        Error -> Error
    end.

copy_loop(_, _, 0, N) -> {ok, N};
copy_loop(Src, Dst, Left, N) ->
    Want = case Left of infinity -> ?COPY_CHUNK; _ -> min(Left, ?COPY_CHUNK) end,
    case read(Src, Want) of
        {ok, Data} ->
            case write(Dst, Data) of
                ok ->
                    Got = iolist_size(Data),
                    Rest = case Left of infinity -> infinity; _ -> Left - Got end,
                    copy_loop(Src, Dst, Rest, N + Got);
                Error ->
                    Error
            end;
        eof ->
            {ok, N};
        Error ->
            Error
    end.

%% ---- file info ----

read_file_info(Name) -> read_file_info(Name, []).
read_file_info(Name, Opts) -> file_info(Name, Opts, true).
read_link_info(Name) -> read_link_info(Name, []).
read_link_info(Name, Opts) -> file_info(Name, Opts, false).

file_info(Name, Opts, Follow) ->
    case time_kind(Opts) of
        error ->
            {error, badarg};
        Kind ->
            with_name(Name, fun(Path) ->
                case atomvm_file:read_info(Path, Follow) of
                    {ok, {Size, Type, Access, A, M, C, Mode, Links, Major, Minor, Inode, Uid, Gid}} ->
                        {ok, #file_info{
                            size = Size, type = Type, access = Access,
                            atime = from_posix(A, Kind), mtime = from_posix(M, Kind),
                            ctime = from_posix(C, Kind), mode = Mode, links = Links,
                            major_device = Major, minor_device = Minor, inode = Inode,
                            uid = Uid, gid = Gid
                        }};
                    Error ->
                        Error
                end
            end)
    end.

time_kind(Opts) when is_list(Opts) ->
    case lists:keyfind(time, 1, Opts) of
        false -> local;
        {time, K} when K =:= local; K =:= universal; K =:= posix -> K;
        _ -> error
    end;
time_kind(_) ->
    error.

from_posix(S, posix) -> S;
from_posix(S, universal) -> erlang:posixtime_to_universaltime(S);
from_posix(S, local) -> erlang:universaltime_to_localtime(erlang:posixtime_to_universaltime(S)).

to_posix(undefined, _) -> undefined;
to_posix(S, posix) when is_integer(S) -> S;
to_posix(T, universal) -> erlang:universaltime_to_posixtime(T);
to_posix(T, local) -> erlang:universaltime_to_posixtime(erlang:localtime_to_universaltime(T)).

write_file_info(Name, Info) -> write_file_info(Name, Info, []).

write_file_info(Name, #file_info{} = I, Opts) ->
    case time_kind(Opts) of
        error ->
            {error, badarg};
        Kind ->
            case catch {to_posix(I#file_info.atime, Kind), to_posix(I#file_info.mtime, Kind)} of
                {A, M} when (is_integer(A) orelse A =:= undefined),
                            (is_integer(M) orelse M =:= undefined) ->
                    with_name(Name, fun(Path) ->
                        atomvm_file:write_info(Path, I#file_info.mode, I#file_info.uid,
                                               I#file_info.gid, A, M)
                    end);
                _ ->
                    {error, badarg}
            end
    end;
write_file_info(_, _, _) ->
    {error, badarg}.

%% ---- consult ----

%% The Erlang terms of a file, each ended by a full stop.
consult(Name) ->
    case read_file(Name) of
        {ok, Bin} -> atomvm_terms:parse(Bin);
        Error -> Error
    end.

%% consult/1 of the first directory in Path holding Name: `{ok, Terms, FullName}`.
path_consult([], _Name) -> {error, enoent};
path_consult([Dir | Dirs], Name) ->
    Full = filename:join(Dir, Name),
    case read_file(Full) of
        {ok, Bin} ->
            case atomvm_terms:parse(Bin) of
                {ok, Terms} -> {ok, Terms, Full};
                Error -> Error
            end;
        {error, enoent} ->
            path_consult(Dirs, Name);
        {error, _} = Error ->
            case Dirs of
                [] -> Error;
                _ -> path_consult(Dirs, Name)
            end
    end.

%% open/2 of Name in the first directory of Path holding it (directories where it is missing,
%% or that are not directories, are passed over): `{ok, IoDevice, FullName}`. An absolute
%% Name is opened as it is.
path_open(Path, Name, Modes) ->
    case filename:pathtype(Name) of
        absolute ->
            case open(Name, Modes) of
                {ok, Fd} -> {ok, Fd, Name};
                Error -> Error
            end;
        _ ->
            path_open_first(Path, Name, Modes)
    end.

path_open_first([Dir | Dirs], Name, Modes) ->
    Full = filename:join(Dir, Name),
    case open(Full, Modes) of
        {ok, Fd} -> {ok, Fd, Full};
        {error, R} when R =:= enoent; R =:= enotdir -> path_open_first(Dirs, Name, Modes);
        Error -> Error
    end;
path_open_first(_, _Name, _Modes) ->
    {error, enoent}.

%% ---- errors ----

format_error({Line, Mod, Reason}) when is_integer(Line), is_atom(Mod) ->
    io_lib:format("~w: ~ts", [Line, Mod:format_error(Reason)]);
format_error(badarg) -> "bad argument";
format_error(terminated) -> "the file server process is terminated";
format_error(Reason) -> atom_to_list_safe(Reason).

atom_to_list_safe(A) when is_atom(A) -> atom_to_list(A);
atom_to_list_safe(T) -> io_lib:format("~p", [T]).
