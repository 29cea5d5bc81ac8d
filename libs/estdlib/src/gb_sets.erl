%% gb_sets: ordered sets as general balanced trees, OTP 25's API. A set is {Size, Node} with
%% Node = nil | {Element, Smaller, Bigger}; elements compare with < and > (1 and 1.0 are the
%% same element). Insertion rebalances like OTP's, and the set operations choose between
%% inserting and merging-then-rebuilding by the same size test, so the trees have OTP's shape.
%% larger/2, smaller/2, iterator/2 and iterator_from/3 come from OTP 27 (not in OTP 25).
-module(gb_sets).

-export([
    empty/0, new/0, is_empty/1, size/1, singleton/1, is_member/2, is_element/2, insert/2,
    add/2, add_element/2, balance/1, from_ordset/1, from_list/1, to_list/1, delete/2,
    delete_any/2, del_element/2, smallest/1, largest/1, take_smallest/1, take_largest/1,
    iterator/1, iterator/2, iterator_from/2, iterator_from/3, next/1, union/1, union/2,
    intersection/1, intersection/2, is_disjoint/2, difference/2, subtract/2, is_subset/2,
    is_set/1, filter/2, fold/3, larger/2, smaller/2, is_equal/2, map/2, filtermap/2
]).

empty() -> {0, nil}.

new() -> empty().

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) -> Size.

singleton(X) -> {1, {X, nil, nil}}.

is_element(X, Set) -> is_member(X, Set).

is_member(X, {_, Node}) -> member(X, Node).

member(X, {E, Smaller, _}) when X < E -> member(X, Smaller);
member(X, {E, _, Bigger}) when X > E -> member(X, Bigger);
member(_, {_, _, _}) -> true;
member(_, nil) -> false.

insert(X, {Size, Node}) ->
    New = Size + 1,
    {New, ins(X, Node, New * New)}.

ins(X, {E, Smaller, Bigger}, Limit) when X < E ->
    case ins(X, Smaller, Limit bsr 1) of
        {Sub, SubH, SubS} when is_integer(SubH) -> grown({E, Sub, Bigger}, SubH, SubS, Bigger);
        Sub -> {E, Sub, Bigger}
    end;
ins(X, {E, Smaller, Bigger}, Limit) when X > E ->
    case ins(X, Bigger, Limit bsr 1) of
        {Sub, SubH, SubS} when is_integer(SubH) -> grown({E, Smaller, Sub}, SubH, SubS, Smaller);
        Sub -> {E, Smaller, Sub}
    end;
ins(X, nil, 0) -> {{X, nil, nil}, 1, 1};
ins(X, nil, _) -> {X, nil, nil};
ins(X, _, _) -> erlang:error({key_exists, X}).

grown(Node, SubH, SubS, Other) ->
    {OtherH, OtherS} = count(Other),
    H = max(SubH, OtherH) bsl 1,
    S = SubS + OtherS + 1,
    case H > S * S of
        true -> rebuild(Node, S);
        false -> {Node, H, S}
    end.

count({_, nil, nil}) -> {1, 1};
count({_, Smaller, Bigger}) ->
    {H1, S1} = count(Smaller),
    {H2, S2} = count(Bigger),
    {max(H1, H2) bsl 1, S1 + S2 + 1};
count(nil) -> {1, 0}.

add(X, Set) -> add_element(X, Set).

add_element(X, Set) ->
    case is_member(X, Set) of
        true -> Set;
        false -> insert(X, Set)
    end.

balance({Size, Node}) -> {Size, rebuild(Node, Size)}.

rebuild(Node, Size) -> from_sorted(elements(Node, []), Size).

from_ordset(L) ->
    Size = length(L),
    {Size, from_sorted(L, Size)}.

from_list(L) -> from_ordset(lists:usort(L)).

from_sorted(L, Size) ->
    {Node, []} = build(L, Size),
    Node.

build(L, N) when N > 1 ->
    Right = (N - 1) div 2,
    Left = N - 1 - Right,
    {Smaller, [E | Rest]} = build(L, Left),
    {Bigger, Rest1} = build(Rest, Right),
    {{E, Smaller, Bigger}, Rest1};
build([E | Rest], 1) -> {{E, nil, nil}, Rest};
build(L, 0) -> {nil, L}.

%% The same shape built from a descending list.
from_desc(L, Size) ->
    {Node, []} = build_desc(L, Size),
    Node.

build_desc(L, N) when N > 1 ->
    Left = (N - 1) div 2,
    Right = N - 1 - Left,
    {Bigger, [E | Rest]} = build_desc(L, Right),
    {Smaller, Rest1} = build_desc(Rest, Left),
    {{E, Smaller, Bigger}, Rest1};
build_desc([E | Rest], 1) -> {{E, nil, nil}, Rest};
build_desc(L, 0) -> {nil, L}.

to_list({_, Node}) -> elements(Node, []).

elements({E, Smaller, Bigger}, Acc) -> elements(Smaller, [E | elements(Bigger, Acc)]);
elements(nil, Acc) -> Acc.

