%% The maps BIFs (with/without too) and erlang:map_get/map_size/is_map_key: results, sharing-free updates, iterators and their OTP errors.
-module(maps_bifs).
-export([start/0]).
%% reference: otp25 (map iteration order: OTP 26+ orders small maps' atom keys by atom index and hashes large maps differently; unspecified by OTP, we keep OTP 25's order)
%% expect: {[1,default,2,3,{ok,1},error,true,false,true,3,0,0],[#{a => 1,b => 2,c => 3,d => 4},#{a => 0,b => 2,c => 3},#{1 => x},#{a => 1,b => 2,c => 3},#{a => 1,b => 20,c => 3},#{a => 1,c => 3},#{a => 1,b => 2,c => 3},#{},{1,#{b => 2,c => 3}},error],[#{a => 1,b => 2,c => 30,d => 40},#{a => 1,b => 2,c => 3},#{a => 1,b => 2,c => 3},#{1 => a,2 => d,1.0 => c,2.0 => b}],[[a,b,c],[1,2,3],[{a,1},{b,2},{c,3}],[],[],#{1 => one,1.0 => onef,a => 2,b => 3},#{},#{3 => 0,x => 0,y => 0},#{}],[[{a,1},{b,2},{c,3}],[],none,{k,v,none}],[1000,5000,5005000,1000,false,999,new,1010,1000],[{error,{badkey,z}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badkey,z}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,y}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badmap,x}},{error,{badkey,a}},{error,{badmap,x}},{error,{badmap,x}},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg}],[big,small,other,has_a_one],[#{a => 1,c => 3},#{b => 2},#{},#{a => 1,b => 2,c => 3},#{},{error,badarg},{error,{badmap,x}},{error,{badmap,y}},{error,badarg},{error,{badmap,x}}]}

id(X) -> X.

catching(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:E -> {C, E}
    end.

walk(I, Acc) ->
    case maps:next(I) of
        none -> lists:reverse(Acc, []);
        {K, V, Next} -> walk(Next, [{K, V} | Acc])
    end.

seq(N, N) -> [N];
seq(I, N) -> [I | seq(I + 1, N)].

pairs([]) -> [];
pairs([X | T]) -> [{X, X * 10} | pairs(T)].

sum([]) -> 0;
sum([X | T]) -> X + sum(T).

start() ->
    M = id(#{a => 1, b => 2, c => 3}),
    E = id(#{}),
    Gets = [maps:get(a, M), maps:get(z, M, default), maps:get(b, M, default),
            map_get(c, M), maps:find(a, M), maps:find(z, M),
            maps:is_key(a, M), maps:is_key(z, M), is_map_key(b, M),
            maps:size(M), map_size(E), maps:size(maps:new())],
    Puts = [maps:put(d, 4, M), maps:put(a, 0, M), maps:put(1, x, E), M,
            maps:update(b, 20, M), maps:remove(b, M), maps:remove(z, M),
            maps:remove(a, #{a => 1}), maps:take(a, M), maps:take(z, M)],
    Merges = [maps:merge(M, #{c => 30, d => 40}), maps:merge(#{}, M), maps:merge(M, #{}),
              maps:merge(#{1 => a, 2.0 => b}, #{1.0 => c, 2 => d})],
    Lists = [maps:keys(M), maps:values(M), maps:to_list(M), maps:keys(E), maps:to_list(E),
             maps:from_list([{b, 1}, {a, 2}, {b, 3}, {1, one}, {1.0, onef}]),
             maps:from_list([]), maps:from_keys([x, y, x, 3], 0), maps:from_keys([], 0)],
    Iter = [walk(maps:iterator(M), []), walk(maps:iterator(E), []), maps:next(none),
            maps:next({k, v, none})],
    Big = maps:from_list(pairs(seq(1, 1000))),
    BigFacts = [maps:size(Big), maps:get(500, Big), sum(maps:values(Big)),
                length(maps:keys(Big)), maps:is_key(1001, Big),
                maps:size(maps:remove(1, Big)), maps:get(1, maps:put(1, new, Big)),
                maps:size(maps:merge(Big, maps:from_keys(seq(990, 1010), x))),
                length(walk(maps:iterator(Big), []))],
    Errors = [catching(fun() -> maps:get(z, M) end),
              catching(fun() -> maps:get(a, id(x)) end),
              catching(fun() -> maps:get(a, id(x), d) end),
              catching(fun() -> maps:find(a, id(x)) end),
              catching(fun() -> maps:put(a, 1, id(x)) end),
              catching(fun() -> maps:update(z, 1, M) end),
              catching(fun() -> maps:update(a, 1, id(x)) end),
              catching(fun() -> maps:remove(a, id(x)) end),
              catching(fun() -> maps:take(a, id(x)) end),
              catching(fun() -> maps:merge(id(x), M) end),
              catching(fun() -> maps:merge(M, id(y)) end),
              catching(fun() -> maps:merge(id(x), id(y)) end),
              catching(fun() -> maps:keys(id(x)) end),
              catching(fun() -> maps:values(id(x)) end),
              catching(fun() -> maps:to_list(id(x)) end),
              catching(fun() -> maps:from_list(id(x)) end),
              catching(fun() -> maps:from_list([a]) end),
              catching(fun() -> maps:from_list([{a, 1} | b]) end),
              catching(fun() -> maps:from_list([{a, 1, 2}]) end),
              catching(fun() -> maps:from_keys(id(x), 1) end),
              catching(fun() -> maps:from_keys([a | b], 1) end),
              catching(fun() -> maps:is_key(a, id(x)) end),
              catching(fun() -> maps:size(id(x)) end),
              catching(fun() -> map_size(id(x)) end),
              catching(fun() -> map_get(a, id(x)) end),
              catching(fun() -> map_get(a, id(#{})) end),
              catching(fun() -> is_map_key(a, id(x)) end),
              catching(fun() -> maps:iterator(id(x)) end),
              catching(fun() -> maps:next(id(foo)) end),
              catching(fun() -> maps:next(id({0, foo})) end),
              catching(fun() -> maps:next(id([0 | foo])) end),
              catching(fun() -> maps:next(id([5 | #{a => 1}])) end),
              catching(fun() -> maps:next(id([-1 | #{a => 1}])) end)],
    Guards = [guard(M), guard(E), guard(x), guard(#{a => 1})],
    WithOut = [maps:with([c, a, a, z], M), maps:without([c, a, a, z], M), maps:with([], M),
               maps:without([], M), maps:without([a, b, c], M),
               catching(fun() -> maps:with(id(x), M) end),
               catching(fun() -> maps:with([a], id(x)) end),
               catching(fun() -> maps:with(id(x), id(y)) end),
               catching(fun() -> maps:without(id(x), M) end),
               catching(fun() -> maps:without([a], id(x)) end)],
    {Gets, Puts, Merges, Lists, Iter, BigFacts, Errors, Guards, WithOut}.

guard(M) when map_size(M) > 2 -> big;
guard(M) when map_get(a, M) =:= 1 -> has_a_one;
guard(M) when is_map(M) -> small;
guard(_) -> other.
