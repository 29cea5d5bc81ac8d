%% calendar: OTP 29's date and time arithmetic on the proleptic Gregorian calendar
%% (day 0 is 0000-01-01; years before 0 are negative, as in OTP 29). There is no time zone database here: local time is UTC, so
%% local_time/0 equals universal_time/0 and the default RFC 3339 offset is "+00:00".
-module(calendar).
-export([date_to_gregorian_days/1, date_to_gregorian_days/3, gregorian_days_to_date/1,
         datetime_to_gregorian_seconds/1, gregorian_seconds_to_datetime/1,
         day_of_the_week/1, day_of_the_week/3, is_leap_year/1, last_day_of_the_month/2,
         valid_date/1, valid_date/3, iso_week_number/0, iso_week_number/1,
         time_difference/2, seconds_to_time/1, time_to_seconds/1, seconds_to_daystime/1,
         universal_time/0, local_time/0, now_to_datetime/1, now_to_universal_time/1,
         now_to_local_time/1, system_time_to_rfc3339/1, system_time_to_rfc3339/2,
         rfc3339_to_system_time/1, rfc3339_to_system_time/2,
         system_time_to_universal_time/2, system_time_to_local_time/2,
         local_time_to_universal_time/1, local_time_to_universal_time/2,
         local_time_to_universal_time_dst/1, universal_time_to_local_time/1,
         universal_time_to_system_time/1, universal_time_to_system_time/2,
         local_time_to_system_time/1, local_time_to_system_time/2]).

-define(DAY, 86400).
%% Seconds from 0000-01-01 to 1970-01-01 and to 10000-01-01.
-define(EPOCH, 62167219200).
-define(Y10K, 315569520000).

%% ---- days ----

is_leap_year(Y) when is_integer(Y) ->
    (Y rem 4 =:= 0 andalso Y rem 100 =/= 0) orelse Y rem 400 =:= 0.

last_day_of_the_month(Y, M) when is_integer(Y) -> month_days(Y, M).

month_days(Y, 2) -> case is_leap_year(Y) of true -> 29; false -> 28 end;
month_days(_, M) when M =:= 4; M =:= 6; M =:= 9; M =:= 11 -> 30;
month_days(_, M) when is_integer(M), M >= 1, M =< 12 -> 31.

date_to_gregorian_days({Y, M, D}) -> date_to_gregorian_days(Y, M, D).

%% Days from 0000-01-01, counted in 400-year eras of 146097 days that start on March 1st, so
%% that the leap day ends a year. Like OTP 29, a month or day past its end carries over.
date_to_gregorian_days(Y, M, D) when is_integer(D), D > 0 ->
    Y1 = case M =< 2 of true -> Y - 1; false -> Y end,
    Era = floor_div(Y1, 400),
    YearOfEra = Y1 - Era * 400,
    DayOfYear = (153 * month_from_march(M) + 2) div 5 + D - 1,
    DayOfEra = YearOfEra * 365 + YearOfEra div 4 - YearOfEra div 100 + DayOfYear,
    %% Era 0 starts on 0000-03-01, day 60.
    Era * 146097 + DayOfEra + 60.

month_from_march(M) when M > 2 -> M - 3;
month_from_march(M) -> M + 9.

gregorian_days_to_date(Days) when is_integer(Days) ->
    Z = Days - 60,
    Era = floor_div(Z, 146097),
    DayOfEra = Z - Era * 146097,
    YearOfEra = (DayOfEra - DayOfEra div 1460 + DayOfEra div 36524 - DayOfEra div 146096)
        div 365,
    DayOfYear = DayOfEra - (365 * YearOfEra + YearOfEra div 4 - YearOfEra div 100),
    MP = (5 * DayOfYear + 2) div 153,
    Day = DayOfYear - (153 * MP + 2) div 5 + 1,
    Month = case MP < 10 of true -> MP + 3; false -> MP - 9 end,
    Year = YearOfEra + Era * 400 + case Month =< 2 of true -> 1; false -> 0 end,
    {Year, Month, Day}.

day_of_the_week({Y, M, D}) -> day_of_the_week(Y, M, D).

day_of_the_week(Y, M, D) ->
    floor_mod(date_to_gregorian_days(Y, M, D) + 5, 7) + 1.

valid_date({Y, M, D}) -> valid_date(Y, M, D).

valid_date(Y, M, D) when is_integer(Y), is_integer(M), is_integer(D) ->
    M >= 1 andalso M =< 12 andalso D >= 1
        andalso D =< last_day_of_the_month(Y, M).

iso_week_number() ->
    {Date, _} = local_time(),
    iso_week_number(Date).

iso_week_number({Y, M, D}) ->
    Days = date_to_gregorian_days(Y, M, D),
    Start = week1_start(Y),
    Next = week1_start(Y + 1),
    if
        Days < Start -> {Y - 1, (Days - week1_start(Y - 1)) div 7 + 1};
        Days >= Next -> {Y + 1, 1};
        true -> {Y, (Days - Start) div 7 + 1}
    end.

