%% erpc: calls on other nodes through spawn_request, as OTP's erpc does, so that the results,
%% exceptions and errors are OTP's; execute_call/3,4 and execute_cast/3 are what OTP nodes
%% spawn here when they call us.
-module(erpc).
-export([call/4, call/5, cast/4, execute_call/3, execute_call/4, execute_cast/3]).

call(N, M, F, A) -> call(N, M, F, A, infinity).

call(N, M, F, A, T) when is_atom(N), is_atom(M), is_atom(F), is_list(A),
                         (T =:= infinity orelse (is_integer(T) andalso T >= 0)) ->
    Res = make_ref(),
    ReqId = request(N, execute_call, [Res, M, F, A], [{reply, error_only}, monitor]),
    receive
        {spawn_reply, ReqId, error, Reason} ->
            error({?MODULE, Reason});
        {'DOWN', ReqId, process, _, Reason} ->
            result(Reason, Res)
    after T ->
        erlang:demonitor(ReqId, [flush]),
        receive
            {spawn_reply, ReqId, error, Reason} -> error({?MODULE, Reason});
            {'DOWN', ReqId, process, _, Reason} -> result(Reason, Res)
        after 0 -> error({?MODULE, timeout})
        end
    end;
call(_N, _M, _F, _A, _T) ->
    error({?MODULE, badarg}).

cast(N, M, F, A) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    _ = request(N, execute_cast, [M, F, A], [{reply, no}]),
    ok;
cast(_N, _M, _F, _A) ->
    error({?MODULE, badarg}).

%% A spawn_request to another node; on this node a spawned process that answers the same way.
request(N, Fun, Args, Opts) when N =:= node() ->
    ReqId = make_ref(),
    Self = self(),
    Monitor = lists:member(monitor, Opts),
    {Pid, Mon} = spawn_monitor(fun() ->
                                       receive go -> ok end,
                                       apply(?MODULE, Fun, Args)
                               end),
    case Monitor of
        true -> spawn(fun() -> relay(Self, ReqId, Pid, Mon) end);
        false -> erlang:demonitor(Mon, [flush])
    end,
    Pid ! go,
    ReqId;
request(N, Fun, Args, Opts) ->
    try erlang:spawn_request(N, ?MODULE, Fun, Args, Opts)
    catch error:badarg -> error({?MODULE, badarg})
    end.

relay(To, ReqId, Pid, _Mon) ->
    Mon = erlang:monitor(process, Pid),
    receive {'DOWN', Mon, process, Pid, R} -> To ! {'DOWN', ReqId, process, Pid, R} end.

result({Res, return, V}, Res) -> V;
result({Res, throw, R}, Res) -> throw(R);
result({Res, exit, R}, Res) -> exit({exception, R});
result({Res, error, R, Stack}, Res) -> erlang:raise(error, {exception, R, Stack}, Stack);
result({Res, error, {?MODULE, _} = R}, Res) -> error(R);
result(noconnection, _Res) -> error({?MODULE, noconnection});
result(Reason, _Res) -> exit({signal, Reason}).

execute_call(Ref, M, F, A) ->
    Reply = try
                {Ref, return, apply(M, F, A)}
            catch
                throw:Reason -> {Ref, throw, Reason};
                exit:Reason -> {Ref, exit, Reason};
                error:Reason:Stack -> {Ref, error, Reason, Stack}
            end,
    exit(Reply).

execute_call(M, F, A) ->
    {return, apply(M, F, A)}.

execute_cast(M, F, A) ->
    try apply(M, F, A)
    catch error:undef:Stack -> erlang:raise(error, undef, Stack)
    end.
