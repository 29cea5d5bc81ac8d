%% etest itself: each assertion passes on what it should and throws its failure otherwise.
-module(test_etest).
-export([test_assertions/0, test_failures/0]).
-include("etest.hrl").

test_assertions() ->
    ?ASSERT_MATCH({a, [1]}, {a, [1]}),
    ?ASSERT_EQUALS(1, 1.0),
    ?ASSERT_TRUE(1 < 2),
    ?ASSERT_FALSE(1 > 2),
    ?ASSERT_EXCEPTION(erlang:error(x)),
    ?ASSERT_EXCEPTION(throw(x), throw),
    ?ASSERT_EXCEPTION(exit(y), exit, y),
    ?ASSERT_ERROR(1 + list_to_atom("a")),
    ?ASSERT_THROW(throw(z), z),
    ok.

test_failures() ->
    {failed_assert_match, {test_etest, _, 0, _}, 1, 1.0} =
        catch_throw(fun() -> ?ASSERT_MATCH(1, 1.0) end),
    {failed_assert_equals, _, 1, 2} = catch_throw(fun() -> ?ASSERT_EQUALS(1, 2) end),
    {failed_assert_true, _, false} = catch_throw(fun() -> ?ASSERT_TRUE(false) end),
    {failed_assert_false, _, x} = catch_throw(fun() -> ?ASSERT_FALSE(x) end),
    {failed_assert_exception, _, _} = catch_throw(fun() -> ?ASSERT_EXCEPTION(ok) end),
    {failed_assert_exception, _, _} = catch_throw(fun() -> ?ASSERT_EXCEPTION(throw(a), error) end),
    {failed_assert_exception, _, _} = catch_throw(fun() -> ?ASSERT_EXCEPTION(throw(a), throw, b) end),
    ok.

catch_throw(F) ->
    try F() of
        R -> {no_throw, R}
    catch
        throw:T -> T
    end.
