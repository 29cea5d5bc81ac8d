%% Which platforms have sockets: native and wasm32-wasip2 do; WASI preview 1 has none, so there
%% opening a socket or resolving a name says `eafnosupport`.
-module(test_socket_support).
-export([test_open/0, test_getaddrinfo/0]).
-include("etest.hrl").

has_sockets() ->
    case catch atomvm:platform() of
        {'EXIT', _} ->
            true;
        _ ->
            not lists:prefix("wasm32-wasip1", erlang:system_info(system_architecture))
    end.

test_open() ->
    case has_sockets() of
        true ->
            {ok, S} = socket:open(inet, stream, tcp),
            ?ASSERT_MATCH(ok, socket:close(S));
        false ->
            ?ASSERT_MATCH({error, eafnosupport}, socket:open(inet, stream, tcp)),
            ?ASSERT_MATCH({error, eafnosupport}, socket:open(inet, dgram))
    end,
    ok.

test_getaddrinfo() ->
    case has_sockets() of
        true ->
            {ok, Infos} = net:getaddrinfo("localhost"),
            ?ASSERT_TRUE(length(Infos) > 0),
            ?ASSERT_TRUE(lists:member({127, 0, 0, 1},
                                      [A || #{addr := #{addr := A}} <- Infos])),
            {ok, Name} = net:gethostname(),
            ?ASSERT_TRUE(is_list(Name));
        false ->
            ?ASSERT_MATCH({error, eafnosupport}, net:getaddrinfo("localhost"))
    end,
    ok.
