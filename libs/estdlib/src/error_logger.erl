%% error_logger: OTP's older logging API, as OTP keeps it: each call is a logger event at the
%% matching level, tagged with the domain [otp] and an error_logger tag.
-module(error_logger).
-export([error_msg/1, error_msg/2, warning_msg/1, warning_msg/2, info_msg/1, info_msg/2,
         format/2, error_report/1, error_report/2, warning_report/1, warning_report/2,
         info_report/1, info_report/2]).

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> msg(error, error, Format, Args).
format(Format, Args) -> msg(error, error, Format, Args).
warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> msg(warning, warning_msg, Format, Args).
info_msg(Format) -> info_msg(Format, []).
info_msg(Format, Args) -> msg(info, info_msg, Format, Args).

error_report(Report) -> error_report(std_error, Report).
error_report(Type, Report) -> report(error, error_report, Type, Report).
warning_report(Report) -> warning_report(std_warning, Report).
warning_report(Type, Report) -> report(warning, warning_report, Type, Report).
info_report(Report) -> info_report(std_info, Report).
info_report(Type, Report) -> report(info, info_report, Type, Report).

msg(Level, Tag, Format, Args) ->
    logger:log(Level, Format, Args, #{domain => [otp], error_logger => #{tag => Tag}}).

report(Level, Tag, Type, Report) ->
    Text = case Report of
               [{_, _} | _] -> Report;
               R when is_map(R) -> R;
               R -> #{report => R}
           end,
    logger:log(Level, Text, #{domain => [otp], error_logger => #{tag => Tag, type => Type}}).
