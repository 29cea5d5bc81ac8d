%% gen_tcp_socket: gen_tcp on top of the `socket` module.
%%
%% A gen_tcp socket is `{'$inet', gen_tcp_socket, {Pid, Socket}}`, as with OTP's socket backend.
%% Pid is a process of this module that owns the socket and does all of its I/O: it keeps the
%% received bytes not yet handed out (packet modes cut them into messages), the queue of sends,
%% and the active-mode deliveries to the controlling process. It never blocks: it arms selects
%% and handles their messages in its loop, so a send, a recv and an option change from
%% different processes can all be in progress at once.
%%
%% Accept runs in the caller (several processes may wait on one listening socket); the accepted
%% socket is then handed to a new process of this module.
-module(gen_tcp_socket).

-export([connect/4, listen/2, accept/2, send/2, recv/3, close/1, shutdown/2,
         controlling_process/2, setopts/2, getopts/2, sockname/1, peername/1]).

-record(st, {
    sock,
    port,
    owner,
    owner_mon,
    listening = false,
    mode = list,
    active = true,
    packet = raw,
    buf = <<>>,
    %% peer closed (true) or an error ({error, Reason}) once the socket gave no more data
    eof = false,
    eof_told = false,
    %% the pending passive recv: {From, Tag, Length, TimerRef}
    recv,
    rsel,
    %% queued sends [{From, Tag, Binary}] and the armed write select
    sends = [],
    wsel,
    %% {send_timeout, T}: how long the first queued send may wait for the socket (the timer
    %% runs while it waits); {send_timeout_close, B}: close the socket when that happens
    send_timeout = infinity,
    send_timeout_close = false,
    stimer,
    %% {exit_on_close, false}: sends still go out after the peer closed its side
    exit_on_close = true
}).

%% ---------------------------------------------------------------------------------------------
%% API

connect(Address, Port, Opts0, Timeout) ->
    Opts = normalise(Opts0),
    case family_and_addr(Address, Opts) of
        {ok, Family, Addr} ->
            case open(Family, Opts) of
                {ok, S} ->
                    Dest = #{family => Family, addr => Addr, port => Port},
                    Connected = case bind_local(S, Family, Opts) of
                                    ok -> socket:connect(S, Dest, Timeout);
                                    Error -> Error
                                end,
                    case Connected of
                        ok ->
                            start(S, Opts, false);
                        {error, _} = E ->
                            socket:close(S),
                            E
                    end;
                Error ->
                    Error
            end;
        Error ->
            Error
    end.

%% {ip, A} and {port, P} in connect's options choose the local end.
bind_local(S, Family, Opts) ->
    case {proplists:get_value(ip, Opts), proplists:get_value(port, Opts)} of
        {undefined, undefined} ->
            ok;
        {Ip, P} ->
            Local = #{family => Family,
                      addr => case Ip of undefined -> any; _ -> Ip end,
                      port => case P of undefined -> 0; _ -> P end},
            socket:bind(S, Local)
    end.

