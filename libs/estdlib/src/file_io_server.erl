%% The io device behind a file opened without `raw` (as OTP's file_io_server): a process that
%% owns the raw file and serves OTP's io protocol on it (put_chars, get_line, get_chars,
%% getopts, setopts), plus `{file_request, R}` for what the file module asks beyond that
%% (position, pread, pwrite, truncate, sync, datasync, close). It ends, closing the file, when
%% the process that opened it exits.
%%
%% The file's encoding (`{encoding, E}` at open) says how characters become bytes: latin1
%% (one byte per character, the default) or unicode (UTF-8). Data comes back as a list or a
%% binary, per the `binary` mode.
-module(file_io_server).

-export([start/8]).

-record(st, {handle, binary, encoding, owner}).

%% Open Path in a new server for Owner: {ok, Pid} or the open's error.
start(Owner, Path, Read, Write, Append, Exclusive, Binary, Encoding) ->
    Self = self(),
    Pid = spawn(fun() -> init(Self, Owner, Path, [Read, Write, Append, Exclusive], Binary, Encoding) end),
    Ref = erlang:monitor(process, Pid),
    receive
        {Pid, opened} ->
            erlang:demonitor(Ref, [flush]),
            {ok, Pid};
        {Pid, Error} ->
            erlang:demonitor(Ref, [flush]),
            Error;
        {'DOWN', Ref, _, _, Reason} ->
            {error, Reason}
    end.

