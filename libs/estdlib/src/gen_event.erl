%% gen_event: OTP's event manager, small. A manager process holds a list of handlers (newest
%% first), each a callback module, an optional id and a state; events go to every handler in
%% turn. A handler that crashes or returns something else is removed (its terminate/2 gets
%% {error, ...}). Supervised handlers (add_sup_handler) are tied to the process that added
%% them, with links, as in OTP.
-module(gen_event).

-export([start/0, start/1, start/2, start_link/0, start_link/1, start_link/2,
         start_monitor/0, start_monitor/1, start_monitor/2, stop/1, stop/3,
         add_handler/3, add_sup_handler/3, delete_handler/3, swap_handler/3,
         notify/2, sync_notify/2, call/3, call/4, which_handlers/1, init_it/6,
         send_request/3, send_request/5, wait_response/2, wait_response/3,
         receive_response/2, receive_response/3, check_response/2, check_response/3,
         reqids_new/0, reqids_size/1, reqids_add/3, reqids_to_list/1]).
%% For sys.
-export([system_continue/3, system_terminate/4, system_get_state/1, system_replace_state/2]).

-callback init(Args :: term()) -> term().
-callback handle_event(Event :: term(), State :: term()) -> term().
-callback handle_call(Request :: term(), State :: term()) -> term().
-optional_callbacks([handle_info/2, terminate/2]).
-callback handle_info(Info :: term(), State :: term()) -> term().
-callback terminate(Arg :: term(), State :: term()) -> term().

%% Sup: the pid that added a supervised handler, else false.
-record(h, {mod, id = false, state, sup = false}).

%% ---- starting and stopping ----

%% start(Name) or start(Options): options timeout and spawn_opt.
start() -> do_start(nolink, self, []).
start(Opts) when is_list(Opts) -> do_start(nolink, self, Opts);
start(Name) -> do_start(nolink, Name, []).
start(Name, Opts) -> do_start(nolink, Name, Opts).
start_link() -> do_start(link, self, []).
start_link(Opts) when is_list(Opts) -> do_start(link, self, Opts);
start_link(Name) -> do_start(link, Name, []).
start_link(Name, Opts) -> do_start(link, Name, Opts).
start_monitor() -> do_start(monitor, self, []).
start_monitor(Opts) when is_list(Opts) -> do_start(monitor, self, Opts);
start_monitor(Name) -> do_start(monitor, Name, []).
start_monitor(Name, Opts) -> do_start(monitor, Name, Opts).

do_start(LinkP, self, Opts) -> gen:start(?MODULE, LinkP, ?MODULE, [], Opts);
do_start(LinkP, Name, Opts) -> gen:start(?MODULE, LinkP, Name, ?MODULE, [], Opts).

%% Runs in the new process, its name registered (gen).
init_it(Starter, Parent, Name, _Mod, _Args, _Opts) ->
    process_flag(trap_exit, true),
    proc_lib:init_ack(Starter, {ok, self()}),
    loop(Parent, Name, []).

stop(M) -> gen:stop(M).
stop(M, Reason, Timeout) -> gen:stop(M, Reason, Timeout).

%% ---- the client side ----

add_handler(M, Handler, Args) -> rpc(M, {add, Handler, Args, false}).
add_sup_handler(M, Handler, Args) -> rpc(M, {add, Handler, Args, self()}).
delete_handler(M, Handler, Args) -> rpc(M, {delete, Handler, Args}).
swap_handler(M, {H1, A1}, {H2, A2}) -> rpc(M, {swap, H1, A1, H2, A2, false}).
which_handlers(M) -> rpc(M, which_handlers).
sync_notify(M, Event) -> rpc(M, {sync_notify, Event}).

notify(M, Event) ->
    send(M, {notify, Event}),
    ok.

send({local, Name}, Msg) -> Name ! Msg;
send({Name, Node}, Msg) when is_atom(Name), Node =:= node() -> Name ! Msg;
send(M, Msg) -> M ! Msg.

call(M, Handler, Request) -> call(M, Handler, Request, 5000, [M, Handler, Request]).
call(M, Handler, Request, Timeout) ->
    call(M, Handler, Request, Timeout, [M, Handler, Request, Timeout]).

call(M, Handler, Request, Timeout, Args) ->
    try gen:call(M, '$gen_event', {call, Handler, Request}, Timeout) of
        {ok, Reply} -> Reply
    catch exit:Why -> exit({Why, {?MODULE, call, Args}})
    end.

%% Asynchronous calls to a handler.
send_request(M, Handler, Request) ->
    gen:send_request(M, '$gen_event', {call, Handler, Request}).
