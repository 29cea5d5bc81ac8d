%% os: the functions of OTP's os module that are not native (vm/src/natives/os.rs and
%% system.rs hold getenv, putenv, unsetenv, getpid, type, ...).
-module(os).
-export([env/0, cmd/1, cmd/2]).

%% What the shell command wrote (stdout and stderr): the native starts it on a thread of its
%% own and this process waits for its answer in a receive, so no scheduler is held meanwhile.
%% On WASI (no processes) it raises error:enotsup.
cmd(Command) ->
    cmd(Command, #{}).

cmd(Command, Options) ->
    Ref = os:'$cmd_start'(Command, Options),
    receive
        {Ref, {ok, Text}} -> Text;
        {Ref, {error, Reason}} -> erlang:error(Reason)
    end.

%% The environment as {Name, Value} pairs (Elixir's System.get_env/0).
env() ->
    [split_var(Var) || Var <- os:getenv()].

split_var(Var) ->
    case string:split(Var, "=") of
        [Name, Value] -> {Name, Value};
        [Name] -> {Name, ""}
    end.
