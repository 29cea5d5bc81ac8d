%% unicode_util: OTP's internal module that `string` and Elixir's `String` step through text
%% with. `cp/1` takes the first code point off chardata, `gc/1` the first grapheme cluster
%% (UAX #29, extended), the case functions map the first code point. Cluster breaking and case
%% mapping are native (vm/src/natives/graphemes.rs, case_map.rs): Unicode's tables come from
%% Rust instead of a generated table module.
-module(unicode_util).
-export([cp/1, gc/1, uppercase/1, lowercase/1, titlecase/1, casefold/1, spec_version/0]).
-export([binary_gc/1, cluster_length/1, case_map/2]).

%% Code points looked at after the first one to find where a cluster ends; a longer cluster
%% (rare: stacked combining marks) is taken in steps.
-define(LOOKAHEAD, 16).

spec_version() -> {17, 0}.

%% [CP | Rest], [] at the end, {error, Rest} at bytes that are not UTF-8.
cp([C | _] = L) when is_integer(C) -> L;
cp([H | T]) -> cp_in(H, T);
cp([]) -> [];
cp(<<C/utf8, R/binary>>) -> [C | R];
cp(<<>>) -> [];
cp(B) when is_binary(B) -> {error, B};
cp(Other) -> erlang:error(badarg, [Other]).

cp_in(H, []) -> cp(H);
cp_in([], T) -> cp(T);
cp_in([C | R], T) when is_integer(C) -> [C | join(R, T)];
cp_in([H | R], T) -> cp_in(H, join(R, T));
cp_in(C, T) when is_integer(C) -> [C | T];
cp_in(<<C/utf8, R/binary>>, T) -> [C | join(R, T)];
cp_in(<<>>, T) -> cp(T);
cp_in(B, T) when is_binary(B) -> {error, [B | T]};
cp_in(Other, _) -> erlang:error(badarg, [Other]).

join([], T) -> T;
join(<<>>, T) -> T;
join(R, []) -> R;
join(R, T) -> [R | T].

%% [GC | Rest] where GC is a code point or a cluster's list of code points.
gc(B) when is_binary(B) -> binary_gc(B);
gc(Str) ->
    case cp(Str) of
        [C | R] when C < 128, C =/= $\r ->
            %% ASCII other than CR never joins what follows unless a mark follows.
            case R of
                [N | _] when is_integer(N), N < 128 -> [C | R];
                _ -> gc_list(C, R)
            end;
        [C | R] ->
            gc_list(C, R);
        Other ->
            Other
    end.

gc_list(C, R) ->
    {Ahead, _} = take(R, ?LOOKAHEAD, []),
    case cluster_length([C | Ahead]) of
        1 ->
            [C | R];
        N ->
            {More, Rest} = take(R, N - 1, []),
            gc_more([C | More], Rest, N =:= length(Ahead) + 1)
    end.

%% When the cluster used all the look-ahead it may go on: look again from where it stopped.
gc_more(Cluster, Rest, false) ->
    [Cluster | Rest];
gc_more(Cluster, Rest, true) ->
    {Ahead, _} = take(Rest, ?LOOKAHEAD, []),
    case cluster_length(Cluster ++ Ahead) - length(Cluster) of
        0 ->
            [Cluster | Rest];
        N ->
            {More, Rest1} = take(Rest, N, []),
            gc_more(Cluster ++ More, Rest1, N =:= length(Ahead))
    end.

%% Up to N code points from chardata, and the chardata after them.
take(Str, 0, Acc) ->
    {lists:reverse(Acc), Str};
take(Str, N, Acc) ->
    case cp(Str) of
        [C | R] -> take(R, N - 1, [C | Acc]);
        _ -> {lists:reverse(Acc), Str}
    end.

uppercase(Str) -> map_first(upper, Str).
lowercase(Str) -> map_first(lower, Str).
titlecase(Str) -> map_first(title, Str).
casefold(Str) -> map_first(fold, Str).

map_first(Mode, Str) ->
    case cp(Str) of
        [C | R] ->
            case case_map(Mode, C) of
                [M] -> [M | R];
                Ms -> [Ms | R]
            end;
        Other ->
            Other
    end.

%% Native (vm/src/natives/graphemes.rs, case_map.rs).
binary_gc(_Bin) -> erlang:nif_error(undef).
cluster_length(_CPs) -> erlang:nif_error(undef).
case_map(_Mode, _CP) -> erlang:nif_error(undef).
