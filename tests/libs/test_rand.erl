%% rand: OTP's generators give OTP's sequences for the same seed. The expected values are
%% OTP 25's (the same as OTP 29's), so this suite passes under erl too.
-module(test_rand).
-export([test_algorithms/0, test_jump/0, test_process_state/0, test_ranges/0,
         test_seed_forms/0, test_errors/0, test_entropy_seed/0, test_distribution/0]).
-include("etest.hrl").

draws(Alg, Seed) ->
    S0 = rand:seed_s(Alg, Seed),
    {U, S1} = rand:uniform_s(S0),
    {N, S2} = rand:uniform_s(1000, S1),
    {Big, S3} = rand:uniform_s(1 bsl 80, S2),
    {R, S4} = rand:uniform_real_s(S3),
    {No, S5} = rand:normal_s(S4),
    {B, S6} = rand:bytes_s(9, S5),
    {Alg, Seed, U, N, Big, R, No, B, rand:export_seed_s(S6)}.

test_algorithms() ->
    Expected =
    [{exsss,42,0.3672301478324621,431,1167171296772399693490070,0.8303407866585315,1.1748137134932952,<<209,226,241,107,13,87,39,17,240>>,{exsss,[96865798578445012|159039102541829065]}},
     {exsss,{1,2,3},0.5455598952593053,641,1116178537626503170630007,0.5663557355891508,0.45910108275051,<<74,66,12,148,249,131,99,80,46>>,{exsss,[228486539411117832|50493895204614210]}},
     {exsp,42,0.0069907282017194206,968,603427629767339952171257,0.9316661314896334,-0.13556483915746798,<<230,6,174,227,121,51,99,141,40>>,{exsp,[96865798578445012|159039102541829065]}},
     {exsp,{1,2,3},0.40502929729990744,853,1006403076097094950465869,0.8658231532988057,-1.417143418881351,<<188,59,149,130,84,187,53,21,87>>,{exsp,[136956226108921825|229338869189057024]}},
     {exrop,42,0.6944173855195852,843,361192662977575502490199,0.9876053404810176,0.8637297701173127,<<51,1,104,223,141,209,1,58,212>>,{exrop,[284016290969992799|236869264778678057]}},
     {exrop,{1,2,3},0.7498295129076106,135,727082209413649712788138,0.04841472033965047,0.9550994809842386,<<99,181,182,94,38,77,120,158,246>>,{exrop,[280616194651549786|36124182770162860]}},
     {exro928ss,42,0.3672301478324621,220,9639127444172405523902,0.5981381136953227,-1.1761672316457528,<<239,94,60,57,203,250,184,182,118>>,{exro928ss,{[204381527929980621,167995722333910958,32776761454041535,158903680758075582,247114729376335590,80949839699733943,164349620869631708,5720506896233458],[147686995394099781,118773191355226047,91870762787294022,128639865095948250,217733493052465891,147370276970502564,2428749246710528,255237953683225101]}}},
     {exro928ss,{1,2,3},0.8331330592333566,27,817047697698084486094748,0.36972136989460963,-1.0790097536749832,<<236,42,171,31,131,50,128,24,173>>,{exro928ss,{[71858155361666145,268043944876355750,107783876053646601,203549151766241014,153580058521099131,152969922840537391,94029229398445337,52705740952797355],[205910513866167516,257742377781262317,203631726631868853,180372176282047228,261734978637931989,281853018232245824,280013725750264012,221333139599368658]}}},
     {exs1024s,42,0.7076122897460778,28,142561195079270904935538,0.3363054701161277,0.2858089344669172,<<39,107,54,151,100,134,188,253,119>>,{exs1024s,{[13989462606513942623,11408980392250668974,3779771651426294207,9094045341461139646,9470486766231111398,9592552252706221495,12270025419241524956,3752715396868486130],[1199606639771305389,10596001221330010670,9690885559658417623,5071244365591146829,6772172811508123281,9428813927469067623,5482448674193087440,13679457532755275413]}}},
     {exs1024s,{1,2,3},0.06907625299228148,242,177152015942845454970380,0.33410273764792053,-0.6157561266161948,<<37,61,179,44,230,241,121,59,55>>,{exs1024s,{[7042283874044063707,16648848206898485059,5236331951128406789,1518939964568048367,9033505744561919057,13892372069369034622,10554733502893609105,6123870569569105518],[9140631669599606895,11464651905851582761,6676406121667239017,7116580018404267199,11077214778030738104,1017206650968790541,7234771005657235449,4474049085421594273]}}}],
    ?ASSERT_MATCH(Expected,
                  [draws(A, S) || A <- [exsss, exsp, exrop, exro928ss, exs1024s],
                                  S <- [42, {1, 2, 3}]]),
    ok.

test_jump() ->
    ?ASSERT_MATCH([{exsss,{exsss,[12217682823510747|247142830689798247]}},{exrop,{exrop,[278145726602523210|54446251984835082]}},{exsp,{exsp,[12217682823510747|247142830689798247]}}],
                  [{A, rand:export_seed_s(rand:jump(rand:seed_s(A, 7)))}
                   || A <- [exsss, exrop, exsp]]),
    rand:seed(exro928ss, 5),
    _ = rand:jump(),
    ?ASSERT_MATCH(895924973092391462, rand:uniform(1 bsl 60)),
    ok.

