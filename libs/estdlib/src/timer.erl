%% timer: OTP's timer API. One-shot messages are the VM's own timers (erlang:send_after);
%% apply_after and the interval timers each run in a small helper process, which also stops
%% when the process it belongs to dies.
-module(timer).

-export([sleep/1, tc/1, tc/2, tc/3, tc/4, now_diff/2, send_after/2, send_after/3,
         apply_after/2, apply_after/3, apply_after/4, send_interval/2, send_interval/3,
         apply_interval/2, apply_interval/3, apply_interval/4, apply_repeatedly/2,
         apply_repeatedly/3, apply_repeatedly/4, cancel/1, exit_after/2,
         exit_after/3, kill_after/1, kill_after/2, seconds/1, minutes/1, hours/1, hms/3]).

-define(IS_TIME(T), (is_integer(T) andalso T >= 0)).

sleep(T) ->
    receive after T -> ok end.

tc(F) ->
    T0 = erlang:monotonic_time(microsecond),
    V = F(),
    {erlang:monotonic_time(microsecond) - T0, V}.

tc(F, Args) -> tc(fun() -> apply(F, Args) end).
tc(M, F, Args) -> tc(fun() -> apply(M, F, Args) end).

%% OTP 26: the time in Unit.
tc(M, F, Args, Unit) ->
    T0 = erlang:monotonic_time(),
    V = apply(M, F, Args),
    {erlang:convert_time_unit(erlang:monotonic_time() - T0, native, Unit), V}.

%% Microseconds from T1 to T2, two erlang:timestamp() triples.
now_diff({A2, B2, C2}, {A1, B1, C1}) ->
    ((A2 - A1) * 1000000 + B2 - B1) * 1000000 + C2 - C1.

send_after(T, Msg) -> send_after(T, self(), Msg).
send_after(T, Dest, Msg) when ?IS_TIME(T), is_pid(Dest) orelse is_atom(Dest) ->
    {ok, {send_local, erlang:send_after(T, Dest, Msg)}};
send_after(T, Dest, Msg) when ?IS_TIME(T) ->
    apply_after(T, erlang, send, [Dest, Msg]);
send_after(_, _, _) -> {error, badarg}.

exit_after(T, Reason) -> exit_after(T, self(), Reason).
exit_after(T, Pid, Reason) -> apply_after(T, erlang, exit, [Pid, Reason]).

kill_after(T) -> exit_after(T, self(), kill).
kill_after(T, Pid) -> exit_after(T, Pid, kill).

%% OTP 27: a fun, with or without arguments.
apply_after(T, F) -> apply_after(T, F, []).
apply_after(T, F, A) when ?IS_TIME(T), is_function(F, length(A)) ->
    Pid = spawn(fun() -> receive cancel -> ok after T -> catch apply(F, A) end end),
    {ok, {once, Pid}};
apply_after(_, _, _) -> {error, badarg}.

apply_after(T, M, F, A) when ?IS_TIME(T), is_atom(M), is_atom(F), is_list(A) ->
    Pid = spawn(fun() -> receive cancel -> ok after T -> catch apply(M, F, A) end end),
    {ok, {once, Pid}};
apply_after(_, _, _, _) -> {error, badarg}.

send_interval(T, Msg) -> send_interval(T, self(), Msg).
send_interval(T, Dest, Msg) ->
    Owner = if is_pid(Dest) -> Dest; true -> self() end,
    interval(T, Owner, fun() -> catch erlang:send(Dest, Msg) end).

%% Each run in a process of its own: runs may overlap when one takes longer than T.
apply_interval(T, F) -> apply_interval(T, F, []).
apply_interval(T, F, A) when is_function(F, length(A)) ->
    interval(T, self(), fun() -> spawn(fun() -> apply(F, A) end) end);
apply_interval(_, _, _) -> {error, badarg}.

apply_interval(T, M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    interval(T, self(), fun() -> spawn(fun() -> apply(M, F, A) end) end);
apply_interval(_, _, _, _) -> {error, badarg}.

%% OTP 26: one run at a time, the next no sooner than T after the previous one started.
apply_repeatedly(T, F) -> apply_repeatedly(T, F, []).
apply_repeatedly(T, F, A) when is_function(F, length(A)) ->
    interval(T, self(), fun() -> catch apply(F, A) end);
apply_repeatedly(_, _, _) -> {error, badarg}.

apply_repeatedly(T, M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    interval(T, self(), fun() -> catch apply(M, F, A) end);
apply_repeatedly(_, _, _, _) -> {error, badarg}.

interval(T, Owner, Action) when ?IS_TIME(T) ->
    Pid = spawn(fun() ->
                        Ref = erlang:monitor(process, Owner),
                        tick(T, erlang:monotonic_time(millisecond) + T, Ref, Action)
                end),
    {ok, {interval, Pid}};
interval(_, _, _) -> {error, badarg}.

%% Fires at fixed instants (Next, Next + T, ...), so the period does not drift.
tick(T, Next, Ref, Action) ->
    Wait = max(0, Next - erlang:monotonic_time(millisecond)),
    receive
        cancel -> ok;
        {'DOWN', Ref, process, _, _} -> ok
    after Wait ->
        Action(),
        tick(T, Next + T, Ref, Action)
    end.

cancel({send_local, Ref}) when is_reference(Ref) ->
    _ = erlang:cancel_timer(Ref),
    {ok, cancel};
cancel({Kind, Pid}) when (Kind =:= once orelse Kind =:= interval), is_pid(Pid) ->
    Pid ! cancel,
    {ok, cancel};
cancel(_) -> {error, badarg}.

seconds(S) -> 1000 * S.
minutes(M) -> 60 * seconds(M).
hours(H) -> 60 * minutes(H).
hms(H, M, S) -> hours(H) + minutes(M) + seconds(S).
