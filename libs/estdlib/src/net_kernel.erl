%% net_kernel: makes this VM a distributed node. Listens for connections, registers with epmd,
%% names the node (`atomvm_dist:set_node/2`), answers other nodes' `is_auth` calls (net_adm:ping),
%% and sets up connections (atomvm_dist_conn) when asked or when the VM wants one for a send,
%% link or monitor to a node it is not connected to.
%%
%% The cookie is ATOMVM_COOKIE, else the content of ~/.erlang.cookie, else a random one.
-module(net_kernel).
-behaviour(gen_server).

-export([start/1, start/2, stop/0, connect_node/1, monitor_nodes/1, monitor_nodes/2,
         get_net_ticktime/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

%% start([Name]) / start([Name, shortnames | longnames]) as OTP's net_kernel:start/1.
start([Name]) -> start(Name, #{name_domain => longnames});
start([Name, Domain | _]) -> start(Name, #{name_domain => Domain}).

start(Name, Opts) when is_atom(Name), is_map(Opts) ->
    Domain = maps:get(name_domain, Opts, longnames),
    case node() of
        nonode@nohost ->
            case gen_server:start({local, net_kernel}, ?MODULE, {full_name(Name, Domain)}, []) of
                {ok, Pid} -> {ok, Pid};
                {error, R} -> {error, R}
            end;
        _ ->
            {error, {already_started, whereis(net_kernel)}}
    end;
start(Name, Opts) when is_list(Opts) ->
    start(Name, maps:from_list(Opts));
start(_Name, _Opts) ->
    error(badarg).

stop() ->
    case whereis(net_kernel) of
        undefined -> {error, not_found};
        _ -> gen_server:stop(net_kernel)
    end.

connect_node(Node) when is_atom(Node) ->
    case node() of
        nonode@nohost -> ignored;
        Node -> true;
        _ ->
            case lists:member(Node, nodes()) of
                true -> true;
                false -> gen_server:call(net_kernel, {connect, Node}, infinity)
            end
    end.

monitor_nodes(Flag) -> monitor_nodes(Flag, []).

monitor_nodes(Flag, _Opts) when is_boolean(Flag) ->
    gen_server:call(net_kernel, {monitor_nodes, self(), Flag}, infinity).

get_net_ticktime() -> 60.

full_name(Name, Domain) ->
    case string:split(atom_to_list(Name), "@") of
        [_, _] -> Name;
        [N] ->
            {ok, Host} = net:gethostname(),
            H = case Domain of
                    shortnames -> hd(string:split(Host, "."));
                    _ -> Host
                end,
            list_to_atom(N ++ "@" ++ H)
    end.

%% ---- the server ----

init({Node}) ->
    process_flag(trap_exit, true),
    [Name, _] = string:split(atom_to_list(Node), "@"),
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {packet, 2}, {reuseaddr, true}]),
    {ok, Port} = inet:port(L),
    case erl_epmd:register_node(Name, Port) of
        {ok, Creation, Epmd} ->
            atomvm_dist:set_node(Node, Creation),
            erlang:set_cookie(default_cookie()),
            Self = self(),
            Acceptor = spawn_link(fun() -> acceptor(Self, L, Creation) end),
            ok = gen_tcp:controlling_process(L, Acceptor),
            {ok, #{listen => L, epmd => Epmd, creation => Creation, connecting => #{},
                   monitors => [], acceptor => Acceptor}};
        Error ->
            gen_tcp:close(L),
            {stop, {epmd, Error}}
    end.

default_cookie() ->
    case os:getenv("ATOMVM_COOKIE") of
        false ->
            case home_cookie() of
                {ok, C} -> C;
                _ -> random_cookie()
            end;
        C ->
            list_to_atom(C)
    end.

home_cookie() ->
    case os:getenv("HOME") of
        false -> error;
        Home ->
            case file:read_file(filename:join(Home, ".erlang.cookie")) of
                {ok, B} -> {ok, binary_to_atom(string:trim(B), utf8)};
                _ -> error
            end
    end.

random_cookie() ->
    Bytes = try crypto:strong_rand_bytes(20) catch error:_ -> rand:bytes(20) end,
    list_to_atom([$A + X rem 26 || <<X>> <= Bytes]).

acceptor(Kernel, L, Creation) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(atomvm_dist_conn, accept, [Kernel, S, Creation]),
            _ = gen_tcp:controlling_process(S, Pid),
            acceptor(Kernel, L, Creation);
        _ ->
            ok
    end.

handle_call({is_auth, _Node}, _From, St) ->
    {reply, yes, St};
handle_call({connect, Node}, From, St) ->
    {noreply, connect(Node, [From], St)};
handle_call({monitor_nodes, Pid, true}, _From, #{monitors := Ms} = St) ->
    {reply, ok, St#{monitors := [Pid | Ms]}};
handle_call({monitor_nodes, Pid, false}, _From, #{monitors := Ms} = St) ->
    {reply, ok, St#{monitors := lists:delete(Pid, Ms)}};
handle_call(_Req, _From, St) ->
    {reply, {error, unknown_call}, St}.

handle_cast(_Msg, St) ->
    {noreply, St}.

handle_info({'$atomvm_dist_connect', Node}, St) ->
    {noreply, connect(Node, [], St)};
handle_info({connect_result, Node, Result}, #{connecting := C} = St) ->
    Waiting = maps:get(Node, C, []),
    Result orelse atomvm_dist:connection_down(Node),
    [gen_server:reply(W, Result) || W <- Waiting],
    {noreply, St#{connecting := maps:remove(Node, C)}};
handle_info({nodeup, Node, _Pid}, #{monitors := Ms} = St) ->
    [M ! {nodeup, Node} || M <- Ms],
    {noreply, St};
handle_info({nodedown, Node, _Pid}, #{monitors := Ms} = St) ->
    [M ! {nodedown, Node} || M <- Ms],
    {noreply, St};
handle_info(_Msg, St) ->
    {noreply, St}.

%% Start a connection to Node unless one is under way; From (if any) gets true or false.
connect(Node, Froms, #{connecting := C, creation := Creation} = St) ->
    case maps:find(Node, C) of
        {ok, Waiting} ->
            St#{connecting := C#{Node := Froms ++ Waiting}};
        error ->
            Self = self(),
            spawn(atomvm_dist_conn, connect, [Self, Node, Creation]),
            St#{connecting := C#{Node => Froms}}
    end.

terminate(_Reason, #{listen := L, epmd := Epmd}) ->
    [erlang:disconnect_node(N) || N <- nodes()],
    gen_tcp:close(L),
    gen_tcp:close(Epmd),
    atomvm_dist:set_node(nonode@nohost, 0),
    ok.
