%% ets corner cases checked against OTP: what all/0 and 'ETS-TRANSFER' name, next/2 of a missing key, rename of an unnamed table, defaults' keys, select_replace on a bag, errors of bad arguments.
-module(ets_semantics).
-export([start/0]).
%% expect: {[sem_named],{sem_named,gift},{error,badarg},true,{renamed,false},6,[{key,6}],{error,badarg},[{k,1},{k,2}],[{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},[[],[]],{error,badarg}],'$end_of_table',true,[{1,x},{2,x}]}

start() ->
    N = ets:new(sem_named, [named_table, public]),
    InAll = [X || X <- ets:all(), X =:= sem_named],

    Self = self(),
    P = spawn(fun() -> receive {'ETS-TRANSFER', T, _, D} -> Self ! {got, T, D} end end),
    ets:give_away(N, P, gift),
    Got = receive {got, T0, D0} -> {T0, D0} end,
    S = ets:new(s, []),
    ets:insert(S, [{1}, {2}]),
    Next = try ets:next(S, missing) catch error:E1 -> {error, E1} end,
    Ren = ets:rename(S, renamed) =:= S,
    RenInfo = {ets:info(S, name), ets:info(S, named_table)},
    C = ets:new(c, []),
    Def = ets:update_counter(C, key, {2, 1}, {other, 5}),
    DefObj = ets:lookup(C, key),
    B = ets:new(b, [bag]),
    ets:insert(B, {k, 1}),
    ets:insert(B, {k, 2}),
    Rep = try ets:select_replace(B, [{{k, 1}, [], [{{k, 3}}]}]) catch error:E2 -> {error, E2} end,
    BagNow = ets:lookup(B, k),
    Errs = [catch_err(F) || F <- [fun() -> ets:new(x, [{keypos, a}]) end,
                                  fun() -> ets:insert(S, [{a} | b]) end,
                                  fun() -> ets:lookup_element(S, 1, 0) end,
                                  fun() -> ets:update_counter(S, 1, {1, 1}) end,
                                  fun() -> ets:update_element(S, 1, [{2, x}]) end,
                                  fun() -> ets:select_count(S, [{'_', [], [true]} | x]) end,
                                  fun() -> ets:match(S, '_') end,
                                  fun() -> ets:first(not_there) end]],
    OrdLast = begin O = ets:new(o, [ordered_set]), ets:last(O) end,
    SetLast = ets:last(S) =:= ets:first(S),
    Bound = ets:select(S, [{{'$1'}, [], [{{'$1', {const, x}}}]}]),
    {InAll, Got, Next, Ren, RenInfo, Def, DefObj, Rep, BagNow, Errs, OrdLast, SetLast, two_sorted(Bound)}.

two_sorted([A, B]) when A > B -> [B, A];
two_sorted(L) -> L.

catch_err(F) -> try F() catch error:E -> {error, E} end.
