%% sys: system messages to processes that follow OTP's conventions (gen_server, gen_statem,
%% gen_event). A request is `{system, From, Req}`, answered like a gen_server call; the process
%% hands it to handle_system_msg/6, which calls back its module's system_continue/3,
%% system_terminate/4, system_get_state/1 and system_replace_state/2. No debug options.
-module(sys).

-export([get_state/1, get_state/2, replace_state/2, replace_state/3, suspend/1, suspend/2,
         resume/1, resume/2, get_status/1, get_status/2, terminate/2, terminate/3,
         handle_system_msg/6]).

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
