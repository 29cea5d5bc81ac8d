%% gb_trees: general balanced trees (Andersson), OTP 25's API. A tree is {Size, Node} with
%% Node = nil | {Key, Value, Smaller, Bigger}; keys compare with < and > (so 1 and 1.0 are
%% the same key). Insertion rebalances a subtree when its height exceeds the bound that OTP
%% uses, so the shapes of the trees built here are OTP's.
-module(gb_trees).

-export([
    empty/0, is_empty/1, size/1, lookup/2, get/2, is_defined/2, insert/3, update/3,
    enter/3, delete/2, delete_any/2, take/2, take_any/2, balance/1, from_orddict/1,
    to_list/1, keys/1, values/1, smallest/1, largest/1, take_smallest/1, take_largest/1,
    iterator/1, iterator/2, iterator_from/2, iterator_from/3, next/1, map/2, larger/2,
    smaller/2, from_list/1
]).

%% OTP 28: from any list of pairs; a later pair wins over an earlier one with an equal key.
from_list(Pairs) when is_list(Pairs) ->
    lists:foldl(fun({K, V}, T) -> enter(K, V, T) end, empty(), Pairs).

empty() -> {0, nil}.

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) when is_integer(Size), Size >= 0 -> Size.

lookup(Key, {_, Node}) -> lookup_node(Key, Node).

lookup_node(Key, {K, _, Smaller, _}) when Key < K -> lookup_node(Key, Smaller);
lookup_node(Key, {K, _, _, Bigger}) when Key > K -> lookup_node(Key, Bigger);
lookup_node(_, {_, V, _, _}) -> {value, V};
lookup_node(_, nil) -> none.

is_defined(Key, {_, Node}) -> lookup_node(Key, Node) =/= none.

get(Key, {_, Node}) -> get_node(Key, Node).

get_node(Key, {K, _, Smaller, _}) when Key < K -> get_node(Key, Smaller);
get_node(Key, {K, _, _, Bigger}) when Key > K -> get_node(Key, Bigger);
get_node(_, {_, V, _, _}) -> V.

update(Key, Val, {Size, Node}) -> {Size, update_node(Key, Val, Node)}.

update_node(Key, Val, {K, V, Smaller, Bigger}) when Key < K ->
    {K, V, update_node(Key, Val, Smaller), Bigger};
update_node(Key, Val, {K, V, Smaller, Bigger}) when Key > K ->
    {K, V, Smaller, update_node(Key, Val, Bigger)};
update_node(_, Val, {K, _, Smaller, Bigger}) ->
    {K, Val, Smaller, Bigger}.

%% The height bound: a subtree of S nodes may be at most 2^h high with h*h... expressed, as
%% in OTP, by comparing a doubled height with the squared size.
insert(Key, Val, {Size, Node}) when is_integer(Size), Size >= 0 ->
    New = Size + 1,
    {New, ins(Key, Val, Node, New * New)}.

ins(Key, Val, {K, V, Smaller, Bigger}, Limit) when Key < K ->
    case ins(Key, Val, Smaller, Limit bsr 1) of
        {Sub, SubH, SubS} -> grown({K, V, Sub, Bigger}, SubH, SubS, Bigger);
        Sub -> {K, V, Sub, Bigger}
    end;
ins(Key, Val, {K, V, Smaller, Bigger}, Limit) when Key > K ->
    case ins(Key, Val, Bigger, Limit bsr 1) of
        {Sub, SubH, SubS} -> grown({K, V, Smaller, Sub}, SubH, SubS, Smaller);
        Sub -> {K, V, Smaller, Sub}
    end;
ins(Key, Val, nil, 0) -> {{Key, Val, nil, nil}, 1, 1};
ins(Key, Val, nil, _) -> {Key, Val, nil, nil};
ins(Key, _, _, _) -> erlang:error({key_exists, Key}).

grown(Node, SubH, SubS, Other) ->
    {OtherH, OtherS} = count(Other),
    H = max(SubH, OtherH) bsl 1,
    S = SubS + OtherS + 1,
    case H > S * S of
        true -> balance_node(Node, S);
        false -> {Node, H, S}
    end.

