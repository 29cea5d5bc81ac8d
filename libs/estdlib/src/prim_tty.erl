%% prim_tty: OTP's terminal driver, of which only the question Elixir's start asks (to turn
%% ANSI colours on) is here: this VM's standard streams are never treated as a terminal.
-module(prim_tty).
-export([isatty/1]).

isatty(Stream) when Stream =:= stdin; Stream =:= stdout; Stream =:= stderr -> false;
isatty(_) -> ebadf.
