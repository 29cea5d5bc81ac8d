%% sys: system messages to processes that follow OTP's conventions (gen_server, gen_statem,
%% gen_event). A request is `{system, From, Req}`, answered like a gen_server call; the process
%% hands it to handle_system_msg/6, which calls back its module's system_continue/3,
%% system_terminate/4, system_get_state/1, system_replace_state/2 and system_code_change/4.
%% Debug options (trace, log, statistics, installed functions) live in the process's Debug
%% list: handle_debug/4 applies them to each event the process reports.
-module(sys).

-export([get_state/1, get_state/2, replace_state/2, replace_state/3, suspend/1, suspend/2,
         resume/1, resume/2, get_status/1, get_status/2, terminate/2, terminate/3,
         handle_system_msg/6, change_code/4, change_code/5,
         trace/2, trace/3, log/2, log/3, statistics/2, statistics/3, no_debug/1, no_debug/2,
         install/2, install/3, remove/2, remove/3,
         debug_options/1, handle_debug/4, print_log/1]).

get_state(Name) -> get_state(Name, 5000, [Name]).
get_state(Name, Timeout) -> get_state(Name, Timeout, [Name, Timeout]).

get_state(Name, Timeout, Args) ->
    case send(Name, get_state, Timeout, get_state, Args) of
        {error, Reason} -> erlang:error(Reason);
        State -> State
    end.

replace_state(Name, F) -> replace_state(Name, F, 5000, [Name, F]).
replace_state(Name, F, Timeout) -> replace_state(Name, F, Timeout, [Name, F, Timeout]).

replace_state(Name, F, Timeout, Args) ->
    case send(Name, {replace_state, F}, Timeout, replace_state, Args) of
        {error, Reason} -> erlang:error(Reason);
        State -> State
    end.

suspend(Name) -> send(Name, suspend, 5000, suspend, [Name]).
suspend(Name, Timeout) -> send(Name, suspend, Timeout, suspend, [Name, Timeout]).
resume(Name) -> send(Name, resume, 5000, resume, [Name]).
resume(Name, Timeout) -> send(Name, resume, Timeout, resume, [Name, Timeout]).
get_status(Name) -> send(Name, get_status, 5000, get_status, [Name]).
get_status(Name, Timeout) -> send(Name, get_status, Timeout, get_status, [Name, Timeout]).
terminate(Name, Reason) -> terminate(Name, Reason, infinity).
terminate(Name, Reason, Timeout) ->
    case is_pid(Name) orelse whereis(Name) =/= undefined of
        true -> proc_lib:stop(Name, Reason, Timeout);
        false -> exit({noproc, {?MODULE, terminate, [Name, Reason, Timeout]}})
    end.

change_code(Name, Module, Vsn, Extra) ->
    change_code(Name, Module, Vsn, Extra, 5000).
change_code(Name, Module, Vsn, Extra, Timeout) ->
    send(Name, {change_code, Module, Vsn, Extra}, Timeout, change_code,
         [Name, Module, Vsn, Extra, Timeout]).

trace(Name, Flag) -> trace(Name, Flag, 5000).
trace(Name, Flag, Timeout) -> debug(Name, {trace, Flag}, Timeout, trace, [Name, Flag, Timeout]).
log(Name, Flag) -> log(Name, Flag, 5000).
log(Name, Flag, Timeout) -> debug(Name, {log, Flag}, Timeout, log, [Name, Flag, Timeout]).
statistics(Name, Flag) -> statistics(Name, Flag, 5000).
statistics(Name, Flag, Timeout) ->
    debug(Name, {statistics, Flag}, Timeout, statistics, [Name, Flag, Timeout]).
no_debug(Name) -> no_debug(Name, 5000).
no_debug(Name, Timeout) -> debug(Name, no_debug, Timeout, no_debug, [Name, Timeout]).
install(Name, FuncSpec) -> install(Name, FuncSpec, 5000).
install(Name, FuncSpec, Timeout) ->
    debug(Name, {install, FuncSpec}, Timeout, install, [Name, FuncSpec, Timeout]).
remove(Name, Func) -> remove(Name, Func, 5000).
remove(Name, Func, Timeout) -> debug(Name, {remove, Func}, Timeout, remove, [Name, Func, Timeout]).

debug(Name, Req, Timeout, Fun, Args) -> send(Name, {debug, Req}, Timeout, Fun, Args).

%% The Debug list of spawn options such as gen_server's `{debug, Opts}`.
debug_options(Options) ->
    lists:foldl(fun debug_option/2, [], Options).

