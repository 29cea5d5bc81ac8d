%% Purpose: make_ref uniqueness and type tests, self() is a pid and stable, refs/pids as dictionary keys and in comparisons.
-module(refs_pids).
-export([start/0]).
%% expect: {true,true,true,false,true,true,true,100,true,found,true}

start() ->
    R1 = make_ref(),
    R2 = make_ref(),
    A = R1 =/= R2,
    B = is_reference(R1),
    C = R1 =:= R1,
    D = is_reference(self()),
    E = is_pid(self()),
    F = self() =:= self(),
    G = (R1 < R2) orelse (R2 < R1),
    Refs = make_refs(100, []),
    H = length(unique(Refs)),
    I = not is_pid(R1) andalso not is_atom(R1),
    put(R1, found),
    J = get(R1),
    erase(R1),
    K = get(R2) =:= undefined andalso lists:member(R2, [R1, R2]),
    {A, B, C, D, E, F, G, H, I, J, K}.

make_refs(0, Acc) -> Acc;
make_refs(N, Acc) -> make_refs(N - 1, [make_ref() | Acc]).

unique([]) -> [];
unique([H | T]) ->
    case lists:member(H, T) of
        true -> unique(T);
        false -> [H | unique(T)]
    end.
