%% json: OTP 27's module, checked against OTP 29's (the reference). Where json is missing
%% (OTP 25) every test returns ok at once; the expectations follow OTP 27's
%% documented behaviour and source facts (escapes, number forms, error reasons).
-module(test_json).
-export([test_encode/0, test_escape/0, test_decode/0, test_decode_errors/0,
         test_round_trip/0, test_decode3/0, test_decode_stream/0]).
-include("etest.hrl").

-define(SKIP_WITHOUT_JSON, case has_json() of false -> ok; true -> run(?FUNCTION_NAME) end).

has_json() ->
    try json:encode(1) of _ -> true catch error:undef -> false end.

enc(T) -> iolist_to_binary(json:encode(T)).

test_encode() -> ?SKIP_WITHOUT_JSON.
test_escape() -> ?SKIP_WITHOUT_JSON.
test_decode() -> ?SKIP_WITHOUT_JSON.
test_decode_errors() -> ?SKIP_WITHOUT_JSON.
test_round_trip() -> ?SKIP_WITHOUT_JSON.
test_decode3() -> ?SKIP_WITHOUT_JSON.
test_decode_stream() -> ?SKIP_WITHOUT_JSON.

run(test_decode_stream) ->
    %% Pieces of one document: complete values come back with what follows them.
    ?ASSERT_MATCH({false, acc, <<>>}, json:decode_start(<<" false ">>, acc, #{})),
    {continue, A1} = json:decode_start(<<"{\"k\": [10, ">>, acc, #{}),
    {continue, A2} = json:decode_continue(<<"2">>, A1),
    ?ASSERT_MATCH({#{<<"k">> => [10, 20]}, acc, <<"rest">>},
                  json:decode_continue(<<"0]}rest">>, A2)),
    %% A number at the end of the data so far may go on; end_of_input ends it.
    {continue, N1} = json:decode_start(<<"-1">>, acc, #{}),
    {continue, N2} = json:decode_continue(<<"2.5">>, N1),
    ?ASSERT_MATCH({-12.5, acc, <<>>}, json:decode_continue(end_of_input, N2)),
    {continue, S1} = json:decode_start(<<"\"ab">>, acc, #{}),
    ?ASSERT_MATCH({<<"abc">>, acc, <<>>}, json:decode_continue(<<"c\"">>, S1)),
    %% Decoders apply to streamed input too.
    {continue, D1} = json:decode_start(<<"[1,">>, 0,
                                       #{integer => fun(B) -> binary_to_integer(B) * 2 end}),
    ?ASSERT_MATCH({[2, 4], 0, <<>>}, json:decode_continue(<<"2]">>, D1)),
    %% Incomplete at the end, or wrong at once: errors.
    {continue, E1} = json:decode_start(<<"[true,">>, acc, #{}),
    ?ASSERT_ERROR(json:decode_continue(end_of_input, E1), unexpected_end),
    {continue, E2} = json:decode_start(<<"  ">>, acc, #{}),
    ?ASSERT_ERROR(json:decode_continue(end_of_input, E2), unexpected_end),
    ?ASSERT_ERROR(json:decode_start(<<"[x">>, acc, #{}), {invalid_byte, $x}),
    ok;
run(test_encode) ->
    ?ASSERT_MATCH(<<"{\"foo\":\"bar\"}">>, enc(#{foo => <<"bar">>})),
    %% Binary keys: OTP 26+ orders atom keys of small maps by atom index, which differs
    %% between VMs (docs/otp-versions.md); binary keys are in term order everywhere.
    ?ASSERT_MATCH(<<"{\"a\":1,\"b\":[true,false,null]}">>,
                  enc(#{<<"a">> => 1, <<"b">> => [true, false, null]})),
    ?ASSERT_MATCH(<<"[]">>, enc([])),
    ?ASSERT_MATCH(<<"{}">>, enc(#{})),
    ?ASSERT_MATCH(<<"[1,2,3]">>, enc("\1\2\3")),
    ?ASSERT_MATCH(<<"-12345678901234567890">>, enc(-12345678901234567890)),
    ?ASSERT_MATCH(<<"\"hello\"">>, enc(hello)),
    ?ASSERT_MATCH(<<"[1.0,0.1,-2.5,1.0e20,1.0e-10]">>, enc([1.0, 0.1, -2.5, 1.0e20, 1.0e-10])),
    ?ASSERT_MATCH(<<"{\"1\":2}">>, enc(#{1 => 2})),
    ?ASSERT_MATCH(<<"{\"k\":{\"n\":[[]]}}">>, enc(#{<<"k">> => #{n => [[]]}})),
    ?ASSERT_EXCEPTION(json:encode({1, 2}), error, {unsupported_type, {1, 2}}),
    ?ASSERT_EXCEPTION(json:encode([self()]), error, {unsupported_type, self()}),
    Enc = fun([{_, _} | _] = V, E) -> json:encode_key_value_list(V, E);
             (V, E) -> json:encode_value(V, E) end,
    ?ASSERT_MATCH(<<"{\"a\":[],\"b\":1}">>, iolist_to_binary(json:encode([{a, []}, {b, 1}], Enc))),
    ?ASSERT_EXCEPTION(json:encode_key_value_list_checked([{a, 1}, {<<"a">>, 2}], fun json:encode_value/2),
                      error, {duplicate_key, <<"a">>}),
    ?ASSERT_MATCH(<<"{\"a\":1,\"b\":2}">>,
                  iolist_to_binary(json:encode_key_value_list_checked([{a, 1}, {b, 2}], fun json:encode_value/2))),
    ok;
run(test_escape) ->
    ?ASSERT_MATCH(<<"\"a\\\"b\\\\c/d\"">>, enc(<<"a\"b\\c/d">>)),
    ?ASSERT_MATCH(<<"\"\\b\\t\\n\\f\\r\\u0000\\u001F\\u000B\"">>, enc(<<8, 9, 10, 12, 13, 0, 31, 11>>)),
    ?ASSERT_MATCH(<<"\"h\\u00E9llo\"">>, iolist_to_binary(json:encode_binary_escape_all(<<"h", 233/utf8, "llo">>))),
    ?ASSERT_MATCH(<<"\"\\u20AC\\uD83D\\uDE00\"">>,
                  iolist_to_binary(json:encode_binary_escape_all(<<16#20AC/utf8, 16#1F600/utf8>>))),
    ?ASSERT_MATCH(<<"\"", 233/utf8, 16#1F600/utf8, "\"">>, enc(<<233/utf8, 16#1F600/utf8>>)),
    ?ASSERT_EXCEPTION(json:encode(<<"a", 255, "b">>), error, {invalid_byte, 255}),
    ?ASSERT_EXCEPTION(json:encode(<<"a", 16#C3, $b>>), error, {invalid_byte, $b}),
    ?ASSERT_EXCEPTION(json:encode(<<"a", 16#E2, 16#82>>), error, unexpected_end),
    ok;
run(test_decode) ->
    ?ASSERT_MATCH(#{<<"foo">> => 1}, json:decode(<<"{\"foo\": 1}">>)),
    ?ASSERT_MATCH([1, -2, 3.5, 100.0, -0.25, 1.0e-3, 0], json:decode(<<" [1,-2, 3.5 ,1e2,-2.5E-1,1e-3,0] ">>)),
    ?ASSERT_MATCH([true, false, null], json:decode(<<"[true,false,null]">>)),
    ?ASSERT_MATCH(<<"a\"b\\c/d\b\f\n\r\t">>, json:decode(<<"\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"">>)),
    ?ASSERT_MATCH(<<233/utf8, 16#20AC/utf8, 16#1F600/utf8, 0>>,
                  json:decode(<<"\"\\u00e9\\u20AC\\ud83d\\ude00\\u0000\"">>)),
    ?ASSERT_MATCH(<<"x", 233/utf8>>, json:decode(<<"\"x", 233/utf8, "\"">>)),
    ?ASSERT_MATCH(#{}, json:decode(<<"{ }">>)),
    ?ASSERT_MATCH([], json:decode(<<"[ ]">>)),
    ?ASSERT_MATCH(#{<<"a">> => [#{<<"b">> => null}], <<"c">> => <<>>},
                  json:decode(<<"{\"a\":[{\"b\":null}],\"c\":\"\"}">>)),
    ?ASSERT_MATCH(123456789012345678901234567890, json:decode(<<"123456789012345678901234567890">>)),
    ?ASSERT_MATCH(7, json:decode(<<"\t\r\n 7 \n">>)),
    ok;
run(test_decode_errors) ->
    ?ASSERT_EXCEPTION(json:decode(<<>>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"   ">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"[1,2">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"{\"a\":">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"\"abc">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"tru">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"-">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"1.">>), error, unexpected_end),
    ?ASSERT_EXCEPTION(json:decode(<<"[1,]">>), error, {invalid_byte, $]}),
    ?ASSERT_EXCEPTION(json:decode(<<"1 x">>), error, {invalid_byte, $\s}),
    ?ASSERT_EXCEPTION(json:decode(<<"[1]\tx">>), error, {invalid_byte, $\t}),
    ?ASSERT_EXCEPTION(json:decode(<<"[1]x">>), error, {invalid_byte, $x}),
    ?ASSERT_EXCEPTION(json:decode(<<"01">>), error, {invalid_byte, $1}),
    ?ASSERT_EXCEPTION(json:decode(<<"-x">>), error, {invalid_byte, $x}),
    ?ASSERT_EXCEPTION(json:decode(<<"1.x">>), error, {invalid_byte, $x}),
    ?ASSERT_EXCEPTION(json:decode(<<"{a:1}">>), error, {invalid_byte, $a}),
    ?ASSERT_EXCEPTION(json:decode(<<"{\"a\" 1}">>), error, {invalid_byte, $1}),
    ?ASSERT_EXCEPTION(json:decode(<<"[1 2]">>), error, {invalid_byte, $2}),
    ?ASSERT_EXCEPTION(json:decode(<<"'a'">>), error, {invalid_byte, $'}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"a\nb\"">>), error, {invalid_byte, $\n}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"\\x\"">>), error, {invalid_byte, $x}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"", 255, "\"">>), error, {invalid_byte, 255}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"\\uZZZZ\"">>), error, {unexpected_sequence, <<"\\uZZZZ">>}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"\\udc00\"">>), error, {unexpected_sequence, <<"\\udc00">>}),
    ?ASSERT_EXCEPTION(json:decode(<<"\"\\ud800\\u0041\"">>), error,
                      {unexpected_sequence, <<"\\ud800\\u0041">>}),
    ?ASSERT_EXCEPTION(json:decode(<<"[truex]">>), error, {invalid_byte, $x}),
    ?ASSERT_EXCEPTION(json:decode(<<"1e400">>), error, {unexpected_sequence, <<"1.0e400">>}),
    ?ASSERT_EXCEPTION(json:decode("[]"), error, function_clause),
    ok;
run(test_round_trip) ->
    Terms = [#{<<"name">> => <<"caf", 233/utf8>>, <<"n">> => [1, 2.5, -0.0, 1.0e300, null],
               <<"nested">> => #{<<"t">> => true, <<"e">> => #{}, <<"l">> => []}},
             <<"line\nbreak \"quoted\" \\ tab\t", 1, 127>>,
             [0.1, 0.2, 0.30000000000000004, 5.0e-324, 1.7976931348623157e308, 123.456],
             -9007199254740993],
    ?ASSERT_MATCH(Terms, [json:decode(enc(T)) || T <- Terms]),
    ?ASSERT_MATCH(#{<<"a">> => <<"b">>}, json:decode(enc(#{a => b}))),
    ok;
run(test_decode3) ->
    Push = fun(K, V, Acc) -> [{binary_to_atom(K, utf8), V} | Acc] end,
    ?ASSERT_MATCH({#{foo => 1}, ok, <<>>}, json:decode(<<"{\"foo\": 1}">>, ok, #{object_push => Push})),
    ?ASSERT_MATCH({[1, 2], ok, <<" rest">>}, json:decode(<<"[1,2] rest">>, ok, #{})),
    ?ASSERT_MATCH({1.5, ok, <<" 2">>}, json:decode(<<"1.5 2">>, ok, #{})),
    ?ASSERT_MATCH({[1], ok, <<>>}, json:decode(<<"[1] \n ">>, ok, #{})),
    ?ASSERT_MATCH({nil, acc, <<>>}, json:decode(<<"null">>, acc, #{null => nil})),
    Count = fun(_, N) -> N + 1 end,
    ?ASSERT_MATCH({[<<"A">>, <<"B">>], 0, <<>>},
                  json:decode(<<"[\"a\",\"b\"]">>, 0, #{string => fun string:uppercase/1})),
    ?ASSERT_MATCH({[2.5, 1.0], x, <<>>},
                  json:decode(<<"[2.5,1]">>, x, #{integer => fun(B) -> float(binary_to_integer(B)) end})),
    {_, _, <<>>} = json:decode(<<"[1]">>, 0, #{array_push => fun(V, A) -> [V | A] end,
                                               array_start => fun(N) -> Count(x, N), [] end}),
    ok.
