%% Purpose: a beam file written with the compressed option (gzip) loads and runs.
%% expect: {5050,"compressed_beam"}
-module(compressed_beam).
-compile([compressed]).
-export([start/0]).

start() -> {sum(100), atom_to_list(?MODULE)}.

sum(0) -> 0;
sum(N) -> N + sum(N - 1).
