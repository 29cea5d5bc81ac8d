%% logger_config: where OTP's logger macros and Elixir's Logger ask whether a level is enabled,
%% before they build an event.
-module(logger_config).
-export([allow/1, allow/2]).

%% By the primary level alone.
allow(Level) ->
    #{level := Primary} = logger:get_primary_config(),
    Primary =:= all orelse (Primary =/= none andalso logger:compare_levels(Level, Primary) =/= lt).

%% By the module's own level if it has one, else the primary level.
allow(Level, Module) -> logger:allow(Level, Module).
