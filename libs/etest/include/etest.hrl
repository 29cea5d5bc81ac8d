%% Assertions for etest suites, with the names and arities of AtomVM's etest.hrl.
%% A failed assertion throws {failed_assert_..., {Module, Function, Arity, Line}, ...},
%% which etest reports as the test's failure.

-define(ETEST_WHERE, {?MODULE, ?FUNCTION_NAME, ?FUNCTION_ARITY, ?LINE}).

%% A and B are the same term (=:=).
-define(ASSERT_MATCH(A, B),
    case etest:assert_match(A, B) of
        ok -> ok;
        fail -> throw({failed_assert_match, ?ETEST_WHERE, A, B})
    end
).
%% A and B compare equal (==).
-define(ASSERT_EQUALS(A, B),
    case etest:assert_equals(A, B) of
        ok -> ok;
        fail -> throw({failed_assert_equals, ?ETEST_WHERE, A, B})
    end
).
-define(ASSERT_TRUE(C),
    case etest:assert_true(C) of
        ok -> ok;
        fail -> throw({failed_assert_true, ?ETEST_WHERE, C})
    end
).
-define(ASSERT_FALSE(C),
    case etest:assert_false(C) of
        ok -> ok;
        fail -> throw({failed_assert_false, ?ETEST_WHERE, C})
    end
).
%% Evaluating A raises (of class C, with reason E).
-define(ASSERT_EXCEPTION(A),
    case etest:assert_exception(fun() -> A end) of
        ok -> ok;
        fail -> throw({failed_assert_exception, ?ETEST_WHERE, ??A})
    end
).
-define(ASSERT_EXCEPTION(A, C),
    case etest:assert_exception(fun() -> A end, C) of
        ok -> ok;
        fail -> throw({failed_assert_exception, ?ETEST_WHERE, ??A})
    end
).
-define(ASSERT_EXCEPTION(A, C, E),
    case etest:assert_exception(fun() -> A end, C, E) of
        ok -> ok;
        fail -> throw({failed_assert_exception, ?ETEST_WHERE, ??A})
    end
).
-define(ASSERT_EXIT(A), ?ASSERT_EXCEPTION(A, exit)).
-define(ASSERT_EXIT(A, E), ?ASSERT_EXCEPTION(A, exit, E)).
-define(ASSERT_ERROR(A), ?ASSERT_EXCEPTION(A, error)).
-define(ASSERT_ERROR(A, E), ?ASSERT_EXCEPTION(A, error, E)).
-define(ASSERT_THROW(A), ?ASSERT_EXCEPTION(A, throw)).
-define(ASSERT_THROW(A, E), ?ASSERT_EXCEPTION(A, throw, E)).