%% The Monday starting ISO week 1 of year Y (the week holding January 4th).
week1_start(Y) ->
    Jan1 = date_to_gregorian_days(Y, 1, 1),
    Dow = day_of_the_week(Y, 1, 1),
    case Dow =< 4 of
        true -> Jan1 - (Dow - 1);
        false -> Jan1 + (8 - Dow)
    end.

%% ---- seconds ----

time_to_seconds({H, M, S}) when is_integer(H), H >= 0, H < 24, is_integer(M), M >= 0, M < 60,
                                is_integer(S), S >= 0, S < 60 ->
    (H * 60 + M) * 60 + S.

seconds_to_time(Secs) when Secs >= 0, Secs < ?DAY ->
    {Secs div 3600, (Secs rem 3600) div 60, Secs rem 60}.

seconds_to_daystime(Secs) ->
    Days = Secs div ?DAY,
    case Secs rem ?DAY of
        R when R < 0 -> {Days - 1, seconds_to_time(R + ?DAY)};
        R -> {Days, seconds_to_time(R)}
    end.

datetime_to_gregorian_seconds({Date, Time}) ->
    date_to_gregorian_days(Date) * ?DAY + time_to_seconds(Time).

gregorian_seconds_to_datetime(Secs) when is_integer(Secs) ->
    {gregorian_days_to_date(floor_div(Secs, ?DAY)), seconds_to_time(floor_mod(Secs, ?DAY))}.

time_difference({{_, _, _}, {_, _, _}} = T1, {{_, _, _}, {_, _, _}} = T2) ->
    seconds_to_daystime(datetime_to_gregorian_seconds(T2) - datetime_to_gregorian_seconds(T1)).

%% ---- clocks ----

universal_time() -> unix_to_datetime(erlang:system_time(second)).

local_time() -> universal_time().

%% Local time is UTC here (no time zone database): the conversions are the identity.
local_time_to_universal_time(DateTime) -> checked_datetime(DateTime).
local_time_to_universal_time(DateTime, _IsDst) -> checked_datetime(DateTime).
local_time_to_universal_time_dst(DateTime) -> [checked_datetime(DateTime)].
universal_time_to_local_time(DateTime) -> checked_datetime(DateTime).

%% OTP 29: a datetime to system time, in seconds or in [{unit, Unit}].
universal_time_to_system_time(DateTime) -> universal_time_to_system_time(DateTime, []).
universal_time_to_system_time(DateTime, Options) when is_list(Options) ->
    Secs = datetime_to_gregorian_seconds(DateTime) - ?EPOCH,
    erlang:convert_time_unit(Secs, second, proplists:get_value(unit, Options, second)).

local_time_to_system_time(DateTime) -> universal_time_to_system_time(DateTime).
local_time_to_system_time(DateTime, Options) -> universal_time_to_system_time(DateTime, Options).

checked_datetime({{Y, Mo, D}, {H, Mi, S}} = DT)
  when is_integer(Y), is_integer(Mo), is_integer(D), is_integer(H), is_integer(Mi),
       is_integer(S) ->
    DT;
checked_datetime(DT) -> erlang:error(badarg, [DT]).

now_to_universal_time({MegaSecs, Secs, _MicroSecs}) ->
    unix_to_datetime(MegaSecs * 1000000 + Secs).

now_to_datetime(Now) -> now_to_universal_time(Now).

now_to_local_time(Now) -> now_to_universal_time(Now).

system_time_to_universal_time(Time, Unit) ->
    unix_to_datetime(floor_div(Time, per_second(Unit))).

system_time_to_local_time(Time, Unit) -> system_time_to_universal_time(Time, Unit).

unix_to_datetime(Secs) -> gregorian_seconds_to_datetime(Secs + ?EPOCH).

floor_div(A, B) ->
    Q = A div B,
    case A rem B < 0 of
        true -> Q - 1;
        false -> Q
    end.

floor_mod(A, B) -> A - floor_div(A, B) * B.

per_second(second) -> 1;
per_second(millisecond) -> 1000;
per_second(microsecond) -> 1000000;
per_second(nanosecond) -> 1000000000;
per_second(native) -> erlang:convert_time_unit(1, second, native);
per_second(N) when is_integer(N), N > 0 -> N;
per_second(Other) -> erlang:convert_time_unit(1, second, Other).

fraction_digits(1000) -> 3;
fraction_digits(1000000) -> 6;
fraction_digits(1000000000) -> 9.

%% ---- RFC 3339 ----

system_time_to_rfc3339(Time) -> system_time_to_rfc3339(Time, []).

system_time_to_rfc3339(Time, Options) when is_integer(Time) ->
    Unit = proplists:get_value(unit, Options, second),
    Offset0 = proplists:get_value(offset, Options, ""),
    case Unit of
        native ->
            %% native times are shown in milliseconds
            Offset = case is_integer(Offset0) of
                         true -> erlang:convert_time_unit(Offset0, native, millisecond);
                         false -> Offset0
                     end,
            format_rfc3339(erlang:convert_time_unit(Time, native, millisecond), Options,
                           millisecond, Offset);
        _ ->
            format_rfc3339(Time, Options, Unit, Offset0)
    end.