send_request(M, Handler, Request, Label, Coll) ->
    gen:send_request(M, '$gen_event', {call, Handler, Request}, Label, Coll).
-include("gen_responses.hrl").

rpc(M, Req) ->
    {ok, Reply} = gen:call(M, '$gen_event', Req, infinity),
    Reply.

%% ---- the manager ----

loop(Parent, Name, Hs) ->
    receive
        {'$gen_event', From, Req} ->
            {Reply, Hs1} = handle_request(Req, Hs, Name),
            gen:reply(From, Reply),
            loop(Parent, Name, Hs1);
        {notify, Event} ->
            loop(Parent, Name, notify_all(Hs, handle_event, Event, Name));
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, [], {Name, Hs});
        {'EXIT', Parent, Reason} ->
            terminate(Hs, Reason);
        {'EXIT', Pid, Reason} = Msg ->
            %% The owner of supervised handlers died: they go too.
            case [H || H <- Hs, H#h.sup =:= Pid] of
                [] -> loop(Parent, Name, notify_all(Hs, handle_info, Msg, Name));
                Owned ->
                    [call_terminate(H, {stop, Reason}) || H <- Owned],
                    loop(Parent, Name, [H || H <- Hs, H#h.sup =/= Pid])
            end;
        Other ->
            loop(Parent, Name, notify_all(Hs, handle_info, Other, Name))
    end.

handle_request({add, Handler, Args, Sup}, Hs, _Name) ->
    add(Handler, Args, Sup, Hs);
handle_request({delete, Handler, Args}, Hs, _Name) ->
    case take(Handler, Hs) of
        {H, Rest} ->
            Result = call_terminate(H, Args),
            tell_sup(H, normal),
            {Result, Rest};
        false -> {{error, module_not_found}, Hs}
    end;
handle_request({swap, H1, A1, H2, A2, Sup}, Hs, _Name) ->
    swap(H1, A1, H2, A2, Sup, Hs);
handle_request(which_handlers, Hs, _Name) ->
    {[handler_id(H) || H <- Hs], Hs};
handle_request({sync_notify, Event}, Hs, Name) ->
    {ok, notify_all(Hs, handle_event, Event, Name)};
handle_request({call, Handler, Request}, Hs, Name) ->
    case find(Handler, Hs) of
        false -> {{error, bad_module}, Hs};
        H ->
            Mod = H#h.mod,
            case run(fun() -> Mod:handle_call(Request, H#h.state) end) of
                {ok, {ok, Reply, S}} -> {Reply, replace(H, H#h{state = S}, Hs)};
                {ok, {ok, Reply, S, hibernate}} -> {Reply, replace(H, H#h{state = S}, Hs)};
                {ok, {remove_handler, Reply}} ->
                    call_terminate(H, remove_handler),
                    tell_sup(H, normal),
                    {Reply, lists:delete(H, Hs)};
                {ok, {swap_handler, Reply, A1, S, H2, A2}} ->
                    {_, Hs1} = swap(handler_id(H), A1, H2, A2, H#h.sup,
                                    replace(H, H#h{state = S}, Hs)),
                    {Reply, Hs1};
                {ok, Bad} ->
                    {{error, Bad}, crashed(H, Request, {error, Bad}, Bad, Hs, Name)};
                {'EXIT', Why} ->
                    {{error, {'EXIT', Why}}, crashed(H, Request, {error, {'EXIT', Why}}, Why, Hs, Name)}
            end
    end.

add(Handler, Args, Sup, Hs) ->
    {Mod, Id} = split(Handler),
    case run(fun() -> Mod:init(Args) end) of
        {ok, {ok, S}} -> {ok, [new(Mod, Id, S, Sup) | Hs]};
        {ok, {ok, S, hibernate}} -> {ok, [new(Mod, Id, S, Sup) | Hs]};
        {ok, Other} -> {Other, Hs};
        {'EXIT', Why} -> {{'EXIT', Why}, Hs}
    end.

new(Mod, Id, S, Sup) ->
    case Sup of
        false -> ok;
        _ -> link(Sup)
    end,
    #h{mod = Mod, id = Id, state = S, sup = Sup}.

swap(H1, A1, H2, A2, Sup0, Hs) ->
    {Result, Hs1, Sup} = case take(H1, Hs) of
                             {H, Rest} -> {call_terminate(H, A1), Rest, H#h.sup};
                             false -> {error, Hs, Sup0}
                         end,
    add(H2, {A2, Result}, Sup, Hs1).

split({Mod, Id}) -> {Mod, Id};
split(Mod) -> {Mod, false}.

handler_id(#h{mod = Mod, id = false}) -> Mod;
handler_id(#h{mod = Mod, id = Id}) -> {Mod, Id}.

find(Handler, Hs) ->
    {Mod, Id} = split(Handler),
    case [H || H = #h{mod = M, id = I} <- Hs, M =:= Mod, I =:= Id] of
        [H | _] -> H;
        [] -> false
    end.

take(Handler, Hs) ->
    case find(Handler, Hs) of
        false -> false;
        H -> {H, lists:delete(H, Hs)}
    end.

replace(Old, New, [Old | T]) -> [New | T];
replace(Old, New, [H | T]) -> [H | replace(Old, New, T)];
replace(_, _, []) -> [].

run(F) ->
    try {ok, F()}
    catch
        throw:V -> {ok, V};
        error:R:St -> {'EXIT', {R, St}};
        exit:R -> {'EXIT', R}
    end.

%% Every handler gets the event (handle_event) or message (handle_info, when exported).
notify_all(Hs, Fun, Event, Name) ->
    lists:foldl(fun(H, Acc) -> notify_one(H, Fun, Event, Acc, Name) end, Hs, Hs).

notify_one(H = #h{mod = Mod, state = S}, Fun, Event, Hs, Name) ->
    Exported = Fun =:= handle_event orelse erlang:function_exported(Mod, Fun, 2),
    case Exported andalso run(fun() -> Mod:Fun(Event, S) end) of
        false -> Hs;
        {ok, {ok, S1}} -> replace(H, H#h{state = S1}, Hs);
        {ok, {ok, S1, hibernate}} -> replace(H, H#h{state = S1}, Hs);
        {ok, remove_handler} ->
            call_terminate(H, remove_handler),
            tell_sup(H, normal),
            lists:delete(H, Hs);
        {ok, {swap_handler, A1, S1, H2, A2}} ->
            {_, Hs1} = swap(handler_id(H), A1, H2, A2, H#h.sup, replace(H, H#h{state = S1}, Hs)),
            Hs1;
        {ok, Bad} -> crashed(H, Event, {error, Bad}, Bad, Hs, Name);
        {'EXIT', Why} -> crashed(H, Event, {error, {'EXIT', Why}}, Why, Hs, Name)
    end.

%% A handler that failed: terminate/2 with Arg, an error report, out of the list.
crashed(H, Event, Arg, Why, Hs, Name) ->
    call_terminate(H, Arg),
    tell_sup(H, {'EXIT', Why}),
    Manager = gen:name(Name),
    Text = io_lib:format("=ERROR REPORT==== ~s ===~n"
                         "** gen_event handler ~p crashed.~n"
                         "** Was installed in ~p~n"
                         "** Last event was: ~p~n"
                         "** When handler state == ~p~n"
                         "** Reason == ~p~n~n",
                         [proc_lib:report_time(), handler_id(H), Manager, Event, H#h.state, Why]),
    io:put_chars(standard_error, Text),
    lists:delete(H, Hs).

call_terminate(#h{mod = Mod, state = S}, Arg) ->
    case erlang:function_exported(Mod, terminate, 2) of
        true ->
            case run(fun() -> Mod:terminate(Arg, S) end) of
                {ok, R} -> R;
                {'EXIT', Why} -> {'EXIT', Why}
            end;
        false -> ok
    end.

tell_sup(#h{sup = false}, _) -> ok;
tell_sup(H = #h{sup = Pid}, Reason) ->
    unlink(Pid),
    Pid ! {gen_event_EXIT, handler_id(H), Reason},
    ok.

terminate(Hs, Reason) ->
    [begin call_terminate(H, stop), tell_sup(H, shutdown) end || H <- Hs],
    exit(Reason).

%% ---- system messages (sys) ----

system_continue(Parent, _Debug, {Name, Hs}) -> loop(Parent, Name, Hs).
system_terminate(Reason, _Parent, _Debug, {_Name, Hs}) -> terminate(Hs, Reason).
system_get_state({_Name, Hs}) -> {ok, [{M, I, S} || #h{mod = M, id = I, state = S} <- Hs]}.
system_replace_state(F, {Name, Hs}) ->
    Hs1 = [begin {M, I, S1} = F({M, I, S}), H#h{state = S1} end
           || H = #h{mod = M, id = I, state = S} <- Hs],
    {ok, [{M, I, S} || #h{mod = M, id = I, state = S} <- Hs1], {Name, Hs1}}.
