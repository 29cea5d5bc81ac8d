%% proc_lib: processes that know their ancestors and initial call, start synchronously
%% (start/init_ack) and, when they crash, write an OTP-like crash report to stderr.
-module(proc_lib).
-compile({no_auto_import, [spawn/1, spawn/3, spawn_link/1, spawn_link/3, spawn_opt/2, spawn_opt/4]}).

-export([spawn/1, spawn/3, spawn_link/1, spawn_link/3, spawn_opt/2, spawn_opt/4,
         start/3, start/4, start/5, start_link/3, start_link/4, start_link/5,
         start_monitor/3, start_monitor/4, start_monitor/5,
         init_ack/1, init_ack/2, init_fail/2, init_fail/3, initial_call/1, translate_initial_call/1, stop/1, stop/3,
         hibernate/3, init_p/4, wake_up/3, report_time/0, format_report/1,
         spawn/2, spawn/4, spawn_link/2, spawn_link/4, spawn_opt/3, spawn_opt/5,
         set_label/1, get_label/1]).

%% init_p/4 is the entry of every process started here; report_time/0 is the time stamp of
%% the crash report header, shared with gen_server's error report.

spawn(F) -> erlang:spawn(?MODULE, init_p, [parent(), ancestors(), F, []]).

%% The forms with a node: only this node (no distribution yet); another raises badarg (OTP
%% returns the pid of a process that never ran there).
spawn(Node, F) -> this_node(Node), spawn(F).
spawn(Node, M, F, A) -> this_node(Node), spawn(M, F, A).
spawn_link(Node, F) -> this_node(Node), spawn_link(F).
spawn_link(Node, M, F, A) -> this_node(Node), spawn_link(M, F, A).
spawn_opt(Node, F, Opts) -> this_node(Node), spawn_opt(F, Opts).
spawn_opt(Node, M, F, A, Opts) -> this_node(Node), spawn_opt(M, F, A, Opts).

this_node(Node) when Node =:= node() -> ok;
this_node(Node) -> erlang:error(badarg, [Node]).

%% OTP 27: a label for the calling process, shown by tools; any term.
set_label(Label) -> put('$process_label', Label), ok.

get_label(Pid) when is_pid(Pid) ->
    case erlang:process_info(Pid, dictionary) of
        {dictionary, D} ->
            case lists:keyfind('$process_label', 1, D) of
                {_, Label} -> Label;
                false -> undefined
            end;
        undefined -> undefined
    end.
spawn(M, F, A) -> erlang:spawn(?MODULE, init_p, [parent(), ancestors(), {M, F, A}, []]).
spawn_link(F) -> erlang:spawn_link(?MODULE, init_p, [parent(), ancestors(), F, []]).
spawn_link(M, F, A) ->
    erlang:spawn_link(?MODULE, init_p, [parent(), ancestors(), {M, F, A}, []]).
spawn_opt(F, Opts) ->
    erlang:spawn_opt(?MODULE, init_p, [parent(), ancestors(), F, []], Opts).
spawn_opt(M, F, A, Opts) ->
    erlang:spawn_opt(?MODULE, init_p, [parent(), ancestors(), {M, F, A}, []], Opts).

start(M, F, A) -> start(M, F, A, infinity).
start(M, F, A, Timeout) -> start(M, F, A, Timeout, []).
start(M, F, A, Timeout, Opts) ->
    no_monitor_option(Opts, [M, F, A, Timeout, Opts]),
    {Pid, Ref} = spawn_opt(M, F, A, [monitor | Opts]),
    receive
        {ack, Pid, Return} ->
            erlang:demonitor(Ref, [flush]),
            Return;
        {nack, Pid, Return} ->
            receive {'DOWN', Ref, process, Pid, _} -> Return end;
        {'DOWN', Ref, process, Pid, Reason} ->
            {error, Reason}
    after Timeout ->
        erlang:demonitor(Ref, [flush]),
        kill_flush(Pid),
        {error, timeout}
    end.

%% The start functions monitor the new process themselves: a `monitor` spawn option is badarg.
no_monitor_option(Opts, Args) ->
    case lists:any(fun(monitor) -> true; ({monitor, _}) -> true; (_) -> false end, Opts) of
        true -> erlang:error(badarg, Args);
        false -> ok
    end.

