%% Purpose: the exact error reasons: badmatch, case_clause, function_clause, if_clause, badarith, badarg, undef, badfun, badarity, try_clause.
-module(exc_reasons).
-export([start/0]).
%% expect: [{badmatch,{x,1}},{case_clause,[1,2]},function_clause,if_clause,badarith,badarith,badarith,badarg,badarg,badarg,badarg,undef,{badfun,notfun},badarity,{try_clause,7},{badmatch,[]},badarith,badarg]

start() ->
    Tests = [fun() -> {y, _} = id({x, 1}) end,
             fun() -> case id([1, 2]) of [] -> ok end end,
             fun() -> only_ok(id(nope)) end,
             fun() -> X = id(5), if X > 10 -> big; X < 0 -> neg end end,
             fun() -> id(1) div id(0) end,
             fun() -> id(1) + id(a) end,
             fun() -> id(7) rem id(0) end,
             fun() -> element(id(4), id({a, b, c})) end,
             fun() -> element(id(0), id({a})) end,
             fun() -> hd(id([])) end,
             fun() -> length(id([a | b])) end,
             fun() -> no_such_mod_zz:f() end,
             fun() -> (id(notfun))() end,
             fun() -> (id(fun(A) -> A end))(1, 2) end,
             fun() -> try id(7) of 8 -> ok catch _:_ -> caught end end,
             fun() -> [_ | _] = id([]) end,
             fun() -> id(1) bsl id(a) end,
             fun() -> atom_to_list(id("notatom")) end],
    map(fun reason/1, Tests).

reason(F) ->
    try F() of
        V -> {no_error, V}
    catch
        error:{badarity, _} -> badarity;
        error:R -> R
    end.

only_ok(ok) -> ok.

id(X) -> X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
