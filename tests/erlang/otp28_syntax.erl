%% Purpose: OTP 28 comprehensions compile and run: zip generators (&&) and strict generators (<:- and <:=).
%% not_compiled_by: otp25 otp27 (zip and strict generators are OTP 28 syntax)
%% expect: {[{1,a},{2,b},{3,c}],[11,22],[2,4],{caught,badmatch},[1,2,3],[1,3],2,820}
-module(otp28_syntax).
-export([start/0]).

start() ->
    Zipped = [{X, Y} || X <- [1, 2, 3] && Y <- [a, b, c]],
    Sums = [X + Y || X <- [1, 2] && Y <- [10, 20] && _ <- [x, y]],
    Strict = [X * 2 || {ok, X} <:- [{ok, 1}, {ok, 2}]],
    StrictBad = try [X || {ok, X} <:- [{ok, 1}, error]] catch error:E -> {caught, element(1, E)} end,
    Bits = [B || <<B:8>> <:= <<1, 2, 3>>],
    Relaxed = [X || {ok, X} <- [{ok, 1}, error, {ok, 3}]],
    MapZip = [{K, V, N} || K := V <- #{a => 1, b => 2} && N <- [x, y]],
    MapSum = lists_sum([V || _ := V <- maps:from_list([{I, I} || I <- seq(1, 40)])]),
    {Zipped, Sums, Strict, StrictBad, Bits, Relaxed, length(MapZip), MapSum}.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

lists_sum([]) -> 0;
lists_sum([H | T]) -> H + lists_sum(T).
