%% sets: sets of terms (=:= decides equality), OTP 29's API. Version 2, the default since OTP 28,
%% is OTP's map form, #{Element => []}; version 1 ({version, 1}) is opaque and here holds the
%% same map inside {set, Map} (OTP's v1 is a hash table; programs cannot tell, as it is opaque).
-module(sets).

-export([
    new/0, new/1, from_list/1, from_list/2, is_set/1, size/1, is_empty/1, to_list/1,
    is_element/2, add_element/2, del_element/2, union/1, union/2, intersection/1,
    intersection/2, is_disjoint/2, subtract/2, is_subset/2, fold/3, filter/2, is_equal/2,
    map/2, filtermap/2
]).

new() -> #{}.

new(Opts) when is_list(Opts) ->
    case lists:keyfind(version, 1, Opts) of
        {version, 1} -> {set, #{}};
        _ -> #{}
    end.

from_list(L) -> map_of(L).

from_list(L, Opts) -> wrap(new(Opts), map_of(L)).

map_of(L) -> maps:from_keys(L, []).

is_set(#{}) -> true;
is_set({set, M}) when is_map(M) -> true;
is_set(_) -> false.

m(#{} = M) -> M;
m({set, M}) -> M.

wrap(#{}, M) -> M;
wrap({set, _}, M) -> {set, M}.

size(S) -> map_size(m(S)).
is_empty(S) -> map_size(m(S)) =:= 0.
to_list(S) -> maps:keys(m(S)).
is_element(E, S) -> maps:is_key(E, m(S)).
add_element(E, S) -> wrap(S, (m(S))#{E => []}).
del_element(E, S) -> wrap(S, maps:remove(E, m(S))).

union(S1, S2) -> wrap(S1, maps:merge(m(S1), m(S2))).
union([S | Ss]) -> lists:foldl(fun(X, A) -> union(A, X) end, S, Ss);
union([]) -> new().

intersection(S1, S2) ->
    M2 = m(S2),
    wrap(S1, maps:filter(fun(K, _) -> maps:is_key(K, M2) end, m(S1))).
intersection([S | Ss]) -> lists:foldl(fun(X, A) -> intersection(A, X) end, S, Ss).

is_disjoint(S1, S2) ->
    M2 = m(S2),
    not lists:any(fun(K) -> maps:is_key(K, M2) end, maps:keys(m(S1))).

subtract(S1, S2) ->
    M2 = m(S2),
    wrap(S1, maps:filter(fun(K, _) -> not maps:is_key(K, M2) end, m(S1))).

is_subset(S1, S2) ->
    M2 = m(S2),
    lists:all(fun(K) -> maps:is_key(K, M2) end, maps:keys(m(S1))).

fold(F, Acc, S) when is_function(F, 2) -> lists:foldl(F, Acc, maps:keys(m(S))).

filter(F, S) when is_function(F, 1) -> wrap(S, maps:filter(fun(K, _) -> F(K) end, m(S))).

%% OTP 27.
%% Same elements (=:=), whatever the values stored beside them (OTP compares keys only).
is_equal(S1, S2) ->
    M1 = m(S1),
    M2 = m(S2),
    map_size(M1) =:= map_size(M2) andalso
        maps:fold(fun(K, _, Acc) -> Acc andalso is_map_key(K, M2) end, true, M1).

map(F, S) when is_function(F, 1) -> wrap(S, map_of([F(X) || X <- to_list(S)])).

filtermap(F, S) when is_function(F, 1) -> wrap(S, map_of(filtermap_list(F, to_list(S)))).

filtermap_list(F, L) ->
    lists:filtermap(fun(X) ->
                            case F(X) of
                                true -> {true, X};
                                Other -> Other
                            end
                    end, L).