start_link(M, F, A) -> start_link(M, F, A, infinity).
start_link(M, F, A, Timeout) -> start_link(M, F, A, Timeout, []).
start_link(M, F, A, Timeout, Opts) ->
    no_monitor_option(Opts, [M, F, A, Timeout, Opts]),
    Pid = spawn_opt(M, F, A, [link | Opts]),
    receive
        {ack, Pid, Return} -> Return;
        {nack, Pid, Return} ->
            %% As OTP 26+: a caller that traps exits does not see the failed process's 'EXIT';
            %% one that does not is taken down by it, unless the exit is normal.
            case process_info(self(), trap_exit) of
                {trap_exit, true} ->
                    receive {'EXIT', Pid, _} -> ok end;
                _ ->
                    Ref = erlang:monitor(process, Pid),
                    receive {'DOWN', Ref, process, Pid, _} -> ok end
            end,
            Return;
        {'EXIT', Pid, Reason} -> {error, Reason}
    after Timeout ->
        kill_flush(Pid),
        {error, timeout}
    end.

%% Like start/5, with the monitor kept: {Return, MonitorRef}. When the process does not
%% come up, its 'DOWN' message is left for the caller.
start_monitor(M, F, A) -> start_monitor(M, F, A, infinity).
start_monitor(M, F, A, Timeout) -> start_monitor(M, F, A, Timeout, []).
start_monitor(M, F, A, Timeout, Opts) ->
    no_monitor_option(Opts, [M, F, A, Timeout, Opts]),
    {Pid, Ref} = spawn_opt(M, F, A, [monitor | Opts]),
    receive
        {ack, Pid, Return} -> {Return, Ref};
        {nack, Pid, Return} -> {Return, Ref};
        {'DOWN', Ref, process, Pid, Reason} = Down ->
            self() ! Down,
            {{error, Reason}, Ref}
    after Timeout ->
        kill_flush(Pid),
        {{error, timeout}, Ref}
    end.

kill_flush(Pid) ->
    unlink(Pid),
    exit(Pid, kill),
    receive {'EXIT', Pid, _} -> ok after 0 -> ok end,
    receive {ack, Pid, _} -> ok after 0 -> ok end,
    receive {nack, Pid, _} -> ok after 0 -> ok end.

init_ack(Return) ->
    [Parent | _] = get('$ancestors'),
    init_ack(Parent, Return).
init_ack(Parent, Return) ->
    Pid = case is_atom(Parent) of true -> whereis(Parent); false -> Parent end,
    Pid ! {ack, self(), Return},
    ok.

%% OTP 26's way for a starting process to fail: the starter returns Return once this process
%% has ended by raising Exception ({Class, Reason} or {Class, Reason, Stacktrace}).
init_fail(Return, Exception) ->
    [Parent | _] = get('$ancestors'),
    init_fail(Parent, Return, Exception).
init_fail(Parent, Return, Exception) ->
    Pid = case is_atom(Parent) of true -> whereis(Parent); false -> Parent end,
    Pid ! {nack, self(), Return},
    case Exception of
        {Class, Reason} -> erlang:raise(Class, Reason, []);
        {Class, Reason, Stack} -> erlang:raise(Class, Reason, Stack)
    end.

%% The new process: record ancestors and initial call, run, report a crash.
init_p(Parent, Ancestors, Run, _) ->
    put('$ancestors', [Parent | Ancestors]),
    put('$initial_call', initial_of(Run)),
    try
        case Run of
            {M, F, A} -> apply(M, F, A);
            _ -> Run()
        end
    catch
        Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

%% erlang:hibernate/3 for a proc_lib process: M:F(A) runs when a message comes, with the
%% crash report that hibernating discarded (with the stack) set up again.
hibernate(M, F, A) -> erlang:hibernate(?MODULE, wake_up, [M, F, A]).

wake_up(M, F, A) ->
    try apply(M, F, A)
    catch Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

exit_p(Class, Reason, Stack) ->
    Exit = case Class of
               error -> {Reason, Stack};
               throw -> {{nocatch, Reason}, Stack};
               exit -> Reason
           end,
    case Exit of
        normal -> ok;
        shutdown -> ok;
        {shutdown, _} -> ok;
        _ -> crash_report(Class, Reason, Stack, get('$initial_call'))
    end,
    erlang:raise(exit, Exit, Stack).

initial_of({M, F, A}) -> {M, F, dummy_args(length(A))};
initial_of(Fun) ->
    {module, M} = erlang:fun_info(Fun, module),
    {name, N} = erlang:fun_info(Fun, name),
    {arity, A} = erlang:fun_info(Fun, arity),
    {M, N, dummy_args(A)}.

dummy_args(N) ->
    [list_to_atom("Argument__" ++ integer_to_list(I)) || I <- lists:seq(1, N)].

initial_call(P) ->
    case dict_value(P, '$initial_call') of
        {M, F, Args} -> {M, F, Args};
        _ -> false
    end.

translate_initial_call(P) ->
    case dict_value(P, '$initial_call') of
        {M, F, Args} when is_list(Args) -> {M, F, length(Args)};
        {M, F, A} when is_integer(A) -> {M, F, A};
        _ -> {?MODULE, init_p, 5}
    end.

