%% A map grown to 3000 pairs one put at a time and shrunk back past 32 with removes, with garbage in between (meant for the GC stress run), as OTP 25.
-module(maps_large_gc).
-export([start/0]).
%% reference: otp25 (map iteration order: OTP 26+ orders small maps' atom keys by atom index and hashes large maps differently; unspecified by OTP, we keep OTP 25's order)
%% expect: {3000,[10493030,34605426,123098415,111504438,121400262,121192224],30,#{2970 => [2970,2971],2973 => [2973,2974],2976 => [2976,2977],2979 => [2979,2980],2982 => [2982,2983],2985 => [2985,2986],2988 => [2988,2989],2991 => [2991,2992],2994 => [2994,2995],2997 => [2997,2998],{2971} => [2971,2972],{2974} => [2974,2975],{2977} => [2977,2978],{2980} => [2980,2981],{2983} => [2983,2984],{2986} => [2986,2987],{2989} => [2989,2990],{2992} => [2992,2993],{2995} => [2995,2996],{2998} => [2998,2999],<<0,11,156>> => [2972,2973],<<0,11,159>> => [2975,2976],<<0,11,162>> => [2978,2979],<<0,11,165>> => [2981,2982],<<0,11,168>> => [2984,2985],<<0,11,171>> => [2987,2988],<<0,11,174>> => [2990,2991],<<0,11,177>> => [2993,2994],<<0,11,180>> => [2996,2997],<<0,11,183>> => [2999,3000]},true,big,95979314}

grow(N, N, M, Acc) -> {M, Acc};
grow(I, N, M, Acc) ->
    K = case I rem 3 of 0 -> I; 1 -> {I}; 2 -> <<I:24>> end,
    M1 = M#{K => [I, I + 1]},
    Acc1 = case I rem 500 of 0 -> [erlang:phash2(maps:keys(M1)) | Acc]; _ -> Acc end,
    grow(I + 1, N, M1, Acc1).

shrink(I, N, M) when I >= N -> M;
shrink(I, N, M) ->
    K = case I rem 3 of 0 -> I; 1 -> {I}; 2 -> <<I:24>> end,
    #{K := [I | _]} = M,
    shrink(I + 1, N, maps:remove(K, M)).

start() ->
    {M, Hs} = grow(0, 3000, #{}, []),
    S = shrink(0, 2970, M),
    Msg = self() ! {big, M},
    receive {big, M2} -> ok end,
    {maps:size(M), lists:reverse(Hs, []), maps:size(S), S,
     M2 =:= M, element(1, Msg), erlang:phash2(maps:to_list(M2))}.
