%% ssl: OTP's TLS API (client and server, TLS 1.2 and 1.3) on the mbedTLS engine natives
%% (`ssl:nif_engine_*`, vm/src/natives/ssl/).
%%
%% Each connection is a process that owns a gen_tcp socket (binary, reading with {active, once})
%% and an engine; the engine turns ciphertext into plain text and back, and this process moves
%% the bytes between the two. The user's calls are messages to it; in active mode it sends
%% `{ssl, S, Data}`, `{ssl_closed, S}`, `{ssl_error, S, Reason}` and `{ssl_passive, S}` to the
%% owner. A listen socket is the gen_tcp listen socket and the options, no process.
%%
%% Not done: session resumption, renegotiation, client certificate callbacks (verify_fun),
%% CRLs, DTLS, PSK, `packet` types other than raw/0/1/2/4.
-module(ssl).

-export([start/0, start/1, stop/0, versions/0,
         connect/2, connect/3, connect/4, listen/2, transport_accept/1, transport_accept/2,
         handshake/1, handshake/2, send/2, recv/2, recv/3, close/1, close/2, shutdown/2,
         setopts/2, getopts/2, controlling_process/2, peername/1, sockname/1, peercert/1,
         connection_information/1, connection_information/2, negotiated_protocol/1,
         format_error/1]).

-export([nif_engine_new/1, nif_engine_handshake/2, nif_engine_send/2, nif_engine_recv/2,
         nif_engine_close/1, nif_engine_info/1, nif_engine_peercert/1, nif_engine_free/1]).

-define(CALL_TIMEOUT, infinity).

%% ---------------------------------------------------------------------------------------------
%% Application

start() -> ok.
start(_Type) -> ok.
stop() -> ok.

versions() ->
    [{ssl_app, "11.0"}, {supported, ['tlsv1.3', 'tlsv1.2']},
     {supported_dtls, []}, {available, ['tlsv1.3', 'tlsv1.2']}, {available_dtls, []},
     {implemented, ['tlsv1.3', 'tlsv1.2']}, {implemented_dtls, []}].

%% ---------------------------------------------------------------------------------------------
%% Client

connect(Host, Port, Opts) when is_integer(Port) ->
    connect(Host, Port, Opts, infinity);
connect(TcpSocket, Opts, Timeout) when is_list(Opts) ->
    upgrade(TcpSocket, Opts, Timeout).

connect(Host, Port, Opts, Timeout) when is_integer(Port), is_list(Opts) ->
    case split_options(client, Opts) of
        {ok, Ssl, Tcp} ->
            Ssl1 = default_sni(Host, Ssl),
            start_connection(client, Ssl1, Timeout,
                             fun() ->
                                     gen_tcp:connect(Host, Port, tcp_options(Tcp), Timeout)
                             end);
        {error, _} = E ->
            E
    end.

%% TLS over a connected gen_tcp socket (the caller owns it).
connect(TcpSocket, Opts) when is_list(Opts) ->
    connect(TcpSocket, Opts, infinity);
connect(_, _) ->
    {error, {options, badarg}}.

%% ---------------------------------------------------------------------------------------------
%% Server

listen(Port, Opts) when is_integer(Port), is_list(Opts) ->
    case split_options(server, Opts) of
        {ok, Ssl, Tcp} ->
            case gen_tcp:listen(Port, tcp_options(Tcp)) of
                {ok, L} -> {ok, {sslsocket, L, {listen, Ssl}}};
                Error -> Error
            end;
        {error, _} = E ->
            E
    end.

transport_accept(L) ->
    transport_accept(L, infinity).

transport_accept({sslsocket, L, {listen, Ssl}}, Timeout) ->
    case gen_tcp:accept(L, Timeout) of
        {ok, Tcp} ->
            Owner = self(),
            Pid = spawn(fun() ->
                                receive {'$ssl_tcp', T} -> ok end,
                                connection_init(server, Owner, Ssl, T)
                        end),
            ok = gen_tcp:controlling_process(Tcp, Pid),
            Pid ! {'$ssl_tcp', Tcp},
            {ok, {sslsocket, Pid, connection}};
        Error ->
            Error
    end.

handshake(S) ->
    handshake(S, infinity).

handshake({sslsocket, Pid, connection} = S, Timeout) ->
    case call(Pid, handshake, Timeout) of
        ok ->
            {ok, S};
        {error, timeout} = E ->
            exit(Pid, kill),
            E;
        Error ->
            Error
    end;
handshake(_, _) ->
    {error, closed}.

%% ---------------------------------------------------------------------------------------------
%% Connected sockets

send({sslsocket, Pid, connection}, Data) ->
    call(Pid, {send, Data});
