%% Maps through syntax only: literals, construction, => and := updates, matching in heads and case, nested maps, errors.
-module(maps_syntax).
-export([start/0]).
%% expect: {#{},#{4 => 5.0,a => 1,b => [2,3],{c,d} => "e"},#{1 => 2,dyn => value},#{4 => 5.0,a => 10,b => [2,3],z => 26,{c,d} => "e"},#{4 => 5.0,a => 100,b => [],z => 26,{c,d} => "e"},true,{error,{badkey,nope}},{error,{badmap,not_a_map}},{error,{badmap,[1]}},{error,{badmatch,#{b => 1}}},#{dyn => 2},[{circle,12},{rect,12},unknown,not_a_map],[{user,"joe"},user_without_name,int_key,float_key,other_map,no_map],3,3,#{child => #{}},#{child => #{child => #{child => #{}},extra => true}},#{-1 => neg,1 => int,2 => two,1.0 => float},{int,float},#{1 => 1,2 => 4,3 => 9,4 => 16,5 => 25,6 => 36,7 => 49,8 => 64,9 => 81,10 => 100,11 => 121,12 => 144,13 => 169,14 => 196,15 => 225,16 => 256,17 => 289,18 => 324,19 => 361,20 => 400},{49,400},true,false,three}

id(X) -> X.

catching(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:E -> {C, E}
    end.

area(#{shape := circle, r := R}) -> {circle, 3 * R * R};
area(#{shape := rect, w := W, h := H}) -> {rect, W * H};
area(#{}) -> unknown;
area(_) -> not_a_map.

classify(M) ->
    case M of
        #{type := user, name := N} when is_list(N) -> {user, N};
        #{type := user} -> user_without_name;
        #{1 := one} -> int_key;
        #{1.0 := one} -> float_key;
        #{} -> other_map;
        _ -> no_map
    end.

depth(#{child := C}) -> 1 + depth(C);
depth(#{}) -> 0.

build(0, M) -> M;
build(N, M) -> build(N - 1, M#{N => N * N}).

start() ->
    Empty = #{},
    Lit = #{a => 1, b => [2, 3], {c, d} => "e", 4 => 5.0},
    K = id(dyn),
    V = id(value),
    Dyn = #{K => V, id(1) => id(2)},
    M1 = (id(Lit))#{a => 10, z => 26},
    M2 = M1#{a := 100, b := []},
    Same = M2#{a := 100},
    Bad1 = catching(fun() -> (id(Lit))#{nope := 1} end),
    Bad2 = catching(fun() -> (id(not_a_map))#{a => 1} end),
    Bad3 = catching(fun() -> (id([1]))#{a := 1} end),
    Bad4 = catching(fun() -> #{a := X} = id(#{b => 1}), X end),
    Twice = (id(#{}))#{K => 1, id(dyn) => 2},
    Nested = #{child => #{child => #{child => #{}}}},
    Deep = Nested#{child := (maps_child(Nested))#{extra => true}},
    #{child := #{child := Inner}} = Nested,
    Numbers = #{1 => int, 1.0 => float, -1 => neg, 2 => two},
    #{1 := I1, 1.0 := F1} = Numbers,
    Big = build(20, #{}),
    #{7 := Seven, 20 := Twenty} = Big,
    {Empty, Lit, Dyn, M1, M2, Same =:= M2, Bad1, Bad2, Bad3, Bad4, Twice,
     [area(#{shape => circle, r => 2}), area(#{shape => rect, w => 3, h => 4, color => red}),
      area(#{shape => blob}), area(id(7))],
     [classify(#{type => user, name => "joe"}), classify(#{type => user, name => joe}),
      classify(#{1 => one}), classify(#{1.0 => one}), classify(#{2 => one}), classify(x)],
     depth(Nested), depth(Deep), Inner, Deep, Numbers, {I1, F1}, Big, {Seven, Twenty},
     is_map(Big), is_map(id({})), map_tests(Big)}.

maps_child(#{child := C}) -> C.

map_tests(M) when is_map_key(3, M), is_map_key(nope, M) -> both;
map_tests(M) when is_map_key(3, M) -> three;
map_tests(_) -> none.
