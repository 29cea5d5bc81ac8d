%% etest: a small test framework with AtomVM's etest API.
%%
%% etest:test(Modules) runs, for each module, its exported test/0 or, when it has none, every
%% exported test_*/0 function. Each test runs in a process of its own (so a crash, an exit,
%% leftover messages or links stay with it) and passes when it returns `ok`. One line is
%% printed (with erlang:display/1) per failure and per module, and one for the total; the
%% result is `ok` when every test passed, else `{error, [{Module, Function, Why}]}`.
%%
%% It calls only BIFs, so it can test the libraries it would otherwise depend on.
-module(etest).

-export([test/1]).
-export([
    assert_match/2,
    assert_equals/2,
    assert_true/1,
    assert_false/1,
    assert_exception/1,
    assert_exception/2,
    assert_exception/3,
    flush_msg_queue/0
]).

-spec test([module()]) -> ok | {error, [{module(), atom(), term()}]}.
test(Modules) when is_list(Modules) ->
    {Passed, Failures} = run_modules(Modules, 0, []),
    erlang:display({etest, total, {passed, Passed}, {failed, length(Failures)}}),
    case Failures of
        [] -> ok;
        _ -> {error, lists:reverse(Failures)}
    end.

%% The assertion helpers behind the ?ASSERT_* macros: ok or fail.
assert_match(X, X) -> ok;
assert_match(_, _) -> fail.

assert_equals(X, Y) when X == Y -> ok;
assert_equals(_, _) -> fail.

assert_true(true) -> ok;
assert_true(_) -> fail.

assert_false(false) -> ok;
assert_false(_) -> fail.

assert_exception(F) ->
    try F() of
        _ -> fail
    catch
        _:_ -> ok
    end.

assert_exception(F, Class) ->
    try F() of
        _ -> fail
    catch
        Class:_ -> ok;
        _:_ -> fail
    end.

assert_exception(F, Class, Reason) ->
    try F() of
        _ -> fail
    catch
        Class:Reason -> ok;
        _:_ -> fail
    end.

%% Drop every message waiting now (and any arriving within 100 ms).
flush_msg_queue() ->
    receive
        _ -> flush_msg_queue()
    after 100 -> ok
    end.

%% ---------------------------------------------------------------------------------------------

run_modules([], Passed, Failures) ->
    {Passed, Failures};
run_modules([M | Ms], Passed, Failures) ->
    {P, Fs} = run_tests(M, tests_of(M), 0, []),
    erlang:display({etest, M, {passed, P}, {failed, length(Fs)}}),
    run_modules(Ms, Passed + P, prepend(Fs, Failures)).

prepend([], Acc) -> Acc;
prepend([X | Xs], Acc) -> prepend(Xs, [X | Acc]).

%% test/0 if exported, else the exported test_*/0 functions in export order; a module that
%% cannot be loaded is one failure.
tests_of(M) ->
    try M:module_info(exports) of
        Exports ->
            case member({test, 0}, Exports) of
                true -> [test];
                false -> [F || {F, 0} <- Exports, is_test_name(atom_to_list(F))]
            end
    catch
        C:E -> [{unloadable, C, E}]
    end.

member(_, []) -> false;
member(X, [X | _]) -> true;
member(X, [_ | T]) -> member(X, T).

is_test_name("test_" ++ _) -> true;
is_test_name(_) -> false.

run_tests(_M, [], Passed, Failures) ->
    {Passed, Failures};
run_tests(M, [{unloadable, C, E} | _], Passed, Failures) ->
    fail(M, module_info, {C, E}),
    {Passed, [{M, module_info, {C, E}} | Failures]};
run_tests(M, [F | Fs], Passed, Failures) ->
    case run_one(M, F) of
        ok ->
            run_tests(M, Fs, Passed + 1, Failures);
        {failed, Why} ->
            fail(M, F, Why),
            run_tests(M, Fs, Passed, [{M, F, Why} | Failures])
    end.

fail(M, F, Why) ->
    erlang:display({etest, failed, M, F, Why}).

run_one(M, F) ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        Result =
            try M:F() of
                ok -> ok;
                Other -> {failed, {returned, Other}}
            catch
                Class:Reason:Stack -> {failed, {Class, Reason, first_frames(Stack, 3)}}
            end,
        Parent ! {self(), Result}
    end),
    receive
        {Pid, Result} ->
            receive
                {'DOWN', Ref, process, Pid, _} -> ok
            end,
            Result;
        {'DOWN', Ref, process, Pid, Reason} ->
            {failed, {died, Reason}}
    end.

first_frames(_, 0) -> [];
first_frames([], _) -> [];
first_frames([F | Fs], N) -> [F | first_frames(Fs, N - 1)].
