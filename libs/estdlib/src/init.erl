%% Boot, as AtomVM does it: when a loaded bundle holds this module, the VM's start process
%% runs init:boot([<<"-s">>, StartModule]) rather than StartModule:start() directly. There is
%% no command line to speak of here, so the argument functions answer as an OTP node started
%% without any.
-module(init).
-export([boot/1, get_arguments/0, get_argument/1, get_plain_arguments/0, stop/0, stop/1]).

%% Run the start module; its result is the VM's `Return value:`. With ATOMVM_NODE set (a node
%% name, `name@host` or just `name`), the node starts distributed first, as `erl -name`/`-sname`
%% would: long names when the host part has a dot, short names otherwise.
boot([<<"-s">>, StartModule]) when is_atom(StartModule) ->
    start_distribution(os:getenv("ATOMVM_NODE")),
    StartModule:start().

start_distribution(false) ->
    ok;
start_distribution(Name) ->
    Domain = case string:split(Name, "@") of
                 [_, Host] -> case lists:member($., Host) of
                                  true -> longnames;
                                  false -> shortnames
                              end;
                 _ -> shortnames
             end,
    {ok, _} = net_kernel:start(list_to_atom(Name), #{name_domain => Domain}),
    ok.

get_arguments() -> [].

get_argument(_Flag) -> error.

get_plain_arguments() -> [].

%% Stop the VM with status 0 (OTP's init:stop/0 shuts applications down first; there are no
%% applications here to stop).
stop() -> stop(0).

stop(Status) when is_integer(Status), Status >= 0; is_list(Status); Status =:= abort ->
    erlang:halt(Status).
