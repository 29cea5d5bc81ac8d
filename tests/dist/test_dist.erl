%% The distribution suite, run on our VM (natively and on wasm32-wasip2) against real OTP nodes
%% started by `cargo xtask test` (tools/xtask/src/dist.rs): DIST_PEER names the OTP node with
%% our cookie, DIST_BAD_PEER one with another cookie; ATOMVM_COOKIE is the cookie.
-module(test_dist).
-behaviour(gen_server).
-export([start/0, double/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

double(X) -> 2 * X.

init([]) -> {ok, #{}}.
handle_call({echo, X}, _From, St) -> {reply, X, St}.
handle_cast(_, St) -> {noreply, St}.
handle_info(_, St) -> {noreply, St}.

start() ->
    Peer = list_to_atom(os:getenv("DIST_PEER")),
    Bad = list_to_atom(os:getenv("DIST_BAD_PEER")),
    Me = list_to_atom(os:getenv("DIST_NAME")),
    {ok, _} = net_kernel:start(Me, #{name_domain => shortnames}),
    {ok, _} = gen_server:start({local, vm_server}, ?MODULE, [], []),
    Results = [check(T, F) || {T, F} <- tests(Me, Peer, Bad)],
    net_kernel:stop(),
    case [R || R <- Results, R =/= ok] of
        [] -> ok;
        Failed -> {failed, Failed}
    end.

check(Name, F) ->
    R = try F() catch C:E:S -> {C, E, S} end,
    io:format("~p: ~p~n", [Name, R]),
    case R of
        true -> ok;
        _ -> {Name, R}
    end.

tests(Me, Peer, Bad) ->
    [{alive, fun() -> is_alive() andalso node() =:= Me end},
     {ping, fun() -> pong =:= net_adm:ping(Peer) end},
     {nodes, fun() -> nodes() =:= [Peer] end},
     {erpc, fun() -> erpc:call(Peer, erlang, node, []) =:= Peer andalso
                         erpc:call(Peer, lists, reverse, [[1, 2, 3]], 5000) =:= [3, 2, 1] end},
     {erpc_error, fun() ->
                          try erpc:call(Peer, erlang, error, [boom]), false
                          catch error:{exception, boom, _} -> true end end},
     {rpc, fun() -> rpc:call(Peer, erlang, node, []) =:= Peer end},
     {gen_server_call, fun() -> gen_server:call({otp_peer, Peer}, {echo, hello}) =:= hello end},
     {call_back, fun() ->
                         {pong, 42, Me, hi, caught} =:=
                             erpc:call(Peer, otp_peer, call_back, [node()], 20000) end},
     {pids_across, fun() ->
                           E = erpc:call(Peer, otp_peer, start_echo, []),
                           E ! {self(), {self(), make_ref(), <<1, 2, 3>>, #{a => 1.5}}},
                           receive {E, {P, R, <<1, 2, 3>>, #{a := 1.5}}} ->
                                   P =:= self() andalso is_reference(R) andalso node(E) =:= Peer
                           after 5000 -> timeout end end},
     {messages_in_order, fun() ->
                                 C = erpc:call(Peer, otp_peer, sum_in_order, [self(), 10000]),
                                 [C ! {seq, I} || I <- lists:seq(0, 9999)],
                                 receive {in_order, C, R} -> R after 30000 -> timeout end end},
     {echo_in_order, fun() ->
                             E = erpc:call(Peer, otp_peer, start_echo, []),
                             [E ! {self(), I} || I <- lists:seq(1, 10000)],
                             lists:all(fun(I) -> receive {E, I} -> true after 10000 -> false end
                                       end, lists:seq(1, 10000)) end},
     {big_message, fun() ->
                           E = erpc:call(Peer, otp_peer, start_echo, []),
                           Big = binary:copy(<<"0123456789abcdef">>, 262144),
                           E ! {self(), Big},
                           receive {E, B} -> B =:= Big after 30000 -> timeout end end},
     {remote_exit, fun() ->
                           E = erpc:call(Peer, otp_peer, start_echo, []),
                           M = monitor(process, E),
                           exit(E, kill),
                           receive {'DOWN', M, process, E, killed} -> true
                           after 5000 -> timeout end end},
     {disconnect_and_monitor_nodes, fun() ->
                                            ok = net_kernel:monitor_nodes(true),
                                            true = erlang:disconnect_node(Peer),
                                            A = receive {nodedown, Peer} -> true
                                                after 5000 -> timeout end,
                                            B = nodes(),
                                            pong = net_adm:ping(Peer),
                                            C = receive {nodeup, Peer} -> true
                                                after 5000 -> timeout end,
                                            ok = net_kernel:monitor_nodes(false),
                                            {A, B, C, nodes()} =:= {true, [], true, [Peer]}
                                    end},
     {wrong_cookie, fun() -> pang =:= net_adm:ping(Bad) andalso not lists:member(Bad, nodes()) end},
     {nodedown, fun() ->
                        process_flag(trap_exit, true),
                        E = erpc:call(Peer, otp_peer, start_echo, []),
                        link(E),
                        M = monitor(process, E),
                        monitor_node(Peer, true),
                        erpc:cast(Peer, erlang, halt, []),
                        A = receive {nodedown, Peer} -> true after 10000 -> nodedown_timeout end,
                        B = receive {'DOWN', M, process, E, noconnection} -> true
                            after 5000 -> down_timeout end,
                        C = receive {'EXIT', E, noconnection} -> true after 5000 -> exit_timeout end,
                        process_flag(trap_exit, false),
                        {A, B, C, nodes()} =:= {true, true, true, []} end}].
