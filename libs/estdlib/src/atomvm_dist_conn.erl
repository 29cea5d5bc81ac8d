%% One distribution connection: the handshake (OTP's version 6: send_name 'N', challenge,
%% MD5 digests of the cookie and the challenges) in both directions, then the connection's
%% controller: it writes what the VM queued for the other node (`atomvm_dist:get_data/1` when
%% told `{dist_data, H}`), hands each packet it reads to `atomvm_dist:put_data/2`, and keeps the
%% connection alive with ticks (an empty packet every TickTime/4; four silent periods end it).
-module(atomvm_dist_conn).
-export([connect/3, accept/3, flags/0]).

-define(TIMEOUT, 7000).
-define(TICK, 15000).

%% PUBLISHED, EXTENDED_REFERENCES, DIST_MONITOR, FUN_TAGS, DIST_MONITOR_NAME, NEW_FUN_TAGS,
%% EXTENDED_PIDS_PORTS, EXPORT_PTR_TAG, BIT_BINARIES, NEW_FLOATS, SMALL_ATOM_TAGS, UTF8_ATOMS,
%% MAP_TAG, BIG_CREATION, HANDSHAKE_23, UNLINK_ID, MANDATORY_25_DIGEST, SPAWN, V4_NC, ALIAS.
%% No atom cache, no fragments, no EXIT_PAYLOAD.
flags() ->
    16#1 bor 16#4 bor 16#8 bor 16#10 bor 16#20 bor 16#80 bor 16#100 bor 16#200 bor 16#400
        bor 16#800 bor 16#4000 bor 16#10000 bor 16#20000 bor 16#40000 bor 16#1000000
        bor 16#2000000 bor 16#4000000 bor (1 bsl 32) bor (4 bsl 32) bor (8 bsl 32).

