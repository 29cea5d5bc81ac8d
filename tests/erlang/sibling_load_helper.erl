%% Helper of sibling_load: found next to it when first called, never named on the command line.
-module(sibling_load_helper).
-export([start/0, answer/0]).

%% expect: 42

start() -> answer().

answer() -> 42.
