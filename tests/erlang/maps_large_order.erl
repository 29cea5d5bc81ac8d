%% Maps of more than 32 pairs (OTP's hash tries): the order of keys, values, to_list, iterators and printing for 33, 100 and 1000 mixed keys, as OTP 25.
-module(maps_large_order).
-export([start/0]).
%% reference: otp25 (map iteration order: OTP 26+ orders small maps' atom keys by atom index and hashes large maps differently; unspecified by OTP, we keep OTP 25's order)
%% expect: {[{32,<<0,32>>},18446744073709551625,[27,28],10.5,{25,<<0,25>>},18446744073709551618,[20,21],{4,<<0,4>>},28,18446744073709551646,31.5,<<107,0,0,0,19>>,<<107,0,0,0,5>>,<<107,0,0,0,33>>,18446744073709551632,14,-1000,7,24.5,21,{18,<<0,18>>},{11,<<0,11>>},<<107,0,0,0,26>>,-8000,17.5,3.5,-22000,18446744073709551639,-15000,<<107,0,0,0,12>>,[13,14],[6,7],-29000],[32,9,27,10,25,2,20,4,28,30,31,19,5,33,16,14,1,7,24,21,18,11,26,8,17,3,22,23,15,12,13,6,29],#{-29000 => 29,[6,7] => 6,[13,14] => 13,<<107,0,0,0,12>> => 12,-15000 => 15,18446744073709551639 => 23,-22000 => 22,3.5 => 3,17.5 => 17,-8000 => 8,<<107,0,0,0,26>> => 26,{11,<<0,11>>} => 11,{18,<<0,18>>} => 18,21 => 21,24.5 => 24,7 => 7,-1000 => 1,14 => 14,18446744073709551632 => 16,<<107,0,0,0,33>> => 33,<<107,0,0,0,5>> => 5,<<107,0,0,0,19>> => 19,31.5 => 31,18446744073709551646 => 30,28 => 28,{4,<<0,4>>} => 4,[20,21] => 20,18446744073709551618 => 2,{25,<<0,25>>} => 25,10.5 => 10,[27,28] => 27,18446744073709551625 => 9,{32,<<0,32>>} => 32},[true,true,true,true,true,true,true,true,true],["78",-99000,45.5,{67,<<0,67>>},52.5,<<107,0,0,0,68>>,{32,<<0,32>>},18446744073709551625],51805671,[true,true,true,true,true,true,true,true,true],[{"78",55},{-505000,505},{{998,<<3,230>>},998},{-176000,176},{-379000,379},{518,518}],[{255.5,255},{885.5,885},{<<107,0,0,1,176>>,432},{882,882},{"§¨",167},{[979,980],979}],44720581,83543694,[true,true,true,true,true,true,true,true,true],[33,12,23,29,30,39,26,31,11,37,9,32,34,25,28,6,38,13,40,20,15,14,2,7,1,8,3,17,22,21,4,36,24,10,35,27,19,5,18,16]}

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

key(I) ->
    case I rem 7 of
        0 -> I;
        1 -> -I * 1000;
        2 -> (1 bsl 64) + I;
        3 -> I + 0.5;
        4 -> {I, <<I:16>>};
        5 -> <<"k", I:32>>;
        6 -> [I, I + 1]
    end.

pairs(N) -> [{key(I), I} || I <- seq(1, N)].

it(I) ->
    case maps:next(I) of
        none -> [];
        {K, V, I2} -> [{K, V} | it(I2)]
    end.

rev(L) -> lists:reverse(L, []).

puts([], M) -> M;
puts([{K, V} | T], M) -> puts(T, maps:put(K, V, M)).

take(0, _) -> [];
take(_, []) -> [];
take(N, [H | T]) -> [H | take(N - 1, T)].

%% What must hold between the views of one map, and the map built other ways.
consistent(M, Ps) ->
    Ks = maps:keys(M),
    L = maps:to_list(M),
    [maps:size(M) =:= length(Ps),
     [{K, maps:get(K, M)} || K <- Ks] =:= L,
     [maps:get(K, M) || K <- Ks] =:= maps:values(M),
     it(maps:iterator(M)) =:= rev(L),
     maps:keys(maps:from_list(rev(Ps))) =:= Ks,
     maps:keys(puts(Ps, #{})) =:= Ks,
     maps:keys(puts(rev(Ps), #{})) =:= Ks,
     maps:from_list(rev(Ps)) =:= M,
     [K || {K, _} <- L, not maps:is_key(K, M)] =:= []].

start() ->
    M33 = maps:from_list(pairs(33)),
    M100 = maps:from_list(pairs(100)),
    M1000 = maps:from_list(pairs(1000)),
    {maps:keys(M33),
     maps:values(M33),
     M33,
     consistent(M33, pairs(33)),
     take(8, maps:keys(M100)),
     erlang:phash2(maps:to_list(M100)),
     consistent(M100, pairs(100)),
     take(6, maps:to_list(M1000)),
     take(6, it(maps:iterator(M1000))),
     erlang:phash2(maps:keys(M1000)),
     erlang:phash2(maps:values(M1000)),
     consistent(M1000, pairs(1000)),
     maps:keys(maps:from_list([{I, I} || I <- seq(1, 40)]))}.