count({_, _, nil, nil}) -> {1, 1};
count({_, _, Smaller, Bigger}) ->
    {H1, S1} = count(Smaller),
    {H2, S2} = count(Bigger),
    {max(H1, H2) bsl 1, S1 + S2 + 1};
count(nil) -> {1, 0}.

enter(Key, Val, Tree) ->
    case is_defined(Key, Tree) of
        true -> update(Key, Val, Tree);
        false -> insert(Key, Val, Tree)
    end.

balance({Size, Node}) -> {Size, balance_node(Node, Size)}.

balance_node(Node, Size) -> from_pairs(to_list_node(Node, []), Size).

from_orddict(L) ->
    Size = length(L),
    {Size, from_pairs(L, Size)}.

from_pairs(L, Size) ->
    {Node, []} = build(L, Size),
    Node.

build(L, N) when N > 1 ->
    Right = (N - 1) div 2,
    Left = N - 1 - Right,
    {Smaller, [{K, V} | Rest]} = build(L, Left),
    {Bigger, Rest1} = build(Rest, Right),
    {{K, V, Smaller, Bigger}, Rest1};
build([{K, V} | Rest], 1) -> {{K, V, nil, nil}, Rest};
build(L, 0) -> {nil, L}.

delete(Key, {Size, Node}) -> {Size - 1, del(Key, Node)}.

del(Key, {K, V, Smaller, Bigger}) when Key < K -> {K, V, del(Key, Smaller), Bigger};
del(Key, {K, V, Smaller, Bigger}) when Key > K -> {K, V, Smaller, del(Key, Bigger)};
del(_, {_, _, Smaller, Bigger}) -> merge(Smaller, Bigger).

merge(Smaller, nil) -> Smaller;
merge(nil, Bigger) -> Bigger;
merge(Smaller, Bigger) ->
    {K, V, Bigger1} = pop_smallest(Bigger),
    {K, V, Smaller, Bigger1}.

delete_any(Key, Tree) ->
    case is_defined(Key, Tree) of
        true -> delete(Key, Tree);
        false -> Tree
    end.

take(Key, {Size, Node}) ->
    {V, Node1} = take_node(Key, Node),
    {V, {Size - 1, Node1}}.

take_node(Key, {K, V, Smaller, Bigger}) when Key < K ->
    {Val, Smaller1} = take_node(Key, Smaller),
    {Val, {K, V, Smaller1, Bigger}};
take_node(Key, {K, V, Smaller, Bigger}) when Key > K ->
    {Val, Bigger1} = take_node(Key, Bigger),
    {Val, {K, V, Smaller, Bigger1}};
take_node(_, {_, V, Smaller, Bigger}) ->
    {V, merge(Smaller, Bigger)}.

take_any(Key, Tree) ->
    case is_defined(Key, Tree) of
        true -> take(Key, Tree);
        false -> error
    end.

smallest({_, Node}) -> smallest_node(Node).

smallest_node({K, V, nil, _}) -> {K, V};
smallest_node({_, _, Smaller, _}) -> smallest_node(Smaller).

largest({_, Node}) -> largest_node(Node).

largest_node({K, V, _, nil}) -> {K, V};
largest_node({_, _, _, Bigger}) -> largest_node(Bigger).

take_smallest({Size, Node}) ->
    {K, V, Node1} = pop_smallest(Node),
    {K, V, {Size - 1, Node1}}.

pop_smallest({K, V, nil, Bigger}) -> {K, V, Bigger};
pop_smallest({K, V, Smaller, Bigger}) ->
    {K1, V1, Smaller1} = pop_smallest(Smaller),
    {K1, V1, {K, V, Smaller1, Bigger}}.

take_largest({Size, Node}) ->
    {K, V, Node1} = pop_largest(Node),
    {K, V, {Size - 1, Node1}}.

pop_largest({K, V, Smaller, nil}) -> {K, V, Smaller};
pop_largest({K, V, Smaller, Bigger}) ->
    {K1, V1, Bigger1} = pop_largest(Bigger),
    {K1, V1, {K, V, Smaller, Bigger1}}.

