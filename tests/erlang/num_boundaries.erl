%% Purpose: integers across the small/bignum boundaries of both word sizes (2^27/2^28 on wasm32, 2^59/2^60 natively) and 2^31, 2^32, 2^63, 2^64 in every operator, guard, comparison, conversion, hash and binary path; floats at the 2^53 edge, -0.0 and formatting; so all four platforms check them.
-module(num_boundaries).
-export([start/0]).
%% expect: {[28,28,27,28,27,32,32,31,32,31,60,60,59,60,59,64,64,63,64,63],[[134217728,134217726,134217727,134217727,0,1,134217727,134217726],[-134217729,-134217727,134217728,134217728,0,-134217728,-1,134217727],[0,268435456,-18014398509481984,-1,0,134217728,-134217728,-268435456],[576460752303423488,576460752303423486,576460752303423487,576460752303423487,0,1,576460752303423487,576460752303423486],[-576460752303423489,-576460752303423487,576460752303423488,576460752303423488,0,-576460752303423488,-1,576460752303423487],[0,1152921504606846976,-332306998946228968225951765070086144,-1,0,576460752303423488,-576460752303423488,-1152921504606846976],[18446744073709551616,18446744073709551614,18446744073709551615,18446744073709551615,0,1,18446744073709551615,18446744073709551614],[-9223372036854775809,-9223372036854775807,9223372036854775808,9223372036854775808,0,-9223372036854775808,-1,9223372036854775807]],[134217728,-134217729,268435456,576460752303423488,-576460752303423489,1152921504606846976,134217727,576460752303423487,-134217728,-576460752303423488],[yes,yes,yes,yes,yes,yes],{[134217728,268435456,2147483648,4294967296,576460752303423488,1152921504606846976,9223372036854775808,18446744073709551616],[-134217728,-268435456,-2147483648,-4294967296,-576460752303423488,-1152921504606846976,-9223372036854775808,-18446744073709551616],[67108864,134217728,1073741824,2147483648,288230376151711744,576460752303423488,4611686018427387904,9223372036854775808],[-1,-1,-1,-1,-1,-1,-1,-1],[-2,-2,-2,-2,-2,-2,-2,-2]},[{-3,-1},{3,-1},{-3,1},{-134217728,0},{134217728,0},{-576460752303423488,0},{576460752303423488,0},{-1,-1},{0,-134217727}],[["8000000","-8000001","1000000000000000","-1000000000000001"],["134217727","134217728"],[2016,-2017]],[134217728,-134217729,576460752303423488,-576460752303423489,18446744073709551616,-18446744073709551617],[{134217728.0,134217728},{5.764607523034235e17,576460752303423488},{9.007199254740992e15,9007199254740992},{9.007199254740992e15,9007199254740993}],[[false,false,true],[true,false,false],[false,true,false],[true,false,false],[false,true,false],[false,false,true]],[<<131,98,8,0,0,0>>,<<131,98,128,0,0,0>>,<<131,110,4,0,0,0,0,128>>,<<131,110,4,1,1,0,0,128>>,<<131,110,8,0,0,0,0,0,0,0,0,8>>,<<131,110,9,0,0,0,0,0,0,0,0,0,1>>],[12354923,112602999,26969617,50891952,103122609,70671433],[[134217727,134217728,268435455,268435456],[-134217728,-134217729,268435456],[576460752303423487,576460752303423488,-576460752303423488,-576460752303423489,1152921504606846975],[18446744073709551615,-9223372036854775808]],{134217738,-134217738,576460752303423498,-576460752303423498},[big,small,big,small,neg_big,small],{-0.0,-0.0,"-0.00000000000000000000e+00","0.0","-0.0",0.0},[1.0e23,"1.0e23","5.0e-324","1.7976931348623157e308","0.1"],[badarith,badarith,badarg,badarith,system_limit]}

