%% Boot, as AtomVM does it: when a loaded bundle holds this module, the VM's start process
%% runs init:boot([<<"-s">>, StartModule]) rather than StartModule:start() directly. There is
%% no command line to speak of here, so the argument functions answer as an OTP node started
%% without any.
-module(init).
-export([boot/1, get_arguments/0, get_argument/1, get_plain_arguments/0, stop/0, stop/1]).

%% Run the start module; its result is the VM's `Return value:`.
boot([<<"-s">>, StartModule]) when is_atom(StartModule) ->
    StartModule:start().

get_arguments() -> [].

get_argument(_Flag) -> error.

get_plain_arguments() -> [].

%% Stop the VM with status 0 (OTP's init:stop/0 shuts applications down first; there are no
%% applications here to stop).
stop() -> stop(0).

stop(Status) when is_integer(Status), Status >= 0; is_list(Status); Status =:= abort ->
    erlang:halt(Status).
