%% ets, atomics and persistent_term from 4 processes at once: update_counter races give exact totals, concurrent inserts lose nothing, readers see whole objects during writes.
-module(ets_shared).
-export([start/0]).
%% expect: {8000,8001,2000,8000,8000,{config,[a,b]},ok}
%% smp_repeat: 3

-define(WORKERS, 4).
-define(ROUNDS, 2000).

start() ->
    T = ets:new(shared, [public, set]),
    O = ets:new(shared_ordered, [public, ordered_set]),
    ets:insert(T, {counter, 0}),
    A = atomics:new(1, []),
    C = counters:new(1, []),
    persistent_term:put({ets_shared, config}, {config, [a, b]}),
    Self = self(),
    Pids = spawn_n(?WORKERS, fun(W) -> worker(Self, T, O, A, C, W) end),
    Reader = spawn(fun() -> Self ! {reader, read(T, 0)} end),
    wait(Pids),
    Reader ! stop,
    ok = receive {reader, R} when is_integer(R) -> ok end,
    [{counter, Total}] = ets:lookup(T, counter),
    Size = ets:info(T, size),
    Ones = ets:select_count(T, [{{{'_', '_'}, 1, '_'}, [], [true]}]),
    Ordered = walk(O, ets:first(O), 0),
    Config = persistent_term:get({ets_shared, config}),
    true = (atomics:get(A, 1) =:= Total) andalso (counters:get(C, 1) =:= Total),
    ets:delete(T),
    ets:delete(O),
    {Total, Size, Ones, Ordered, atomics:get(A, 1), Config, ok}.

spawn_n(N, F) -> spawn_n(N, F, []).
spawn_n(0, _, Acc) -> Acc;
spawn_n(N, F, Acc) -> spawn_n(N - 1, F, [spawn(fun() -> F(N) end) | Acc]).

wait([]) -> ok;
wait([P | Ps]) -> receive {done, P} -> wait(Ps) end.

worker(Parent, T, O, A, C, W) ->
    rounds(T, O, A, C, W, ?ROUNDS),
    Parent ! {done, self()}.

rounds(_, _, _, _, _, 0) -> ok;
rounds(T, O, A, C, W, I) ->
    ets:update_counter(T, counter, 1),
    ets:insert(T, {{W, I}, W, [I, <<I:32>>]}),
    ets:insert(O, {{I, W}}),
    atomics:add(A, 1, 1),
    counters:add(C, 1, 1),
    {config, [a, b]} = persistent_term:get({ets_shared, config}),
    rounds(T, O, A, C, W, I - 1).

%% Scan the table until told to stop; every object must be whole.
read(T, N) ->
    receive stop -> N
    after 0 ->
        check(ets:select(T, [{{{'_', 7}, '_', '_'}, [], ['$_']}])),
        read(T, N + 1)
    end.

check([]) -> ok;
check([{{W, 7}, W, [7, <<7:32>>]} | Rest]) -> check(Rest).

walk(_, '$end_of_table', N) -> N;
walk(O, K, N) -> walk(O, ets:next(O, K), N + 1).
