%% proplists: lookups, defaults, normalisation and conversions.
-module(test_proplists).
-export([test_lookup/0, test_transform/0, test_normalize/0, test_maps/0]).
-include("etest.hrl").

test_lookup() ->
    L = [a, {b, 1}, {c, 2, 3}, {b, 4}, {d}],
    ?ASSERT_MATCH(true, proplists:get_value(a, L)),
    ?ASSERT_MATCH(1, proplists:get_value(b, L)),
    ?ASSERT_MATCH(undefined, proplists:get_value(c, L)),
    ?ASSERT_MATCH(undefined, proplists:get_value(z, L)),
    ?ASSERT_MATCH(x, proplists:get_value(z, L, x)),
    ?ASSERT_MATCH([1, 4], proplists:get_all_values(b, L)),
    ?ASSERT_MATCH({a, true}, proplists:lookup(a, L)),
    ?ASSERT_MATCH({c, 2, 3}, proplists:lookup(c, L)),
    ?ASSERT_MATCH(none, proplists:lookup(z, L)),
    ?ASSERT_MATCH([{b, 1}, {b, 4}], proplists:lookup_all(b, L)),
    ?ASSERT_TRUE(proplists:is_defined(d, L)),
    ?ASSERT_FALSE(proplists:is_defined(z, L)),
    ?ASSERT_TRUE(proplists:get_bool(a, L)),
    ?ASSERT_FALSE(proplists:get_bool(b, L)),
    ?ASSERT_MATCH([a, b, c, d], lists:sort(proplists:get_keys(L))),
    ?ASSERT_MATCH([1, 2, 3, x], proplists:append_values(k, [{k, [1, 2]}, {j, 0}, {k, 3}, {k, [x]}])),
    ?ASSERT_MATCH([a, {c, 2, 3}, {d}], proplists:delete(b, L)),
    ok.

test_transform() ->
    ?ASSERT_MATCH(a, proplists:property({a, true})),
    ?ASSERT_MATCH({a, 1}, proplists:property(a, 1)),
    ?ASSERT_MATCH(b, proplists:property(b, true)),
    ?ASSERT_MATCH([{a, true}, {b, 1}], proplists:unfold([a, {b, 1}])),
    ?ASSERT_MATCH([a, {b, 1}], proplists:compact([{a, true}, {b, 1}])),
    ?ASSERT_MATCH([{color, red}, y, {z, 1}],
                  proplists:substitute_aliases([{colour, color}, {x, y}], [{colour, red}, x, {z, 1}])),
    ?ASSERT_MATCH([{no_x, false}, no_y, no_z],
                  proplists:substitute_negations([{x, no_x}, {y, no_y}, {z, no_z}], [x, {y, false}, {z, 7}])),
    ?ASSERT_MATCH([fast, {level, 3}, other],
                  proplists:expand([{speed, [fast, {level, 3}]}], [speed, other])),
    ?ASSERT_MATCH({[[a, {a, 1}], [{b, 2}]], [{c, 3}, d]},
                  proplists:split([a, {b, 2}, {c, 3}, {a, 1}, d], [a, b])),
    ok.

test_normalize() ->
    ?ASSERT_MATCH([b, {c, false}],
                  proplists:normalize([{a, true}, {c, true}],
                                      [{aliases, [{a, b}]}, {negations, [{c, c}]}])),
    ok.

test_maps() ->
    ?ASSERT_MATCH(#{a => true, b => 1}, proplists:to_map([a, {b, 1}, {b, 2}])),
    ?ASSERT_MATCH(#{b => 1}, proplists:to_map([{b, 1}, {a, 1, 2}, a])),
    ?ASSERT_MATCH([{a, 1}], proplists:from_map(#{a => 1})),
    ?ASSERT_MATCH(#{b => true}, proplists:to_map([a], [{aliases, [{a, b}]}])),
    ok.
