%% supervisor: OTP's supervisor behaviour, written as a gen_server callback module. The
%% children are kept newest first (OTP's order for which_children and for shutdown).
-module(supervisor).
-behaviour(gen_server).

-export([start_link/2, start_link/3, start_child/2, terminate_child/2, delete_child/2,
         restart_child/2, which_children/1, count_children/1, check_childspecs/1,
         get_childspec/2, which_child/2, stop/1, stop/3, get_callback_module/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
%% For logger: the text of this module's reports.
-export([format_log/1]).

-callback init(Args :: term()) -> term().

%% The fields in OTP's order: start_child's {error, {Reason, Child}} shows the record.
-record(child, {pid, id, mfa, restart, significant = false, shutdown, type, modules}).
-record(st, {name, mod, args, strategy, intensity, period, restarts = [],
             children = [],       % [#child{}], newest first (not simple_one_for_one)
             template,            % the #child{} of a simple_one_for_one supervisor
             dynamic = #{}}).     % Pid => Args, simple_one_for_one children

%% ---- API ----

start_link(Mod, Args) -> gen_server:start_link(?MODULE, {self, Mod, Args}, []).
start_link(Name, Mod, Args) -> gen_server:start_link(Name, ?MODULE, {Name, Mod, Args}, []).

start_child(Sup, Spec) -> call(Sup, {start_child, Spec}).
terminate_child(Sup, Id) -> call(Sup, {terminate_child, Id}).
delete_child(Sup, Id) -> call(Sup, {delete_child, Id}).
restart_child(Sup, Id) -> call(Sup, {restart_child, Id}).
which_children(Sup) -> call(Sup, which_children).

%% OTP 26.
which_child(Sup, Id) ->
    case lists:keyfind(Id, 1, which_children(Sup)) of
        false -> {error, not_found};
        Child -> {ok, Child}
    end.

stop(Sup) -> gen_server:stop(Sup).
stop(Sup, Reason, Timeout) -> gen_server:stop(Sup, Reason, Timeout).

get_callback_module(Sup) -> call(Sup, get_callback_module).
count_children(Sup) -> call(Sup, count_children).
get_childspec(Sup, Id) -> call(Sup, {get_childspec, Id}).

call(Sup, Req) -> gen_server:call(Sup, Req, infinity).

check_childspecs(Specs) when is_list(Specs) ->
    case check_specs(Specs, []) of
        {ok, _} -> ok;
        Error -> {error, Error}
    end;
check_childspecs(X) -> {error, {badarg, X}}.

%% ---- checking specs ----

check_specs([], Acc) -> {ok, Acc};
check_specs([Spec | Rest], Acc) ->
    case check_spec(Spec) of
        {ok, C} ->
            case lists:keymember(C#child.id, #child.id, Acc) of
                true -> {duplicate_child_name, C#child.id};
                false -> check_specs(Rest, [C | Acc])
            end;
        Error -> Error
    end.

check_spec({Id, Start, Restart, Shutdown, Type, Mods}) ->
    check_spec(#{id => Id, start => Start, restart => Restart, shutdown => Shutdown,
                 type => Type, modules => Mods});
check_spec(Spec) when is_map(Spec) ->
    try {ok, child_of(Spec)}
    catch throw:Why -> Why
    end;
check_spec(X) -> {invalid_child_spec, X}.

child_of(Spec) ->
    Id = case Spec of #{id := I} -> I; _ -> throw(missing_id) end,
    Start = case Spec of #{start := S} -> S; _ -> throw(missing_start) end,
    case Start of
        {M, F, A} when is_atom(M), is_atom(F), is_list(A) -> ok;
        _ -> throw({invalid_mfa, Start})
    end,
    Restart = maps:get(restart, Spec, permanent),
    lists:member(Restart, [permanent, transient, temporary])
        orelse throw({invalid_restart_type, Restart}),
    Type = maps:get(type, Spec, worker),
    lists:member(Type, [worker, supervisor]) orelse throw({invalid_child_type, Type}),
    Shutdown = case Spec of
                   #{shutdown := Sh} -> Sh;
                   _ when Type =:= worker -> 5000;
                   _ -> infinity
               end,
    case Shutdown of
        brutal_kill -> ok;
        infinity -> ok;
        T when is_integer(T), T >= 0 -> ok;
        _ -> throw({invalid_shutdown, Shutdown})
    end,
    Mods = case Spec of
               #{modules := Ms} -> Ms;
               _ -> [element(1, Start)]
           end,
    case Mods of
        dynamic -> ok;
        L when is_list(L) ->
            [throw({invalid_module, X}) || X <- L, not is_atom(X)],
            ok;
        _ -> throw({invalid_modules, Mods})
    end,
    #child{id = Id, mfa = Start, restart = Restart, shutdown = Shutdown, type = Type,
           modules = Mods}.

check_flags(#{} = Flags) ->
    check_flags({maps:get(strategy, Flags, one_for_one), maps:get(intensity, Flags, 1),
                 maps:get(period, Flags, 5)});
check_flags({Strategy, Intensity, Period}) ->
    case lists:member(Strategy, [one_for_one, one_for_all, rest_for_one, simple_one_for_one]) of
        false -> {invalid_strategy, Strategy};
        true when not is_integer(Intensity); Intensity < 0 -> {invalid_intensity, Intensity};
        true when not is_integer(Period); Period < 1 -> {invalid_period, Period};
        true -> {ok, Strategy, Intensity, Period}
    end;
check_flags(X) -> {invalid_type, X}.

%% ---- gen_server callbacks ----

init({Name0, Mod, Args}) ->
    process_flag(trap_exit, true),
    Name = case Name0 of self -> {self(), Mod}; _ -> Name0 end,
    case Mod:init(Args) of
        {ok, {Flags, Specs}} when is_list(Specs) ->
            case check_flags(Flags) of
                {ok, Strategy, Intensity, Period} ->
                    St = #st{name = Name, mod = Mod, args = Args, strategy = Strategy,
                             intensity = Intensity, period = Period},
                    init_children(St, Specs);
                Error -> {stop, {supervisor_data, Error}}
            end;
        ignore -> ignore;
        Other -> {stop, {bad_return, {Mod, init, Other}}}
    end.

init_children(#st{strategy = simple_one_for_one} = St, Specs) ->
    case Specs of
        [Spec] ->
            case check_spec(Spec) of
                {ok, C} -> {ok, St#st{template = C}};
                Error -> {stop, {start_spec, Error}}
            end;
        _ -> {stop, {bad_start_spec, Specs}}
    end;
init_children(St, Specs) ->
    case check_specs(Specs, []) of
        {ok, Oldest} ->
            %% Oldest is newest-first already (the last spec at the head); start in order.
            case start_all(lists:reverse(Oldest), [], St) of
                {ok, Children} -> {ok, St#st{children = Children}};
                {error, Started, Id, Reason} ->
                    terminate_all(Started, St),
                    {stop, {shutdown, {failed_to_start_child, Id, Reason}}}
            end;
        Error -> {stop, {start_spec, Error}}
    end.

%% Starts children in the order given; Acc is newest first.
start_all([], Acc, _St) -> {ok, Acc};
start_all([C | Rest], Acc, St) ->
    case start_one(C#child.mfa) of
        {ok, undefined} when C#child.restart =:= temporary -> start_all(Rest, Acc, St);
        {ok, Pid} -> start_all(Rest, [C#child{pid = Pid} | Acc], St);
        {ok, Pid, _} -> start_all(Rest, [C#child{pid = Pid} | Acc], St);
        {error, Reason} ->
            report(St, start_error, Reason, C),
            {error, Acc, C#child.id, Reason}
    end.

start_one({M, F, A}) ->
    try apply(M, F, A) of
        {ok, Pid} when is_pid(Pid) -> {ok, Pid};
        {ok, Pid, Extra} when is_pid(Pid) -> {ok, Pid, Extra};
        ignore -> {ok, undefined};
        {error, _} = E -> E;
        Other -> {error, Other}
    catch
        %% As OTP's `catch apply(...)': a crash is {'EXIT', Why}, a thrown value is a result.
        exit:R -> {error, {'EXIT', R}};
        error:R:S -> {error, {'EXIT', {R, S}}};
        throw:V -> start_result(V)
    end.

start_result({ok, Pid}) when is_pid(Pid) -> {ok, Pid};
start_result({ok, Pid, Extra}) when is_pid(Pid) -> {ok, Pid, Extra};
start_result(ignore) -> {ok, undefined};
start_result({error, _} = E) -> E;
start_result(Other) -> {error, Other}.

handle_call({start_child, Args}, _From, #st{strategy = simple_one_for_one} = St) ->
    #child{mfa = {M, F, A}} = St#st.template,
    All = A ++ Args,
    case start_one({M, F, All}) of
        {ok, undefined} -> {reply, {ok, undefined}, St};
        {ok, Pid} -> {reply, {ok, Pid}, add_dynamic(Pid, All, St)};
        {ok, Pid, Extra} -> {reply, {ok, Pid, Extra}, add_dynamic(Pid, All, St)};
        Error -> {reply, Error, St}
    end;
handle_call({start_child, Spec}, _From, St) ->
    case check_spec(Spec) of
        {ok, C} ->
            case find(C#child.id, St) of
                {ok, #child{pid = Pid}} when is_pid(Pid) ->
                    {reply, {error, {already_started, Pid}}, St};
                {ok, _} -> {reply, {error, already_present}, St};
                error ->
                    case start_one(C#child.mfa) of
                        {ok, undefined} when C#child.restart =:= temporary ->
                            {reply, {ok, undefined}, St};
                        {ok, Pid} -> {reply, {ok, Pid}, add(C#child{pid = Pid}, St)};
                        {ok, Pid, Extra} ->
                            {reply, {ok, Pid, Extra}, add(C#child{pid = Pid}, St)};
                        {error, Reason} -> {reply, {error, {Reason, C}}, St}
                    end
            end;
        Error -> {reply, {error, Error}, St}
    end;

handle_call({terminate_child, Pid}, _From, #st{strategy = simple_one_for_one} = St) ->
    case is_pid(Pid) andalso maps:is_key(Pid, St#st.dynamic) of
        true ->
            shutdown((St#st.template)#child{pid = Pid}, St),
            {reply, ok, St#st{dynamic = maps:remove(Pid, St#st.dynamic)}};
        false when is_pid(Pid) ->
            %% as OTP: a pid that is not a child is not_found only while it lives
            case is_process_alive(Pid) of
                true -> {reply, {error, not_found}, St};
                false -> {reply, ok, St}
            end;
        false -> {reply, {error, simple_one_for_one}, St}
    end;
handle_call({terminate_child, Id}, _From, St) ->
    case find(Id, St) of
        {ok, C} ->
            shutdown(C, St),
            {reply, ok, stopped(C, St)};
        error -> {reply, {error, not_found}, St}
    end;

handle_call({delete_child, _}, _From, #st{strategy = simple_one_for_one} = St) ->
    {reply, {error, simple_one_for_one}, St};
handle_call({delete_child, Id}, _From, St) ->
    case find(Id, St) of
        {ok, #child{pid = undefined}} ->
            {reply, ok, St#st{children = lists:keydelete(Id, #child.id, St#st.children)}};
        {ok, #child{pid = restarting}} -> {reply, {error, restarting}, St};
        {ok, _} -> {reply, {error, running}, St};
        error -> {reply, {error, not_found}, St}
    end;

handle_call({restart_child, _}, _From, #st{strategy = simple_one_for_one} = St) ->
    {reply, {error, simple_one_for_one}, St};
handle_call({restart_child, Id}, _From, St) ->
    case find(Id, St) of
        {ok, #child{pid = undefined} = C} ->
            case start_one(C#child.mfa) of
                {ok, Pid} -> {reply, {ok, Pid}, set(C#child{pid = Pid}, St)};
                {ok, Pid, Extra} -> {reply, {ok, Pid, Extra}, set(C#child{pid = Pid}, St)};
                Error -> {reply, Error, St}
            end;
        {ok, #child{pid = restarting}} -> {reply, {error, restarting}, St};
        {ok, _} -> {reply, {error, running}, St};
        error -> {reply, {error, not_found}, St}
    end;

handle_call({get_childspec, Id}, _From, #st{strategy = simple_one_for_one} = St) ->
    T = St#st.template,
    case is_pid(Id) andalso maps:is_key(Id, St#st.dynamic) of
        true -> {reply, {ok, spec_of(T)}, St};
        false -> {reply, {error, not_found}, St}
    end;
handle_call({get_childspec, Id}, _From, St) ->
    case find(Id, St) of
        {ok, C} -> {reply, {ok, spec_of(C)}, St};
        error -> {reply, {error, not_found}, St}
    end;

handle_call(get_callback_module, _From, St) ->
    {reply, St#st.mod, St};
handle_call(which_children, _From, #st{strategy = simple_one_for_one} = St) ->
    #child{type = T, modules = Ms} = St#st.template,
    {reply, [{undefined, P, T, Ms} || P <- maps:keys(St#st.dynamic)], St};
handle_call(which_children, _From, St) ->
    {reply, [{Id, P, T, Ms} || #child{id = Id, pid = P, type = T, modules = Ms}
                                   <- St#st.children], St};

handle_call(count_children, _From, #st{strategy = simple_one_for_one} = St) ->
    Pids = maps:keys(St#st.dynamic),
    N = length(Pids),
    Active = length([P || P <- Pids, is_process_alive(P)]),
    {Sups, Workers} = case (St#st.template)#child.type of
                          supervisor -> {N, 0};
                          worker -> {0, N}
                      end,
    {reply, [{specs, 1}, {active, Active}, {supervisors, Sups}, {workers, Workers}], St};
handle_call(count_children, _From, St) ->
    Cs = St#st.children,
    Active = length([P || #child{pid = P} <- Cs, is_pid(P), is_process_alive(P)]),
    Sups = length([x || #child{type = supervisor} <- Cs]),
    {reply, [{specs, length(Cs)}, {active, Active}, {supervisors, Sups},
             {workers, length(Cs) - Sups}], St};

handle_call(Other, _From, St) ->
    {reply, {error, {unknown_call, Other}}, St}.

handle_cast(_Msg, St) -> {noreply, St}.

handle_info({'EXIT', Pid, Reason}, St) ->
    case exited(Pid, Reason, St) of
        {ok, St1} -> {noreply, St1};
        {shutdown, St1} -> {stop, shutdown, St1}
    end;
handle_info({'$supervisor_try_again', Id}, St) ->
    case find_restarting(Id, St) of
        {ok, C} ->
            case restart(C, St) of
                {ok, St1} -> {noreply, St1};
                {shutdown, St1} -> {stop, shutdown, St1}
            end;
        error -> {noreply, St}
    end;
handle_info(_Msg, St) -> {noreply, St}.

terminate(_Reason, #st{strategy = simple_one_for_one} = St) ->
    T = St#st.template,
    [shutdown(T#child{pid = P}, St) || P <- maps:keys(St#st.dynamic)],
    ok;
terminate(_Reason, St) ->
    terminate_all(St#st.children, St),
    ok.

%% ---- children ----

find_pid(Pid, St) ->
    case lists:keyfind(Pid, #child.pid, St#st.children) of
        false -> error;
        C -> {ok, C}
    end.

%% By id only: OTP finds nothing by pid outside simple_one_for_one.
find(Id, St) ->
    case lists:keyfind(Id, #child.id, St#st.children) of
        false -> error;
        C -> {ok, C}
    end.

find_restarting(Id, #st{strategy = simple_one_for_one} = St) ->
    case Id of
        {'$dynamic', Args} -> {ok, (St#st.template)#child{pid = restarting, mfa = Args}};
        _ -> error
    end;
find_restarting(Id, St) ->
    case find(Id, St) of
        {ok, #child{pid = restarting} = C} -> {ok, C};
        _ -> error
    end.

add(C, St) -> St#st{children = [C | St#st.children]}.
set(C, St) ->
    St#st{children = lists:keyreplace(C#child.id, #child.id, St#st.children, C)}.
add_dynamic(Pid, Args, St) -> St#st{dynamic = maps:put(Pid, Args, St#st.dynamic)}.

%% A child that has stopped: a temporary one is forgotten, the others kept without a pid.
stopped(#child{restart = temporary, id = Id}, St) ->
    St#st{children = lists:keydelete(Id, #child.id, St#st.children)};
stopped(C, St) -> set(C#child{pid = undefined}, St).

spec_of(#child{id = Id, mfa = MFA, restart = R, shutdown = S, type = T, modules = Ms}) ->
    #{id => Id, start => MFA, restart => R, shutdown => S, type => T, modules => Ms}.

%% ---- a child's exit ----

exited(Pid, Reason, #st{strategy = simple_one_for_one} = St) ->
    case maps:find(Pid, St#st.dynamic) of
        {ok, Args} ->
            T = St#st.template,
            {M, F, _} = T#child.mfa,
            C = T#child{pid = Pid, mfa = {M, F, Args}},
            St1 = St#st{dynamic = maps:remove(Pid, St#st.dynamic)},
            decide(Reason, C, St1);
        error -> {ok, St}
    end;
exited(Pid, Reason, St) ->
    case find_pid(Pid, St) of
        {ok, C} -> decide(Reason, C, St);
        error -> {ok, St}
    end.

decide(Reason, #child{restart = permanent} = C, St) ->
    report(St, child_terminated, Reason, C),
    restart(C, St);
decide(Reason, C, St) ->
    case {is_normal(Reason), C#child.restart} of
        {true, _} -> {ok, forget(C, St)};
        {false, transient} ->
            report(St, child_terminated, Reason, C),
            restart(C, St);
        {false, temporary} ->
            report(St, child_terminated, Reason, C),
            {ok, forget(C, St)}
    end.

forget(_C, #st{strategy = simple_one_for_one} = St) -> St;
forget(C, St) -> stopped(C, St).

is_normal(normal) -> true;
is_normal(shutdown) -> true;
is_normal({shutdown, _}) -> true;
is_normal(_) -> false.

%% Counts a restart against the intensity, then restarts as the strategy says.
restart(C, St) ->
    Now = erlang:monotonic_time(second),
    Recent = [T || T <- [Now | St#st.restarts], Now - T < St#st.period],
    case length(Recent) > St#st.intensity of
        true ->
            report(St, shutdown, reached_max_restart_intensity, C),
            {shutdown, St#st{restarts = Recent}};
        false ->
            {ok, do_restart(St#st.strategy, C, St#st{restarts = Recent})}
    end.

do_restart(simple_one_for_one, #child{mfa = {_, _, Args} = MFA} = C, St) ->
    case start_one(MFA) of
        {ok, undefined} -> St;
        {ok, Pid} -> add_dynamic(Pid, Args, St);
        {ok, Pid, _} -> add_dynamic(Pid, Args, St);
        {error, Reason} ->
            report(St, start_error, Reason, C),
            self() ! {'$supervisor_try_again', {'$dynamic', MFA}},
            St
    end;
do_restart(one_for_one, C, St) ->
    restart_in_order([C], St);
do_restart(one_for_all, C, St) ->
    Others = [O || O <- St#st.children, O#child.id =/= C#child.id],
    terminate_all(Others, St),
    Kept = drop_temporary(St#st.children, C),
    restart_in_order(lists:reverse(Kept), St#st{children = Kept});
do_restart(rest_for_one, C, St) ->
    {After, _} = lists:splitwith(fun(O) -> O#child.id =/= C#child.id end, St#st.children),
    terminate_all(After, St),
    Kept = St#st.children -- [O || O <- After, O#child.restart =:= temporary],
    restart_in_order([O || O <- lists:reverse(Kept),
                           lists:keymember(O#child.id, #child.id, [C | After])],
                     St#st{children = Kept}).

%% Temporary children stopped for a sibling's restart are forgotten, not started again.
drop_temporary(Children, C) ->
    [O || O <- Children, O#child.restart =/= temporary orelse O#child.id =:= C#child.id].

%% Starts the children given (oldest first) again; a failed one waits for another try.
restart_in_order([], St) -> St;
restart_in_order([C | Rest], St) ->
    case start_one(C#child.mfa) of
        {ok, undefined} -> restart_in_order(Rest, stopped(C, St));
        {ok, Pid} -> restart_in_order(Rest, set(C#child{pid = Pid}, St));
        {ok, Pid, _} -> restart_in_order(Rest, set(C#child{pid = Pid}, St));
        {error, Reason} ->
            report(St, start_error, Reason, C),
            self() ! {'$supervisor_try_again', C#child.id},
            restart_in_order(Rest, set(C#child{pid = restarting}, St))
    end.

%% ---- shutting children down ----

%% Children newest first, as kept: the newest goes first.
terminate_all(Children, St) ->
    [shutdown(C, St) || C <- Children, is_pid(C#child.pid)],
    ok.

shutdown(#child{pid = Pid} = C, St) when is_pid(Pid) ->
    Ref = erlang:monitor(process, Pid),
    unlink(Pid),
    %% An exit that came before the unlink is the child's real end.
    Early = receive {'EXIT', Pid, R} -> {exited, R} after 0 -> none end,
    Result =
        case {Early, C#child.shutdown} of
            {{exited, R0}, _} ->
                _ = wait_down(Ref, Pid, infinity),
                case is_normal(R0) orelse R0 =:= killed of
                    true -> ok;
                    false -> {bad, R0}
                end;
            {none, brutal_kill} ->
                exit(Pid, kill),
                expect(wait_down(Ref, Pid, infinity), killed);
            {none, Time} ->
                exit(Pid, shutdown),
                case wait_down(Ref, Pid, Time) of
                    timeout ->
                        exit(Pid, kill),
                        expect(wait_down(Ref, Pid, infinity), killed);
                    R1 -> expect(R1, shutdown)
                end
        end,
    case Result of
        ok -> ok;
        {bad, Reason} -> report(St, shutdown_error, Reason, C)
    end;
shutdown(_, _) -> ok.

wait_down(Ref, Pid, Time) ->
    receive {'DOWN', Ref, process, Pid, R} -> R
    after Time -> timeout
    end.

expect(R, R) -> ok;
expect(R, _) -> {bad, R}.

%% ---- reports ----

%% OTP's supervisor report ({supervisor, Context}, domain [otp, sasl]) through logger: the
%% default handler writes it in OTP's layout (`format_log/1`); Elixir's Logger leaves it out
%% unless asked for SASL reports, as with real Elixir.
report(St, Context, Reason, C) ->
    Offender = [{pid, C#child.pid}, {id, C#child.id}, {mfargs, C#child.mfa},
                {restart_type, C#child.restart}, {significant, false},
                {shutdown, C#child.shutdown}, {child_type, C#child.type}],
    logger:error(#{label => {supervisor, Context}, report => [{supervisor, St#st.name},
                                                              {errorContext, Context},
                                                              {reason, Reason},
                                                              {offender, Offender}]},
                 #{domain => [otp, sasl], report_cb => fun ?MODULE:format_log/1,
                   logger_formatter => #{title => "SUPERVISOR REPORT"},
                   error_logger => #{tag => error_report, type => supervisor_report}}).

format_log(#{label := {supervisor, _}, report := Report}) ->
    Get = fun(K) -> proplists:get_value(K, Report) end,
    {"    supervisor: ~p~n"
     "    errorContext: ~p~n"
     "    reason: ~p~n"
     "    offender: ~p~n",
     [Get(supervisor), Get(errorContext), Get(reason), Get(offender)]}.