debug_option(trace, D) -> set_trace(true, D);
debug_option(log, D) -> set_log({true, 10}, D);
debug_option({log, N}, D) when is_integer(N), N > 0 -> set_log({true, N}, D);
debug_option(statistics, D) -> set_statistics(true, D);
debug_option({install, {Func, FuncState}}, D) -> install_func(Func, FuncState, D);
debug_option({install, {FuncId, Func, FuncState}}, D) ->
    install_func({FuncId, Func}, FuncState, D);
debug_option(_, D) -> D.

%% Apply the debug options to Event; returns the new Debug list. FormFunc(Device, Event, Extra)
%% prints an event (a trace goes to standard_io).
handle_debug([], _FormFunc, _Extra, _Event) ->
    [];
handle_debug(Debug, FormFunc, Extra, Event) ->
    lists:filtermap(fun(Option) -> debug_event(Option, FormFunc, Extra, Event) end, Debug).

debug_event({trace, true} = T, FormFunc, Extra, Event) ->
    FormFunc(standard_io, Event, Extra),
    {true, T};
debug_event({log, {N, Events}}, FormFunc, Extra, Event) ->
    {true, {log, {N, lists:sublist([{Event, Extra, FormFunc} | Events], N)}}};
debug_event({statistics, {Start, In, Out}}, _FormFunc, _Extra, Event) ->
    case Event of
        {in, _} -> {true, {statistics, {Start, In + 1, Out}}};
        {in, _, _} -> {true, {statistics, {Start, In + 1, Out}}};
        {out, _, _} -> {true, {statistics, {Start, In, Out + 1}}};
        {out, _, _, _} -> {true, {statistics, {Start, In, Out + 1}}};
        _ -> {true, {statistics, {Start, In, Out}}}
    end;
debug_event({install, Id, Func, FuncState}, _FormFunc, Extra, Event) ->
    %% An installed function returns `done' to remove itself, or its new state.
    case catch Func(FuncState, Event, Extra) of
        done -> false;
        {'EXIT', _} -> false;
        NewState -> {true, {install, Id, Func, NewState}}
    end;
debug_event(Other, _FormFunc, _Extra, _Event) ->
    {true, Other}.

%% Print the logged events (oldest first) with their FormFuncs.
print_log(Debug) ->
    case lists:keyfind(log, 1, Debug) of
        {log, {_, Events}} ->
            lists:foreach(fun({Event, Extra, FormFunc}) -> FormFunc(standard_io, Event, Extra) end,
                          lists:reverse(Events));
        false -> ok
    end.

set_trace(true, D) -> [{trace, true} | lists:keydelete(trace, 1, D)];
set_trace(false, D) -> lists:keydelete(trace, 1, D).

set_log({true, N}, D) -> [{log, {N, []}} | lists:keydelete(log, 1, D)];
set_log(true, D) -> set_log({true, 10}, D);
set_log(false, D) -> lists:keydelete(log, 1, D).

set_statistics(true, D) ->
    {reductions, Reds} = erlang:process_info(self(), reductions),
    Start = {erlang:localtime(), Reds},
    [{statistics, {Start, 0, 0}} | lists:keydelete(statistics, 1, D)];
set_statistics(false, D) -> lists:keydelete(statistics, 1, D).

install_func(Func, FuncState, D) ->
    Id = case Func of {FuncId, _} -> FuncId; _ -> Func end,
    F = case Func of {_, Fun} -> Fun; Fun -> Fun end,
    [{install, Id, F, FuncState} | remove_func(Id, D)].

remove_func(Id, D) -> [O || O <- D, not (element(1, O) =:= install andalso element(2, O) =:= Id)].

%% A `{debug, Req}' system request: the reply and the new Debug list.
debug_request({trace, Flag}, D) when is_boolean(Flag) -> {ok, set_trace(Flag, D)};
debug_request({log, get}, D) ->
    case lists:keyfind(log, 1, D) of
        {log, {_, Events}} ->
            {{ok, [E || {E, _Extra, _FormFunc} <- lists:reverse(Events)]}, D};
        false -> {{error, no_log}, D}
    end;
debug_request({log, print}, D) -> print_log(D), {ok, D};
debug_request({log, {true, N}}, D) when is_integer(N), N > 0 -> {ok, set_log({true, N}, D)};
debug_request({log, Flag}, D) when is_boolean(Flag) -> {ok, set_log(Flag, D)};
debug_request({statistics, get}, D) ->
    case lists:keyfind(statistics, 1, D) of
        {statistics, {{StartTime, Reds0}, In, Out}} ->
            {reductions, RedsNow} = erlang:process_info(self(), reductions),
            Reds = RedsNow - Reds0,
            {{ok, [{start_time, StartTime}, {current_time, erlang:localtime()},
                   {reductions, Reds}, {messages_in, In}, {messages_out, Out}]}, D};
        false -> {{ok, no_statistics}, D}
    end;
