%% Map comparison and ordering (size, then keys in map-key order, then values), equality, maps as keys.
-module(maps_order).
-export([start/0]).
%% expect: {[#{},#{1 => x},#{2 => x},#{1.0 => x},#{a => 1},#{a => 1.0},#{a => 2},#{a => {1}},#{a => #{}},#{a => [x]},#{b => 1},#{a => 1,b => 1},#{a => 9,c => 0}],[true,false,false,true,false,false,true,true,true,true,true,true,true,true,true,true],#{{#{a => 1}} => tuple_of_map,#{} => empty,#{a => 1} => int_map,#{a => 1.0} => float_map,[#{}] => list_of_map},[int_map,float_map,empty,missing],#{{#{a => 1}} => tuple_of_map,#{} => empty,#{a => 1} => replaced,#{a => 1.0} => float_map,#{b => 2} => added,[#{}] => list_of_map},#{#{y => 1} => 2,#{z => 1} => 3},#{-3 => im3,1 => i1,2 => i2,1.5 => f15,2.0 => f2,b => atom,true => bool,{t} => tup,[] => nil,"s" => str}}

id(X) -> X.

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = split(L, [], []),
    merge(msort(A), msort(B)).

split([], A, B) -> {A, B};
split([X | T], A, B) -> split(T, [X | B], A).

merge([], B) -> B;
merge(A, []) -> A;
merge([X | A], [Y | B]) when X =< Y -> [X | merge(A, [Y | B])];
merge(A, [Y | B]) -> [Y | merge(A, B)].

start() ->
    Ms = [#{b => 1}, #{a => 2}, #{a => 1, b => 1}, #{}, #{a => 1}, #{1.0 => x}, #{1 => x},
          #{a => 1.0}, #{c => 0, a => 9}, #{a => #{}}, #{2 => x}, #{a => {1}}, #{a => [x]}],
    Sorted = msort(id(Ms)),
    Cmp = [id(#{a => 1}) == id(#{a => 1.0}), id(#{a => 1}) =:= id(#{a => 1.0}),
           id(#{1 => a}) == id(#{1.0 => a}), id(#{1 => a}) < id(#{1.0 => a}),
           id(#{a => 1}) < id(#{a => 1.0}), id(#{a => 1.0}) < id(#{a => 1}),
           id(#{a => 1}) < id(#{a => 2}), id(#{z => 1}) < id(#{a => 1, b => 1}),
           id(#{b => 0}) > id(#{a => 9}),
           id({}) < id(#{}), id(#{}) < id([]), id(#{}) < id([x]), id(#{}) > id({a, b, c}),
           id(#{x => [1, 2]}) =:= #{x => [1, 2]}, id(#{k => #{n => 1}}) =:= #{k => #{n => 1}},
           id(#{k => #{n => 1}}) == #{k => #{n => 1.0}}],
    Key1 = id(#{a => 1}),
    Key2 = id(#{a => 1.0}),
    Outer = #{Key1 => int_map, Key2 => float_map, #{} => empty, [#{}] => list_of_map,
              {Key1} => tuple_of_map},
    Lookups = [case Outer of #{#{a => 1} := V1} -> V1 end,
               case Outer of #{#{a => 1.0} := V2} -> V2 end,
               case Outer of #{#{} := V3} -> V3 end,
               case id(Outer) of #{#{a => 2} := _} -> found; _ -> missing end],
    Updated = Outer#{#{a => 1} := replaced, #{b => 2} => added},
    Built = (id(#{}))#{id(#{z => 1}) => 1, id(#{y => 1}) => 2, id(#{z => 1}) => 3},
    Mixed = #{2.0 => f2, 1 => i1, 2 => i2, 1.5 => f15, -3 => im3, b => atom, "s" => str,
              {t} => tup, [] => nil, <<>> == <<>> => bool},
    {Sorted, Cmp, Outer, Lookups, Updated, Built, Mixed}.
