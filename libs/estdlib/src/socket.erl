%% socket: a subset of OTP's `socket` API over the VM's non-blocking socket NIFs
%% (docs/sockets.md).
%%
%% Every NIF is non-blocking. A blocking call here tries the operation and, on `eagain`, arms a
%% one-shot select, waits for its message (or the abort sent when the socket is closed, or the
%% deadline), disarms it, drops a select message that came too late, and tries again. The
%% deadline is absolute, so spurious wake-ups never extend a timeout.
%%
%% The `nif_*` functions at the end are implemented by the VM: every call to them, local or
%% remote, runs the native code, never these bodies (as with a loaded NIF in OTP).
-module(socket).

-export([open/2, open/3, bind/2, listen/1, listen/2, accept/1, accept/2, connect/2, connect/3,
         send/2, send/3, sendto/3, sendto/4, recv/1, recv/2, recv/3, recvfrom/1, recvfrom/2,
         recvfrom/3, close/1, shutdown/2, sockname/1, peername/1, getopt/2, setopt/3,
         cancel/2]).

%% The NIFs (docs/sockets.md).
-export([nif_open/3, nif_close/1, nif_bind/2, nif_listen/2, nif_accept/1, nif_connect/2,
         nif_connect_result/1, nif_send/2, nif_sendto/3, nif_recv/2, nif_recvfrom/2,
         nif_shutdown/2, nif_sockname/1, nif_peername/1, nif_getopt/2, nif_setopt/3,
         nif_select/3, nif_select_stop/2]).

-define(IS_TIMEOUT(T), (T =:= infinity orelse (is_integer(T) andalso T >= 0))).

%% ---------------------------------------------------------------------------------------------
%% Opening, naming, closing

open(Domain, Type) ->
    open(Domain, Type, default).

open(Domain, Type, Protocol) ->
    nif_open(Domain, Type, Protocol).

bind(S, Addr) ->
    nif_bind(S, sockaddr(S, Addr)).

listen(S) ->
    listen(S, 5).

listen(S, Backlog) when is_integer(Backlog) ->
    nif_listen(S, Backlog).

close(S) ->
    nif_close(S).

shutdown(S, How) ->
    nif_shutdown(S, How).

sockname(S) ->
    nif_sockname(S).

peername(S) ->
    nif_peername(S).

getopt(S, Opt) ->
    case nif_getopt(S, Opt) of
        {error, invalid_option} -> {error, {invalid, {socket_option, Opt}}};
        Result -> Result
    end.

