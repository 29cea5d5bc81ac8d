%% gen_statem: OTP's generic state machine over proc_lib, in a small form. Both callback modes
%% (state_functions, handle_event_function) with optional state enter calls; actions reply,
%% postpone, next_event, event/state/generic timeouts, hibernate (when no event timeout runs).
%% Calls and replies use the same protocol as gen_server (a monitor alias as the tag).
-module(gen_statem).

-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4,
         enter_loop/4, enter_loop/5, enter_loop/6, stop/1, stop/3,
         call/2, call/3, cast/2, reply/1, reply/2, init_it/6,
         send_request/2, send_request/4, wait_response/1, wait_response/2, wait_response/3,
         receive_response/1, receive_response/2, receive_response/3,
         check_response/2, check_response/3,
         reqids_new/0, reqids_size/1, reqids_add/3, reqids_to_list/1]).
%% For sys.
-export([system_continue/3, system_terminate/4, system_get_state/1, system_replace_state/2,
         format_status/2]).
%% For proc_lib:hibernate/3.
-export([wake_hib/1]).

-callback init(Args :: term()) -> term().
-callback callback_mode() -> term().
-optional_callbacks([terminate/3, handle_event/4]).
-callback terminate(Reason :: term(), State :: term(), Data :: term()) -> term().
-callback handle_event(Type :: term(), Content :: term(), State :: term(), Data :: term()) ->
    term().

%% The machine. `postponed` newest first; `timers` maps a timeout type (state_timeout or
%% {timeout, Name}) to {TimerRef, Msg}; `event_timeout` is none or {Time, Msg}.
-record(m, {parent, name, mod, mode = state_functions, enter = false,
            state, data, postponed = [], timers = #{}, event_timeout = none,
            hibernate = false}).

%% ---- starting ----

start(Mod, Args, Opts) -> gen:start(?MODULE, nolink, Mod, Args, Opts).
start(Name, Mod, Args, Opts) -> gen:start(?MODULE, nolink, Name, Mod, Args, Opts).
start_link(Mod, Args, Opts) -> gen:start(?MODULE, link, Mod, Args, Opts).
start_link(Name, Mod, Args, Opts) -> gen:start(?MODULE, link, Name, Mod, Args, Opts).
start_monitor(Mod, Args, Opts) -> gen:start(?MODULE, monitor, Mod, Args, Opts).
start_monitor(Name, Mod, Args, Opts) -> gen:start(?MODULE, monitor, Name, Mod, Args, Opts).

%% Runs in the new process, its name registered (gen).
init_it(Starter, Parent, Name, Mod, Args, _Opts) ->
    put('$initial_call', {Mod, init, ['Argument__1']}),
    case run(fun() -> Mod:init(Args) end) of
        {ok, {ok, S, D}} -> started(Starter, Parent, Name, Mod, S, D, []);
        {ok, {ok, S, D, Actions}} -> started(Starter, Parent, Name, Mod, S, D, Actions);
        {ok, {stop, Reason}} -> gen:init_fail(Name, Starter, {error, Reason}, {exit, Reason});
        {ok, ignore} ->
            gen:init_fail(Name, Starter, ignore, {exit, normal});
        {ok, Other} ->
            Reason = {bad_return_from_init, Other},
            gen:init_fail(Name, Starter, {error, Reason}, {exit, Reason});
        {'EXIT', Class, Reason, Stack} ->
            gen:init_fail(Name, Starter, {error, Reason}, {Class, Reason, Stack})
    end.

%% The calling process (started by proc_lib, registered as Server if that is {local, Name})
%% becomes the machine.
enter_loop(Mod, Opts, S, D) -> enter_loop(Mod, Opts, S, D, self(), []).
enter_loop(Mod, Opts, S, D, Actions) when is_list(Actions) ->
    enter_loop(Mod, Opts, S, D, self(), Actions);
enter_loop(Mod, Opts, S, D, Server) -> enter_loop(Mod, Opts, S, D, Server, []).
enter_loop(Mod, _Opts, S, D, Server, Actions) ->
    case gen:where(Server) =:= self() of
        true -> started(none, gen:get_parent(), Server, Mod, S, D, Actions);
        false -> exit(process_not_registered)
    end.

%% Raise Exception; a starter waiting for this process gets {error, Reason}.
fail_start(none, _, {Class, Reason}) -> erlang:raise(Class, Reason, []);
fail_start(none, _, {Class, Reason, Stack}) -> erlang:raise(Class, Reason, Stack);
fail_start(Starter, Reason, Exception) -> proc_lib:init_fail(Starter, {error, Reason}, Exception).