start() ->
    P = [27, 28, 31, 32, 59, 60, 63, 64],
    %% bit lengths of 2^p - 1 .. 2^p + 1, each computed by shifting
    BitLens = [bits((id(1) bsl N) + D) || N <- [27, 31, 59, 63], D <- [0, 1, -1, 2, -2]],
    Ops = [ops(A, B) || {A, B} <- [{(1 bsl 27) - 1, 1}, {-(1 bsl 27), -1}, {1 bsl 27, -(1 bsl 27)},
                                   {(1 bsl 59) - 1, 1}, {-(1 bsl 59), -1}, {1 bsl 59, -(1 bsl 59)},
                                   {(1 bsl 64) - 1, 1}, {-(1 bsl 63), -1}]],
    %% +1 / -1 across the boundaries through the inline instructions (the loop counter)
    Steps = [count(id((1 bsl 27) - 3), 3), count(id(-(1 bsl 27) + 3), -4), count(id((1 bsl 28) - 1), 1),
             count(id((1 bsl 59) - 3), 3), count(id(-(1 bsl 59) + 3), -4), count(id((1 bsl 60) - 1), 1),
             count(id(1 bsl 27), -1), count(id(1 bsl 59), -1), count(id(-(1 bsl 27) - 1), 1),
             count(id(-(1 bsl 59) - 1), 1)],
    %% a result that came back from a bignum is a small again: literal matches and map keys work
    Back = [match_back((1 bsl 28) + 5 - (1 bsl 28)), match_back((1 bsl 60) + 5 - (1 bsl 60)),
            match_back(((1 bsl 64) + 5) rem (1 bsl 64)), match_back((5 bsl 70) bsr 70),
            match_back((1 bsl 90) div (1 bsl 90) * 5), key_back((1 bsl 64) - (1 bsl 64) + 5)],
    Shifts = {[id(1) bsl N || N <- P], [id(-1) bsl N || N <- P], [(id(1) bsl N) bsr 1 || N <- P],
              [(id(-1) bsl N) bsr N || N <- P], [(id(-1) bsl N - 1) bsr N || N <- P]},
    DivRem = [{id(A) div id(B), id(A) rem id(B)}
              || {A, B} <- [{-7, 2}, {-7, -2}, {7, -2}, {1 bsl 27, -1}, {-(1 bsl 27), -1},
                            {1 bsl 59, -1}, {-(1 bsl 59), -1}, {-(1 bsl 27) - 1, 1 bsl 27},
                            {-(1 bsl 27) + 1, 1 bsl 27}]],
    Text = [[integer_to_list(id(1 bsl 27), 16), integer_to_list(id(-(1 bsl 27) - 1), 16),
             integer_to_list(id(1 bsl 60), 16), integer_to_list(id(-(1 bsl 60) - 1), 16)],
            [integer_to_list(id((1 bsl 27) - 1)), binary_to_list(integer_to_binary(id(1 bsl 27)))],
            [list_to_integer(id("1K0"), 36), list_to_integer(id("-1K1"), 36)]],
    Parsed = [list_to_integer(id("134217728")), list_to_integer(id("-134217729")),
              binary_to_integer(id(<<"576460752303423488">>)), binary_to_integer(id(<<"-576460752303423489">>)),
              list_to_integer(id("10000000000000000"), 16), list_to_integer(id("-10000000000000001"), 16)],
    Floats = [{float(id(1 bsl 27)), trunc(id(134217728.0))}, {float(id(1 bsl 59)), round(id(5.764607523034235e17))},
              {float(id(1 bsl 53)), floor(id(9007199254740992.0))},
              {float(id((1 bsl 53) + 1)), id((1 bsl 53) + 1)}],
    %% exact int/float comparison: 2^53+1 > 2^53 as float, 2^64 == 2^64 as float, etc.
    Cmp = [cmp(id((1 bsl 53) + 1), id(9007199254740992.0)), cmp(id((1 bsl 27) - 1), id(134217727.5)),
           cmp(id(1 bsl 64), id(18446744073709551616.0)), cmp(id((1 bsl 64) - 1), id(18446744073709551616.0)),
           cmp(id(1 bsl 27), id(134217728.0)), cmp(id(-(1 bsl 59)), id(-5.764607523034236e17))],
    Ext = [term_to_binary(id(1 bsl 27)), term_to_binary(id(-(1 bsl 31))), term_to_binary(id(1 bsl 31)),
           term_to_binary(id(-(1 bsl 31) - 1)), term_to_binary(id(1 bsl 59)), term_to_binary(id(1 bsl 64))],
    Hash = [erlang:phash2(id(X)) || X <- [1 bsl 27, (1 bsl 27) - 1, 1 bsl 59, (1 bsl 60) - 1, 1 bsl 64, -(1 bsl 28)]],
    Bin = bins(),
    Guards = {guard(id(134217728)), guard(id(-134217728)), guard(id(576460752303423488)), guard(id(-576460752303423488))},
    GuardKinds = [kind(id(X)) || X <- [1 bsl 60, 7, 1 bsl 64, -3, -(1 bsl 61), 0]],
    Zero = id(0.0),
    NegZero = id(-0.0),
    Zeros = {-Zero, NegZero, float_to_list(NegZero), float_to_list(Zero, [short]),
             float_to_list(NegZero, [short]), NegZero + 0.0},
    Fmt = [list_to_float(id("1.0e23")), float_to_list(id(1.0e23), [short]), float_to_list(id(5.0e-324), [short]),
           float_to_list(id(1.7976931348623157e308), [short]), float_to_list(id(0.1), [short])],
    Errors = [catch id(1) div id(0), catch id(1.0e308) * id(10), catch float(id(1 bsl 1024)),
              catch math:sqrt(id(-1)), catch id(1) bsl id(1 bsl 40)],
    {BitLens, Ops, Steps, Back, Shifts, DivRem, Text, Parsed, Floats, Cmp, Ext, Hash, Bin, Guards,
     GuardKinds, Zeros, Fmt, [R || {'EXIT', {R, _}} <- Errors]}.

