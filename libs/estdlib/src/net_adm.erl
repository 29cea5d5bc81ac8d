%% net_adm: ping/1 and localhost/0.
-module(net_adm).
-export([ping/1, localhost/0]).

%% pong when Node answers net_kernel's is_auth call (connecting first), else pang.
ping(Node) when is_atom(Node) ->
    case catch gen:call({net_kernel, Node}, '$gen_call', {is_auth, node()}, 15000) of
        {ok, yes} ->
            pong;
        _ ->
            _ = erlang:disconnect_node(Node),
            pang
    end.

localhost() ->
    {ok, H} = net:gethostname(),
    H.
