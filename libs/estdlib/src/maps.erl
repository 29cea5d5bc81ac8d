%% maps: the functions of OTP 25's maps module that are not native in this VM (get/2,3, find,
%% is_key, size, new, put, update, remove, take, merge, from_list, from_keys, keys, values,
%% to_list, iterator, next, with and without are BIFs). The higher-order functions take a map
%% or an iterator, as OTP's do, and raise {badmap, M} for anything else.
-module(maps).

-export([
    filter/2, filtermap/2, fold/3, foreach/2, map/2, groups_from_list/2, groups_from_list/3,
    intersect/2, intersect_with/3, merge_with/3, update_with/3, update_with/4, iterator/2,
    is_iterator_valid/1
]).

%% OTP 26: an iterator in a given key order: undefined (the map's own), ordered (map-key order:
%% every integer before every float, otherwise term order), reversed, or a fun(A, B) saying
%% whether A comes before B. An ordered iterator is the chain {K, V, Next} ending in none.
iterator(M, undefined) when is_map(M) -> maps:iterator(M);
iterator(M, ordered) when is_map(M) -> chain(lists:sort(fun key_le/2, maps:to_list(M)));
iterator(M, reversed) when is_map(M) ->
    chain(lists:sort(fun(A, B) -> key_le(B, A) end, maps:to_list(M)));
iterator(M, Order) when is_map(M), is_function(Order, 2) ->
    chain(lists:sort(fun({A, _}, {B, _}) -> Order(A, B) end, maps:to_list(M)));
iterator(M, Order) -> erlang:error(badarg, [M, Order]).

key_le({A, _}, {B, _}) when is_integer(A), is_float(B) -> true;
key_le({A, _}, {B, _}) when is_float(A), is_integer(B) -> false;
key_le({A, _}, {B, _}) when is_float(A), is_float(B), A == B -> not (A =:= 0.0 andalso B =:= -0.0);
key_le({A, _}, {B, _}) -> A =< B.

chain(Pairs) -> lists:foldr(fun({K, V}, Next) -> {K, V, Next} end, none, Pairs).

%% OTP 26.
is_iterator_valid(I) ->
    try maps:next(I) of
        _ -> true
    catch
        error:_ -> false
    end.

filter(Pred, MapOrIter) when is_function(Pred, 2) ->
    maps:from_list([{K, V} || {K, V} <- pairs(MapOrIter), Pred(K, V)]);
filter(Pred, MapOrIter) ->
    badarg_or_badmap([Pred, MapOrIter], MapOrIter).

filtermap(Fun, MapOrIter) when is_function(Fun, 2) ->
    maps:from_list(filtermap_1(Fun, pairs(MapOrIter)));
filtermap(Fun, MapOrIter) ->
    badarg_or_badmap([Fun, MapOrIter], MapOrIter).

filtermap_1(Fun, [{K, V} | Ps]) ->
    case Fun(K, V) of
        true -> [{K, V} | filtermap_1(Fun, Ps)];
        {true, V1} -> [{K, V1} | filtermap_1(Fun, Ps)];
        false -> filtermap_1(Fun, Ps)
    end;
filtermap_1(_, []) -> [].

fold(Fun, Acc, MapOrIter) when is_function(Fun, 3) ->
    fold_1(Fun, Acc, next(iter(MapOrIter)));
fold(Fun, Acc, MapOrIter) ->
    badarg_or_badmap([Fun, Acc, MapOrIter], MapOrIter).

fold_1(Fun, Acc, {K, V, I}) -> fold_1(Fun, Fun(K, V, Acc), next(I));
fold_1(_, Acc, none) -> Acc.

foreach(Fun, MapOrIter) when is_function(Fun, 2) ->
    foreach_1(Fun, next(iter(MapOrIter)));
foreach(Fun, MapOrIter) ->
    badarg_or_badmap([Fun, MapOrIter], MapOrIter).

foreach_1(Fun, {K, V, I}) ->
    Fun(K, V),
    foreach_1(Fun, next(I));
foreach_1(_, none) -> ok.

map(Fun, MapOrIter) when is_function(Fun, 2) ->
    maps:from_list([{K, Fun(K, V)} || {K, V} <- pairs(MapOrIter)]);
map(Fun, MapOrIter) ->
    badarg_or_badmap([Fun, MapOrIter], MapOrIter).

