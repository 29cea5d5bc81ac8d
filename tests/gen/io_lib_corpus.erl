-module(corpus).
-export([cases/0, run/0]).

terms() ->
    [0, 42, -17, 123456789012345678901234567890, 3.14159, -0.5, 1.0e20, 1.0e-10, 0.1, 2.5e-300,
     abc, 'Hello World', 'if', '', [], "hello", "tab\there", [1,2,3], [a|b], {}, {a, 1, "x"},
     <<>>, <<"bin">>, <<1,2,3>>, <<1:3>>, <<200,201>>, #{}, #{a => 1, "k" => [x]},
     [{a, "str"}, {b, <<"b">>}], "é", [256, 300], {tag, [1,2,3], #{x => {y, z}}}, [[]], [$a, 1000],
     lists:seq(1, 40), {lists:seq(1,30), {deep, [1,{2,{3,{4,[5]}}}]}}, "\n\e\0"].

ints() -> [0, 5, -5, 255, -255, 123456789, 16#FFFF, -99999999999999999999].
floats() -> [0.0, 1.0, -1.0, 3.14159, 0.000123, 123456.789, 1.0e10, 2.5e-7, 99.999, 0.5, 1.5, 9.9999999, -123.456, 1.0e100, 5.0e-324].
strs() -> ["", "abc", "hello world", <<"bin">>, abc, [$a, [$b, <<"cd">>]]].

cases() ->
    [{F, [T]} || F <- ["~p", "~w", "~10p", "~P", "~W"], T <- terms(), F =/= "~P", F =/= "~W"] ++
    [{F, [T, 3]} || F <- ["~P", "~W"], T <- terms()] ++
    [{F, [T]} || F <- ["~tp", "~lp", "~20w", "~-20w|", "~5w", "~.3w", "~10.3w"], T <- terms()] ++
    [{F, [I]} || F <- ["~b", "~B", "~.2B", "~.16B", "~.16b", "~.36B", "~#", "~.16#", "~.2+", "~.16+", "~10B", "~-10B|", "~10.16.0B", "~3B", "~c", "~5c", "~.3c", "~-6.3c|", "~10.2.xc", "~i"], I <- ints(), not (lists:member(F, ["~c", "~5c", "~.3c", "~-6.3c|", "~10.2.xc"]) andalso (I < 0 orelse I > 255))] ++
    [{F, [I, P]} || F <- ["~x", "~X", "~.16x", "~.16X", "~12.16x"], I <- ints(), P <- ["0x", '#', ""]] ++
    [{F, [X]} || F <- ["~e", "~f", "~g", "~.2e", "~.3f", "~.1f", "~.10f", "~12.3f", "~-12.3f|", "~.3g", "~.1g", "~.10g", "~15e", "~3f", "~.*f"], X <- floats(), F =/= "~.*f"] ++
    [{"~.*f", [2, X]} || X <- floats()] ++
    [{F, [S]} || F <- ["~s", "~10s", "~-10s|", "~.2s", "~10.2s", "~5.5s", "~10.4.*s", "~ts", "~2s", "~.8s|"], S <- strs(), F =/= "~10.4.*s"] ++
    [{"~10.4.*s", [$., S]} || S <- strs()] ++
    [{"~*.*w", [10, 3, abc]}, {"~-*w|", [6, x]}, {"~*w|", [-6, x]}, {"a~nb", []}, {"~3n", []}, {"~~", []}, {"~5~", []},
     {"~s and ~p", ["x", {y}]}, {"~ts", [[1050, 1072]]}, {"~tc", [1050]}, {"~c", [1050]}, {"~tp", [[1050]]}, {"~p", [[1050]]},
     {"~tp", [<<208,154>>]}, {"~p", [<<208,154>>]}, {"~s", ["é"]}, {"~p", ["é"]},
     {"prefix ~p", [lists:seq(1,40)]}, {"~30s~p", ["x", {tag, lists:seq(1,30)}]}, {"~p~n~p", [lists:seq(1,30), lists:seq(1,30)]},
     {"~p", [{a, #{<<"key">> => lists:seq(1,30), <<"other">> => {b, lists:seq(1,30)}}}]},
     {"~p", [[{record, field1, "value one", lists:seq(1,20)}, {record, field2, "value two", lists:seq(21,40)}]]},
     {"~p", [{state, [{k, v} || _ <- lists:seq(1, 12)], <<"binary data here">>, 12345, {nested, {deeper, [x, y, z]}}}]},
     {"~P", [lists:seq(1, 40), 10]}, {"~P", [{a, b, c, d, e}, 3]}, {"~P", [#{1 => a, 2 => b, 3 => c}, 2]}, {"~W", [<<1,2,3,4,5>>, 3]},
     {"~p", [[lists:seq(1,25), lists:seq(1,25), x]]}, {"~p", [{lists:seq(1,25), lists:seq(1,25)}]},
     {"~p", [{verylongtagnamethatisverylongindeedverylongtagnamethatisverylong, lists:seq(1,20), lists:seq(1,20)}]},
     {"~p", [[a, {bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccccccccccccccc, dddddddd}, e]]},
     {"~p", [#{alpha => lists:seq(1,20), beta => {a,b,c}, gamma => "some string value here", delta => lists:seq(1,30)}]},
     {"~p", [lists:duplicate(3, "a long string that is quite long indeed")]},
     {"~p", [[lists:duplicate(78, $a)]]}, {"~p", [{aa, lists:duplicate(73, $a)}]},
     {"~p", [lists:seq(100, 130)]}, {"~p", [lists:duplicate(50, 1)]}, {"~p", [lists:duplicate(30, 7777)]},
     {"~p", [{tag, lists:seq(1,10), {b, lists:seq(100,110)}, [{x,"hello world this is"}, {y, "another string here"}]}]},
     {"~p", [[1, 2 | lists:seq(3, 40)] ++ improper]}, {"~p", [{a, [{b, [{c, [{d, lists:seq(1, 30)}]}]}]}]},
     {"~p", [list_to_tuple(lists:seq(1, 40))]}, {"~p", [#{{a, lists:seq(1, 30)} => lists:seq(1, 30)}]},
     {"~p", [[<<"a binary that is fairly long to force breaking">>, <<"another binary that is long">>]]}
    ].

run() ->
    Cs = cases(),
    Bad = [{F, A, Exp, Got} || {F, A} <- Cs,
                              Exp <- [catch lists:flatten(io_lib:format(F, A))],
                              Got <- [catch lists:flatten(my_io_lib:format(F, A))],
                              Exp =/= Got],
    io:format("~p cases, ~p differ~n", [length(Cs), length(Bad)]),
    [io:format("~ts ~w~n  exp: ~tp~n  got: ~tp~n", [F, A, Exp, Got]) || {F, A, Exp, Got} <- lists:sublist(Bad, 25)],
    ok.
