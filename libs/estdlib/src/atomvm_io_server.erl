%% The io server: a process serving OTP's io protocol on the VM's stdin and stdout. The VM
%% starts one (init/0) when this module is in a loaded bundle and makes it the group leader
%% of the start process, so every process spawned from there reaches it through io.
%%
%% Output is written (atomvm:stdout_write/1) before the reply goes back, so io:format output
%% is on stdout, in order, by the time the call returns. Input is read as it comes
%% (atomvm:stdin_select/1 then stdin_read_available/0) into a buffer for get_line, get_chars
%% and get_until: while this server waits for input, every other process runs.
-module(atomvm_io_server).

-export([init/0]).

%% buf: characters read and not yet consumed; part: the bytes of a UTF-8 sequence cut by a read.
-record(st, {binary = false, encoding = unicode, buf = [], part = <<>>, eof = false}).

init() ->
    catch register(user, self()),
    loop(#st{}).

loop(St) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            {Reply, St1} = request(Request, St),
            From ! {io_reply, ReplyAs, Reply},
            loop(St1);
        _Other ->
            loop(St)
    end.

request({put_chars, Enc, Chars}, St) -> {put_chars(Enc, Chars), St};
request({put_chars, Enc, M, F, A}, St) ->
    case catch apply(M, F, A) of
        {'EXIT', _} -> {{error, F}, St};
        Chars -> {put_chars(Enc, Chars), St}
    end;
request({put_chars, Chars}, St) -> request({put_chars, latin1, Chars}, St);
request({put_chars, M, F, A}, St) -> request({put_chars, latin1, M, F, A}, St);
request({get_line, Enc, Prompt}, St) -> get_line(Enc, Prompt, St);
request({get_line, Prompt}, St) -> get_line(latin1, Prompt, St);
request({get_chars, Enc, Prompt, N}, St) -> get_chars(Enc, Prompt, N, St);
request({get_chars, Prompt, N}, St) -> get_chars(latin1, Prompt, N, St);
request({get_until, Enc, Prompt, M, F, A}, St) -> get_until(Enc, Prompt, M, F, A, St);
request({get_until, Prompt, M, F, A}, St) -> get_until(latin1, Prompt, M, F, A, St);
request(getopts, St) ->
    {[{binary, St#st.binary}, {encoding, St#st.encoding}], St};
request({setopts, Opts}, St) when is_list(Opts) -> setopts(Opts, St);
request({get_geometry, _}, St) -> {{error, enotsup}, St};
request({requests, Rs}, St) when is_list(Rs) -> requests(Rs, {ok, St});
request(_, St) -> {{error, request}, St}.

requests([], Acc) -> Acc;
requests([R | Rs], {_, St}) ->
    case request(R, St) of
        {{error, _}, _} = Error -> Error;
        Acc -> requests(Rs, Acc)
    end.

put_chars(Enc, Chars) ->
    case to_utf8(Enc, Chars) of
        {ok, Bin} -> atomvm:stdout_write(Bin), ok;
        error -> {error, put_chars}
    end.

to_utf8(unicode, Chars) -> conv(Chars, unicode);
to_utf8(latin1, Chars) -> conv(Chars, latin1);
to_utf8(_, _) -> error.

conv(Chars, From) ->
    case catch unicode:characters_to_binary(Chars, From, utf8) of
        B when is_binary(B) -> {ok, B};
        _ -> error
    end.

prompt('') -> ok;
prompt([]) -> ok;
prompt(Prompt) ->
    case catch io_lib:format("~ts", [prompt_chars(Prompt)]) of
        {'EXIT', _} -> ok;
        Chars -> put_chars(unicode, Chars)
    end.

prompt_chars(P) when is_atom(P) -> atom_to_list(P);
prompt_chars(P) -> P.

%% Make sure the buffer holds a whole line (or all that is left).
fill_line(#st{buf = Buf, eof = Eof} = St) ->
    case Eof orelse lists:member($\n, Buf) of
        true -> St;
        false -> fill_line(read_more(St))
    end.

%% Wait for stdin (a select, so the scheduler keeps running the others) and add what it has.
read_more(#st{part = Part} = St) ->
    Ref = make_ref(),
    case atomvm:stdin_select(Ref) of
        ready -> ok;
        ok -> receive {'$socket', _, select, Ref} -> ok end
    end,
    case atomvm:stdin_read_available() of
        eof -> St#st{buf = St#st.buf ++ binary_to_list(Part), part = <<>>, eof = true};
        Bin -> add_bytes(<<Part/binary, Bin/binary>>, St)
    end.

%% UTF-8 text as characters; a sequence cut at the end waits for the next read, and bytes that
%% are not UTF-8 are taken as Latin-1.
add_bytes(Bytes, St) ->
    case unicode:characters_to_list(Bytes) of
        L when is_list(L) -> St#st{buf = St#st.buf ++ L, part = <<>>};
        {incomplete, L, Rest} -> St#st{buf = St#st.buf ++ L, part = Rest};
        {error, L, Rest} -> St#st{buf = St#st.buf ++ L ++ binary_to_list(Rest), part = <<>>}
    end.

get_line(Enc, Prompt, St0) ->
    prompt(Prompt),
    St = fill_line(St0),
    case St#st.buf of
        [] -> {eof, St};
        Buf ->
            {Line, Rest} = split_line(Buf, []),
            {result(Enc, Line, St), St#st{buf = Rest}}
    end.

split_line([$\n | Rest], Acc) -> {lists:reverse(Acc, "\n"), Rest};
split_line([C | Rest], Acc) -> split_line(Rest, [C | Acc]);
split_line([], Acc) -> {lists:reverse(Acc), []}.

get_chars(Enc, Prompt, N, St0) ->
    prompt(Prompt),
    St = fill_chars(N, St0),
    case St#st.buf of
        [] when N > 0 -> {eof, St};
        Buf ->
            {Chars, Rest} = take(N, Buf, []),
            {result(Enc, Chars, St), St#st{buf = Rest}}
    end.

fill_chars(N, #st{buf = Buf, eof = Eof} = St) ->
    case Eof orelse length(Buf) >= N of
        true -> St;
        false -> fill_chars(N, read_more(St#st{buf = Buf}))
    end.

take(0, Rest, Acc) -> {lists:reverse(Acc), Rest};
take(_, [], Acc) -> {lists:reverse(Acc), []};
take(N, [C | Rest], Acc) -> take(N - 1, Rest, [C | Acc]).

%% get_until: feed the buffer, then line after line, to M:F(Cont, Data, A...) until done.
get_until(Enc, Prompt, M, F, A, St0) ->
    prompt(Prompt),
    until(Enc, M, F, A, [], St0).

until(Enc, M, F, A, Cont, St0) ->
    St = fill_line(St0),
    Data = case {St#st.buf, St#st.eof} of
               {[], true} -> eof;
               {Buf, _} -> Buf
           end,
    case catch apply(M, F, [Cont, Data | A]) of
        {done, Result, Rest} ->
            Rest1 = case Rest of eof -> []; _ -> Rest end,
            {until_result(Enc, Result, St), St#st{buf = Rest1}};
        {more, Cont1} when Data =:= eof ->
            {until_result(Enc, Cont1, St), St#st{buf = []}};
        {more, Cont1} ->
            until(Enc, M, F, A, Cont1, St#st{buf = []});
        _ ->
            {{error, F}, St}
    end.

until_result(Enc, Result, St) when is_list(Result) -> result(Enc, Result, St);
until_result(_Enc, Result, _St) -> Result.

result(latin1, Chars, St) ->
    case lists:all(fun(C) -> C =< 255 end, Chars) of
        true when St#st.binary -> list_to_binary(Chars);
        true -> Chars;
        false -> {error, {no_translation, unicode, latin1}}
    end;
result(_, Chars, #st{binary = true}) -> unicode:characters_to_binary(Chars);
result(_, Chars, _St) -> Chars.

setopts(Opts, St) ->
    try lists:foldl(fun opt/2, St, Opts) of
        St1 -> {ok, St1}
    catch
        _:_ -> {{error, enotsup}, St}
    end.

opt(binary, St) -> St#st{binary = true};
opt(list, St) -> St#st{binary = false};
opt({binary, B}, St) when is_boolean(B) -> St#st{binary = B};
opt({encoding, E}, St) when E =:= unicode; E =:= utf8 -> St#st{encoding = unicode};
opt({encoding, latin1}, St) -> St#st{encoding = latin1}.