started(Starter, Parent, Name, Mod, S, D, Actions) ->
    M0 = #m{parent = Parent, name = Name, mod = Mod, state = S, data = D},
    case run(fun() -> Mod:callback_mode() end) of
        {ok, CM} ->
            case callback_mode(CM, M0) of
                {ok, M} ->
                    Starter =:= none orelse proc_lib:init_ack(Starter, {ok, self()}),
                    %% The initial state is entered like any other (with itself as the old state).
                    transition(M, S, D, listify(Actions), [], true, undefined, false);
                error ->
                    Reason = {bad_callback_mode, CM},
                    fail_start(Starter, Reason, {exit, Reason})
            end;
        {'EXIT', Class, Reason, Stack} ->
            fail_start(Starter, Reason, {Class, Reason, Stack})
    end.

callback_mode(CM, M) ->
    Items = listify(CM),
    Modes = [X || X <- Items, X =:= state_functions orelse X =:= handle_event_function],
    Enter = lists:member(state_enter, Items),
    case Modes of
        [Mode] -> {ok, M#m{mode = Mode, enter = Enter}};
        _ -> error
    end.

run(F) ->
    try {ok, F()}
    catch
        throw:Value -> {ok, Value};
        Class:Reason:Stack -> {'EXIT', Class, Reason, Stack}
    end.

listify(L) when is_list(L) -> L;
listify(X) -> [X].

%% ---- the event loop ----

%% Queue: events to handle before reading the mailbox, each {Type, Content}.
loop(M, [{Type, Content} | Queue]) ->
    event(M#m{event_timeout = none}, Type, Content, Queue);
loop(#m{hibernate = true, event_timeout = none} = M, []) ->
    proc_lib:hibernate(?MODULE, wake_hib, [M#m{hibernate = false}]);
loop(#m{event_timeout = ET} = M, []) ->
    After = case ET of none -> infinity; {T, _} -> T end,
    receive
        Msg -> message(M, Msg)
    after After ->
        {_, TMsg} = ET,
        event(M#m{event_timeout = none}, timeout, TMsg, [])
    end.

wake_hib(M) -> loop(M, []).

message(#m{parent = Parent} = M0, Msg) ->
    M = M0#m{event_timeout = none},
    case Msg of
        {'$gen_call', From, Req} -> event(M, {call, From}, Req, []);
        {'$gen_cast', Req} -> event(M, cast, Req, []);
        {timeout, Ref, '$gen_statem'} ->
            case [K || {K, {R, _}} <- maps:to_list(M#m.timers), R =:= Ref] of
                [Type] ->
                    {_, TMsg} = maps:get(Type, M#m.timers),
                    Timers = maps:remove(Type, M#m.timers),
                    event(M#m{timers = Timers}, Type, TMsg, []);
                [] ->
                    %% A cancelled timer's late message: not an event.
                    loop(M0, [])
            end;
        {system, From, Req} ->
            %% (the event timeout, if any, starts again)
            sys:handle_system_msg(Req, From, Parent, ?MODULE, [], M0);
        {'EXIT', Parent, Reason} ->
            terminate(M, exit, Reason, [], []);
        _ -> event(M, info, Msg, [])
    end.

%% ---- system messages (sys) ----

system_continue(_Parent, _Debug, M) -> loop(M, []).
system_terminate(Reason, _Parent, _Debug, M) -> terminate(M, exit, Reason, [], []).
system_get_state(#m{state = S, data = D}) -> {ok, {S, D}}.
system_replace_state(F, #m{state = S, data = D} = M) ->
    {NS, ND} = F({S, D}),
    {ok, {NS, ND}, M#m{state = NS, data = ND}}.

format_status(_Opt, [_Dict, SysState, Parent, _Debug, #m{name = Name, state = S, data = D}]) ->
    Server = gen:name(Name),
    [{header, "Status for state machine " ++ io_lib:format("~p", [Server])},
     {data, [{"Status", SysState}, {"Parent", Parent}, {"Logged Events", []},
             {"Postponed", []}]},
     {data, [{"State", {S, D}}]}].

%% One event through the state callback.
event(#m{mod = Mod, state = S, data = D} = M, Type, Content, Queue) ->
    Result = case M#m.mode of
                 state_functions -> run(fun() -> Mod:S(Type, Content, D) end);
                 handle_event_function -> run(fun() -> Mod:handle_event(Type, Content, S, D) end)
             end,
    case Result of
        {ok, R} -> result(M, R, {Type, Content}, Queue);
        {'EXIT', Class, Reason, Stack} -> terminate(M, Class, Reason, Stack, Queue)
    end.

result(#m{state = S, data = D} = M, R, Event, Queue) ->
    case R of
        {next_state, NS, ND} -> transition(M, NS, ND, [], Queue, false, Event, false);
        {next_state, NS, ND, A} -> transition(M, NS, ND, listify(A), Queue, false, Event, false);
        {keep_state, ND} -> transition(M, S, ND, [], Queue, false, Event, false);
        {keep_state, ND, A} -> transition(M, S, ND, listify(A), Queue, false, Event, false);
        keep_state_and_data -> transition(M, S, D, [], Queue, false, Event, false);
        {keep_state_and_data, A} -> transition(M, S, D, listify(A), Queue, false, Event, false);
        {repeat_state, ND} -> transition(M, S, ND, [], Queue, true, Event, false);
        {repeat_state, ND, A} -> transition(M, S, ND, listify(A), Queue, true, Event, false);
        repeat_state_and_data -> transition(M, S, D, [], Queue, true, Event, false);
        {repeat_state_and_data, A} -> transition(M, S, D, listify(A), Queue, true, Event, false);
        {stop, Reason} -> terminate(M, exit, Reason, [], Queue);
        {stop, Reason, ND} -> terminate(M#m{data = ND}, exit, Reason, [], Queue);
        {stop_and_reply, Reason, Replies} ->
            reply(Replies),
            terminate(M, exit, Reason, [], Queue);
        {stop_and_reply, Reason, Replies, ND} ->
            reply(Replies),
            terminate(M#m{data = ND}, exit, Reason, [], Queue);
        _ -> bad_return(M, R, Queue)
    end.

bad_return(M, R, Queue) ->
    Reason = {bad_return_from_state_function, R},
    terminate(M, error, Reason, stack(), Queue).

stack() ->
    try erlang:error(x) catch error:x:St -> St end.

%% Move to state NS with data ND and run the actions. Enter: this is the start (the initial
%% state is entered). InEnter: these are the results of a state enter call.
transition(M, NS, ND, Actions, Queue, Repeat, Event, InEnter) ->
    case actions(Actions, {[], false, [], M#m.timers, M#m.event_timeout}, InEnter) of
        {ok, {_, true, _, _, _}} when Event =:= undefined ->
            %% Nothing to postpone at the start.
            terminate(M#m{state = NS, data = ND}, error,
                      {bad_action_from_state_function, postpone}, stack(), Queue);
        {ok, {NextEvents, Postpone, Zero, Timers0, ET}} ->
            OldS = M#m.state,
            Changed = NS =/= OldS,
            Postponed0 = case Postpone of
                             true -> [Event | M#m.postponed];
                             false -> M#m.postponed
                         end,
            %% A state change cancels the state timeout (unless just set) and retries the
            %% postponed events (oldest first), after the events inserted by next_event.
            {Postponed, Queue1, Timers} =
                case Changed of
                    true ->
                        T1 = case lists:keymember(state_timeout, 1, timer_actions(Actions))
                                  orelse InEnter of
                                 true -> Timers0;
                                 false -> cancel_timer(state_timeout, Timers0)
                             end,
                        {[], lists:reverse(Postponed0, Queue), T1};
                    false -> {Postponed0, Queue, Timers0}
                end,
            %% Timeouts of 0 are events at once, after the inserted ones.
            Queue2 = lists:reverse(NextEvents, Queue1) ++ lists:reverse(Zero),
            M1 = M#m{state = NS, data = ND, postponed = Postponed, timers = Timers,
                     event_timeout = ET, hibernate = hibernate_of(Actions)},
            Start = Event =:= undefined,
            case M#m.enter andalso (Changed orelse Repeat orelse (Start andalso not InEnter)) of
                true when not InEnter -> enter(M1, OldS, Queue2);
                _ ->
                    %% An event timeout of 0 fires unless events are waiting.
                    case {ET, Queue2} of
                        {{0, TMsg}, []} -> loop(M1, [{timeout, TMsg}]);
                        _ -> loop(M1, Queue2)
                    end
            end;
        {error, Bad} ->
            Reason = {bad_action_from_state_function, Bad},
            terminate(M#m{state = NS, data = ND}, error, Reason, stack(), Queue)
    end.

timer_actions(Actions) -> [A || A <- Actions, is_tuple(A)].

%% Whether the actions ask to hibernate (the last hibernate action decides).
hibernate_of(Actions) ->
    lists:foldl(fun(hibernate, _) -> true;
                   ({hibernate, B}, _) -> B;
                   (_, H) -> H
                end, false, Actions).

%% The state enter call: only keep/repeat results, no postpone or next_event.
enter(#m{mod = Mod, state = S, data = D} = M, OldS, Queue) ->
    Result = case M#m.mode of
                 state_functions -> run(fun() -> Mod:S(enter, OldS, D) end);
                 handle_event_function -> run(fun() -> Mod:handle_event(enter, OldS, S, D) end)
             end,
    case Result of
        {ok, R} ->
            case R of
                {next_state, S, ND} -> transition(M, S, ND, [], Queue, false, enter, true);
                {next_state, S, ND, A} -> transition(M, S, ND, listify(A), Queue, false, enter, true);
                {keep_state, ND} -> transition(M, S, ND, [], Queue, false, enter, true);
                {keep_state, ND, A} -> transition(M, S, ND, listify(A), Queue, false, enter, true);
                keep_state_and_data -> transition(M, S, D, [], Queue, false, enter, true);
                {keep_state_and_data, A} -> transition(M, S, D, listify(A), Queue, false, enter, true);
                {repeat_state, ND} -> transition(M, S, ND, [], Queue, false, enter, true);
                {repeat_state, ND, A} -> transition(M, S, ND, listify(A), Queue, false, enter, true);
                repeat_state_and_data -> transition(M, S, D, [], Queue, false, enter, true);
                {repeat_state_and_data, A} -> transition(M, S, D, listify(A), Queue, false, enter, true);
                {stop, _} -> result(M, R, enter, Queue);
                {stop, _, _} -> result(M, R, enter, Queue);
                {stop_and_reply, _, _} -> result(M, R, enter, Queue);
                {stop_and_reply, _, _, _} -> result(M, R, enter, Queue);
                _ -> bad_return(M, R, Queue)
            end;
        {'EXIT', Class, Reason, Stack} -> terminate(M, Class, Reason, Stack, Queue)
    end.

%% Run the actions in order: replies now, the rest collected.
actions([], Acc, _) -> {ok, Acc};
%% Acc: {NextEvents, Postpone, ZeroTimeouts, Timers, EventTimeout}, lists newest first.
actions([A | As], {Next, Post, Rs, Timers, ET} = Acc, InEnter) ->
    case A of
        {reply, From, Reply} -> reply(From, Reply), actions(As, Acc, InEnter);
        postpone when not InEnter -> actions(As, {Next, true, Rs, Timers, ET}, InEnter);
        {postpone, P} when is_boolean(P), not InEnter ->
            actions(As, {Next, P, Rs, Timers, ET}, InEnter);
        {next_event, Type, Content} when not InEnter ->
            actions(As, {[{Type, Content} | Next], Post, Rs, Timers, ET}, InEnter);
        hibernate -> actions(As, Acc, InEnter);
        {hibernate, B} when is_boolean(B) -> actions(As, Acc, InEnter);
        T when T =:= infinity; is_integer(T), T >= 0 ->
            actions(As, {Next, Post, Rs, Timers, event_timeout(T, T)}, InEnter);
        {timeout, T, Msg} when T =:= infinity; is_integer(T), T >= 0 ->
            actions(As, {Next, Post, Rs, Timers, event_timeout(T, Msg)}, InEnter);
        {timeout, T, Msg, _Opts} when T =:= infinity; is_integer(T), T >= 0 ->
            actions(As, {Next, Post, Rs, Timers, event_timeout(T, Msg)}, InEnter);
        {timeout, cancel} -> actions(As, {Next, Post, Rs, Timers, none}, InEnter);
        {Type, cancel} when Type =:= state_timeout; tuple_size(Type) =:= 2 ->
            case is_timer_type(Type) of
                true -> actions(As, {Next, Post, lists:keydelete(Type, 1, Rs),
                                     cancel_timer(Type, Timers), ET}, InEnter);
                false -> {error, A}
            end;
        {Type, update, Msg} ->
            case is_timer_type(Type) of
                true ->
                    Timers1 = case maps:find(Type, Timers) of
                                  {ok, {Ref, _}} -> Timers#{Type := {Ref, Msg}};
                                  error -> start_timer(Type, 0, Msg, Timers)
                              end,
                    actions(As, {Next, Post, Rs, Timers1, ET}, InEnter);
                false -> {error, A}
            end;
        {Type, T, Msg} -> timer_action(A, Type, T, Msg, As, Acc, InEnter);
        {Type, T, Msg, _Opts} -> timer_action(A, Type, T, Msg, As, Acc, InEnter);
        _ -> {error, A}
    end.

timer_action(A, Type, T, Msg, As, {Next, Post, Rs, Timers, ET}, InEnter) ->
    Rs1 = lists:keydelete(Type, 1, Rs),
    case is_timer_type(Type) andalso (T =:= infinity orelse (is_integer(T) andalso T >= 0)) of
        true when T =:= 0 ->
            actions(As, {Next, Post, [{Type, Msg} | Rs1], cancel_timer(Type, Timers), ET}, InEnter);
        true -> actions(As, {Next, Post, Rs1, start_timer(Type, T, Msg, Timers), ET}, InEnter);
        false -> {error, A}
    end.

is_timer_type(state_timeout) -> true;
is_timer_type({timeout, _}) -> true;
is_timer_type(_) -> false.

event_timeout(infinity, _) -> none;
event_timeout(T, Msg) -> {T, Msg}.

start_timer(Type, T, Msg, Timers) ->
    Timers1 = cancel_timer(Type, Timers),
    case T of
        infinity -> Timers1;
        _ -> Timers1#{Type => {erlang:start_timer(T, self(), '$gen_statem'), Msg}}
    end.

cancel_timer(Type, Timers) ->
    case maps:find(Type, Timers) of
        {ok, {Ref, _}} ->
            _ = erlang:cancel_timer(Ref),
            receive {timeout, Ref, _} -> ok after 0 -> ok end,
            maps:remove(Type, Timers);
        error -> Timers
    end.

%% ---- stopping ----

%% Runs terminate/3 (when the module has it), logs an abnormal end and ends the process
%% with the reason (an error or throw raised again, as OTP's does).
terminate(#m{mod = Mod, state = S, data = D} = M, Class, Reason, Stack, Queue) ->
    _ = Queue,
    TResult = case erlang:function_exported(Mod, terminate, 3) of
                  true -> run(fun() -> Mod:terminate(Reason, S, D) end);
                  false -> {ok, ok}
              end,
    case TResult of
        {'EXIT', C, R, St} ->
            error_report(M, C, R, St),
            erlang:raise(C, R, St);
        _ -> ok
    end,
    case Class of
        exit ->
            case Reason of
                normal -> ok;
                shutdown -> ok;
                {shutdown, _} -> ok;
                _ -> error_report(M, Class, Reason, Stack)
            end,
            exit(Reason);
        _ ->
            error_report(M, Class, Reason, Stack),
            erlang:raise(Class, Reason, Stack)
    end.

error_report(#m{name = Name, state = S, data = D} = M, Class, Reason, Stack) ->
    Server = gen:name(Name),
    Text = io_lib:format("=ERROR REPORT==== ~s ===~n"
                         "** State machine ~p terminating~n"
                         "** When server state  = ~p~n"
                         "** Reason for termination = ~p:~p~n"
                         "** Callback mode = ~p~n"
                         "** Stacktrace =~n**  ~p~n~n",
                         [proc_lib:report_time(), Server, {S, D}, Class, Reason,
                          M#m.mode, Stack]),
    io:put_chars(standard_error, Text).

%% ---- the client side ----

call(Server, Request) -> call(Server, Request, infinity).
call(Server, Request, Timeout0) ->
    Timeout = case Timeout0 of
                  {dirty_timeout, T} -> T;
                  {clean_timeout, T} -> T;
                  T -> T
              end,
    try gen:call(Server, '$gen_call', Request, Timeout) of
        {ok, Reply} -> Reply
    catch exit:Reason -> exit({Reason, {?MODULE, call, [Server, Request, Timeout0]}})
    end.

cast(Server, Msg) ->
    case gen:where(Server) of
        undefined -> ok;
        Pid -> Pid ! {'$gen_cast', Msg}, ok
    end.

reply({reply, From, Reply}) -> reply(From, Reply);
reply(Replies) when is_list(Replies) -> lists:foreach(fun reply/1, Replies).

reply(From, Reply) -> gen:reply(From, Reply).

stop(Server) -> gen:stop(Server).
stop(Server, Reason, Timeout) -> gen:stop(Server, Reason, Timeout).

%% Asynchronous calls.
send_request(Server, Request) -> gen:send_request(Server, '$gen_call', Request).
send_request(Server, Request, Label, Coll) ->
    gen:send_request(Server, '$gen_call', Request, Label, Coll).
wait_response(ReqId) -> gen:wait_response(ReqId, infinity).
receive_response(ReqId) -> gen:receive_response(ReqId, infinity).
-include("gen_responses.hrl").