delete(X, {Size, Node}) -> {Size - 1, del(X, Node)}.

del(X, {E, Smaller, Bigger}) when X < E -> {E, del(X, Smaller), Bigger};
del(X, {E, Smaller, Bigger}) when X > E -> {E, Smaller, del(X, Bigger)};
del(_, {_, Smaller, Bigger}) -> merge(Smaller, Bigger).

merge(Smaller, nil) -> Smaller;
merge(nil, Bigger) -> Bigger;
merge(Smaller, Bigger) ->
    {E, Bigger1} = pop_smallest(Bigger),
    {E, Smaller, Bigger1}.

delete_any(X, Set) ->
    case is_member(X, Set) of
        true -> delete(X, Set);
        false -> Set
    end.

del_element(X, Set) -> delete_any(X, Set).

smallest({_, Node}) -> smallest_node(Node).

smallest_node({E, nil, _}) -> E;
smallest_node({_, Smaller, _}) -> smallest_node(Smaller).

largest({_, Node}) -> largest_node(Node).

largest_node({E, _, nil}) -> E;
largest_node({_, _, Bigger}) -> largest_node(Bigger).

take_smallest({Size, Node}) ->
    {E, Node1} = pop_smallest(Node),
    {E, {Size - 1, Node1}}.

pop_smallest({E, nil, Bigger}) -> {E, Bigger};
pop_smallest({E, Smaller, Bigger}) ->
    {E1, Smaller1} = pop_smallest(Smaller),
    {E1, {E, Smaller1, Bigger}}.

take_largest({Size, Node}) ->
    {E, Node1} = pop_largest(Node),
    {E, {Size - 1, Node1}}.

pop_largest({E, Smaller, nil}) -> {E, Smaller};
pop_largest({E, Smaller, Bigger}) ->
    {E1, Bigger1} = pop_largest(Bigger),
    {E1, {E, Smaller, Bigger1}}.

larger(X, {_, Node}) -> larger_node(X, Node).

larger_node(_, nil) -> none;
larger_node(X, {E, _, Bigger}) when X >= E -> larger_node(X, Bigger);
larger_node(X, {E, Smaller, _}) ->
    case larger_node(X, Smaller) of
        none -> {found, E};
        Found -> Found
    end.

smaller(X, {_, Node}) -> smaller_node(X, Node).

smaller_node(_, nil) -> none;
smaller_node(X, {E, Smaller, _}) when X =< E -> smaller_node(X, Smaller);
smaller_node(X, {E, _, Bigger}) ->
    case smaller_node(X, Bigger) of
        none -> {found, E};
        Found -> Found
    end.

iterator(Set) -> iterator(Set, ordered).

iterator({_, Node}, ordered) -> push_left(Node, []);
iterator({_, Node}, reversed) -> {reversed, push_right(Node, [])}.

push_left({_, nil, _} = N, Stack) -> [N | Stack];
push_left({_, Smaller, _} = N, Stack) -> push_left(Smaller, [N | Stack]);
push_left(nil, Stack) -> Stack.

push_right({_, _, nil} = N, Stack) -> [N | Stack];
push_right({_, _, Bigger} = N, Stack) -> push_right(Bigger, [N | Stack]);
push_right(nil, Stack) -> Stack.

iterator_from(X, Set) -> iterator_from(X, Set, ordered).

iterator_from(X, {_, Node}, ordered) -> from_left(X, Node, []);
iterator_from(X, {_, Node}, reversed) -> {reversed, from_right(X, Node, [])}.

from_left(X, {E, _, Bigger}, Stack) when E < X -> from_left(X, Bigger, Stack);
from_left(_, {_, nil, _} = N, Stack) -> [N | Stack];
from_left(X, {_, Smaller, _} = N, Stack) -> from_left(X, Smaller, [N | Stack]);
from_left(_, nil, Stack) -> Stack.

from_right(X, {E, Smaller, _}, Stack) when E > X -> from_right(X, Smaller, Stack);
from_right(_, {_, _, nil} = N, Stack) -> [N | Stack];
from_right(X, {_, _, Bigger} = N, Stack) -> from_right(X, Bigger, [N | Stack]);
from_right(_, nil, Stack) -> Stack.

next([{E, _, Bigger} | Stack]) -> {E, push_left(Bigger, Stack)};
next([]) -> none;
next({reversed, [{E, Smaller, _} | Stack]}) -> {E, {reversed, push_right(Smaller, Stack)}};
next({reversed, []}) -> none.

%% Set algebra. The smaller set is walked as a list; against a small or comparably sized
%% other set both are merged as sorted lists and the result rebuilt balanced, otherwise the
%% other set is searched (or inserted into) element by element.
merge_cheaper(N1, N2) -> N2 < 10 orelse N2 < N1 * round(1.46 * math:log(N2)).

union({N1, T1}, {N2, T2}) when N2 < N1 -> union_walk(elements(T2, []), N2, T1, N1);
union({N1, T1}, {N2, T2}) -> union_walk(elements(T1, []), N1, T2, N2).

