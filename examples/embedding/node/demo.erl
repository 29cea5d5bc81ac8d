%% The Erlang side of the Node host example (host.mjs): a counter gen_server, a process that
%% answers through the host, and functions that use host functions.
-module(demo).
-behaviour(gen_server).
-export([greet/1, crash/0, start_counter/0, start_relay/0, ask_host/1, slow/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

greet(Name) -> <<"Hello, ", Name/binary, "!">>.

crash() -> erlang:error({deliberate, crash}).

%% A counter behind gen_server, registered as `counter`.
start_counter() ->
    {ok, Pid} = gen_server:start({local, counter}, ?MODULE, 0, []),
    Pid.

init(N) -> {ok, N}.
handle_call({add, K}, _From, N) -> {reply, N + K, N + K};
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast(reset, _N) -> {noreply, 0}.
handle_info(_Msg, N) -> {noreply, N}.

%% A process registered as `relay`: it sends every message back to the host, tagged.
start_relay() ->
    Pid = spawn(fun relay/0),
    register(relay, Pid),
    Pid.

relay() ->
    receive
        Msg ->
            host:send({relayed, self(), Msg}),
            relay()
    end.

%% A host function call from Erlang: {ok, Result} | {error, Reason}.
ask_host(Question) -> host:call(<<"lookup">>, Question).

%% Waits Ms milliseconds, then answers.
slow(Ms) -> receive after Ms -> {slept, Ms} end.
