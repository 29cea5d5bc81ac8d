%% Purpose: a BEAM file compiled with the compressed option (a gzip stream, as erlc +compressed writes it) loads and runs.
-module(gz_beam).
-compile([compressed]).
-export([start/0]).
%% expect: {gzipped,6}

start() -> {gzipped, lists_sum([1, 2, 3])}.

lists_sum([]) -> 0;
lists_sum([H | T]) -> H + lists_sum(T).