id(X) -> X.

bits(0) -> 0;
bits(N) when N < 0 -> bits(-N);
bits(N) -> 1 + bits(N bsr 1).

ops(A0, B0) ->
    A = id(A0),
    B = id(B0),
    [A + B, A - B, A * B, A div B, A rem B, A band B, A bor B, A bxor B].

count(X, 0) -> X;
count(X, N) when N > 0 -> count(X + 1, N - 1);
count(X, N) -> count(X - 1, N + 1).

match_back(5) -> yes;
match_back(_) -> no.

key_back(K) -> maps:get(K, #{5 => yes}, no).

cmp(A, B) -> [A < B, A == B, A > B].

bins() ->
    B = <<(id(1 bsl 27)):32, (id(-(1 bsl 27)) - 1):32, (id(1 bsl 59)):64, (id(-(1 bsl 59)) - 1):64,
          (id((1 bsl 64) - 1)):64, (id(-(1 bsl 63))):64>>,
    <<A:32, B2:32/signed, C:64, D:64/signed, E:64, F:64/signed>> = B,
    <<A1:28, A2:28/signed, A3:29/signed>> = <<(id(16#7FFFFFF)):28, (id(16#8000000)):28, (id(16#FFFFFFF)):29>>,
    <<G:60, H:60/signed, I:61/signed>> = <<(id(16#7FFFFFFFFFFFFFF)):60, (id(16#800000000000000)):60,
                                            (id(16#FFFFFFFFFFFFFFF)):61>>,
    [[A1, A, A3, A2 * -2], [A2, B2, -2 * A2], [G, C, H, D, I], [E, F]].

guard(X) when X > 134217727, X < 1 bsl 28 -> X + 10;
guard(X) when X < -134217727, X > -(1 bsl 28) -> X - 10;
guard(X) when X >= 1 bsl 59, X + 10 > 1 bsl 59 -> X + 10;
guard(X) when abs(X) >= 1 bsl 59 -> X - 10.

kind(X) when X band (1 bsl 60) =/= 0, X > 0 -> big;
kind(X) when X bsr 64 =:= 1 -> big;
kind(X) when -X > 1 bsl 60 -> neg_big;
kind(_) -> small.