send(_, _) ->
    {error, closed}.

recv(S, Length) ->
    recv(S, Length, infinity).

recv({sslsocket, Pid, connection}, Length, Timeout) when is_integer(Length), Length >= 0 ->
    call(Pid, {recv, Length, Timeout});
recv(_, _, _) ->
    {error, closed}.

close({sslsocket, Pid, connection}) ->
    case call(Pid, close) of
        {error, closed} -> ok;
        R -> R
    end;
close({sslsocket, L, {listen, _}}) ->
    gen_tcp:close(L);
close(_) ->
    ok.

close(S, _How) ->
    close(S).

shutdown({sslsocket, Pid, connection}, How) when How =:= write; How =:= read;
                                                  How =:= read_write ->
    call(Pid, {shutdown, How});
shutdown(_, _) ->
    {error, closed}.

setopts({sslsocket, Pid, connection}, Opts) when is_list(Opts) ->
    call(Pid, {setopts, Opts});
setopts({sslsocket, L, {listen, _}}, Opts) ->
    inet:setopts(L, Opts);
setopts(_, _) ->
    {error, closed}.

getopts({sslsocket, Pid, connection}, Names) when is_list(Names) ->
    call(Pid, {getopts, Names});
getopts({sslsocket, L, {listen, _}}, Names) ->
    inet:getopts(L, Names);
getopts(_, _) ->
    {error, closed}.

controlling_process({sslsocket, Pid, connection}, NewOwner) when is_pid(NewOwner) ->
    call(Pid, {controlling_process, NewOwner});
controlling_process({sslsocket, L, {listen, _}}, NewOwner) ->
    gen_tcp:controlling_process(L, NewOwner);
controlling_process(_, _) ->
    {error, closed}.

peername({sslsocket, Pid, connection}) ->
    call(Pid, peername);
peername({sslsocket, L, {listen, _}}) ->
    inet:peername(L);
peername(_) ->
    {error, closed}.

sockname({sslsocket, Pid, connection}) ->
    call(Pid, sockname);
sockname({sslsocket, L, {listen, _}}) ->
    inet:sockname(L);
sockname(_) ->
    {error, closed}.

peercert({sslsocket, Pid, connection}) ->
    call(Pid, peercert);
peercert(_) ->
    {error, closed}.

negotiated_protocol({sslsocket, Pid, connection}) ->
    case call(Pid, info) of
        {ok, {_, _, Alpn}} when is_binary(Alpn) -> {ok, Alpn};
        {ok, _} -> {error, protocol_not_negotiated};
        Error -> Error
    end;
negotiated_protocol(_) ->
    {error, closed}.

connection_information(S) ->
    case S of
        {sslsocket, Pid, connection} ->
            case call(Pid, info) of
                {ok, {Version, Suite, _}} ->
                    Protocol = protocol_atom(Version),
                    {ok, [{protocol, Protocol},
                          {selected_cipher_suite, suite_map(Protocol, Suite)}]};
                Error ->
                    Error
            end;
        _ ->
            {error, closed}
    end.

connection_information(S, Items) ->
    case connection_information(S) of
        {ok, Info} -> {ok, [I || {K, _} = I <- Info, lists:member(K, Items)]};
        Error -> Error
    end.

format_error({tls_alert, {_, Text}}) -> Text;
format_error(closed) -> "TLS connection is closed";
format_error(timeout) -> "Timeout";
format_error(Reason) -> io_lib:format("~p", [Reason]).

%% ---------------------------------------------------------------------------------------------
%% Calls to a connection process

call(Pid, Req) ->
    call(Pid, Req, ?CALL_TIMEOUT).

call(Pid, Req, Timeout) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {'$ssl_call', self(), Ref, Req},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, _, _} ->
            {error, closed}
    after Timeout ->
        erlang:demonitor(Ref, [flush]),
        {error, timeout}
    end.

%% Start a connection process that gets its TCP socket from `Open` (run in the new process,
%% which so owns it) and runs the handshake; the caller waits up to Timeout.
start_connection(Role, Ssl, Timeout, Open) ->
    Owner = self(),
    Pid = spawn(fun() ->
                        receive go -> ok end,
                        case Open() of
                            {ok, Tcp} ->
                                connection_init(Role, Owner, Ssl, Tcp);
                            Error ->
                                exit({shutdown, Error})
                        end
                end),
    Ref = erlang:monitor(process, Pid),
    Pid ! go,
    Pid ! {'$ssl_call', Owner, Ref, handshake},
    receive
        {Ref, ok} ->
            erlang:demonitor(Ref, [flush]),
            {ok, {sslsocket, Pid, connection}};
        {Ref, Error} ->
            erlang:demonitor(Ref, [flush]),
            Error;
        {'DOWN', Ref, process, _, {shutdown, Error}} ->
            Error;
        {'DOWN', Ref, process, _, _} ->
            {error, closed}
    after Timeout ->
        erlang:demonitor(Ref, [flush]),
        exit(Pid, kill),
        {error, timeout}
    end.

