%% A TCP echo server: listens on port 5555 (start/0) or a given port (start/1) and sends back
%% every byte it receives, one process per connection. It runs until the VM is stopped.
-module(echo_server).
-export([start/0, start/1]).

-define(PORT, 5555).

start() ->
    start(?PORT).

start(Port) ->
    {ok, L} = gen_tcp:listen(Port, [binary, {active, false}, {reuseaddr, true}]),
    io:format("echo_server: listening on port ~p~n", [Port]),
    accept(L).

accept(L) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(fun() -> receive go -> serve(S) end end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! go,
            accept(L);
        {error, Reason} ->
            io:format("echo_server: accept failed: ~p~n", [Reason]),
            {error, Reason}
    end.

serve(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Data} ->
            case gen_tcp:send(S, Data) of
                ok -> serve(S);
                {error, _} -> gen_tcp:close(S)
            end;
        {error, _} ->
            gen_tcp:close(S)
    end.