debug_request({statistics, Flag}, D) when is_boolean(Flag) -> {ok, set_statistics(Flag, D)};
debug_request(no_debug, _D) -> {ok, []};
debug_request({install, {Func, FuncState}}, D) when is_function(Func, 3) ->
    {ok, install_func(Func, FuncState, D)};
debug_request({install, {FuncId, Func, FuncState}}, D) when is_function(Func, 3) ->
    {ok, install_func({FuncId, Func}, FuncState, D)};
debug_request({remove, Id}, D) -> {ok, remove_func(Id, D)};
debug_request(Other, D) -> {{error, {unknown_debug, Other}}, D}.

%% A system request, sent and answered like a gen_server call.
send(Name, Req, Timeout, Fun, Args) ->
    try gen:call(Name, system, Req, Timeout) of
        {ok, Reply} -> Reply
    catch exit:Reason -> exit({Reason, {?MODULE, Fun, Args}})
    end.

reply(From, Reply) -> gen:reply(From, Reply).

%% Called by the process that received `{system, From, Req}`. Does not return: continues with
%% Mod:system_continue(Parent, Debug, Misc) or ends with Mod:system_terminate/4.
handle_system_msg(Req, From, Parent, Mod, Debug, Misc) ->
    handle(running, Req, From, Parent, Mod, Debug, Misc).

handle(SysState, Req, From, Parent, Mod, Debug, Misc) ->
    case Req of
        get_state ->
            reply(From, get_state_of(Mod, Misc)),
            next(SysState, Parent, Mod, Debug, Misc);
        {replace_state, F} ->
            {Reply, Misc1} = replace_state_of(Mod, F, Misc),
            reply(From, Reply),
            next(SysState, Parent, Mod, Debug, Misc1);
        suspend ->
            reply(From, ok),
            next(suspended, Parent, Mod, Debug, Misc);
        resume ->
            reply(From, ok),
            next(running, Parent, Mod, Debug, Misc);
        get_status ->
            {dictionary, Dict} = erlang:process_info(self(), dictionary),
            Status = case erlang:function_exported(Mod, format_status, 2) of
                         true -> Mod:format_status(normal, [Dict, SysState, Parent, Debug, Misc]);
                         false -> Misc
                     end,
            reply(From, {status, self(), {module, Mod}, [Dict, SysState, Parent, Debug, Status]}),
            next(SysState, Parent, Mod, Debug, Misc);
        {terminate, Reason} ->
            Mod:system_terminate(Reason, Parent, Debug, Misc);
        {debug, DebugReq} ->
            {Reply, Debug1} = debug_request(DebugReq, Debug),
            reply(From, Reply),
            next(SysState, Parent, Mod, Debug1, Misc);
        {change_code, Module, Vsn, Extra} when SysState =:= suspended ->
            {Reply, Misc1} = change_code_of(Mod, Module, Vsn, Extra, Misc),
            reply(From, Reply),
            next(SysState, Parent, Mod, Debug, Misc1);
        _ ->
            reply(From, {error, {unknown_system_msg, Req}}),
            next(SysState, Parent, Mod, Debug, Misc)
    end.

next(running, Parent, Mod, Debug, Misc) ->
    Mod:system_continue(Parent, Debug, Misc);
next(suspended, Parent, Mod, Debug, Misc) ->
    %% Only system messages (and the parent's exit) until resumed.
    receive
        {system, From, Req} -> handle(suspended, Req, From, Parent, Mod, Debug, Misc);
        {'EXIT', Parent, Reason} -> Mod:system_terminate(Reason, Parent, Debug, Misc)
    end.

change_code_of(Mod, Module, Vsn, Extra, Misc) ->
    try Mod:system_code_change(Misc, Module, Vsn, Extra) of
        {ok, Misc1} -> {ok, Misc1};
        Other -> {Other, Misc}
    catch
        C:E -> {{error, {C, E}}, Misc}
    end.

get_state_of(Mod, Misc) ->
    case erlang:function_exported(Mod, system_get_state, 1) of
        true ->
            try Mod:system_get_state(Misc) of
                {ok, State} -> State
            catch
                C:E -> {error, {callback_failed, {Mod, system_get_state}, {C, E}}}
            end;
        false -> Misc
    end.

replace_state_of(Mod, F, Misc) ->
    case erlang:function_exported(Mod, system_replace_state, 2) of
        true ->
            try Mod:system_replace_state(F, Misc) of
                {ok, State, Misc1} -> {State, Misc1}
            catch
                C:E -> {{error, {callback_failed, {Mod, system_replace_state}, {C, E}}}, Misc}
            end;
        false ->
            try F(Misc) of
                Misc1 -> {Misc1, Misc1}
            catch
                C:E -> {{error, {callback_failed, F, {C, E}}}, Misc}
            end
    end.