to_list({_, Node}) -> to_list_node(Node, []).

to_list_node({K, V, Smaller, Bigger}, Acc) ->
    to_list_node(Smaller, [{K, V} | to_list_node(Bigger, Acc)]);
to_list_node(nil, Acc) -> Acc.

keys({_, Node}) -> keys_node(Node, []).

keys_node({K, _, Smaller, Bigger}, Acc) -> keys_node(Smaller, [K | keys_node(Bigger, Acc)]);
keys_node(nil, Acc) -> Acc.

values({_, Node}) -> values_node(Node, []).

values_node({_, V, Smaller, Bigger}, Acc) ->
    values_node(Smaller, [V | values_node(Bigger, Acc)]);
values_node(nil, Acc) -> Acc.

map(F, {Size, Node}) when is_function(F, 2) -> {Size, map_node(F, Node)}.

map_node(F, {K, V, Smaller, Bigger}) ->
    {K, F(K, V), map_node(F, Smaller), map_node(F, Bigger)};
map_node(_, nil) -> nil.

larger(Key, {_, Node}) -> larger_node(Key, Node).

larger_node(_, nil) -> none;
larger_node(Key, {K, _, _, Bigger}) when Key >= K -> larger_node(Key, Bigger);
larger_node(Key, {K, V, Smaller, _}) ->
    case larger_node(Key, Smaller) of
        none -> {K, V};
        Found -> Found
    end.

smaller(Key, {_, Node}) -> smaller_node(Key, Node).

smaller_node(_, nil) -> none;
smaller_node(Key, {K, _, Smaller, _}) when Key =< K -> smaller_node(Key, Smaller);
smaller_node(Key, {K, V, _, Bigger}) ->
    case smaller_node(Key, Bigger) of
        none -> {K, V};
        Found -> Found
    end.

%% Iterators: a stack of the nodes still to visit, the next one on top; a reversed
%% iterator is tagged so that next/1 walks the other way.
iterator(Tree) -> iterator(Tree, ordered).

iterator({_, Node}, ordered) -> push_left(Node, []);
iterator({_, Node}, reversed) -> {reversed, push_right(Node, [])}.

push_left({_, _, nil, _} = N, Stack) -> [N | Stack];
push_left({_, _, Smaller, _} = N, Stack) -> push_left(Smaller, [N | Stack]);
push_left(nil, Stack) -> Stack.

push_right({_, _, _, nil} = N, Stack) -> [N | Stack];
push_right({_, _, _, Bigger} = N, Stack) -> push_right(Bigger, [N | Stack]);
push_right(nil, Stack) -> Stack.

iterator_from(Key, Tree) -> iterator_from(Key, Tree, ordered).

iterator_from(Key, {_, Node}, ordered) -> from_left(Key, Node, []);
iterator_from(Key, {_, Node}, reversed) -> {reversed, from_right(Key, Node, [])}.

from_left(Key, {K, _, _, Bigger}, Stack) when K < Key -> from_left(Key, Bigger, Stack);
from_left(_, {_, _, nil, _} = N, Stack) -> [N | Stack];
from_left(Key, {_, _, Smaller, _} = N, Stack) -> from_left(Key, Smaller, [N | Stack]);
from_left(_, nil, Stack) -> Stack.

from_right(Key, {K, _, Smaller, _}, Stack) when K > Key -> from_right(Key, Smaller, Stack);
from_right(_, {_, _, _, nil} = N, Stack) -> [N | Stack];
from_right(Key, {_, _, _, Bigger} = N, Stack) -> from_right(Key, Bigger, [N | Stack]);
from_right(_, nil, Stack) -> Stack.

next([{K, V, _, Bigger} | Stack]) -> {K, V, push_left(Bigger, Stack)};
next([]) -> none;
next({reversed, [{K, V, Smaller, _} | Stack]}) -> {K, V, {reversed, push_right(Smaller, Stack)}};
next({reversed, []}) -> none.