test_process_state() ->
    erase(rand_seed),
    ?ASSERT_MATCH(undefined, rand:export_seed()),
    rand:seed(exsss, 123),
    P = [rand:uniform(100) || _ <- lists:seq(1, 10)] ++
        [rand:uniform(), rand:normal(), rand:normal(5, 4), rand:uniform_real(), rand:bytes(5)],
    ?ASSERT_MATCH({[16,18,85,81,75,56,2,62,33,63,0.5884385379978101,-1.758910823569861,4.2200031746365765,0.7830013310482442,<<68,50,205,188,118>>],{exsss,[228143327777409311|105134637751490149]}}, {P, rand:export_seed()}),
    %% seed/1 with an exported state continues the same sequence.
    rand:seed(exsss, 99),
    Saved = rand:export_seed(),
    A = [rand:uniform(1000) || _ <- lists:seq(1, 5)],
    rand:seed(Saved),
    ?ASSERT_MATCH(A, [rand:uniform(1000) || _ <- lists:seq(1, 5)]),
    {#{type := exsss}, _} = get(rand_seed),
    ok.

test_ranges() ->
    S = rand:seed_s(exrop, 1),
    {Xs, _} = lists:foldl(fun(N, {Acc, S0}) -> {X, S1} = rand:uniform_s(N, S0), {[{N, X} | Acc], S1} end,
                          {[], S}, [1, 2, 7, 1 bsl 58, (1 bsl 58) + 1, 1 bsl 100, 7 bsl 90]),
    ?ASSERT_MATCH([], [{N, X} || {N, X} <- Xs, not (X >= 1 andalso X =< N)]),
    Floats = [rand:uniform() || _ <- lists:seq(1, 200)],
    ?ASSERT_MATCH([], [F || F <- Floats, not (F >= 0.0 andalso F < 1.0)]),
    Reals = [rand:uniform_real() || _ <- lists:seq(1, 200)],
    ?ASSERT_MATCH([], [F || F <- Reals, not (F > 0.0 andalso F =< 1.0)]),
    ?ASSERT_MATCH(<<>>, rand:bytes(0)),
    ?ASSERT_MATCH(100, byte_size(rand:bytes(100))),
    ok.

test_seed_forms() ->
    %% List seeds are masked to the word size; a dummy generator ignores everything.
    ?ASSERT_MATCH({exsss, [5 | 6]}, rand:export_seed_s(rand:seed_s(exsss, [5, 6]))),
    ?ASSERT_MATCH({exsss, [1 | 0]}, rand:export_seed_s(rand:seed_s(exsss, [(1 bsl 58) + 1]))),
    ?ASSERT_MATCH({dummy, 7}, rand:export_seed_s(rand:seed_s(dummy, [7]))),
    {0.5, _} = rand:uniform_s(rand:seed_s(dummy, 3)),
    {exsss, _} = rand:export_seed_s(rand:seed_s(default, 3)),
    ?ASSERT_MATCH(true, rand:seed_s(default, 3) =:= rand:seed_s(exsss, 3)),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(rand:seed_s(exsss, []), error, zero_seed),
    ?ASSERT_EXCEPTION(rand:seed_s(exsss, [0, 0]), error, zero_seed),
    ?ASSERT_EXCEPTION(rand:seed_s(exsss, [1, 2, 3]), error, too_many_seed_integers),
    ?ASSERT_EXCEPTION(rand:seed_s(exsss, [a]), error, non_integer_seed),
    ?ASSERT_EXCEPTION(rand:seed_s(nope, 1), error, function_clause),
    ?ASSERT_EXCEPTION(rand:uniform(0), error, function_clause),
    ?ASSERT_EXCEPTION(rand:uniform(1.5), error, function_clause),
    ?ASSERT_EXCEPTION(rand:bytes(-1), error, function_clause),
    ?ASSERT_EXCEPTION(rand:jump(rand:seed_s(dummy, 1)), error, not_implemented),
    ok.

test_entropy_seed() ->
    %% seed/1 without a seed takes entropy: two processes differ.
    Self = self(),
    [spawn(fun() -> rand:seed(exsss), Self ! {r, rand:uniform(1 bsl 50)} end) || _ <- [1, 2]],
    A = receive {r, X} -> X end,
    B = receive {r, Y} -> Y end,
    ?ASSERT_MATCH(true, A =/= B),
    %% uniform/0 in a process that never seeded seeds itself.
    spawn(fun() -> Self ! {u, rand:uniform(), get(rand_seed)} end),
    receive {u, U, {#{type := exsss}, _}} when is_float(U) -> ok end,
    ok.

test_distribution() ->
    S = rand:seed_s(exsss, 2024),
    {Ns, _} = lists:foldl(fun(_, {Acc, S0}) -> {X, S1} = rand:normal_s(S0), {[X | Acc], S1} end,
                          {[], S}, lists:seq(1, 2000)),
    Mean = lists:sum(Ns) / 2000,
    Var = lists:sum([(X - Mean) * (X - Mean) || X <- Ns]) / 2000,
    ?ASSERT_MATCH(true, abs(Mean) < 0.1),
    ?ASSERT_MATCH(true, abs(Var - 1.0) < 0.15),
    ok.
