%% gen_udp_socket: gen_udp on top of the `socket` module.
%%
%% A gen_udp socket is `{'$inet', gen_udp_socket, {Pid, Socket}}`. Pid is a process of this
%% module that owns the socket, waits for datagrams (for a passive recv, or to deliver them as
%% messages in active mode) and closes the socket when its controlling process ends. Sends do
%% not go through it: a datagram is written whole by the sender's own process.
-module(gen_udp_socket).

-export([open/2, send/4, recv/3, close/1, controlling_process/2, setopts/2, getopts/2,
         sockname/1, peername/1]).

-record(st, {
    sock,
    port,
    owner,
    owner_mon,
    mode = list,
    active = true,
    %% the pending passive recv: {Pid, Tag, Length, TimerRef}
    recv,
    rsel,
    closed = false
}).

open(Port, Opts0) ->
    Opts = normalise(Opts0),
    Family = proplists:get_value(family, Opts, inet),
    case socket:open(Family, dgram, udp) of
        {ok, S} ->
            Addr = proplists:get_value(ip, Opts, any),
            case set_socket_opts(S, Opts) of
                ok ->
                    case socket:bind(S, #{family => Family, addr => Addr, port => Port}) of
                        ok -> start(S, Opts);
                        Error -> socket:close(S), Error
                    end;
                Error ->
                    socket:close(S),
                    Error
            end;
        Error ->
            Error
    end.

send({'$inet', ?MODULE, {_, S}}, Addr, Port, Data) ->
    Family = case socket:getopt(S, {socket, domain}) of
                 {ok, F} -> F;
                 _ -> inet
             end,
    case inet:getaddr(Addr, Family) of
        {ok, IP} -> socket:sendto(S, Data, #{family => Family, addr => IP, port => Port});
        Error -> Error
    end.

recv({'$inet', ?MODULE, {Pid, _}}, Length, Timeout) ->
    call(Pid, {recv, Length, Timeout}).

close({'$inet', ?MODULE, {Pid, _}}) ->
    inet_socket:close(Pid).

controlling_process({'$inet', ?MODULE, {Pid, _}}, NewOwner) when is_pid(NewOwner) ->
    call(Pid, {controlling_process, NewOwner}).

setopts({'$inet', ?MODULE, {Pid, _}}, Opts) ->
    call(Pid, {setopts, normalise(Opts)}).

getopts({'$inet', ?MODULE, {Pid, _}}, Names) ->
    call(Pid, {getopts, Names}).

sockname({'$inet', ?MODULE, {_, S}}) ->
    inet_socket:address(socket:sockname(S)).

peername({'$inet', ?MODULE, {_, S}}) ->
    inet_socket:address(socket:peername(S)).

call(Pid, Req) ->
    inet_socket:call(Pid, Req).

reply(From, Reply) ->
    inet_socket:reply(From, Reply).

normalise(Opts) ->
    inet_socket:normalise(Opts).

set_socket_opts(_S, []) ->
    ok;
set_socket_opts(S, [O | Os]) ->
    R = case O of
            {reuseaddr, B} when is_boolean(B) -> socket:setopt(S, {socket, reuseaddr}, B);
            {recbuf, N} when is_integer(N), N > 0 -> socket:setopt(S, {socket, rcvbuf}, N);
            {sndbuf, N} when is_integer(N), N > 0 -> socket:setopt(S, {socket, sndbuf}, N);
            {Name, _} when Name =:= reuseaddr; Name =:= recbuf; Name =:= sndbuf ->
                {error, einval};
            _ -> ok
        end,
    case R of
        ok -> set_socket_opts(S, Os);
        Error -> Error
    end.

own_opts(St, []) ->
    {ok, St};
own_opts(St, [{mode, M} | Os]) when M =:= binary; M =:= list ->
    own_opts(St#st{mode = M}, Os);
own_opts(St, [{active, A} | Os]) when A =:= true; A =:= false; A =:= once ->
    own_opts(St#st{active = A}, Os);
own_opts(St, [{active, N} | Os]) when is_integer(N), N >= -32768, N =< 32767 ->
    Cur = case is_integer(St#st.active) of true -> St#st.active; false -> 0 end,
    case Cur + N of
        New when New =< 0 ->
            St#st.owner ! {udp_passive, St#st.port},
            own_opts(St#st{active = false}, Os);
        New ->
            own_opts(St#st{active = New}, Os)
    end;
own_opts(_St, [{active, _} | _]) ->
    {error, einval};
own_opts(St, [_ | Os]) ->
    own_opts(St, Os).

%% ---------------------------------------------------------------------------------------------
%% The socket's process

start(S, Opts) ->
    Owner = self(),
    Pid = spawn(fun() -> init(Owner) end),
    Port = {'$inet', ?MODULE, {Pid, S}},
    case own_opts(#st{sock = S, port = Port, owner = Owner}, Opts) of
        {ok, St} ->
            case socket:setopt(S, {otp, controlling_process}, Pid) of
                ok ->
                    Pid ! {go, St},
                    {ok, Port};
                Error ->
                    exit(Pid, kill),
                    socket:close(S),
                    Error
            end;
        Error ->
            exit(Pid, kill),
            socket:close(S),
            Error
    end.

init(Owner) ->
    Mon = erlang:monitor(process, Owner),
    receive
        {go, St} -> loop(arm(St#st{owner_mon = Mon}))
    end.

loop(#st{sock = S} = St) ->
    receive
        {'$inet_call', From, Tag, Req} ->
            handle_call(Req, {From, Tag}, St);
        {'$socket', S, select, Ref} when Ref =:= St#st.rsel ->
            loop(arm(readable(St#st{rsel = undefined})));
        {'$socket', S, select, Ref} ->
            socket:nif_select_stop(S, Ref),
            loop(St);
        {'$socket', S, abort, {_, Reason}} ->
            loop(fail_recv(St#st{rsel = undefined, closed = true}, {error, Reason}));
        {timeout, TRef, recv_timeout} ->
            case St#st.recv of
                {Pid, Tag, _, TRef} ->
                    reply({Pid, Tag}, {error, timeout}),
                    loop(arm(St#st{recv = undefined}));
                _ ->
                    loop(St)
            end;
        {'DOWN', Mon, process, _, _} when Mon =:= St#st.owner_mon ->
            socket:close(S);
        _ ->
            loop(St)
    end.

handle_call(close, From, St) ->
    socket:close(St#st.sock),
    fail_recv(St, {error, closed}),
    reply(From, ok);
handle_call({recv, _, _}, From, #st{closed = true} = St) ->
    reply(From, {error, closed}),
    loop(St);
handle_call({recv, _, _}, From, #st{active = A} = St) when A =/= false ->
    reply(From, {error, einval}),
    loop(St);
handle_call({recv, _, _}, From, #st{recv = R} = St) when R =/= undefined ->
    reply(From, {error, ealready}),
    loop(St);
handle_call({recv, Length, Timeout}, {Pid, Tag}, St) ->
    TRef = case Timeout of
               infinity -> undefined;
               _ -> erlang:start_timer(Timeout, self(), recv_timeout)
           end,
    loop(arm(St#st{recv = {Pid, Tag, Length, TRef}}));
handle_call({controlling_process, Pid}, {Caller, _} = From, St) ->
    case inet_socket:hand_over(Caller, Pid, St#st.owner, St#st.owner_mon) of
        {ok, Mon} ->
            reply(From, ok),
            loop(St#st{owner = Pid, owner_mon = Mon});
        Error ->
            reply(From, Error),
            loop(St)
    end;
handle_call({setopts, Opts}, From, St) ->
    case set_socket_opts(St#st.sock, Opts) of
        ok ->
            case own_opts(St, Opts) of
                {ok, St1} ->
                    reply(From, ok),
                    loop(arm(St1));
                Error ->
                    reply(From, Error),
                    loop(St)
            end;
        Error ->
            reply(From, Error),
            loop(St)
    end;
handle_call({getopts, Names}, From, St) ->
    Opts = [{N, V} || N <- Names,
                      {N1, V} <- [{active, St#st.active}, {mode, St#st.mode}],
                      N =:= N1],
    reply(From, {ok, Opts}),
    loop(St);
handle_call(_, From, St) ->
    reply(From, {error, einval}),
    loop(St).

fail_recv(#st{recv = {Pid, Tag, _, TRef}} = St, Why) ->
    cancel_timer(TRef),
    reply({Pid, Tag}, Why),
    St#st{recv = undefined};
fail_recv(St, _) ->
    St.

%% Arm a read select when a datagram is wanted, disarm it when not.
arm(#st{closed = true} = St) ->
    St;
arm(St) ->
    Wanted = St#st.recv =/= undefined orelse St#st.active =/= false,
    case {Wanted, St#st.rsel} of
        {true, undefined} ->
            Ref = make_ref(),
            case socket:nif_select(St#st.sock, read, Ref) of
                ok -> St#st{rsel = Ref};
                Error -> fail_recv(St#st{closed = true}, Error)
            end;
        {false, Ref} when Ref =/= undefined ->
            socket:nif_select_stop(St#st.sock, Ref),
            receive
                {'$socket', _, select, Ref} -> ok
            after 0 -> ok
            end,
            St#st{rsel = undefined};
        _ ->
            St
    end.

readable(#st{sock = S, recv = Recv} = St) ->
    Length = case Recv of
                 {_, _, L, _} -> L;
                 undefined -> 0
             end,
    case socket:nif_recvfrom(S, Length) of
        {ok, {#{addr := Addr, port := Port}, Data}} ->
            datagram(St, Addr, Port, data(St#st.mode, Data));
        {error, eagain} ->
            St;
        {error, _} = Error when Recv =/= undefined ->
            fail_recv(St, Error);
        {error, _} ->
            St
    end.

datagram(#st{recv = {Pid, Tag, _, TRef}} = St, Addr, Port, Data) ->
    cancel_timer(TRef),
    reply({Pid, Tag}, {ok, {Addr, Port, Data}}),
    St#st{recv = undefined};
datagram(#st{owner = Owner, port = S, active = Active} = St, Addr, Port, Data) ->
    Owner ! {udp, S, Addr, Port, Data},
    Next = case Active of
               once -> false;
               1 -> Owner ! {udp_passive, S}, false;
               N when is_integer(N) -> N - 1;
               A -> A
           end,
    St#st{active = Next}.

data(binary, Bin) -> Bin;
data(list, Bin) -> binary_to_list(Bin).

cancel_timer(undefined) ->
    ok;
cancel_timer(TRef) ->
    erlang:cancel_timer(TRef),
    receive
        {timeout, TRef, _} -> ok
    after 0 -> ok
    end.
