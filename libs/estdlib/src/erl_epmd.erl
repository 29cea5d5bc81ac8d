%% A client of epmd, the port mapper every Erlang node registers with: ALIVE2_X to register this
%% node (the registration lasts as long as its socket stays open) and PORT_PLEASE2 to find the
%% distribution port of another node. epmd listens on ERL_EPMD_PORT (default 4369).
-module(erl_epmd).
-export([register_node/2, port_please/2, epmd_port/0]).

-define(ALIVE2_X_REQ, 120).
-define(ALIVE2_X_RESP, 118).
-define(PORT_PLEASE2_REQ, 122).
-define(PORT2_RESP, 119).
-define(VERSION, 6).
-define(TIMEOUT, 5000).

epmd_port() ->
    case os:getenv("ERL_EPMD_PORT") of
        false -> 4369;
        P -> list_to_integer(P)
    end.

%% Register Name (a string or atom: the part before @) with our listen Port.
%% {ok, Creation, Socket}: keep Socket open while the node lives.
register_node(Name, Port) ->
    case gen_tcp:connect({127, 0, 0, 1}, epmd_port(), [binary, {active, false}], ?TIMEOUT) of
        {ok, S} ->
            N = unicode:characters_to_binary(to_list(Name)),
            Req = <<?ALIVE2_X_REQ, Port:16, $M, 0, ?VERSION:16, ?VERSION:16,
                    (byte_size(N)):16, N/binary, 0:16>>,
            ok = gen_tcp:send(S, <<(byte_size(Req)):16, Req/binary>>),
            case gen_tcp:recv(S, 6, ?TIMEOUT) of
                {ok, <<?ALIVE2_X_RESP, 0, Creation:32>>} -> {ok, Creation, S};
                {ok, <<?ALIVE2_X_RESP, _Error, _/binary>>} ->
                    gen_tcp:close(S),
                    {error, duplicate_name};
                Other ->
                    gen_tcp:close(S),
                    {error, Other}
            end;
        Error ->
            Error
    end.

%% The distribution port of node Name on Host: {port, Port, Version} or noport.
port_please(Name, Host) ->
    case gen_tcp:connect(Host, epmd_port(), [binary, {active, false}], ?TIMEOUT) of
        {ok, S} ->
            N = unicode:characters_to_binary(to_list(Name)),
            ok = gen_tcp:send(S, <<(byte_size(N) + 1):16, ?PORT_PLEASE2_REQ, N/binary>>),
            R = case recv_all(S, <<>>) of
                    <<?PORT2_RESP, 0, Port:16, _Type, _Proto, High:16, _/binary>> ->
                        {port, Port, High};
                    _ ->
                        noport
                end,
            gen_tcp:close(S),
            R;
        _ ->
            noport
    end.

recv_all(S, Acc) ->
    case gen_tcp:recv(S, 0, ?TIMEOUT) of
        {ok, B} -> recv_all(S, <<Acc/binary, B/binary>>);
        _ -> Acc
    end.

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(L) -> L.
