%% gen_server: OTP's generic server over proc_lib. Calls monitor the server and carry an
%% alias as their tag, so a reply that comes after the caller gave up is dropped.
-module(gen_server).

-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4, call/2, call/3, cast/2, reply/2,
         stop/1, stop/3, enter_loop/3, enter_loop/4, enter_loop/5, init_it/6,
         send_request/2, send_request/4, wait_response/2, wait_response/3,
         receive_response/2, receive_response/3, check_response/2, check_response/3,
         reqids_new/0, reqids_size/1, reqids_add/3, reqids_to_list/1]).
%% For sys.
-export([system_continue/3, system_terminate/4, system_get_state/1, system_replace_state/2,
         format_status/2]).
%% For proc_lib:hibernate/3.
-export([wake_hib/4]).
%% For logger: the text of this module's reports.
-export([format_log/1]).

-callback init(Args :: term()) -> term().
-callback handle_call(Request :: term(), From :: term(), State :: term()) -> term().
-callback handle_cast(Request :: term(), State :: term()) -> term().
-optional_callbacks([handle_info/2, terminate/2, handle_continue/2]).
-callback handle_info(Info :: term(), State :: term()) -> term().
-callback handle_continue(Info :: term(), State :: term()) -> term().
-callback terminate(Reason :: term(), State :: term()) -> term().

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
        {ok, {ok, State}} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, Mod, State, infinity);
        {ok, {ok, State, Timeout}} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, Mod, State, Timeout);
        {ok, {stop, Reason}} ->
            gen:init_fail(Name, Starter, {error, Reason}, {exit, Reason});
        {ok, ignore} ->
            gen:init_fail(Name, Starter, ignore, {exit, normal});
        {ok, Other} ->
            Reason = {bad_return_value, Other},
            gen:init_fail(Name, Starter, {error, Reason}, {exit, Reason});
        {'EXIT', Class, Reason, Stack} ->
            gen:init_fail(Name, Starter, {error, exit_reason(Class, Reason, Stack)}, {Class, Reason, Stack})
    end.

run(F) ->
    try {ok, F()}
    catch
        throw:Value -> {ok, Value};
        Class:Reason:Stack -> {'EXIT', Class, Reason, Stack}
    end.

exit_reason(error, Reason, Stack) -> {Reason, Stack};
exit_reason(exit, Reason, _) -> Reason;
exit_reason(throw, Value, Stack) -> {{nocatch, Value}, Stack}.

enter_loop(Mod, Opts, State) -> enter_loop(Mod, Opts, State, self(), infinity).
enter_loop(Mod, Opts, State, Name) when is_tuple(Name) ->
    enter_loop(Mod, Opts, State, Name, infinity);
enter_loop(Mod, Opts, State, Timeout) -> enter_loop(Mod, Opts, State, self(), Timeout).
enter_loop(Mod, _Opts, State, Name, Timeout) ->
    case gen:where(Name) =:= self() of
        true -> loop(gen:get_parent(), Name, Mod, State, Timeout);
        false -> exit(process_not_registered)
    end.

%% ---- the server loop ----

loop(Parent, Name, Mod, State, {continue, C}) ->
    handle(Parent, Name, Mod, State, {continue, C},
           run(fun() -> Mod:handle_continue(C, State) end));
loop(Parent, Name, Mod, State, hibernate) ->
    proc_lib:hibernate(?MODULE, wake_hib, [Parent, Name, Mod, State]);
loop(Parent, Name, Mod, State, Timeout) ->
    Msg = receive M -> M after Timeout -> timeout end,
    case Msg of
        {'$gen_call', From, Req} ->
            handle(Parent, Name, Mod, State, Msg,
                   run(fun() -> Mod:handle_call(Req, From, State) end), From);
        {'$gen_cast', Req} ->
            handle(Parent, Name, Mod, State, Msg, run(fun() -> Mod:handle_cast(Req, State) end));
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, [], {Name, Mod, State});
        {'EXIT', Parent, Reason} ->
            terminate(Name, Mod, State, Msg, Reason, undefined);
        _ ->
            handle(Parent, Name, Mod, State, Msg, info(Mod, Msg, State))
    end.

wake_hib(Parent, Name, Mod, State) -> loop(Parent, Name, Mod, State, infinity).

%% ---- system messages (sys) ----

system_continue(Parent, _Debug, {Name, Mod, State}) -> loop(Parent, Name, Mod, State, infinity).

system_terminate(Reason, _Parent, _Debug, {Name, Mod, State}) ->
    terminate(Name, Mod, State, [], Reason, undefined).

system_get_state({_, _, State}) -> {ok, State}.

system_replace_state(F, {Name, Mod, State}) ->
    NState = F(State),
    {ok, NState, {Name, Mod, NState}}.

