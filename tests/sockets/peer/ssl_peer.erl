%% The OTP side of tests/sockets/test_ssl_interop.erl: xtask runs this on the host's OTP (erl
%% with Debian's erlang-ssl) as `erl -noshell -pa Dir -s ssl_peer start CertDir`. It opens, on
%% 127.0.0.1 at ephemeral ports,
%%   - TLS echo servers (TLS 1.2 and 1.3) with the fixtures server, other (signed by a CA the
%%     suite does not trust), expired and wrong_host;
%%   - a "closer" server that sends <<"bye">> and closes;
%%   - a control listener: a line "client Port Version Size CaName\n" makes this node's ssl
%%     client connect to the suite's server at Port, send Size bytes of the test pattern in
%%     64 KiB steps, check each echoed step, and answer "ok Protocol\n" or "error Reason\n".
%% and prints one line "ssl_peer ports Echo Other Expired WrongHost Closer Control". It halts
%% when its stdin closes (xtask exits or kills it).
-module(ssl_peer).
-export([start/1]).

-define(TIMEOUT, 30000).
-define(STEP, 65536).

start([CertDir]) ->
    Dir = atom_to_list(CertDir),
    {ok, _} = application:ensure_all_started(ssl),
    Servers = [server(Dir, Name, fun echo/1) || Name <- ["server", "other", "expired", "wrong_host"]],
    Closer = server(Dir, "server", fun(S) -> ok = ssl:send(S, <<"bye">>), ssl:close(S) end),
    Control = control(Dir),
    Ports = [integer_to_list(P) || P <- Servers ++ [Closer, Control]],
    io:format("ssl_peer ports ~s~n", [lists:join(" ", Ports)]),
    _ = io:get_line(""),
    halt().

server(Dir, Name, Fun) ->
    {ok, L} = ssl:listen(0, [{certfile, filename:join(Dir, Name ++ ".pem")},
                             {keyfile, filename:join(Dir, Name ++ ".key")},
                             {versions, ['tlsv1.2', 'tlsv1.3']}, {ip, {127, 0, 0, 1}},
                             {reuseaddr, true}, binary, {active, false}, {backlog, 64}]),
    {ok, {_, Port}} = ssl:sockname(L),
    spawn(fun() -> accept(L, Fun) end),
    Port.

accept(L, Fun) ->
    {ok, T} = ssl:transport_accept(L),
    Pid = spawn(fun() ->
                        receive go -> ok end,
                        case ssl:handshake(T, ?TIMEOUT) of
                            {ok, S} -> Fun(S);
                            _ -> ok
                        end
                end),
    ok = ssl:controlling_process(T, Pid),
    Pid ! go,
    accept(L, Fun).

echo(S) ->
    case ssl:recv(S, 0, ?TIMEOUT) of
        {ok, Data} -> ok = ssl:send(S, Data), echo(S);
        _ -> ssl:close(S)
    end.

control(Dir) ->
    {ok, L} = gen_tcp:listen(0, [binary, {packet, line}, {active, false}, {reuseaddr, true},
                                 {ip, {127, 0, 0, 1}}]),
    {ok, Port} = inet:port(L),
    spawn(fun() -> control_accept(L, Dir) end),
    Port.

control_accept(L, Dir) ->
    {ok, C} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> client_job(C, Dir) end end),
    ok = gen_tcp:controlling_process(C, Pid),
    Pid ! go,
    control_accept(L, Dir).

client_job(C, Dir) ->
    Reply = case gen_tcp:recv(C, 0, ?TIMEOUT) of
                {ok, Line} ->
                    ["client", Port, Version, Size, Ca] = string:lexemes(binary_to_list(Line), " \n"),
                    try client(list_to_integer(Port), list_to_atom(Version),
                               list_to_integer(Size), filename:join(Dir, Ca ++ ".pem")) of
                        {ok, Protocol} -> io_lib:format("ok ~p~n", [Protocol]);
                        Error -> io_lib:format("error ~0p~n", [Error])
                    catch
                        Class:Reason -> io_lib:format("error ~0p~n", [{Class, Reason}])
                    end;
                Error ->
                    io_lib:format("error ~0p~n", [Error])
            end,
    ok = gen_tcp:send(C, Reply),
    gen_tcp:close(C).

client(Port, Version, Size, CaFile) ->
    Opts = [{verify, verify_peer}, {cacertfile, CaFile}, {server_name_indication, "localhost"},
            {versions, [Version]}, binary, {active, false}],
    case ssl:connect({127, 0, 0, 1}, Port, Opts, ?TIMEOUT) of
        {ok, S} ->
            R = lockstep(S, pattern(Size)),
            {ok, [{protocol, P}]} = ssl:connection_information(S, [protocol]),
            ssl:close(S),
            case R of
                ok -> {ok, P};
                _ -> R
            end;
        Error ->
            Error
    end.

%% Send Data in steps of ?STEP bytes, each echoed back before the next.
lockstep(_S, <<>>) ->
    ok;
lockstep(S, Data) ->
    N = min(?STEP, byte_size(Data)),
    <<Step:N/binary, Rest/binary>> = Data,
    ok = ssl:send(S, Step),
    case recv_exactly(S, N, <<>>) of
        {ok, Step} -> lockstep(S, Rest);
        {ok, _} -> {corrupted_at, byte_size(Data)};
        Error -> Error
    end.

recv_exactly(_S, 0, Acc) ->
    {ok, Acc};
recv_exactly(S, N, Acc) ->
    case ssl:recv(S, 0, ?TIMEOUT) of
        {ok, D} when byte_size(D) =< N -> recv_exactly(S, N - byte_size(D), <<Acc/binary, D/binary>>);
        {ok, _} -> {error, too_much};
        Error -> Error
    end.

%% The test pattern: bytes 0..250 over and over (a prime period, so a shift shows).
pattern(Size) ->
    Block = list_to_binary(lists:seq(0, 250)),
    binary:part(binary:copy(Block, Size div 251 + 1), 0, Size).
