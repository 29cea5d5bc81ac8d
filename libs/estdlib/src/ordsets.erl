%% ordsets: sets as ordered lists without duplicates (== decides equality), OTP 25's API.
-module(ordsets).

-export([
    new/0, is_set/1, size/1, is_empty/1, to_list/1, from_list/1, is_element/2,
    add_element/2, del_element/2, union/1, union/2, intersection/1, intersection/2,
    is_disjoint/2, subtract/2, is_subset/2, fold/3, filter/2, is_equal/2, map/2, filtermap/2
]).

new() -> [].

is_set([E | Es]) -> is_set(Es, E);
is_set([]) -> true;
is_set(_) -> false.
is_set([E2 | Es], E1) when E1 < E2 -> is_set(Es, E2);
is_set([_ | _], _) -> false;
is_set([], _) -> true.

size(S) -> length(S).
is_empty(S) -> S =:= [].
to_list(S) -> S.
from_list(L) -> lists:usort(L).

is_element(E, [H | Es]) when E > H -> is_element(E, Es);
is_element(E, [H | _]) when E < H -> false;
is_element(_E, [_H | _]) -> true;
is_element(_, []) -> false.

add_element(E, [H | Es]) when E > H -> [H | add_element(E, Es)];
add_element(E, [H | _] = Set) when E < H -> [E | Set];
add_element(_E, [_H | _] = Set) -> Set;
add_element(E, []) -> [E].

del_element(E, [H | Es]) when E > H -> [H | del_element(E, Es)];
del_element(E, [H | _] = Set) when E < H -> Set;
del_element(_E, [_H | Es]) -> Es;
del_element(_, []) -> [].

union(S1, S2) -> lists:umerge(S1, S2).
union(Sets) -> lists:umerge(Sets).

intersection([E1 | Es1], [E2 | _] = S2) when E1 < E2 -> intersection(Es1, S2);
intersection([E1 | _] = S1, [E2 | Es2]) when E1 > E2 -> intersection(S1, Es2);
intersection([E1 | Es1], [_ | Es2]) -> [E1 | intersection(Es1, Es2)];
intersection([], _) -> [];
intersection(_, []) -> [].

intersection([S | Ss]) -> lists:foldl(fun(X, A) -> intersection(A, X) end, S, Ss).

is_disjoint([E1 | Es1], [E2 | _] = S2) when E1 < E2 -> is_disjoint(Es1, S2);
is_disjoint([E1 | _] = S1, [E2 | Es2]) when E1 > E2 -> is_disjoint(S1, Es2);
is_disjoint([_ | _], [_ | _]) -> false;
is_disjoint([], _) -> true;
is_disjoint(_, []) -> true.

subtract([E1 | Es1], [E2 | _] = S2) when E1 < E2 -> [E1 | subtract(Es1, S2)];
subtract([E1 | _] = S1, [E2 | Es2]) when E1 > E2 -> subtract(S1, Es2);
subtract([_ | Es1], [_ | Es2]) -> subtract(Es1, Es2);
subtract([], _) -> [];
subtract(S1, []) -> S1.

is_subset([E1 | _], [E2 | _]) when E1 < E2 -> false;
is_subset([E1 | _] = S1, [E2 | Es2]) when E1 > E2 -> is_subset(S1, Es2);
is_subset([_ | Es1], [_ | Es2]) -> is_subset(Es1, Es2);
is_subset([], _) -> true;
is_subset(_, []) -> false.

fold(F, Acc, Set) -> lists:foldl(F, Acc, Set).
filter(F, Set) -> lists:filter(F, Set).

%% OTP 27. Elements are compared with ==, as everywhere in ordsets.
is_equal(S1, S2) when is_list(S1), is_list(S2) -> S1 == S2.

map(F, Set) when is_function(F, 1) -> from_list(lists:map(F, Set)).

filtermap(F, Set) when is_function(F, 1) ->
    from_list(lists:filtermap(fun(X) ->
                                      case F(X) of
                                          true -> {true, X};
                                          Other -> Other
                                      end
                              end, Set)).
