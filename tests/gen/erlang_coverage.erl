%% Which of OTP's `erlang` exports the VM lacks. Run under erl: it writes a program that holds
%% OTP 25's list of erlang:module_info(exports) and, run on the VM, returns those for which
%% erlang:function_exported/3 is false there (every function of `erlang` is a BIF on the VM).
%%
%%   erlc -o /tmp tests/gen/erlang_coverage.erl
%%   erl -noshell -pa /tmp -eval 'erlang_coverage:write("/tmp"), halt().'
%%   erlc -o /tmp /tmp/erlang_missing.erl && build/native/AtomVM /tmp/erlang_missing.beam
-module(erlang_coverage).
-export([write/1]).

write(Dir) ->
    Exports = lists:sort([FA || {F, _} = FA <- erlang:module_info(exports), F =/= module_info]),
    Text = io_lib:format(
             "-module(erlang_missing).~n-export([start/0]).~n~n"
             "start() -> [{F, A} || {F, A} <- ~w, not erlang:function_exported(erlang, F, A)].~n",
             [Exports]),
    ok = file:write_file(filename:join(Dir, "erlang_missing.erl"), Text).