format_rfc3339(Time, Options, Unit, OffsetOpt) ->
    Sep = proplists:get_value(time_designator, Options, $T),
    PerSec = per_second(Unit),
    OffsetSecs = if
                     OffsetOpt =:= "" -> 0;
                     is_integer(OffsetOpt) -> floor_div(OffsetOpt, PerSec);
                     is_list(OffsetOpt) -> parse_offset(OffsetOpt)
                 end,
    OffsetStr = case OffsetOpt =:= "" orelse is_integer(OffsetOpt) of
                    true -> offset_string(OffsetSecs);
                    false -> OffsetOpt
                end,
    Local = Time + OffsetSecs * PerSec,
    %% OTP 25 truncates towards zero here and shows the fraction's magnitude
    Secs = Local div PerSec,
    check_range(Secs, Time, Options),
    {{Y, Mo, D}, {H, Mi, S}} = unix_to_datetime(Secs),
    Fraction = case PerSec of
                   1 -> "";
                   _ -> [$. | pad(fraction_digits(PerSec), abs(Local rem PerSec))]
               end,
    lists:append([pad_year(Y), "-", pad(2, Mo), "-", pad(2, D), [Sep], pad(2, H), ":",
                  pad(2, Mi), ":", pad(2, S), Fraction, OffsetStr]).

offset_string(Secs) ->
    Sign = case Secs < 0 of true -> $-; false -> $+ end,
    A = abs(Secs),
    [Sign | pad(2, A div 3600)] ++ ":" ++ pad(2, (A rem 3600) div 60).

%% "Z", "z", "+HH:MM", "-HH:MM" or "+HH" to seconds east of UTC.
parse_offset("Z") -> 0;
parse_offset("z") -> 0;
parse_offset([Sign, H1, H2 | Mins]) when Sign =:= $+; Sign =:= $- ->
    M = case Mins of
            [$:, M1, M2] -> list_to_integer([M1, M2]);
            [] -> 0
        end,
    Secs = list_to_integer([H1, H2]) * 3600 + M * 60,
    case Sign of $+ -> Secs; $- -> -Secs end.

%% Years up to 9999 (OTP 29 has no lower bound).
check_range(Secs, Arg, Options) ->
    case Secs < ?Y10K - ?EPOCH of
        true -> ok;
        false -> erlang:error({badarg, [Arg, Options]})
    end.

pad_year(Y) when Y < 0 -> [$- | pad(4, -Y)];
pad_year(Y) -> pad(4, Y).

pad(Width, N) when is_integer(N) ->
    S = integer_to_list(N),
    lists:duplicate(Width - length(S), $0) ++ S.

rfc3339_to_system_time(String) -> rfc3339_to_system_time(String, []).

%% A year before 0 has a minus sign (OTP 29).
rfc3339_to_system_time([$-, Y1, Y2, Y3, Y4 | Rest] = String, Options) ->
    rfc3339_parse(-list_to_integer([Y1, Y2, Y3, Y4]), Rest, String, Options);
rfc3339_to_system_time([Y1, Y2, Y3, Y4 | Rest] = String, Options) ->
    rfc3339_parse(list_to_integer([Y1, Y2, Y3, Y4]), Rest, String, Options).

rfc3339_parse(Year, [$-, Mo1, Mo2, $-, D1, D2, _Sep, H1, H2, $:, Mi1, Mi2, $:, S1, S2 | Rest],
              String, Options) ->
    Unit = proplists:get_value(unit, Options, second),
    Date = {Year, list_to_integer([Mo1, Mo2]), list_to_integer([D1, D2])},
    Time = {list_to_integer([H1, H2]), list_to_integer([Mi1, Mi2]), list_to_integer([S1, S2])},
    {FracStr, OffsetStr} = lists:splitwith(fun(C) -> (C >= $0 andalso C =< $9) orelse C =:= $. end,
                                           Rest),
    Local = datetime_to_gregorian_seconds({Date, Time}) - ?EPOCH,
    Secs = Local - parse_offset(OffsetStr),
    check_range(Secs, String, Options),
    PerSec = per_second(Unit),
    Frac = case {PerSec, FracStr} of
               {1, _} -> 0;
               {_, ""} -> 0;
               {_, [$. | Digits]} when Digits =/= [] -> frac_units(Digits, PerSec)
           end,
    %% as OTP 25: the fraction moves away from the epoch
    case Secs < 0 of
        true -> Secs * PerSec - Frac;
        false -> Secs * PerSec + Frac
    end.

%% round(0.Digits * PerSec), in integers.
frac_units(Digits, PerSec) ->
    N = list_to_integer(Digits),
    Scale = pow10(length(Digits)),
    (2 * N * PerSec + Scale) div (2 * Scale).

pow10(0) -> 1;
pow10(K) -> 10 * pow10(K - 1).