init(Parent, Owner, Path, [R, W, A, X], Binary, Encoding) ->
    case atomvm_file:open(Path, R, W, A, X) of
        {ok, H} ->
            erlang:monitor(process, Owner),
            Parent ! {self(), opened},
            loop(#st{handle = H, binary = Binary, encoding = Encoding, owner = Owner});
        Error ->
            Parent ! {self(), Error}
    end.

loop(St) ->
    receive
        {io_request, From, ReplyAs, {file_request, close}} ->
            Reply = atomvm_file:close(St#st.handle),
            From ! {io_reply, ReplyAs, Reply};
        {io_request, From, ReplyAs, Request} ->
            {Reply, St1} = request(Request, St),
            From ! {io_reply, ReplyAs, Reply},
            loop(St1);
        {'DOWN', _, process, Owner, _} when Owner =:= St#st.owner ->
            atomvm_file:close(St#st.handle);
        _ ->
            loop(St)
    end.

request({put_chars, Enc, Chars}, St) -> {put_chars(Enc, Chars, St), St};
request({put_chars, Enc, M, F, A}, St) ->
    case catch apply(M, F, A) of
        {'EXIT', _} -> {{error, F}, St};
        Chars -> request({put_chars, Enc, Chars}, St)
    end;
request({put_chars, Chars}, St) -> request({put_chars, latin1, Chars}, St);
request({put_chars, M, F, A}, St) -> request({put_chars, latin1, M, F, A}, St);
request({get_line, Enc, _Prompt}, St) -> {get_line(Enc, St), St};
request({get_line, _Prompt}, St) -> {get_line(latin1, St), St};
request({get_chars, Enc, _Prompt, N}, St) -> {get_chars(Enc, N, St), St};
request({get_chars, _Prompt, N}, St) -> {get_chars(latin1, N, St), St};
request(getopts, St) ->
    {[{binary, St#st.binary}, {encoding, St#st.encoding}], St};
request({setopts, Opts}, St) when is_list(Opts) -> setopts(Opts, St);
request({requests, Rs}, St) when is_list(Rs) -> requests(Rs, {ok, St});
request({file_request, R}, St) -> {as_mode(file_request(R, St#st.handle), St), St};
request(_, St) -> {{error, request}, St}.

requests([], Acc) -> Acc;
requests([R | Rs], {_, St}) ->
    case request(R, St) of
        {{error, _}, _} = Error -> Error;
        Acc -> requests(Rs, Acc)
    end.

setopts([], St) -> {ok, St};
setopts([binary | T], St) -> setopts(T, St#st{binary = true});
setopts([list | T], St) -> setopts(T, St#st{binary = false});
setopts([{binary, B} | T], St) when is_boolean(B) -> setopts(T, St#st{binary = B});
setopts([{encoding, E} | T], St) when E =:= latin1; E =:= unicode; E =:= utf8 ->
    setopts(T, St#st{encoding = case E of latin1 -> latin1; _ -> unicode end});
setopts(_, St) -> {{error, enotsup}, St}.

file_request({position, At}, H) -> file:position(raw(H), At);
%% On an io device (as with OTP's server) pread and pwrite leave the position after their data.
file_request({pread, Pos, N}, H) -> at(H, Pos, fun(Fd) -> file:read(Fd, N) end);
file_request({pwrite, Pos, Data}, H) -> at(H, Pos, fun(Fd) -> file:write(Fd, Data) end);
file_request(truncate, H) -> atomvm_file:truncate(H);
file_request(sync, H) -> atomvm_file:sync(H);
file_request(datasync, H) -> atomvm_file:datasync(H);
file_request(_, _) -> {error, request}.

at(H, Pos, F) ->
    case file:position(raw(H), Pos) of
        {ok, _} -> F(raw(H));
        Error -> Error
    end.

as_mode({ok, B}, #st{binary = false}) when is_binary(B) -> {ok, binary_to_list(B)};
as_mode(R, _) -> R.

%% The raw file as file's own functions take it (binary mode).
raw(H) -> {file_descriptor, atomvm_file, {H, true}}.

%% ---- output ----

put_chars(Enc, Chars, St) ->
    case bytes(Enc, Chars, St#st.encoding) of
        {ok, Bin} -> atomvm_file:write(St#st.handle, Bin);
        error -> {error, no_translation}
    end.

%% The bytes to write for Chars (in encoding Enc), in the file's encoding.
bytes(Enc, Chars, FileEnc) ->
    case catch unicode:characters_to_list(Chars, Enc) of
        L when is_list(L) ->
            case FileEnc of
                latin1 ->
                    case lists:all(fun(C) -> C =< 255 end, L) of
                        true -> {ok, list_to_binary(L)};
                        false -> error
                    end;
                unicode ->
                    {ok, unicode:characters_to_binary(L)}
            end;
        _ ->
            error
    end.

%% ---- input ----

get_line(Enc, #st{encoding = latin1} = St) ->
    case atomvm_file:read_line(St#st.handle) of
        {ok, Bin} -> result(binary_to_list(Bin), Enc, St);
        Other -> Other
    end;
get_line(Enc, St) ->
    case atomvm_file:read_line(St#st.handle) of
        {ok, Bin} ->
            case unicode:characters_to_list(Bin) of
                L when is_list(L) -> result(L, Enc, St);
                _ -> {error, {no_translation, unicode, latin1}}
            end;
        Other ->
            Other
    end.

get_chars(Enc, N, #st{encoding = latin1} = St) ->
    case atomvm_file:read(St#st.handle, N) of
        {ok, Bin} -> result(binary_to_list(Bin), Enc, St);
        Other -> Other
    end;
get_chars(Enc, N, St) ->
    case utf8_chars(St#st.handle, N, <<>>) of
        {ok, L} -> result(L, Enc, St);
        Other -> Other
    end.

%% N characters of a UTF-8 file: read as many bytes as characters are missing (never more
%% than needed), and one more byte at a time while a sequence is cut.
utf8_chars(H, N, Acc) ->
    case unicode:characters_to_list(Acc) of
        L when is_list(L), length(L) >= N -> {ok, L};
        L when is_list(L) -> more(H, N - length(L), N, Acc, L);
        {incomplete, L, _} -> more(H, max(1, N - length(L) - 1), N, Acc, L);
        {error, _, _} -> {error, {no_translation, unicode, latin1}}
    end.

more(H, Want, N, Acc, Have) ->
    case atomvm_file:read(H, Want) of
        {ok, Bin} -> utf8_chars(H, N, <<Acc/binary, Bin/binary>>);
        eof when Have =:= [], Acc =:= <<>> -> eof;
        eof when Have =:= [] -> {error, {no_translation, unicode, latin1}};
        eof -> {ok, Have};
        Error -> Error
    end.

%% Characters as the request wants them: a list, or a binary in the request's encoding.
result(Chars, _Enc, #st{binary = false}) -> Chars;
result(Chars, unicode, _) -> unicode:characters_to_binary(Chars);
result(Chars, latin1, _) ->
    case lists:all(fun(C) -> C =< 255 end, Chars) of
        true -> list_to_binary(Chars);
        false -> {error, {no_translation, unicode, latin1}}
    end.
