%% The Erlang side of vm/tests/embedding.rs: functions a host applies, a registered echo
%% process that forwards to the host, host calls, a gen_server.
-module(embed_demo).
-behaviour(gen_server).
-export([add/2, fail/1, throw_it/1, spin/1, hog/1, halt_with/1, wait_then/2, start_echo/0,
         double_via_host/1, start_counter/0, watch_me/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

add(A, B) -> A + B.

fail(Reason) -> erlang:error(Reason).

throw_it(Value) -> throw(Value).

%% Busy for N iterations (many time slices when N is large).
spin(0) -> done;
spin(N) -> spin(N - 1).

%% Holds a list of N elements (2N words of heap) and returns its length.
hog(N) -> length(lists:seq(1, N)).

halt_with(Status) -> erlang:halt(Status).

wait_then(Ms, Value) ->
    receive after Ms -> Value end.

%% A process registered as `echo`: every message goes back to the host as {echo, Msg}.
start_echo() ->
    Pid = spawn(fun echo/0),
    true = register(echo, Pid),
    Pid.

echo() ->
    receive
        stop -> ok;
        Msg ->
            ok = host:send({echo, Msg}),
            echo()
    end.

double_via_host(X) ->
    host:call(double, X).

%% Asks the host to monitor the caller, then waits for `go` and crashes.
watch_me() ->
    ok = host:monitor(self()),
    receive go -> erlang:error(on_purpose) end.

start_counter() ->
    {ok, Pid} = gen_server:start({local, counter}, ?MODULE, 0, []),
    Pid.

init(N) -> {ok, N}.
handle_call({add, K}, _From, N) -> {reply, N + K, N + K};
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast(_Msg, N) -> {noreply, N}.
handle_info(_Msg, N) -> {noreply, N}.
