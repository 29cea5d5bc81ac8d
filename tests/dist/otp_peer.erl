%% The OTP side of the distribution suite: run on a real OTP node
%% (`erl -sname otp25@localhost -s otp_peer start`). A gen_server registered as otp_peer, an
%% echo process, and calls back into the AtomVM node.
-module(otp_peer).
-behaviour(gen_server).
-export([start/0, echo/0, start_echo/0, call_back/1, sum_in_order/2]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

start() ->
    {ok, _} = gen_server:start({local, otp_peer}, ?MODULE, [], []),
    ok.

init([]) -> {ok, #{}}.
handle_call({echo, X}, _From, St) -> {reply, X, St};
handle_call(node, _From, St) -> {reply, node(), St}.
handle_cast(_, St) -> {noreply, St}.
handle_info(_, St) -> {noreply, St}.

%% A process that sends every message back to the pid it names.
start_echo() -> spawn(?MODULE, echo, []).

echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg}, echo();
        stop -> ok
    end.

%% From the OTP node into the AtomVM node: ping, erpc, rpc and a gen_server call.
call_back(Node) ->
    Ping = net_adm:ping(Node),
    Erpc = erpc:call(Node, test_dist, double, [21]),
    Rpc = rpc:call(Node, erlang, node, []),
    Gen = gen_server:call({vm_server, Node}, {echo, hi}),
    Err = try erpc:call(Node, erlang, error, [boom]) catch error:{exception, boom, _} -> caught end,
    {Ping, Erpc, Rpc, Gen, Err}.

%% Receive N messages {seq, I} from Pid and tell whether they came in order.
sum_in_order(Pid, N) -> spawn(fun() -> Pid ! {in_order, self(), count(0, N)} end).

count(N, N) -> true;
count(I, N) ->
    receive
        {seq, I} -> count(I + 1, N);
        {seq, _} -> false
    after 10000 -> timeout
    end.
