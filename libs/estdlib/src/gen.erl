%% gen: what gen_server, gen_statem, gen_event and sys share, with OTP's API: starting a
%% named or anonymous process through proc_lib, calls (a monitor whose alias is the reply
%% tag, so a reply that comes after the caller gave up is dropped), replies, stopping, and
%% asynchronous requests (send_request and request id collections).
%%
%% A call exits with the bare reason (noproc, timeout, the server's exit reason, calling_self);
%% each behaviour wraps it as {Reason, {Module, Function, Args}}.
-module(gen).

-export([start/5, start/6, init_it/7, call/3, call/4, reply/2, stop/1, stop/3,
         send_request/3, send_request/5, wait_response/2, wait_response/3,
         receive_response/2, receive_response/3, check_response/2, check_response/3,
         reqids_new/0, reqids_size/1, reqids_add/3, reqids_to_list/1,
         where/1, name/1, unregister_name/1, get_parent/0,
         init_fail/4]).

%% ---- starting ----

%% LinkP: link, monitor or nolink. Options: timeout and spawn_opt (others are the
%% behaviour's). The behaviour's init_it(Starter, Parent, Name, Mod, Args, Options) runs in
%% the new process once its name is registered; Name is the new process's pid when it has
%% none.
start(GenMod, LinkP, Mod, Args, Opts) ->
    spawn_gen(GenMod, LinkP, self, Mod, Args, Opts).

start(GenMod, LinkP, Name, Mod, Args, Opts) ->
    case where(Name) of
        undefined -> spawn_gen(GenMod, LinkP, Name, Mod, Args, Opts);
        Pid -> {error, {already_started, Pid}}
    end.

spawn_gen(GenMod, LinkP, Name, Mod, Args, Opts) ->
    Timeout = option(timeout, Opts, infinity),
    SpawnOpts = option(spawn_opt, Opts, []),
    Parent = case LinkP of nolink -> self; _ -> self() end,
    InitArgs = [GenMod, self(), Parent, Name, Mod, Args, Opts],
    case LinkP of
        link -> proc_lib:start_link(?MODULE, init_it, InitArgs, Timeout, SpawnOpts);
        nolink -> proc_lib:start(?MODULE, init_it, InitArgs, Timeout, SpawnOpts);
        monitor ->
            case proc_lib:start_monitor(?MODULE, init_it, InitArgs, Timeout, SpawnOpts) of
                {{ok, Pid}, Ref} -> {ok, {Pid, Ref}};
                {Failed, Ref} ->
                    %% The process is on its way out: return once it is gone.
                    receive {'DOWN', Ref, process, _, _} -> Failed end
            end
    end.

option(Key, Opts, Default) ->
    case lists:keyfind(Key, 1, Opts) of
        {Key, Value} -> Value;
        false -> Default
    end.

init_it(GenMod, Starter, Parent0, Name0, Mod, Args, Opts) ->
    Parent = case Parent0 of self -> self(); _ -> Parent0 end,
    Name = case Name0 of self -> self(); _ -> Name0 end,
    case register_name(Name) of
        true -> GenMod:init_it(Starter, Parent, Name, Mod, Args, Opts);
        {false, Pid} -> proc_lib:init_fail(Starter, {error, {already_started, Pid}}, {exit, normal})
    end.

register_name(Pid) when is_pid(Pid) -> true;
register_name({local, Name} = N) ->
    try register(Name, self()) of
        true -> true
    catch error:_ ->
        case whereis(Name) of
            undefined -> register_name(N);
            Pid -> {false, Pid}
        end
    end;
register_name({global, Name}) -> register_name({via, global, Name});
register_name({via, Mod, Name}) ->
    case Mod:register_name(Name, self()) of
        yes -> true;
        no -> {false, Mod:whereis_name(Name)}
    end.

unregister_name({local, Name}) -> catch unregister(Name), ok;
unregister_name({global, Name}) -> unregister_name({via, global, Name});
unregister_name({via, Mod, Name}) -> catch Mod:unregister_name(Name), ok;
unregister_name(_) -> ok.

%% A behaviour's init did not succeed: the name goes, and the starter gets Return
%% ({error, Reason} or ignore).
init_fail(Name, Starter, Return, Exception) ->
    unregister_name(Name),
    proc_lib:init_fail(Starter, Return, Exception).

%% The parent of a process that was not started by gen (enter_loop): its starter, as
%% proc_lib records it.
get_parent() ->
    case get('$ancestors') of
        [P | _] when is_pid(P) -> P;
        [P | _] when is_atom(P) -> whereis(P);
        _ -> self()
    end.

%% The name in reports: the registered name, else the pid.
name({local, Name}) -> Name;
name({global, Name}) -> Name;
name({via, _, Name}) -> Name;
name(Pid) -> Pid.

%% The pid behind a server reference, or undefined.
where(Pid) when is_pid(Pid) -> Pid;
where({local, Name}) -> whereis(Name);
where({global, Name}) -> where({via, global, Name});
where({via, Mod, Name}) ->
    case Mod:whereis_name(Name) of
        Pid when is_pid(Pid) -> Pid;
        _ -> undefined
    end;
where({Name, Node}) when is_atom(Name), Node =:= node() -> whereis(Name);
where({Name, Node} = Remote) when is_atom(Name), is_atom(Node) -> Remote;
where(Name) when is_atom(Name) -> whereis(Name);
where(_) -> undefined.

%% ---- calls ----

call(Process, Label, Request) -> call(Process, Label, Request, 5000).

%% {ok, Reply}, or an exit with the bare reason.
call(Process, Label, Request, Timeout)
  when Timeout =:= infinity; is_integer(Timeout), Timeout >= 0 ->
    case where(Process) of
        undefined -> exit(noproc);
        Pid when Pid =:= self() -> exit(calling_self);
        Pid -> do_call(Pid, Label, Request, Timeout)
    end.

do_call(Pid, Label, Request, Timeout) ->
    Mref = erlang:monitor(process, Pid, [{alias, demonitor}]),
    Tag = [alias | Mref],
    Pid ! {Label, {self(), Tag}, Request},
    receive
        {[alias | Mref], Reply} ->
            erlang:demonitor(Mref, [flush]),
            {ok, Reply};
        {'DOWN', Mref, _, _, Reason} ->
            exit(Reason)
    after Timeout ->
        erlang:demonitor(Mref, [flush]),
        receive
            {[alias | Mref], Reply} -> {ok, Reply}
        after 0 -> exit(timeout)
        end
    end.

%% From is {Pid, Tag}; a call's tag is [alias | Alias] and the reply goes to the alias.
reply({_To, [alias | Alias] = Tag}, Reply) ->
    Alias ! {Tag, Reply},
    ok;
reply({To, Tag}, Reply) ->
    try To ! {Tag, Reply}, ok
    catch _:_ -> ok
    end.

%% ---- stopping ----

stop(Process) -> stop(Process, normal, infinity).

stop(Process, Reason, Timeout) ->
    case where(Process) of
        undefined -> exit(noproc);
        Pid -> proc_lib:stop(Pid, Reason, Timeout)
    end.

%% ---- asynchronous requests ----

%% A request id: the monitor (and alias) of the request. A server that cannot be found
%% gets a 'DOWN' message of its own, so the answer is {error, {noproc, Process}} as in OTP.
send_request(Process, Label, Request) ->
    case where(Process) of
        undefined ->
            Ref = make_ref(),
            self() ! {'DOWN', Ref, process, Process, noproc},
            Ref;
        Pid ->
            Ref = erlang:monitor(process, Pid, [{alias, demonitor}]),
            Pid ! {Label, {self(), [alias | Ref]}, Request},
            Ref
    end.

send_request(Process, Label, Request, ReqLabel, Coll) when is_map(Coll) ->
    Coll#{send_request(Process, Label, Request) => ReqLabel}.

reqids_new() -> #{}.

reqids_size(Coll) when is_map(Coll) -> map_size(Coll).

reqids_add(ReqId, Label, Coll) when is_reference(ReqId), is_map(Coll) ->
    case is_map_key(ReqId, Coll) of
        true -> error(badarg, [ReqId, Label, Coll]);
        false -> Coll#{ReqId => Label}
    end;
reqids_add(ReqId, Label, Coll) -> error(badarg, [ReqId, Label, Coll]).

reqids_to_list(Coll) when is_map(Coll) -> maps:to_list(Coll);
reqids_to_list(Coll) -> error(badarg, [Coll]).

%% Milliseconds to wait: Timeout, or until the monotonic time {abs, T}.
wait_time({abs, T}) -> max(0, T - erlang:monotonic_time(millisecond));
wait_time(T) -> T.

%% {reply, Reply}, {error, {Reason, Server}} or timeout (the request stays pending).
wait_response(ReqId, Timeout) when is_reference(ReqId) ->
    T = wait_time(Timeout),
    receive
        {[alias | ReqId], Reply} ->
            erlang:demonitor(ReqId, [flush]),
            {reply, Reply};
        {'DOWN', ReqId, _, Object, Reason} ->
            {error, {Reason, Object}}
    after T -> timeout
    end.

%% Like wait_response/2, but a timeout abandons the request.
receive_response(ReqId, Timeout) when is_reference(ReqId) ->
    case wait_response(ReqId, Timeout) of
        timeout ->
            erlang:demonitor(ReqId, [flush]),
            receive
                {[alias | ReqId], Reply} -> {reply, Reply}
            after 0 -> timeout
            end;
        Answer -> Answer
    end.

check_response(Msg, ReqId) when is_reference(ReqId) ->
    case Msg of
        {[alias | ReqId], Reply} ->
            erlang:demonitor(ReqId, [flush]),
            {reply, Reply};
        {'DOWN', ReqId, _, Object, Reason} ->
            {error, {Reason, Object}};
        _ -> no_reply
    end.

%% The collection forms: {Answer, Label, Coll1} (Coll1 without the request when Delete),
%% no_request for an empty collection, timeout.
wait_response(Coll, _Timeout, _Delete) when map_size(Coll) =:= 0 -> no_request;
wait_response(Coll, Timeout, Delete) when is_map(Coll) ->
    T = wait_time(Timeout),
    receive
        {[alias | ReqId], _} = Msg when is_map_key(ReqId, Coll) ->
            answer(Msg, ReqId, Coll, Delete);
        {'DOWN', ReqId, _, _, _} = Msg when is_map_key(ReqId, Coll) ->
            answer(Msg, ReqId, Coll, Delete)
    after T -> timeout
    end.

receive_response(Coll, _Timeout, _Delete) when map_size(Coll) =:= 0 -> no_request;
receive_response(Coll, Timeout, Delete) when is_map(Coll) ->
    case wait_response(Coll, Timeout, Delete) of
        timeout ->
            [erlang:demonitor(R, [flush]) || R <- maps:keys(Coll)],
            receive
                {[alias | ReqId], _} = Msg when is_map_key(ReqId, Coll) ->
                    answer(Msg, ReqId, Coll, Delete)
            after 0 -> timeout
            end;
        Answer -> Answer
    end.

check_response(_Msg, Coll, _Delete) when map_size(Coll) =:= 0 -> no_request;
check_response(Msg, Coll, Delete) when is_map(Coll) ->
    case Msg of
        {[alias | ReqId], _} when is_map_key(ReqId, Coll) -> answer(Msg, ReqId, Coll, Delete);
        {'DOWN', ReqId, _, _, _} when is_map_key(ReqId, Coll) -> answer(Msg, ReqId, Coll, Delete);
        _ -> no_reply
    end.

answer(Msg, ReqId, Coll, Delete) ->
    Label = map_get(ReqId, Coll),
    Coll1 = case Delete of
                true -> maps:remove(ReqId, Coll);
                false -> Coll
            end,
    {check_response(Msg, ReqId), Label, Coll1}.