%% Mandatory in OTP 25 (and 26: V4_NC, UNLINK_ID).
-define(MANDATORY, (16#4 bor 16#10 bor 16#100 bor 16#10000 bor 16#80 bor 16#40000 bor 16#800
                    bor 16#20000 bor 16#200 bor 16#400 bor 16#1000000)).

%% We connect to Node. Reports {connect_result, Node, true | false} to Kernel.
connect(Kernel, Node, Creation) ->
    Result = try setup_out(Node, Creation) catch _:_ -> error end,
    case Result of
        {ok, S, H} ->
            Kernel ! {connect_result, Node, true},
            controller(Kernel, Node, S, H);
        _ ->
            Kernel ! {connect_result, Node, false}
    end.

setup_out(Node, Creation) ->
    {Name, Host} = split(Node),
    Addr = address(Host),
    {port, Port, _} = erl_epmd:port_please(Name, Addr),
    {ok, S} = gen_tcp:connect(Addr, Port, [binary, {active, false}, {packet, 2}], ?TIMEOUT),
    Me = atom_to_binary(node(), utf8),
    ok = gen_tcp:send(S, <<$N, (flags()):64, Creation:32, (byte_size(Me)):16, Me/binary>>),
    {ok, <<$s, Status/binary>>} = gen_tcp:recv(S, 0, ?TIMEOUT),
    true = lists:member(Status, [<<"ok">>, <<"ok_simultaneous">>]),
    {ok, <<$N, Flags:64, Challenge:32, _Cr:32, NL:16, Peer:NL/binary>>} =
        gen_tcp:recv(S, 0, ?TIMEOUT),
    Node = binary_to_atom(Peer, utf8),
    ?MANDATORY = Flags band ?MANDATORY,
    Cookie = erlang:get_cookie(Node),
    Mine = challenge(),
    ok = gen_tcp:send(S, <<$r, Mine:32, (digest(Cookie, Challenge))/binary>>),
    case gen_tcp:recv(S, 0, ?TIMEOUT) of
        {ok, <<$a, Digest:16/binary>>} ->
            case digest(Cookie, Mine) of
                Digest -> established(S, Node);
                _ -> gen_tcp:close(S), error
            end;
        _ ->
            gen_tcp:close(S),
            error
    end.

%% Node connected to us on socket S (passive, {packet, 2}).
accept(Kernel, S, Creation) ->
    Result = try setup_in(S, Creation) catch _:_ -> error end,
    case Result of
        {ok, Node, H} ->
            controller(Kernel, Node, S, H);
        _ ->
            gen_tcp:close(S)
    end.

setup_in(S, Creation) ->
    {ok, <<$N, Flags:64, _Cr:32, NL:16, Peer:NL/binary, _/binary>>} = gen_tcp:recv(S, 0, ?TIMEOUT),
    Node = binary_to_atom(Peer, utf8),
    ?MANDATORY = Flags band ?MANDATORY,
    case lists:member(Node, nodes()) of
        true ->
            gen_tcp:send(S, <<$s, "alive">>),
            error;
        false ->
            ok = gen_tcp:send(S, <<$s, "ok">>),
            Mine = challenge(),
            Me = atom_to_binary(node(), utf8),
            ok = gen_tcp:send(S, <<$N, (flags()):64, Mine:32, Creation:32,
                                   (byte_size(Me)):16, Me/binary>>),
            {ok, <<$r, Theirs:32, Digest:16/binary>>} = gen_tcp:recv(S, 0, ?TIMEOUT),
            Cookie = erlang:get_cookie(Node),
            case digest(Cookie, Mine) of
                Digest ->
                    ok = gen_tcp:send(S, <<$a, (digest(Cookie, Theirs))/binary>>),
                    established(S, Node);
                _ ->
                    error_logger:error_msg("** Connection attempt from node ~w rejected. "
                                           "Invalid challenge reply. **~n", [Node]),
                    error
            end
    end.

established(S, Node) ->
    H = atomvm_dist:connected(Node, self()),
    ok = inet:setopts(S, [{packet, raw}, {active, true}]),
    {ok, S, H}.

digest(Cookie, Challenge) ->
    erlang:md5([atom_to_list(Cookie), integer_to_list(Challenge)]).

challenge() ->
    <<C:32>> = random_bytes(4),
    C.

%% Strong random bytes; `rand`'s where the VM was built without crypto.
random_bytes(N) ->
    try crypto:strong_rand_bytes(N)
    catch error:_ -> rand:bytes(N)
    end.

split(Node) ->
    case string:split(atom_to_list(Node), "@") of
        [Name, Host] -> {Name, Host};
        _ -> error(badarg)
    end.

address("localhost") -> {127, 0, 0, 1};
address(Host) ->
    case inet:parse_address(Host) of
        {ok, A} -> A;
        _ ->
            case net:gethostname() of
                {ok, H} when H =:= Host -> {127, 0, 0, 1};
                _ -> Host
            end
    end.

%% ---- the controller ----

controller(Kernel, Node, S, H) ->
    Kernel ! {nodeup, Node, self()},
    self() ! {dist_data, H},
    erlang:send_after(?TICK, self(), tick),
    loop(#{kernel => Kernel, node => Node, socket => S, handle => H, buf => <<>>,
           silent => 0}).

loop(#{socket := S, handle := H} = St) ->
    receive
        {tcp, S, Data} ->
            Buf = maps:get(buf, St),
            case packets(<<Buf/binary, Data/binary>>, H) of
                {ok, Rest} -> loop(St#{buf := Rest, silent := 0});
                error -> down(St)
            end;
        {dist_data, H} ->
            case atomvm_dist:get_data(H) of
                none -> loop(St);
                Bin ->
                    case gen_tcp:send(S, Bin) of
                        ok -> loop(St);
                        _ -> down(St)
                    end
            end;
        tick ->
            case maps:get(silent, St) of
                N when N >= 3 ->
                    down(St);
                N ->
                    _ = gen_tcp:send(S, <<0:32>>),
                    erlang:send_after(?TICK, self(), tick),
                    loop(St#{silent := N + 1})
            end;
        {tcp_closed, S} ->
            down(St);
        {tcp_error, S, _} ->
            down(St);
        '$atomvm_dist_disconnect' ->
            down(St);
        _ ->
            loop(St)
    end.

%% Hand every whole packet of Buf to the VM; return what is left of the next one.
packets(<<Len:32, Packet:Len/binary, Rest/binary>>, H) ->
    case catch atomvm_dist:put_data(H, Packet) of
        ok -> packets(Rest, H);
        _ -> error
    end;
packets(Rest, _H) ->
    {ok, Rest}.

down(#{kernel := Kernel, node := Node, socket := S}) ->
    gen_tcp:close(S),
    atomvm_dist:connection_down(Node),
    Kernel ! {nodedown, Node, self()},
    ok.