%% connect/3 on an existing gen_tcp socket: give it to the connection process first.
upgrade(TcpSocket, Opts, Timeout) ->
    case split_options(client, Opts) of
        {ok, Ssl, _Tcp} ->
            Owner = self(),
            Pid = spawn(fun() ->
                                receive {'$ssl_tcp', Tcp} -> ok end,
                                connection_init(client, Owner, Ssl, Tcp)
                        end),
            case gen_tcp:controlling_process(TcpSocket, Pid) of
                ok ->
                    ok = inet:setopts(TcpSocket, [binary, {active, false}, {packet, raw}]),
                    Pid ! {'$ssl_tcp', TcpSocket},
                    handshake({sslsocket, Pid, connection}, Timeout);
                Error ->
                    exit(Pid, kill),
                    Error
            end;
        {error, _} = E ->
            E
    end.

%% ---------------------------------------------------------------------------------------------
%% Options

%% {ok, SslOptions (a map), TcpOptions} or {error, {options, ...}}.
split_options(Role, Opts) ->
    Init = #{role => Role, active => false, mode => binary, packet => 0,
             verify => default, cacerts => [], certs => [], key => undefined,
             sni => default, versions => {2, 3}, alpn => []},
    try lists:foldl(fun option/2, {Init, []}, Opts) of
        {Ssl, Tcp} -> check_options(Ssl, lists:reverse(Tcp))
    catch
        throw:{options, _} = Bad -> {error, Bad};
        throw:{options, _, _} = Bad -> {error, Bad}
    end.