%% An unknown option, or a value it cannot take, is an error result (OTP's terms), not badarg.
setopt(S, Opt, Value) ->
    case nif_setopt(S, Opt, Value) of
        {error, invalid_option} -> {error, {invalid, {socket_option, Opt}}};
        {error, invalid_value} -> {error, {invalid, {socket_option, Opt, Value}}};
        Result -> Result
    end.

%% bind/2 also takes the atoms `any` and `loopback` (in the socket's own family), as OTP does;
%% the NIFs want a sockaddr map.
sockaddr(_S, Addr) when is_map(Addr) ->
    Addr;
sockaddr(S, Addr) when Addr =:= any; Addr =:= loopback ->
    Family = case nif_getopt(S, {socket, domain}) of
                 {ok, F} -> F;
                 _ -> inet
             end,
    #{family => Family, addr => Addr, port => 0};
sockaddr(_S, Addr) ->
    Addr.

%% ---------------------------------------------------------------------------------------------
%% Accept and connect

accept(L) ->
    accept(L, infinity).

accept(L, nowait) ->
    nowait(L, accept, read, fun() -> nif_accept(L) end);
accept(L, Timeout) when ?IS_TIMEOUT(Timeout) ->
    retry(L, read, fun() -> nif_accept(L) end, deadline(Timeout)).

connect(S, Addr) ->
    connect(S, Addr, infinity).

connect(S, Addr, Timeout) when ?IS_TIMEOUT(Timeout) ->
    case nif_connect(S, Addr) of
        {error, einprogress} ->
            %% Writable means the connect is over; its outcome is asked separately.
            case await(S, write, deadline(Timeout), make_ref()) of
                ready -> nif_connect_result(S);
                Error -> Error
            end;
        Other ->
            Other
    end.

%% ---------------------------------------------------------------------------------------------
%% Sending

send(S, Data) ->
    send(S, Data, infinity).

send(S, Data, Timeout) when ?IS_TIMEOUT(Timeout) ->
    Bin = iolist_to_binary(Data),
    send_all(S, Bin, byte_size(Bin), deadline(Timeout)).

%% A stream send may write less than asked: send the rest until all is written. When an error
%% comes after part was written, the unsent rest comes with it, as `{error, {Reason, Rest}}`.
send_all(_S, <<>>, _Size, _Deadline) ->
    ok;
send_all(S, Bin, Size, Deadline) ->
    case retry(S, write, fun() -> nif_send(S, Bin) end, Deadline) of
        {ok, N} when N >= byte_size(Bin) ->
            ok;
        {ok, N} ->
            send_all(S, binary_part(Bin, N, byte_size(Bin) - N), Size, Deadline);
        {error, Reason} when byte_size(Bin) < Size ->
            {error, {Reason, Bin}};
        Error ->
            Error
    end.

sendto(S, Data, Dest) ->
    sendto(S, Data, Dest, infinity).

sendto(S, Data, Dest, Timeout) when ?IS_TIMEOUT(Timeout) ->
    Bin = iolist_to_binary(Data),
    case retry(S, write, fun() -> nif_sendto(S, Bin, Dest) end, deadline(Timeout)) of
        {ok, _} -> ok;
        Error -> Error
    end.

%% ---------------------------------------------------------------------------------------------
%% Receiving

recv(S) ->
    recv(S, 0, infinity).

recv(S, Length) ->
    recv(S, Length, infinity).

recv(S, Length, nowait) when is_integer(Length), Length >= 0 ->
    nowait(S, recv, read, fun() -> nif_recv(S, Length) end);
recv(S, 0, Timeout) when ?IS_TIMEOUT(Timeout) ->
    retry(S, read, fun() -> nif_recv(S, 0) end, deadline(Timeout));
recv(S, Length, Timeout) when is_integer(Length), Length > 0, ?IS_TIMEOUT(Timeout) ->
    case nif_getopt(S, {socket, type}) of
        {ok, stream} -> recv_exactly(S, Length, [], deadline(Timeout));
        {ok, _} -> retry(S, read, fun() -> nif_recv(S, Length) end, deadline(Timeout));
        Error -> Error
    end.

%% A stream delivers what has arrived: gather exactly Length bytes, as OTP does. Bytes already
%% gathered when an error comes are returned with it, as `{error, {Reason, Data}}`.
recv_exactly(S, Length, Acc, Deadline) ->
    case retry(S, read, fun() -> nif_recv(S, Length) end, Deadline) of
        {ok, Bin} when byte_size(Bin) >= Length ->
            {ok, iolist_to_binary(lists:reverse(Acc, [Bin]))};
        {ok, Bin} ->
            recv_exactly(S, Length - byte_size(Bin), [Bin | Acc], Deadline);
        {error, Reason} when Acc =/= [] ->
            {error, {Reason, iolist_to_binary(lists:reverse(Acc))}};
        Error ->
            Error
    end.

recvfrom(S) ->
    recvfrom(S, 0, infinity).

recvfrom(S, Length) ->
    recvfrom(S, Length, infinity).

recvfrom(S, Length, nowait) when is_integer(Length), Length >= 0 ->
    nowait(S, recvfrom, read, fun() -> nif_recvfrom(S, Length) end);
recvfrom(S, Length, Timeout) when is_integer(Length), Length >= 0, ?IS_TIMEOUT(Timeout) ->
    retry(S, read, fun() -> nif_recvfrom(S, Length) end, deadline(Timeout)).

%% Disarm what a `nowait` call armed (OTP's cancel/2 on its select info).
cancel(S, {select_info, _Tag, Ref}) ->
    stop(S, Ref).

%% ---------------------------------------------------------------------------------------------
%% Waiting

%% An absolute deadline in native monotonic milliseconds, or infinity.
deadline(infinity) -> infinity;
deadline(Ms) -> erlang:monotonic_time(millisecond) + Ms.

remaining(infinity) -> infinity;
remaining(Deadline) -> max(0, Deadline - erlang:monotonic_time(millisecond)).

%% Run Op until it says something other than `eagain`, waiting for Dir readiness in between.
retry(S, Dir, Op, Deadline) ->
    case Op() of
        {error, eagain} ->
            case await(S, Dir, Deadline, make_ref()) of
                ready -> retry(S, Dir, Op, Deadline);
                Error -> Error
            end;
        Other ->
            Other
    end.

%% Arm one select and wait for it: `ready`, `{error, closed}` (the socket was closed meanwhile),
%% `{error, timeout}`, or the NIF's error. On every exit the select is disarmed and a late ready
%% message dropped, so nothing is left in the caller's mailbox.
await(S, Dir, Deadline, Ref) ->
    case nif_select(S, Dir, Ref) of
        ok ->
            Result =
                receive
                    {'$socket', S, select, Ref} -> ready;
                    {'$socket', S, abort, {Ref, Reason}} -> {error, Reason}
                after remaining(Deadline) ->
                    {error, timeout}
                end,
            stop(S, Ref),
            Result;
        Error ->
            Error
    end.

stop(S, Ref) ->
    _ = nif_select_stop(S, Ref),
    receive
        {'$socket', S, select, Ref} -> ok
    after 0 ->
        ok
    end,
    receive
        {'$socket', S, abort, {Ref, _}} -> ok
    after 0 ->
        ok
    end.

%% OTP's `nowait`: the result now, or `{select, {select_info, Tag, Ref}}` with a select armed,
%% whose `{'$socket', S, select, Ref}` tells the caller to call again.
nowait(S, Tag, Dir, Op) ->
    case Op() of
        {error, eagain} ->
            Ref = make_ref(),
            case nif_select(S, Dir, Ref) of
                ok -> {select, {select_info, Tag, Ref}};
                Error -> Error
            end;
        Other ->
            Other
    end.

%% ---------------------------------------------------------------------------------------------
%% The NIFs: native code in the VM; these bodies never run there.

nif_open(_Domain, _Type, _Protocol) -> erlang:nif_error(undef).
nif_close(_S) -> erlang:nif_error(undef).
nif_bind(_S, _Addr) -> erlang:nif_error(undef).
nif_listen(_S, _Backlog) -> erlang:nif_error(undef).
nif_accept(_S) -> erlang:nif_error(undef).
nif_connect(_S, _Addr) -> erlang:nif_error(undef).
nif_connect_result(_S) -> erlang:nif_error(undef).
nif_send(_S, _Bin) -> erlang:nif_error(undef).
nif_sendto(_S, _Bin, _Addr) -> erlang:nif_error(undef).
nif_recv(_S, _Len) -> erlang:nif_error(undef).
nif_recvfrom(_S, _Len) -> erlang:nif_error(undef).
nif_shutdown(_S, _How) -> erlang:nif_error(undef).
nif_sockname(_S) -> erlang:nif_error(undef).
nif_peername(_S) -> erlang:nif_error(undef).
nif_getopt(_S, _Opt) -> erlang:nif_error(undef).
nif_setopt(_S, _Opt, _Value) -> erlang:nif_error(undef).
nif_select(_S, _Dir, _Ref) -> erlang:nif_error(undef).
nif_select_stop(_S, _Ref) -> erlang:nif_error(undef).
