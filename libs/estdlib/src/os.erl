%% os: the functions of OTP's os module that are not native (vm/src/natives/os.rs and
%% system.rs hold getenv, putenv, unsetenv, getpid, cmd, type, ...).
-module(os).
-export([env/0]).

%% The environment as {Name, Value} pairs (Elixir's System.get_env/0).
env() ->
    [split_var(Var) || Var <- os:getenv()].

split_var(Var) ->
    case string:split(Var, "=") of
        [Name, Value] -> {Name, Value};
        [Name] -> {Name, ""}
    end.