check_options(#{role := client, verify := default, cacerts := []}, _) ->
    {error, {options, incompatible, [{verify, verify_peer}, {cacerts, undefined}]}};
check_options(#{role := client, verify := verify_peer, cacerts := []}, _) ->
    {error, {options, incompatible, [{verify, verify_peer}, {cacerts, undefined}]}};
check_options(#{role := Role, verify := default} = Ssl, Tcp) ->
    V = case Role of client -> verify_peer; server -> verify_none end,
    {ok, Ssl#{verify := V}, Tcp};
check_options(Ssl, Tcp) ->
    {ok, Ssl, Tcp}.

option({verify, V}, {S, T}) when V =:= verify_none; V =:= verify_peer -> {S#{verify := V}, T};
option({cacerts, L} = O, {S, T}) when is_list(L) ->
    lists:all(fun is_binary/1, L) orelse throw({options, O}),
    {S#{cacerts := L}, T};
option({cacertfile, F} = O, {S, T}) -> {S#{cacerts := [read_file(F, O)]}, T};
option({certfile, F} = O, {S, T}) -> {S#{certs := [read_file(F, O)]}, T};
option({keyfile, F} = O, {S, T}) -> {S#{key := read_file(F, O)}, T};
option({cert, C}, {S, T}) when is_binary(C) -> {S#{certs := [C]}, T};
option({cert, [C | _] = L} = O, {S, T}) when is_binary(C) ->
    lists:all(fun is_binary/1, L) orelse throw({options, O}),
    {S#{certs := L}, T};
option({key, {Type, Der}}, {S, T}) when is_binary(Der),
                                         (Type =:= 'RSAPrivateKey' orelse
                                          Type =:= 'ECPrivateKey' orelse
                                          Type =:= 'PrivateKeyInfo') ->
    {S#{key := Der}, T};
option({certs_keys, [CK | _]} = O, {S, T}) when is_map(CK) ->
    Pairs = [{K, V} || {K, V} <- maps:to_list(CK),
                       lists:member(K, [cert, key, certfile, keyfile])],
    Pairs =/= [] orelse throw({options, O}),
    lists:foldl(fun option/2, {S, T}, Pairs);
option({server_name_indication, disable}, {S, T}) -> {S#{sni := disable}, T};
option({server_name_indication, Name} = O, {S, T}) when is_list(Name) ->
    io_lib:printable_list(Name) orelse throw({options, O}),
    {S#{sni := Name}, T};
option({versions, Vs} = O, {S, T}) when is_list(Vs), Vs =/= [] ->
    Ns = [case V of
              'tlsv1.2' -> 2;
              'tlsv1.3' -> 3;
              _ -> throw({options, O})
          end || V <- Vs],
    {S#{versions := {lists:min(Ns), lists:max(Ns)}}, T};
option({alpn_advertised_protocols, Ps} = O, {S, T}) -> {S#{alpn := alpn(Ps, O)}, T};
option({alpn_preferred_protocols, Ps} = O, {S, T}) -> {S#{alpn := alpn(Ps, O)}, T};
option({active, A} = O, {S, T}) ->
    valid_active(A) orelse throw({options, O}),
    {S#{active := A}, T};
option({mode, M}, {S, T}) when M =:= binary; M =:= list -> {S#{mode := M}, T};
option(binary, {S, T}) -> {S#{mode := binary}, T};
option(list, {S, T}) -> {S#{mode := list}, T};
option({packet, P} = O, {S, T}) ->
    {S#{packet := packet_type(P, O)}, T};
%% Accepted and not used here: OTP options about sessions, logging and the handshake flow.
option({fail_if_no_peer_cert, B}, {S, T}) when is_boolean(B) ->
    {S#{fail_if_no_peer_cert => B}, T};
option({K, _}, {S, T}) when K =:= reuse_sessions; K =:= log_level; K =:= log_alert;
                            K =:= handshake; K =:= depth; K =:= secure_renegotiate;
                            K =:= ciphers; K =:= honor_cipher_order; K =:= partial_chain;
                            K =:= customize_hostname_check;
                            K =:= session_tickets; K =:= keep_secrets ->
    {S, T};
option({K, _} = O, {S, T}) when K =:= verify_fun; K =:= psk_identity; K =:= user_lookup_fun;
                                K =:= crl_check; K =:= ocsp_stapling ->
    throw({options, {not_supported, O}});
%% Everything else is the socket's (reuseaddr, ip, nodelay, ...).
option(O, {S, T}) -> {S, [O | T]}.

valid_active(A) ->
    A =:= true orelse A =:= false orelse A =:= once orelse
        (is_integer(A) andalso A >= -32768 andalso A =< 32767).

packet_type(P, _) when P =:= raw; P =:= 0 -> 0;
packet_type(P, _) when P =:= 1; P =:= 2; P =:= 4 -> P;
packet_type(_, O) -> throw({options, O}).

alpn(Ps, O) when is_list(Ps), Ps =/= [] ->
    lists:all(fun(P) -> is_binary(P) andalso byte_size(P) > 0 andalso byte_size(P) < 256 end,
              Ps) orelse throw({options, O}),
    Ps;
alpn(_, O) ->
    throw({options, O}).

read_file(F, O) ->
    case file:read_file(F) of
        {ok, B} -> B;
        {error, _} -> throw({options, {O, enoent}})
    end.

%% The client checks the name it connected to unless told otherwise; an address is not a name.
default_sni(Host, #{sni := default} = S) when is_list(Host) ->
    case inet:parse_address(Host) of
        {ok, _} -> S#{sni := disable};
        _ -> S#{sni := Host}
    end;
default_sni(Host, #{sni := default} = S) when is_atom(Host) ->
    S#{sni := atom_to_list(Host)};
default_sni(_, #{sni := default} = S) ->
    S#{sni := disable};
default_sni(_, S) ->
    S.

tcp_options(Tcp) ->
    [binary, {active, false}, {packet, raw} | Tcp].

engine_options(#{role := Role, verify := V, cacerts := CAs, certs := Certs, key := Key,
                 sni := Sni, versions := {Min, Max}, alpn := Alpn}) ->
    [{role, Role}, {verify, V}, {cacerts, CAs}, {certs, Certs}, {versions, Min, Max},
     {alpn, Alpn}] ++
        [{key, Key} || Key =/= undefined] ++
        [{hostname, list_to_binary(Sni)} || Role =:= client, is_list(Sni)].

%% ---------------------------------------------------------------------------------------------
%% The connection process

-record(c, {
    role,
    owner,
    owner_mon,
    tcp,
    engine,
    self_sock,
    active = false,
    mode = binary,
    packet = 0,
    %% Plain text received and not yet delivered.
    buf = <<>>,
    %% A waiting passive recv: {From, Ref, Length, TimerRef} or undefined.
    recv,
    %% false, or why no more data will come: closed | {error, Reason}.
    eof = false,
    %% The owner was told of the end (active mode).
    eof_told = false,
    %% The TCP socket is armed with {active, once}.
    reading = false,
    hs_waiter
}).

connection_init(Role, Owner, Ssl, Tcp) ->
    case nif_engine_new(engine_options(Ssl)) of
        {ok, Engine} ->
            C = #c{role = Role, owner = Owner, owner_mon = erlang:monitor(process, Owner),
                   tcp = Tcp, engine = Engine, self_sock = {sslsocket, self(), connection},
                   active = maps:get(active, Ssl), mode = maps:get(mode, Ssl),
                   packet = maps:get(packet, Ssl)},
            before_handshake(C);
        {error, Which} ->
            gen_tcp:close(Tcp),
            Reason = {options, {Which, maps:get(option_key(Which), Ssl, undefined)}},
            exit({shutdown, {error, Reason}})
    end.

option_key(cacerts) -> cacerts;
option_key(cert) -> certs;
option_key(key) -> key;
option_key(server_name_indication) -> sni;
option_key(alpn) -> alpn;
option_key(versions) -> versions;
option_key(_) -> role.

%% Wait for the handshake call (the owner may set options or give the socket away first).
before_handshake(C) ->
    receive
        {'$ssl_call', From, Ref, handshake} ->
            C1 = C#c{hs_waiter = {From, Ref}},
            handshake_step(C1, <<>>);
        {'$ssl_call', From, Ref, Req} ->
            {Reply, C1} = handle_call(Req, From, Ref, C),
            reply_if(From, Ref, Reply),
            before_handshake(C1);
        {'DOWN', Mon, process, _, _} when Mon =:= C#c.owner_mon ->
            stop(C)
    end.

handshake_step(#c{engine = E, tcp = Tcp, hs_waiter = {From, Ref}} = C, In) ->
    case nif_engine_handshake(E, In) of
        {done, Out} ->
            case tcp_send(Tcp, Out) of
                ok ->
                    From ! {Ref, ok},
                    %% Records that came with the handshake's last flight.
                    after_input(C#c{hs_waiter = undefined}, <<>>);
                {error, _} ->
                    handshake_failed(C, {error, closed})
            end;
        {more, Out} ->
            case tcp_send(Tcp, Out) of
                ok -> handshake_wait(C);
                {error, _} -> handshake_failed(C, {error, closed})
            end;
        {error, Alert, Out} ->
            _ = tcp_send(Tcp, Out),
            handshake_failed(C, {error, alert_reason(C#c.role, Alert)});
        busy ->
            %% Too many handshakes under way in this VM (docs/ssl.md): try again shortly.
            Mon = C#c.owner_mon,
            receive
                {'DOWN', Mon, process, _, _} -> stop(C)
            after 5 ->
                handshake_step(C, In)
            end
    end.

handshake_wait(#c{tcp = Tcp} = C) ->
    ok = inet:setopts(Tcp, [{active, once}]),
    receive
        {tcp, Tcp, Data} ->
            handshake_step(C, Data);
        {tcp_closed, Tcp} ->
            handshake_failed(C, {error, closed});
        {tcp_error, Tcp, _} ->
            handshake_failed(C, {error, closed});
        {'DOWN', Mon, process, _, _} when Mon =:= C#c.owner_mon ->
            stop(C)
    end.

handshake_failed(#c{hs_waiter = {From, Ref}} = C, Error) ->
    From ! {Ref, Error},
    stop(C).

stop(#c{tcp = Tcp, engine = E}) ->
    gen_tcp:close(Tcp),
    nif_engine_free(E),
    exit(normal).

%% After the handshake: one receive for TCP data, calls, the owner's exit and recv timeouts.
loop(C0) ->
    C = arm(C0),
    Tcp = C#c.tcp,
    receive
        {tcp, Tcp, Data} ->
            after_input(C#c{reading = false}, Data);
        {tcp_closed, Tcp} ->
            deliver_loop(C#c{reading = false, eof = eof_of(C, closed)});
        {tcp_error, Tcp, Reason} ->
            deliver_loop(C#c{reading = false, eof = eof_of(C, {error, Reason})});
        {'$ssl_call', From, Ref, Req} ->
            {Reply, C1} = handle_call(Req, From, Ref, C),
            reply_if(From, Ref, Reply),
            deliver_loop(C1);
        {'$ssl_recv_timeout', Ref} ->
            case C#c.recv of
                {From, Ref, _, _} ->
                    From ! {Ref, {error, timeout}},
                    loop(C#c{recv = undefined});
                _ ->
                    loop(C)
            end;
        {'DOWN', Mon, process, _, _} when Mon =:= C#c.owner_mon ->
            stop(C)
    end.

eof_of(#c{eof = false}, Why) -> Why;
eof_of(#c{eof = Eof}, _) -> Eof.

%% Read from TCP when someone wants data: an active owner or a waiting recv.
arm(#c{reading = false, eof = false, tcp = Tcp} = C)
  when C#c.active =/= false; C#c.recv =/= undefined ->
    case inet:setopts(Tcp, [{active, once}]) of
        ok -> C#c{reading = true};
        _ -> C#c{eof = closed}
    end;
arm(C) ->
    C.

after_input(#c{engine = E, tcp = Tcp} = C, Data) ->
    case nif_engine_recv(E, Data) of
        {ok, Plain, Out} ->
            _ = tcp_send(Tcp, Out),
            deliver_loop(C#c{buf = <<(C#c.buf)/binary, Plain/binary>>});
        {closed, Plain, Out} ->
            _ = tcp_send(Tcp, Out),
            deliver_loop(C#c{buf = <<(C#c.buf)/binary, Plain/binary>>, eof = eof_of(C, closed)});
        {error, Alert, Out} ->
            _ = tcp_send(Tcp, Out),
            deliver_loop(C#c{eof = eof_of(C, {error, alert_reason(C#c.role, Alert)})})
    end.

deliver_loop(C) ->
    loop(deliver(C)).

%% Hand the buffer to the waiting recv or, in active mode, to the owner.
deliver(#c{recv = {From, Ref, Len, Timer}} = C) ->
    case take(C, Len) of
        {ok, Data, Rest} ->
            cancel_timer(Timer),
            From ! {Ref, {ok, Data}},
            C#c{recv = undefined, buf = Rest};
        more when C#c.eof =/= false ->
            cancel_timer(Timer),
            From ! {Ref, eof_reply(C#c.eof)},
            C#c{recv = undefined};
        more ->
            C
    end;
deliver(#c{active = false} = C) ->
    C;
deliver(#c{owner = Owner, self_sock = S} = C) ->
    case take(C, 0) of
        {ok, Data, Rest} ->
            Owner ! {ssl, S, Data},
            deliver(count_down(C#c{buf = Rest}));
        more when C#c.eof =/= false, not C#c.eof_told ->
            case C#c.eof of
                closed -> Owner ! {ssl_closed, S};
                {error, Reason} -> Owner ! {ssl_error, S, Reason}, Owner ! {ssl_closed, S}
            end,
            C#c{eof_told = true};
        more ->
            C
    end.

eof_reply(closed) -> {error, closed};
eof_reply({error, _} = E) -> E.

count_down(#c{active = once} = C) ->
    C#c{active = false};
count_down(#c{active = 1, owner = Owner, self_sock = S} = C) ->
    Owner ! {ssl_passive, S},
    C#c{active = false};
count_down(#c{active = N} = C) when is_integer(N) ->
    C#c{active = N - 1};
count_down(C) ->
    C.

%% The next message from the buffer: Len bytes (0: everything) with packet raw, or one packet.
take(#c{buf = <<>>}, _) ->
    more;
take(#c{packet = 0, buf = Buf, mode = Mode}, 0) ->
    {ok, as_mode(Mode, Buf), <<>>};
take(#c{packet = 0, buf = Buf, mode = Mode}, Len) ->
    case Buf of
        <<Data:Len/binary, Rest/binary>> -> {ok, as_mode(Mode, Data), Rest};
        _ -> more
    end;
take(#c{packet = N, buf = Buf, mode = Mode}, _) ->
    Bits = N * 8,
    case Buf of
        <<Size:Bits, Data:Size/binary, Rest/binary>> -> {ok, as_mode(Mode, Data), Rest};
        _ -> more
    end.

as_mode(binary, B) -> B;
as_mode(list, B) -> binary_to_list(B).

cancel_timer(undefined) -> ok;
cancel_timer(T) -> erlang:cancel_timer(T).

reply_if(_, _, noreply) -> ok;
reply_if(From, Ref, Reply) -> From ! {Ref, Reply}.

handle_call({send, Data}, _From, _Ref, #c{eof = {error, _} = E} = C) ->
    _ = Data,
    {E, C};
handle_call({send, Data}, _From, _Ref, #c{engine = E, tcp = Tcp} = C) ->
    try frame(C#c.packet, Data) of
        Framed ->
            case nif_engine_send(E, Framed) of
                {ok, Out} ->
                    case tcp_send(Tcp, Out) of
                        ok -> {ok, C};
                        {error, _} -> {{error, closed}, C}
                    end;
                {error, Alert, Out} ->
                    _ = tcp_send(Tcp, Out),
                    {{error, alert_reason(C#c.role, Alert)}, C}
            end
    catch
        error:_ -> {{error, badarg}, C}
    end;
handle_call({recv, _, _}, _From, _Ref, #c{active = A} = C) when A =/= false ->
    {{error, einval}, C};
handle_call({recv, _, _}, _From, _Ref, #c{recv = R} = C) when R =/= undefined ->
    {{error, ealready}, C};
handle_call({recv, Len, Timeout}, From, Ref, C) ->
    Timer = case Timeout of
                infinity -> undefined;
                _ -> erlang:send_after(Timeout, self(), {'$ssl_recv_timeout', Ref})
            end,
    {noreply, C#c{recv = {From, Ref, Len, Timer}}};
handle_call(close, From, Ref, #c{engine = E, tcp = Tcp} = C) ->
    _ = tcp_send(Tcp, nif_engine_close(E)),
    From ! {Ref, ok},
    stop(C);
handle_call({shutdown, How}, _From, _Ref, #c{engine = E, tcp = Tcp} = C) ->
    _ = case How of
            read -> ok;
            _ -> tcp_send(Tcp, nif_engine_close(E))
        end,
    {ok, C};
handle_call({setopts, Opts}, _From, _Ref, C) ->
    set_options(Opts, C);
handle_call({getopts, Names}, _From, _Ref, C) ->
    {get_options(Names, C, []), C};
handle_call({controlling_process, New}, From, _Ref, #c{owner = Owner} = C) ->
    case From of
        Owner ->
            erlang:demonitor(C#c.owner_mon, [flush]),
            {ok, C#c{owner = New, owner_mon = erlang:monitor(process, New)}};
        _ ->
            {{error, not_owner}, C}
    end;
handle_call(peername, _From, _Ref, C) ->
    {inet:peername(C#c.tcp), C};
handle_call(sockname, _From, _Ref, C) ->
    {inet:sockname(C#c.tcp), C};
handle_call(peercert, _From, _Ref, C) ->
    case nif_engine_peercert(C#c.engine) of
        undefined -> {{error, no_peercert}, C};
        Der -> {{ok, Der}, C}
    end;
handle_call(info, _From, _Ref, C) ->
    {{ok, nif_engine_info(C#c.engine)}, C};
handle_call(handshake, _From, _Ref, C) ->
    {{error, already_connected}, C};
handle_call(_, _From, _Ref, C) ->
    {{error, einval}, C}.

frame(0, Data) -> Data;
frame(N, Data) ->
    Bin = iolist_to_binary(Data),
    Size = byte_size(Bin),
    Size < (1 bsl (N * 8)) orelse error(badarg),
    [<<Size:(N * 8)>>, Bin].

set_options([], C) ->
    {ok, C};
set_options([{active, A} | Rest], C) ->
    case valid_active(A) of
        true -> set_options(Rest, set_active(A, C));
        false -> {{error, einval}, C}
    end;
set_options([{mode, M} | Rest], C) when M =:= binary; M =:= list ->
    set_options(Rest, C#c{mode = M});
set_options([binary | Rest], C) ->
    set_options(Rest, C#c{mode = binary});
set_options([list | Rest], C) ->
    set_options(Rest, C#c{mode = list});
set_options([{packet, P} = O | Rest], C) ->
    try packet_type(P, O) of
        N -> set_options(Rest, C#c{packet = N})
    catch
        throw:_ -> {{error, einval}, C}
    end;
set_options([O | Rest], C) ->
    case inet:setopts(C#c.tcp, [O]) of
        ok -> set_options(Rest, C);
        Error -> {Error, C}
    end.

%% {active, N} adds to the count; at zero or below the socket turns passive and says so.
set_active(N, #c{active = Old, owner = Owner, self_sock = S} = C) when is_integer(N) ->
    Base = if is_integer(Old) -> Old; true -> 0 end,
    case Base + N of
        New when New =< 0 ->
            Owner ! {ssl_passive, S},
            C#c{active = false};
        New ->
            C#c{active = min(New, 32767)}
    end;
set_active(A, C) ->
    C#c{active = A}.

get_options([], _C, Acc) ->
    {ok, lists:reverse(Acc)};
get_options([active | Rest], C, Acc) ->
    get_options(Rest, C, [{active, C#c.active} | Acc]);
get_options([mode | Rest], C, Acc) ->
    get_options(Rest, C, [{mode, C#c.mode} | Acc]);
get_options([packet | Rest], C, Acc) ->
    P = case C#c.packet of 0 -> raw; N -> N end,
    get_options(Rest, C, [{packet, P} | Acc]);
get_options([Name | Rest], C, Acc) ->
    case inet:getopts(C#c.tcp, [Name]) of
        {ok, Got} -> get_options(Rest, C, lists:reverse(Got) ++ Acc);
        Error -> Error
    end.

tcp_send(_Tcp, <<>>) -> ok;
tcp_send(Tcp, Out) -> gen_tcp:send(Tcp, Out).

%% ---------------------------------------------------------------------------------------------
%% Alerts and suites in OTP's terms

alert_reason(Role, {Code, Side}) ->
    Desc = alert_name(Code),
    Who = case Role of client -> "TLS client"; server -> "TLS server" end,
    Text = case Side of
               received ->
                   Peer = case Role of client -> "SERVER"; server -> "CLIENT" end,
                   Who ++ ": received " ++ Peer ++ " ALERT: Fatal - " ++ alert_text(Desc);
               sent ->
                   Me = case Role of client -> "CLIENT"; server -> "SERVER" end,
                   Who ++ ": generated " ++ Me ++ " ALERT: Fatal - " ++ alert_text(Desc)
           end,
    {tls_alert, {Desc, Text}}.

alert_name(0) -> close_notify;
alert_name(10) -> unexpected_message;
alert_name(20) -> bad_record_mac;
alert_name(22) -> record_overflow;
alert_name(40) -> handshake_failure;
alert_name(42) -> bad_certificate;
alert_name(43) -> unsupported_certificate;
alert_name(44) -> certificate_revoked;
alert_name(45) -> certificate_expired;
alert_name(46) -> certificate_unknown;
alert_name(47) -> illegal_parameter;
alert_name(48) -> unknown_ca;
alert_name(49) -> access_denied;
alert_name(50) -> decode_error;
alert_name(51) -> decrypt_error;
alert_name(70) -> protocol_version;
alert_name(71) -> insufficient_security;
alert_name(80) -> internal_error;
alert_name(86) -> inappropriate_fallback;
alert_name(90) -> user_canceled;
alert_name(100) -> no_renegotiation;
alert_name(109) -> missing_extension;
alert_name(110) -> unsupported_extension;
alert_name(112) -> unrecognized_name;
alert_name(115) -> unknown_psk_identity;
alert_name(116) -> certificate_required;
alert_name(120) -> no_application_protocol;
alert_name(_) -> handshake_failure.

alert_text(unknown_ca) ->
    "Unknown CA";
alert_text(Desc) ->
    [[H | T] | Words] = split_on($_, atom_to_list(Desc)),
    Caps = [[upper(H) | T] | [[upper(C) | Cs] || [C | Cs] <- Words]],
    lists:flatten(lists:join(" ", Caps)).

upper(C) when C >= $a, C =< $z -> C - 32;
upper(C) -> C.

lower(C) when C >= $A, C =< $Z -> C + 32;
lower(C) -> C.

split_on(Sep, S) ->
    case lists:splitwith(fun(C) -> C =/= Sep end, S) of
        {Word, [Sep | Rest]} -> [Word | split_on(Sep, Rest)];
        {Word, []} -> [Word]
    end.

protocol_atom(<<"TLSv1.3">>) -> 'tlsv1.3';
protocol_atom(<<"TLSv1.2">>) -> 'tlsv1.2';
protocol_atom(Other) -> binary_to_atom(Other, utf8).

%% mbedTLS's suite name ("TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384", "TLS1-3-AES-128-GCM-SHA256")
%% as OTP's map.
suite_map(Protocol, Name) ->
    Parts = split_on($-, [lower(C) || C <- binary_to_list(Name)]),
    {Kx, CipherParts} =
        case Parts of
            ["tls1", "3" | Rest] ->
                {any, Rest};
            ["tls" | Rest] ->
                {K, ["with" | C]} = lists:splitwith(fun(P) -> P =/= "with" end, Rest),
                {list_to_atom(lists:flatten(lists:join("_", K))), C}
        end,
    [Hash | RevCipher] = lists:reverse(CipherParts),
    Cipher = lists:reverse(RevCipher),
    Aead = lists:member("gcm", Cipher) orelse lists:member("ccm", Cipher) orelse
        lists:member("poly1305", Cipher),
    Mac = case Aead of true -> aead; false -> hash_atom(Hash) end,
    Prf = case {Protocol, Hash} of
              {'tlsv1.2', H} when H =:= "sha" -> sha256;
              {_, H} -> hash_atom(H)
          end,
    #{key_exchange => Kx, cipher => list_to_atom(lists:flatten(lists:join("_", Cipher))), mac => Mac,
      prf => Prf}.

hash_atom(H) -> list_to_atom(H).

%% ---------------------------------------------------------------------------------------------
%% Natives

nif_engine_new(_) -> erlang:nif_error(undef).
nif_engine_handshake(_, _) -> erlang:nif_error(undef).
nif_engine_send(_, _) -> erlang:nif_error(undef).
nif_engine_recv(_, _) -> erlang:nif_error(undef).
nif_engine_close(_) -> erlang:nif_error(undef).
nif_engine_info(_) -> erlang:nif_error(undef).
nif_engine_peercert(_) -> erlang:nif_error(undef).
nif_engine_free(_) -> erlang:nif_error(undef).
