%% logger_std_h: OTP's standard logger handler, small: each event is formatted by the
%% handler's formatter and written to standard output (`type => standard_io`, the default)
%% or standard error (`standard_error`), in the process that logs.
-module(logger_std_h).
-export([log/2, adding_handler/1, removing_handler/1, changing_config/3]).

adding_handler(Config) ->
    Own = maps:get(config, Config, #{}),
    case maps:get(type, Own, standard_io) of
        T when T =:= standard_io; T =:= standard_error ->
            {ok, Config#{config => Own#{type => T}}};
        Other ->
            {error, {invalid_config, type, Other}}
    end.

removing_handler(_Config) -> ok.

changing_config(_SetOrUpdate, _Old, New) -> adding_handler(New).

log(Event, #{formatter := {Formatter, FConfig}} = Config) ->
    Text = Formatter:format(Event, FConfig),
    Device = case maps:get(config, Config, #{}) of
                 #{type := standard_error} -> standard_error;
                 _ -> user
             end,
    io:put_chars(Device, Text).