format_status(_Opt, [_Dict, SysState, Parent, _Debug, {Name, _Mod, State}]) ->
    Server = gen:name(Name),
    [{header, "Status for generic server " ++ io_lib:format("~p", [Server])},
     {data, [{"Status", SysState}, {"Parent", Parent}, {"Logged events", []}]},
     {data, [{"State", State}]}].

info(Mod, Msg, State) ->
    case erlang:function_exported(Mod, handle_info, 2) of
        true -> run(fun() -> Mod:handle_info(Msg, State) end);
        false -> {ok, {noreply, State}}
    end.

handle(Parent, Name, Mod, State, Msg, Result, From) ->
    case Result of
        {ok, {reply, Reply, NState}} ->
            reply(From, Reply),
            loop(Parent, Name, Mod, NState, infinity);
        {ok, {reply, Reply, NState, Timeout}} ->
            reply(From, Reply),
            loop(Parent, Name, Mod, NState, Timeout);
        {ok, {stop, Reason, Reply, NState}} ->
            terminate(Name, Mod, NState, Msg, Reason, {From, Reply});
        _ ->
            handle(Parent, Name, Mod, State, Msg, Result)
    end.

handle(Parent, Name, Mod, State, Msg, Result) ->
    case Result of
        {ok, {noreply, NState}} -> loop(Parent, Name, Mod, NState, infinity);
        {ok, {noreply, NState, Timeout}} -> loop(Parent, Name, Mod, NState, Timeout);
        {ok, {stop, Reason, NState}} -> terminate(Name, Mod, NState, Msg, Reason, undefined);
        {'EXIT', Class, Reason, Stack} ->
            terminate(Name, Mod, State, Msg, exit_reason(Class, Reason, Stack), undefined);
        {ok, Other} ->
            terminate(Name, Mod, State, Msg, {bad_return_value, Other}, undefined)
    end.

%% Runs terminate/2 (when the module has it), sends a pending reply, logs an abnormal
%% end and exits with the reason.
terminate(Name, Mod, State, Msg, Reason, Pending) ->
    Result = case erlang:function_exported(Mod, terminate, 2) of
                 true -> run(fun() -> Mod:terminate(Reason, State) end);
                 false -> {ok, ok}
             end,
    case Pending of
        {From, Reply} -> reply(From, Reply);
        undefined -> ok
    end,
    Final = case Result of
                {'EXIT', C, R, S} -> exit_reason(C, R, S);
                _ -> Reason
            end,
    case Final of
        normal -> ok;
        shutdown -> ok;
        {shutdown, _} -> ok;
        _ -> error_report(Name, Msg, State, Final)
    end,
    exit(Final).

%% OTP's report (label {gen_server, terminate}) through logger, so that a handler's formatter
%% words it: OTP's default one with `format_log/1`, Elixir's Logger as "GenServer ... terminating".
error_report(Name, Msg, State, Reason) ->
    Report = #{label => {gen_server, terminate}, name => gen:name(Name), last_message => Msg,
               state => State, log => [], reason => Reason, client_info => client_info(Msg),
               process_label => undefined},
    logger:error(Report, #{domain => [otp], report_cb => fun ?MODULE:format_log/1,
                           error_logger => #{tag => error, report_cb => fun ?MODULE:format_log/1}}).

%% The caller of the last message when it was a call, as OTP reports it ({Pid, dead} once gone).
client_info({'$gen_call', {Pid, _Tag}, _}) when is_pid(Pid) ->
    case is_process_alive(Pid) of
        true -> {Pid, {Pid, []}};
        false -> {Pid, dead}
    end;
client_info(_) -> undefined.

format_log(#{label := {gen_server, terminate}, name := Name, last_message := Msg,
             state := State, reason := Reason}) ->
    {"** Generic server ~tp terminating~n"
     "** Last message in was ~tp~n"
     "** When Server state == ~tp~n"
     "** Reason for termination ==~n"
     "** ~tp~n", [Name, Msg, State, Reason]}.

%% ---- the client side ----

call(Server, Request) -> call(Server, Request, 5000, [Server, Request]).
call(Server, Request, Timeout) -> call(Server, Request, Timeout, [Server, Request, Timeout]).

call(Server, Request, Timeout, Args) ->
    try gen:call(Server, '$gen_call', Request, Timeout) of
        {ok, Reply} -> Reply
    catch exit:Reason -> exit({Reason, {?MODULE, call, Args}})
    end.

cast(Server, Request) ->
    case gen:where(Server) of
        undefined -> ok;
        Pid -> Pid ! {'$gen_cast', Request}, ok
    end.

reply(From, Reply) -> gen:reply(From, Reply).

stop(Server) -> gen:stop(Server).
stop(Server, Reason, Timeout) -> gen:stop(Server, Reason, Timeout).

%% Asynchronous calls.
send_request(Server, Request) -> gen:send_request(Server, '$gen_call', Request).
send_request(Server, Request, Label, Coll) ->
    gen:send_request(Server, '$gen_call', Request, Label, Coll).
-include("gen_responses.hrl").
