%% Purpose: a throw in tail position after its frame was trimmed (the compiler gives call_ext_last to throw/1 a deallocation larger than the trimmed frame, which BEAM never performs) is caught by a try ... after whose after-clause may itself throw.
%% expect: {{failed_match,20,"{ error , enotdir }","f/af19dir"},{caught,{failed_match,20,"{ error , enotdir }","f/af19dir"}},inner}
-module(tail_bif_trimmed_frame).
-export([start/0]).

-define(MATCHES(P, E),
        begin
            put(v, E),
            case get(v) of
                P -> ok;
                _ -> throw({failed_match, ?LINE, ??P, get(v)})
            end
        end).

in_scratch(Test, After) -> try Test("rid91fa") after ?MATCHES(ok, After) end.

test(D) ->
    F = D ++ "/f",
    _ = erlang:make_tuple(100, a),
    ?MATCHES({error, enotdir}, reverse(F)),
    ok.

start() ->
    A = (catch in_scratch(fun test/1, ok)),
    B = try in_scratch(fun test/1, ok) catch throw:T -> {caught, T} end,
    C = try in_scratch(fun test/1, not_ok) catch throw:{failed_match, _, _, not_ok} -> inner end,
    {A, B, C}.

reverse(L) -> reverse(L, []).
reverse([H | T], Acc) -> reverse(T, [H | Acc]);
reverse([], Acc) -> Acc.