union_walk(L, N1, T2, N2) ->
    case merge_cheaper(N1, N2) of
        true -> union_merge(L, elements(T2, []), [], 0);
        false -> lists:foldl(fun add_element/2, {N2, T2}, L)
    end.

union_merge([X | Xs], [Y | _] = Ys, Acc, N) when X < Y -> union_merge(Xs, Ys, [X | Acc], N + 1);
union_merge([X | _] = Xs, [Y | Ys], Acc, N) when X > Y -> union_merge(Xs, Ys, [Y | Acc], N + 1);
union_merge([X | Xs], [_ | Ys], Acc, N) -> union_merge(Xs, Ys, [X | Acc], N + 1);
union_merge([], Ys, Acc, N) -> desc_set(lists:reverse(Ys, Acc), N + length(Ys));
union_merge(Xs, [], Acc, N) -> desc_set(lists:reverse(Xs, Acc), N + length(Xs)).

desc_set(Desc, N) -> {N, from_desc(Desc, N)}.

union([S | Ss]) -> lists:foldl(fun(S1, Acc) -> union(Acc, S1) end, S, Ss);
union([]) -> empty().

intersection({N1, T1}, {N2, T2}) when N2 < N1 -> inter_walk(elements(T2, []), N2, T1, N1);
intersection({N1, T1}, {N2, T2}) -> inter_walk(elements(T1, []), N1, T2, N2).

inter_walk(L, N1, T2, N2) ->
    case merge_cheaper(N1, N2) of
        true -> inter_merge(L, elements(T2, []), [], 0);
        false -> keep(L, T2, true, [], 0)
    end.

inter_merge([X | Xs], [Y | _] = Ys, Acc, N) when X < Y -> inter_merge(Xs, Ys, Acc, N);
inter_merge([X | _] = Xs, [Y | Ys], Acc, N) when X > Y -> inter_merge(Xs, Ys, Acc, N);
inter_merge([X | Xs], [_ | Ys], Acc, N) -> inter_merge(Xs, Ys, [X | Acc], N + 1);
inter_merge(_, _, Acc, N) -> desc_set(Acc, N).

%% The elements of L whose membership in T is Want, as a set.
keep([X | Xs], T, Want, Acc, N) ->
    case member(X, T) of
        Want -> keep(Xs, T, Want, [X | Acc], N + 1);
        _ -> keep(Xs, T, Want, Acc, N)
    end;
keep([], _, _, Acc, N) -> desc_set(Acc, N).

intersection([S | Ss]) -> lists:foldl(fun(S1, Acc) -> intersection(Acc, S1) end, S, Ss).

is_disjoint({N1, T1}, {N2, T2}) when N1 < N2 -> disjoint(T1, T2);
is_disjoint({_, T1}, {_, T2}) -> disjoint(T2, T1).

disjoint(Small, Big) -> lists:all(fun(X) -> not member(X, Big) end, elements(Small, [])).

subtract(S1, S2) -> difference(S1, S2).

difference({N1, T1}, {N2, T2}) ->
    L = elements(T1, []),
    case merge_cheaper(N1, N2) of
        true -> diff_merge(L, elements(T2, []), [], 0);
        false -> keep(L, T2, false, [], 0)
    end.

diff_merge([X | Xs], [Y | _] = Ys, Acc, N) when X < Y -> diff_merge(Xs, Ys, [X | Acc], N + 1);
diff_merge([X | _] = Xs, [Y | Ys], Acc, N) when X > Y -> diff_merge(Xs, Ys, Acc, N);
diff_merge([_ | Xs], [_ | Ys], Acc, N) -> diff_merge(Xs, Ys, Acc, N);
diff_merge([], _, Acc, N) -> desc_set(Acc, N);
diff_merge(Xs, [], Acc, N) -> desc_set(lists:reverse(Xs, Acc), N + length(Xs)).

is_subset({N1, T1}, {_, T2}) when is_integer(N1) ->
    lists:all(fun(X) -> member(X, T2) end, elements(T1, [])).

is_set({0, nil}) -> true;
is_set({N, {_, _, _}}) when is_integer(N), N >= 0 -> true;
is_set(_) -> false.

filter(F, Set) when is_function(F, 1) -> from_ordset([X || X <- to_list(Set), F(X)]).

%% OTP 27 (== decides, as in gb_sets).
is_equal(S1, S2) -> ?MODULE:size(S1) =:= ?MODULE:size(S2) andalso to_list(S1) == to_list(S2).

map(F, Set) when is_function(F, 1) -> from_list(lists:map(F, to_list(Set))).

filtermap(F, Set) when is_function(F, 1) ->
    from_list(lists:filtermap(fun(X) ->
                                      case F(X) of
                                          true -> {true, X};
                                          Other -> Other
                                      end
                              end, to_list(Set))).

fold(F, Acc, Set) when is_function(F, 2) -> lists:foldl(F, Acc, to_list(Set)).