listen(Port, Opts0) ->
    Opts = normalise(Opts0),
    Family = family(Opts),
    %% A listening socket is usually meant to be rebound quickly after a restart.
    case open(Family, [{reuseaddr, true} | Opts]) of
        {ok, S} ->
            Addr = proplists:get_value(ip, Opts, any),
            Backlog = proplists:get_value(backlog, Opts, 5),
            Bound = socket:bind(S, #{family => Family, addr => Addr, port => Port}),
            Listening = case Bound of
                            ok -> socket:listen(S, Backlog);
                            _ -> Bound
                        end,
            case Listening of
                ok ->
                    start(S, Opts, true);
                Error ->
                    socket:close(S),
                    Error
            end;
        Error ->
            Error
    end.

accept({'$inet', ?MODULE, {Pid, L}}, Timeout) ->
    case call(Pid, accept_opts) of
        {ok, Opts} ->
            case socket:accept(L, Timeout) of
                {ok, S} -> start(S, Opts, false);
                Error -> Error
            end;
        Error ->
            Error
    end.

%% Data is checked here, in the caller, so bad data never reaches the socket's process. A
%% message too long for the packet header is refused (OTP's inet driver drops it later).
send({'$inet', ?MODULE, {Pid, _}}, Data) ->
    try iolist_to_binary(Data) of
        Bin -> call(Pid, {send, Bin})
    catch
        error:badarg -> {error, einval}
    end.

recv({'$inet', ?MODULE, {Pid, _}}, Length, Timeout) ->
    call(Pid, {recv, Length, Timeout}).

close({'$inet', ?MODULE, {Pid, _}}) ->
    inet_socket:close(Pid).

shutdown({'$inet', ?MODULE, {Pid, _}}, How) ->
    call(Pid, {shutdown, How}).

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

%% ---------------------------------------------------------------------------------------------
%% Options

%% inet's shorthands expanded; `{packet, 0}` is `raw`.
normalise(Opts) ->
    [case O of {packet, 0} -> {packet, raw}; _ -> O end || O <- inet_socket:normalise(Opts)].

family(Opts) ->
    proplists:get_value(family, Opts, inet).

family_and_addr(Address, Opts) ->
    Family = family(Opts),
    case inet:getaddr(Address, Family) of
        {ok, A} -> {ok, Family, A};
        Error -> Error
    end.

open(Family, Opts) ->
    case socket:open(Family, stream, tcp) of
        {ok, S} ->
            case socket_opts(S, Opts) of
                ok -> {ok, S};
                Error -> socket:close(S), Error
            end;
        Error ->
            Error
    end.

%% The options that are the socket's own (the others are this module's).
socket_opts(_S, []) ->
    ok;
socket_opts(S, [O | Os]) ->
    case socket_opt(O) of
        error ->
            {error, einval};
        {Opt, Value} ->
            case socket:setopt(S, Opt, Value) of
                ok -> socket_opts(S, Os);
                Error -> Error
            end;
        none ->
            socket_opts(S, Os)
    end.

socket_opt({reuseaddr, B}) when is_boolean(B) -> {{socket, reuseaddr}, B};
socket_opt({keepalive, B}) when is_boolean(B) -> {{socket, keepalive}, B};
socket_opt({nodelay, B}) when is_boolean(B) -> {{tcp, nodelay}, B};
socket_opt({recbuf, N}) when is_integer(N), N > 0 -> {{socket, rcvbuf}, N};
socket_opt({sndbuf, N}) when is_integer(N), N > 0 -> {{socket, sndbuf}, N};
socket_opt({linger, {B, T}}) when is_boolean(B), is_integer(T), T >= 0 ->
    {{socket, linger}, #{onoff => B, linger => T}};
socket_opt({Name, _}) when Name =:= reuseaddr; Name =:= keepalive; Name =:= nodelay;
                           Name =:= recbuf; Name =:= sndbuf; Name =:= linger ->
    error;
socket_opt(_) -> none.

%% The options kept in this module's state.
own_opts(St, []) ->
    {ok, St};
own_opts(St, [{mode, M} | Os]) when M =:= binary; M =:= list ->
    own_opts(St#st{mode = M}, Os);
own_opts(St, [{active, A} | Os]) ->
    case active(St#st.active, A) of
        {ok, N} when is_integer(N), N =< 0 ->
            St#st.owner ! {tcp_passive, St#st.port},
            own_opts(St#st{active = false}, Os);
        {ok, New} ->
            own_opts(St#st{active = New}, Os);
        error ->
            {error, einval}
    end;
own_opts(St, [{send_timeout, T} | Os]) when T =:= infinity; is_integer(T), T >= 0 ->
    own_opts(St#st{send_timeout = T}, Os);
own_opts(St, [{send_timeout_close, B} | Os]) when is_boolean(B) ->
    own_opts(St#st{send_timeout_close = B}, Os);
own_opts(St, [{exit_on_close, B} | Os]) when is_boolean(B) ->
    own_opts(St#st{exit_on_close = B}, Os);
own_opts(_St, [{Name, _} | _]) when Name =:= send_timeout; Name =:= send_timeout_close;
                                    Name =:= exit_on_close ->
    {error, einval};
own_opts(St, [{packet, P} | Os]) when P =:= raw; P =:= 1; P =:= 2; P =:= 4; P =:= line ->
    own_opts(St#st{packet = P}, Os);
own_opts(_St, [{packet, _} | _]) ->
    {error, einval};
own_opts(St, [_ | Os]) ->
    own_opts(St, Os).

%% {active, N} adds N to a count; at zero or below the socket turns passive (and says so).
active(_, A) when A =:= true; A =:= false; A =:= once -> {ok, A};
active(Old, N) when is_integer(N), N >= -32768, N =< 32767 ->
    Cur = case is_integer(Old) of true -> Old; false -> 0 end,
    {ok, Cur + N};
active(_, _) -> error.

%% ---------------------------------------------------------------------------------------------
%% The socket's process

%% Called by the socket's current owner: a new process takes the socket over.
start(S, Opts, Listening) ->
    Owner = self(),
    Pid = spawn(fun() -> init(Owner) end),
    case socket:setopt(S, {otp, controlling_process}, Pid) of
        ok ->
            Port = {'$inet', ?MODULE, {Pid, S}},
            St0 = #st{sock = S, port = Port, owner = Owner, listening = Listening},
            case own_opts(St0, Opts) of
                {ok, St} ->
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
        {go, St} ->
            loop(after_change(St#st{owner_mon = Mon}))
    end.

loop(St) ->
    #st{sock = S} = St,
    receive
        {'$inet_call', From, Tag, Req} ->
            handle_call(Req, {From, Tag}, St);
        {'$socket', S, select, Ref} when Ref =:= St#st.rsel ->
            loop(readable(St#st{rsel = undefined}));
        {'$socket', S, select, Ref} when Ref =:= St#st.wsel ->
            loop(flush_sends(St#st{wsel = undefined}));
        {'$socket', S, select, Ref} ->
            %% A select this process no longer waits for.
            socket:nif_select_stop(S, Ref),
            loop(St);
        {'$socket', S, abort, {_Ref, Reason}} ->
            %% Closed under us: every wait is over.
            St1 = fail_sends(St#st{rsel = undefined, wsel = undefined}, {error, Reason}),
            loop(after_change(St1#st{eof = eof(St#st.eof, {error, Reason})}));
        {timeout, TRef, send_timeout} when TRef =:= St#st.stimer ->
            loop(send_timed_out(St#st{stimer = undefined}));
        {timeout, TRef, recv_timeout} ->
            case St#st.recv of
                {From, Tag, _, TRef} ->
                    reply({From, Tag}, {error, timeout}),
                    loop(after_change(St#st{recv = undefined}));
                _ ->
                    loop(St)
            end;
        {'DOWN', Mon, process, _, _} when Mon =:= St#st.owner_mon ->
            %% As a port, the socket goes with its controlling process.
            terminate(St, {error, closed});
        _ ->
            loop(St)
    end.

eof(false, New) -> New;
eof(Old, _) -> Old.

handle_call(close, From, St) ->
    terminate(St, {error, closed}),
    reply(From, ok);
handle_call(accept_opts, From, St) ->
    #st{mode = M, active = A, packet = P} = St,
    reply(From, {ok, [{mode, M}, {active, A}, {packet, P}]}),
    loop(St);
handle_call({send, _}, From, #st{listening = true} = St) ->
    reply(From, {error, enotconn}),
    loop(St);
handle_call({send, Data}, From, St) ->
    %% After the peer's orderly close, sending goes on only without exit_on_close.
    Eof = case St#st.eof of
              true when not St#st.exit_on_close -> false;
              E -> E
          end,
    case Eof of
        false ->
            case frame(St#st.packet, Data) of
                {ok, Bin} ->
                    loop(flush_sends(St#st{sends = St#st.sends ++ [{From, Bin}]}));
                Error ->
                    reply(From, Error),
                    loop(St)
            end;
        {error, enotconn} = Error ->
            %% closed by send_timeout_close (OTP says enotconn then)
            reply(From, Error),
            loop(St);
        _ ->
            reply(From, {error, closed}),
            loop(St)
    end;
handle_call({recv, _, _}, From, #st{listening = true} = St) ->
    reply(From, {error, enotconn}),
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
    loop(after_change(St#st{recv = {Pid, Tag, Length, TRef}}));
handle_call({shutdown, How}, From, St) ->
    reply(From, socket:shutdown(St#st.sock, How)),
    loop(St);
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
    case socket_opts(St#st.sock, Opts) of
        ok ->
            case own_opts(St, Opts) of
                {ok, St1} ->
                    reply(From, ok),
                    loop(after_change(St1));
                Error ->
                    reply(From, Error),
                    loop(St)
            end;
        Error ->
            reply(From, Error),
            loop(St)
    end;
handle_call({getopts, Names}, From, St) ->
    reply(From, getopts_(St, Names, [])),
    loop(St);
handle_call(_, From, St) ->
    reply(From, {error, einval}),
    loop(St).

getopts_(_St, [], Acc) ->
    {ok, lists:reverse(Acc)};
getopts_(St, [Name | Names], Acc) ->
    case Name of
        active -> getopts_(St, Names, [{active, St#st.active} | Acc]);
        packet -> getopts_(St, Names, [{packet, St#st.packet} | Acc]);
        send_timeout -> getopts_(St, Names, [{send_timeout, St#st.send_timeout} | Acc]);
        exit_on_close -> getopts_(St, Names, [{exit_on_close, St#st.exit_on_close} | Acc]);
        send_timeout_close ->
            getopts_(St, Names, [{send_timeout_close, St#st.send_timeout_close} | Acc]);
        mode -> getopts_(St, Names, [{mode, St#st.mode} | Acc]);
        binary -> getopts_(St, Names, [{mode, St#st.mode} | Acc]);
        list -> getopts_(St, Names, [{mode, St#st.mode} | Acc]);
        _ ->
            case getopt_name(Name) of
                {ok, Opt} ->
                    case socket:getopt(St#st.sock, Opt) of
                        {ok, V} -> getopts_(St, Names, [{Name, V} | Acc]);
                        Error -> Error
                    end;
                none ->
                    getopts_(St, Names, Acc)
            end
    end.

getopt_name(reuseaddr) -> {ok, {socket, reuseaddr}};
getopt_name(keepalive) -> {ok, {socket, keepalive}};
getopt_name(nodelay) -> {ok, {tcp, nodelay}};
getopt_name(recbuf) -> {ok, {socket, rcvbuf}};
getopt_name(sndbuf) -> {ok, {socket, sndbuf}};
getopt_name(_) -> none.

%% Close, and tell whoever waits.
terminate(St, Why) ->
    socket:close(St#st.sock),
    case St#st.recv of
        {Pid, Tag, _, _} -> reply({Pid, Tag}, Why);
        undefined -> ok
    end,
    [reply(From, Why) || {From, _} <- St#st.sends],
    ok.

%% ---------------------------------------------------------------------------------------------
%% Receiving

%% The socket is readable: take what is there.
readable(#st{sock = S} = St) ->
    case socket:nif_recv(S, 0) of
        {ok, Data} ->
            after_change(St#st{buf = <<(St#st.buf)/binary, Data/binary>>});
        {error, eagain} ->
            after_change(St);
        {error, closed} ->
            after_change(St#st{eof = true});
        {error, _} = Error ->
            after_change(St#st{eof = Error})
    end.

%% Hand out what the buffer holds to the waiting recv or, in active mode, to the owner; then
%% arm a read select if more is wanted, or disarm it if not.
after_change(St0) ->
    St = deliver(St0),
    Wanted = St#st.eof =:= false andalso not St#st.listening andalso
        (St#st.recv =/= undefined orelse St#st.active =/= false),
    case {Wanted, St#st.rsel} of
        {true, undefined} ->
            Ref = make_ref(),
            case socket:nif_select(St#st.sock, read, Ref) of
                ok -> St#st{rsel = Ref};
                Error -> deliver(St#st{eof = Error})
            end;
        {false, Ref} when Ref =/= undefined ->
            stop_select(St#st.sock, Ref),
            St#st{rsel = undefined};
        _ ->
            St
    end.

stop_select(S, Ref) ->
    socket:nif_select_stop(S, Ref),
    receive
        {'$socket', S, select, Ref} -> ok
    after 0 -> ok
    end.

deliver(#st{recv = {Pid, Tag, Length, TRef}} = St) ->
    case take(St#st.buf, St#st.packet, Length) of
        {ok, Packet, Rest} ->
            cancel_timer(TRef),
            reply({Pid, Tag}, {ok, data(St#st.mode, Packet)}),
            St#st{recv = undefined, buf = Rest};
        more when St#st.eof =/= false ->
            cancel_timer(TRef),
            reply({Pid, Tag}, eof_error(St#st.eof)),
            St#st{recv = undefined};
        more ->
            St
    end;
deliver(#st{active = false} = St) ->
    St;
deliver(#st{active = Active, port = Port, owner = Owner} = St) ->
    case take(St#st.buf, St#st.packet, 0) of
        {ok, Packet, Rest} ->
            Owner ! {tcp, Port, data(St#st.mode, Packet)},
            deliver(St#st{buf = Rest, active = count_down(Active, Port, Owner)});
        more when St#st.eof =/= false, not St#st.eof_told ->
            case St#st.eof of
                {error, Reason} -> Owner ! {tcp_error, Port, Reason};
                true -> ok
            end,
            Owner ! {tcp_closed, Port},
            St#st{eof_told = true};
        more ->
            St
    end.

count_down(once, _, _) -> false;
count_down(1, Port, Owner) -> Owner ! {tcp_passive, Port}, false;
count_down(N, _, _) when is_integer(N) -> N - 1;
count_down(A, _, _) -> A.

eof_error(true) -> {error, closed};
eof_error({error, econnreset}) -> {error, closed};
eof_error(Error) -> Error.

cancel_timer(undefined) ->
    ok;
cancel_timer(TRef) ->
    erlang:cancel_timer(TRef),
    receive
        {timeout, TRef, _} -> ok
    after 0 -> ok
    end.

data(binary, Bin) -> Bin;
data(list, Bin) -> binary_to_list(Bin).

%% One packet from the front of the buffer: {ok, Packet, Rest} or `more`.
take(<<>>, raw, _) ->
    more;
take(Buf, raw, 0) ->
    {ok, Buf, <<>>};
take(Buf, raw, N) when byte_size(Buf) >= N ->
    <<P:N/binary, Rest/binary>> = Buf,
    {ok, P, Rest};
take(_, raw, _) ->
    more;
take(Buf, line, _) ->
    case binary:match(Buf, <<"\n">>) of
        {At, 1} ->
            <<P:(At + 1)/binary, Rest/binary>> = Buf,
            {ok, P, Rest};
        nomatch ->
            more
    end;
take(Buf, Size, _) ->
    Bits = Size * 8,
    case Buf of
        <<Len:Bits, P:Len/binary, Rest/binary>> -> {ok, P, Rest};
        _ -> more
    end.

%% What a send puts on the wire in each packet mode.
frame(raw, Bin) -> {ok, Bin};
frame(line, Bin) -> {ok, Bin};
frame(Size, Bin) when byte_size(Bin) < 1 bsl (Size * 8) ->
    {ok, <<(byte_size(Bin)):(Size * 8), Bin/binary>>};
frame(_, _) -> {error, emsgsize}.

%% ---------------------------------------------------------------------------------------------
%% Sending

%% Write queued sends until the socket would block (then wait for it to be writable).
flush_sends(#st{sends = []} = St) ->
    St;
flush_sends(#st{wsel = Ref} = St) when Ref =/= undefined ->
    St;
flush_sends(#st{sends = [{From, Bin} | More], sock = S} = St) ->
    case Bin of
        <<>> ->
            reply(From, ok),
            flush_sends(sent(St#st{sends = More}));
        _ ->
            case socket:nif_send(S, Bin) of
                {ok, N} when N >= byte_size(Bin) ->
                    reply(From, ok),
                    flush_sends(sent(St#st{sends = More}));
                {ok, N} ->
                    Rest = binary_part(Bin, N, byte_size(Bin) - N),
                    flush_sends(St#st{sends = [{From, Rest} | More]});
                {error, eagain} ->
                    Ref = make_ref(),
                    case socket:nif_select(S, write, Ref) of
                        ok -> start_send_timer(St#st{wsel = Ref});
                        Error -> fail_sends(St, Error)
                    end;
                Error ->
                    fail_sends(St, Error)
            end
    end.

fail_sends(St, Error) ->
    Why = eof_error(Error),
    [reply(From, Why) || {From, _} <- St#st.sends],
    sent(St#st{sends = []}).

%% The first queued send is done (or gone): its send_timeout no longer runs.
sent(#st{stimer = undefined} = St) ->
    St;
sent(St) ->
    cancel_timer(St#st.stimer),
    St#st{stimer = undefined}.

%% The first queued send waits for the socket: its send_timeout starts (once per send).
start_send_timer(#st{send_timeout = infinity} = St) ->
    St;
start_send_timer(#st{stimer = undefined, send_timeout = T} = St) ->
    St#st{stimer = erlang:start_timer(T, self(), send_timeout)};
start_send_timer(St) ->
    St.

%% The first queued send waited too long: it fails with `timeout` (how much of it went out is
%% unknown). With send_timeout_close the socket closes, as OTP's does (later sends say
%% enotconn there); otherwise the sends behind it carry on.
send_timed_out(#st{sends = [{From, _} | More]} = St) ->
    reply(From, {error, timeout}),
    case St#st.send_timeout_close of
        true ->
            St1 = fail_sends(St#st{sends = More}, {error, enotconn}),
            socket:close(St1#st.sock),
            after_change(St1#st{wsel = undefined, rsel = undefined,
                                eof = eof(St1#st.eof, {error, enotconn})});
        false ->
            flush_sends(St#st{sends = More})
    end;
send_timed_out(St) ->
    St.
