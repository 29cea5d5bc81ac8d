%% AtomVM-specific functions. Only what the VM really provides is here: each function below
%% is a BIF (the VM resolves calls, apply and `fun atomvm:F/A` to the native code; the body is
%% never run).
-module(atomvm).

-export([platform/0]).

%% The platform the VM runs on: `generic_unix` natively, `wasi` under a WASI runtime.
-spec platform() -> atom().
platform() ->
    erlang:nif_error(undefined).