groups_from_list(KeyFun, List) when is_function(KeyFun, 1), is_list(List) ->
    groups(List, KeyFun, fun(X) -> X end, #{});
groups_from_list(KeyFun, List) ->
    erlang:error(badarg, [KeyFun, List]).

groups_from_list(KeyFun, ValueFun, List)
  when is_function(KeyFun, 1), is_function(ValueFun, 1), is_list(List) ->
    groups(List, KeyFun, ValueFun, #{});
groups_from_list(KeyFun, ValueFun, List) ->
    erlang:error(badarg, [KeyFun, ValueFun, List]).

%% Groups keep the list's order.
groups([X | Xs], KF, VF, Acc) ->
    K = KF(X),
    V = VF(X),
    case Acc of
        #{K := Vs} -> groups(Xs, KF, VF, Acc#{K := [V | Vs]});
        _ -> groups(Xs, KF, VF, Acc#{K => [V]})
    end;
groups([], _, _, Acc) ->
    maps:from_list([{K, lists:reverse(Vs)} || {K, Vs} <- maps:to_list(Acc)]).

intersect(M1, M2) when is_map(M1), is_map(M2) ->
    intersect_with(fun(_, _, V2) -> V2 end, M1, M2);
intersect(M1, M2) ->
    erlang:error({badmap, first_non_map(M1, M2)}, [M1, M2]).

intersect_with(Combiner, M1, M2) when is_map(M1), is_map(M2), is_function(Combiner, 3) ->
    maps:from_list([{K, Combiner(K, V1, V2)} || {K, V1} <- maps:to_list(M1),
                                               {ok, V2} <- [maps:find(K, M2)]]);
intersect_with(Combiner, M1, M2) when is_map(M1), is_map(M2) ->
    erlang:error(badarg, [Combiner, M1, M2]);
intersect_with(Combiner, M1, M2) ->
    erlang:error({badmap, first_non_map(M1, M2)}, [Combiner, M1, M2]).

merge_with(Combiner, M1, M2) when is_map(M1), is_map(M2), is_function(Combiner, 3) ->
    maps:fold(fun(K, V2, Acc) ->
                      case Acc of
                          #{K := V1} -> Acc#{K := Combiner(K, V1, V2)};
                          _ -> Acc#{K => V2}
                      end
              end, M1, M2);
merge_with(Combiner, M1, M2) when is_map(M1), is_map(M2) ->
    erlang:error(badarg, [Combiner, M1, M2]);
merge_with(Combiner, M1, M2) ->
    erlang:error({badmap, first_non_map(M1, M2)}, [Combiner, M1, M2]).

update_with(Key, Fun, Map) when is_function(Fun, 1), is_map(Map) ->
    case Map of
        #{Key := V} -> Map#{Key := Fun(V)};
        _ -> erlang:error({badkey, Key}, [Key, Fun, Map])
    end;
update_with(Key, Fun, Map) when is_map(Map) ->
    erlang:error(badarg, [Key, Fun, Map]);
update_with(Key, Fun, Map) ->
    erlang:error({badmap, Map}, [Key, Fun, Map]).

update_with(Key, Fun, Init, Map) when is_function(Fun, 1), is_map(Map) ->
    case Map of
        #{Key := V} -> Map#{Key := Fun(V)};
        _ -> Map#{Key => Init}
    end;
update_with(Key, Fun, Init, Map) when is_map(Map) ->
    erlang:error(badarg, [Key, Fun, Init, Map]);
update_with(Key, Fun, Init, Map) ->
    erlang:error({badmap, Map}, [Key, Fun, Init, Map]).

%% ---------------------------------------------------------------------------------------------

first_non_map(M1, _) when not is_map(M1) -> M1;
first_non_map(_, M2) -> M2.

iter(M) when is_map(M) -> maps:iterator(M);
iter(I) ->
    case is_iterator(I) of
        true -> I;
        false -> erlang:error({badmap, I})
    end.

is_iterator([_ | M]) -> is_map(M);
is_iterator({_, _, _}) -> true;
is_iterator(none) -> true;
is_iterator(_) -> false.

next(I) -> maps:next(I).

pairs(M) when is_map(M) -> maps:to_list(M);
pairs(I) -> pairs_1(next(iter(I))).

pairs_1({K, V, I}) -> [{K, V} | pairs_1(next(I))];
pairs_1(none) -> [].

badarg_or_badmap(Args, MapOrIter) ->
    case is_map(MapOrIter) orelse is_iterator(MapOrIter) of
        true -> erlang:error(badarg, Args);
        false -> erlang:error({badmap, MapOrIter}, Args)
    end.
