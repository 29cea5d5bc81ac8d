%% io: OTP's io API over the io protocol. Requests go to the caller's group leader (the io
%% server `atomvm_io_server` when the VM started one), or to a named or given device.
-module(io).

-export([format/1, format/2, format/3, fwrite/1, fwrite/2, fwrite/3, put_chars/1, put_chars/2,
         nl/0, nl/1, write/1, write/2, get_line/1, get_line/2, get_chars/2, get_chars/3,
         columns/0, columns/1, rows/0, rows/1, getopts/0, getopts/1, setopts/1, setopts/2,
         request/1, request/2, requests/1, requests/2, printable_range/0]).

format(Format) -> format(Format, []).
format(Format, Args) -> format(default_output(), Format, Args).
format(Io, Format, Args) ->
    Chars = try io_lib:format(Format, Args)
            catch _:_ -> erlang:error(badarg, [Io, Format, Args])
            end,
    put(Io, Chars, [Io, Format, Args]).

fwrite(Format) -> format(Format).
fwrite(Format, Args) -> format(Format, Args).
fwrite(Io, Format, Args) -> format(Io, Format, Args).

put_chars(Chars) -> put_chars(default_output(), Chars).
put_chars(Io, Chars) -> put(Io, Chars, [Io, Chars]).

nl() -> nl(default_output()).
nl(Io) -> put(Io, "\n", [Io]).

write(Term) -> write(default_output(), Term).
write(Io, Term) -> put(Io, io_lib:write(Term), [Io, Term]).

put(standard_error, Chars, ErrArgs) ->
    case catch unicode:characters_to_binary(Chars) of
        B when is_binary(B) -> atomvm:stderr_write(B), ok;
        _ -> erlang:error(badarg, ErrArgs)
    end;
put(Io, Chars, ErrArgs) ->
    case request(Io, {put_chars, unicode, Chars}) of
        ok -> ok;
        {error, _} -> erlang:error(badarg, ErrArgs)
    end.

get_line(Prompt) -> get_line(default_input(), Prompt).
get_line(Io, Prompt) -> request(Io, {get_line, unicode, Prompt}).

get_chars(Prompt, N) -> get_chars(default_input(), Prompt, N).
get_chars(Io, Prompt, N) when is_integer(N), N >= 0 -> request(Io, {get_chars, unicode, Prompt, N}).

columns() -> columns(default_output()).
columns(Io) -> geometry(Io, columns).
rows() -> rows(default_output()).
rows(Io) -> geometry(Io, rows).

geometry(Io, What) ->
    case request(Io, {get_geometry, What}) of
        N when is_integer(N), N > 0 -> {ok, N};
        _ -> {error, enotsup}
    end.

getopts() -> getopts(default_input()).
getopts(Io) -> request(Io, getopts).
setopts(Opts) -> setopts(default_input(), Opts).
setopts(Io, Opts) -> request(Io, {setopts, Opts}).

printable_range() -> latin1.

request(Request) -> request(default_output(), Request).
request(standard_io, Request) -> request(group_leader(), Request);
request(standard_error, {setopts, Opts}) -> plain_setopts(Opts);
request(standard_error, _Request) -> {error, enotsup};
request(Name, Request) when is_atom(Name) ->
    case whereis(Name) of
        undefined -> {error, arguments};
        Pid -> request(Pid, Request)
    end;
request(Pid, Request) when is_pid(Pid) ->
    case Pid =:= self() of
        true -> local(Request);
        false -> io_request(Pid, Request)
    end;
request(_, _) -> {error, arguments}.

requests(Requests) -> requests(default_output(), Requests).
requests(Io, Requests) -> request(Io, {requests, Requests}).

io_request(Pid, Request) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {io_request, self(), Ref, Request},
    receive
        {io_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            {error, terminated}
    end.

%% A process that is its own group leader (no io server started) writes directly.
local({put_chars, _Enc, Chars}) ->
    case catch unicode:characters_to_binary(Chars) of
        B when is_binary(B) -> atomvm:stdout_write(B), ok;
        _ -> {error, put_chars}
    end;
local({setopts, Opts}) -> plain_setopts(Opts);
local(_) -> {error, enotsup}.

%% Where bytes go straight to the output (standard_error, a process without an io server),
%% the options that only shape what reads return are accepted (Elixir sets them at start).
plain_setopts(Opts) when is_list(Opts) ->
    Known = fun(binary) -> true;
               (list) -> true;
               ({binary, B}) -> is_boolean(B);
               ({encoding, E}) -> lists:member(E, [unicode, utf8, latin1]);
               (_) -> false
            end,
    case lists:all(Known, Opts) of
        true -> ok;
        false -> {error, enotsup}
    end;
plain_setopts(_) -> {error, enotsup}.

default_output() -> group_leader().
default_input() -> group_leader().
