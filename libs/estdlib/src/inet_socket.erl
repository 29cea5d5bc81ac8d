%% What gen_tcp_socket and gen_udp_socket share: a socket of theirs is
%% `{'$inet', Module, {Pid, Socket}}`, where Pid is the process that owns the `socket` and does
%% its I/O. Requests reach that process as `{'$inet_call', From, Tag, Request}`; the process
%% answers with `reply/2`.
-module(inet_socket).

-export([call/2, reply/2, close/1, address/1, normalise/1, hand_over/4]).

%% A call to the socket's process; a process that is gone means a closed socket.
call(Pid, Req) ->
    Mon = erlang:monitor(process, Pid),
    Pid ! {'$inet_call', self(), Mon, Req},
    receive
        {Mon, Reply} ->
            erlang:demonitor(Mon, [flush]),
            Reply;
        {'DOWN', Mon, process, _, _} ->
            {error, closed}
    end.

reply({From, Tag}, Reply) ->
    From ! {Tag, Reply},
    ok.

%% Closing a socket that is already closed is `ok`, as in OTP.
close(Pid) ->
    case call(Pid, close) of
        {error, closed} -> ok;
        R -> R
    end.

%% `socket`'s address map as inet's `{Address, Port}`.
address({ok, #{addr := A, port := P}}) -> {ok, {A, P}};
address(Other) -> Other.

%% Atoms in an option list are shorthands: binary, list, inet, inet6.
normalise(Opts) ->
    lists:map(fun(binary) -> {mode, binary};
                 (list) -> {mode, list};
                 (inet) -> {family, inet};
                 (inet6) -> {family, inet6};
                 (O) -> O
              end, Opts).

%% controlling_process: only the owner may hand the socket over. `{ok, Monitor}` of the new
%% owner (the old one is no longer watched), or `{error, not_owner}`.
hand_over(Caller, NewOwner, Owner, OwnerMon) when Caller =:= Owner ->
    erlang:demonitor(OwnerMon, [flush]),
    {ok, erlang:monitor(process, NewOwner)};
hand_over(_Caller, _NewOwner, _Owner, _OwnerMon) ->
    {error, not_owner}.
