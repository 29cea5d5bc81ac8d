%% logger_formatter: OTP's default formatter, small. With `legacy_header => true` (how OTP's
%% kernel configures its default handler) an event reads `=LEVEL REPORT==== <time> ===` and
%% its message; otherwise `<RFC 3339 time> level: message`. A report is formatted by the
%% `report_cb` in its metadata when there is one, else as `Key: Value` lines.
-module(logger_formatter).
-export([format/2, check_config/1]).

check_config(Config) when is_map(Config) -> ok;
check_config(Config) -> {error, {invalid_formatter_config, Config}}.

format(#{level := Level, msg := Msg, meta := Meta}, Config) ->
    Text = message(Msg, Meta),
    case maps:get(legacy_header, Config, false) of
        true ->
            Title = case Meta of
                        #{logger_formatter := #{title := T}} -> T;
                        _ -> string:uppercase(atom_to_list(Level)) ++ " REPORT"
                    end,
            [io_lib:format("=~ts==== ~s ===~n", [Title, proc_lib:report_time()]), Text, $\n];
        false ->
            Time = case Meta of
                       #{time := T} -> calendar:system_time_to_rfc3339(T, [{unit, microsecond}]);
                       _ -> ""
                   end,
            [Time, $\s, atom_to_list(Level), ": ", Text, $\n]
    end.

message({string, S}, _Meta) -> S;
message({report, R}, #{report_cb := Cb}) when is_function(Cb, 1) ->
    {Format, Args} = Cb(R),
    io_lib:format(Format, Args);
message({report, R}, #{report_cb := Cb}) when is_function(Cb, 2) ->
    Cb(R, #{depth => unlimited, chars_limit => unlimited, single_line => false});
message({report, R}, _Meta) when is_map(R) ->
    lines(lists:sort(maps:to_list(R)));
message({report, R}, _Meta) ->
    lines(R);
message({Format, Args}, _Meta) ->
    io_lib:format(Format, Args).

lines(Pairs) ->
    lists:join($\n, [io_lib:format("    ~tp: ~tp", [K, V]) || {K, V} <- Pairs]).