dict_value(Dict, Key) when is_list(Dict) ->
    case lists:keyfind(Key, 1, Dict) of
        {_, V} -> V;
        false -> undefined
    end;
dict_value(P, Key) when is_pid(P) ->
    case erlang:process_info(P, dictionary) of
        {dictionary, D} -> dict_value(D, Key);
        _ -> undefined
    end;
dict_value(_, _) -> undefined.

stop(P) -> stop(P, normal, infinity).
%% Asks the process (a gen_server or anything that understands `{system, From,
%% {terminate, Reason}}`) to terminate and waits until it has.
stop(P, Reason, Timeout) ->
    Pid = case is_pid(P) of true -> P; false -> whereis(P) end,
    case Pid of
        undefined -> exit(noproc);
        _ -> ok
    end,
    Ref = erlang:monitor(process, Pid),
    Pid ! {system, {self(), Ref}, {terminate, Reason}},
    receive
        {'DOWN', Ref, process, Pid, Reason} -> ok;
        {'DOWN', Ref, process, Pid, Other} -> exit(Other)
    after Timeout ->
        erlang:demonitor(Ref, [flush]),
        exit(timeout)
    end.

parent() ->
    case erlang:process_info(self(), registered_name) of
        {registered_name, Name} when is_atom(Name) -> Name;
        _ -> self()
    end.

ancestors() ->
    case get('$ancestors') of
        L when is_list(L) -> L;
        _ -> []
    end.

%% The crash report, OTP's ({proc_lib, crash} with the process's facts, domain [otp, sasl]),
%% through logger: the default handler writes it in OTP's layout (`format_report/1`), and
%% Elixir's Logger leaves it out unless asked for SASL reports, as with real Elixir.
crash_report(Class, Reason, Stack, Initial) ->
    Name = case erlang:process_info(self(), registered_name) of
               {registered_name, N} when is_atom(N) -> N;
               _ -> []
           end,
    {links, Links} = erlang:process_info(self(), links),
    {message_queue_len, QLen} = erlang:process_info(self(), message_queue_len),
    {trap_exit, Trap} = erlang:process_info(self(), trap_exit),
    Own = [{initial_call, Initial}, {pid, self()}, {registered_name, Name},
           {error_info, {Class, Reason, Stack}}, {ancestors, ancestors()},
           {message_queue_len, QLen}, {messages, []}, {links, Links}, {dictionary, []},
           {trap_exit, Trap}, {status, running}],
    logger:error(#{label => {proc_lib, crash}, report => [Own, []]},
                 #{domain => [otp, sasl], report_cb => fun ?MODULE:format_report/1,
                   logger_formatter => #{title => "CRASH REPORT"},
                   error_logger => #{tag => error_report, type => crash_report}}).

format_report(#{label := {proc_lib, crash}, report := [Own, _Neighbours]}) ->
    Get = fun(K) -> proplists:get_value(K, Own) end,
    Call = case Get(initial_call) of
               {M, F, Args} when is_list(Args) -> io_lib:format("~p:~p/~p", [M, F, length(Args)]);
               _ -> "unknown"
           end,
    {Class, Reason, Stack} = Get(error_info),
    {"  crasher:~n"
     "    initial call: ~s~n"
     "    pid: ~p~n"
     "    registered_name: ~p~n"
     "    exception ~p: ~p~n"
     "      in: ~p~n"
     "    ancestors: ~p~n"
     "    links: ~p~n",
     [Call, Get(pid), Get(registered_name), Class, Reason, Stack, Get(ancestors), Get(links)]}.

%% "27-Nov-2026::10:30:00.123456", UTC.
report_time() ->
    Us = erlang:system_time(microsecond),
    S = Us div 1000000,
    {Y, Mo, D} = civil(S div 86400),
    Sec = S rem 86400,
    Months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    io_lib:format("~w-~s-~w::~2..0w:~2..0w:~2..0w.~6..0w",
                  [D, element(Mo, Months), Y, Sec div 3600, Sec rem 3600 div 60, Sec rem 60,
                   Us rem 1000000]).

%% Days since 1970-01-01 to {Year, Month, Day} (proleptic Gregorian).
civil(Days) ->
    Z = Days + 719468,
    Era = Z div 146097,
    Doe = Z - Era * 146097,
    Yoe = (Doe - Doe div 1460 + Doe div 36524 - Doe div 146096) div 365,
    Doy = Doe - (365 * Yoe + Yoe div 4 - Yoe div 100),
    Mp = (5 * Doy + 2) div 153,
    D = Doy - (153 * Mp + 2) div 5 + 1,
    M = case Mp < 10 of true -> Mp + 3; false -> Mp - 9 end,
    Y = Yoe + Era * 400 + (case M =< 2 of true -> 1; false -> 0 end),
    {Y, M, D}.
