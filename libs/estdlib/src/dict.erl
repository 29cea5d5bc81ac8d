%% dict: key-value dictionaries (=:= decides key equality), OTP 25's API. Opaque: here a map
%% inside {dict, Map} (OTP's is a hash table); to_list/1 and fold/3 go in an unspecified order,
%% as in OTP.
-module(dict).

-export([
    new/0, is_key/2, to_list/1, from_list/1, size/1, is_empty/1, fetch/2, find/2, fetch_keys/1,
    erase/2, take/2, store/3, append/3, append_list/3, update/3, update/4, update_counter/3,
    fold/3, map/2, filter/2, merge/3
]).

new() -> {dict, #{}}.

is_key(Key, {dict, M}) -> maps:is_key(Key, M).
to_list({dict, M}) -> maps:to_list(M).
from_list(L) -> {dict, maps:from_list(L)}.
size({dict, M}) -> map_size(M).
is_empty({dict, M}) -> map_size(M) =:= 0.

fetch(Key, {dict, M} = D) ->
    case M of
        #{Key := V} -> V;
        _ -> erlang:error(badarg, [Key, D])
    end.

find(Key, {dict, M}) ->
    case M of
        #{Key := V} -> {ok, V};
        _ -> error
    end.

fetch_keys({dict, M}) -> maps:keys(M).
erase(Key, {dict, M}) -> {dict, maps:remove(Key, M)}.

take(Key, {dict, M}) ->
    case maps:take(Key, M) of
        {V, M1} -> {V, {dict, M1}};
        error -> error
    end.

store(Key, Value, {dict, M}) -> {dict, M#{Key => Value}}.

append(Key, Value, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ [Value]}};
        _ -> {dict, M#{Key => [Value]}}
    end.

append_list(Key, Values, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ Values}};
        _ -> {dict, M#{Key => Values}}
    end.

update(Key, Fun, {dict, M} = D) ->
    case M of
        #{Key := V} -> {dict, M#{Key := Fun(V)}};
        _ -> erlang:error(badarg, [Key, Fun, D])
    end.

update(Key, Fun, Init, {dict, M}) ->
    case M of
        #{Key := V} -> {dict, M#{Key := Fun(V)}};
        _ -> {dict, M#{Key => Init}}
    end.

update_counter(Key, Incr, D) when is_number(Incr) ->
    update(Key, fun(V) -> V + Incr end, Incr, D).

fold(F, Acc, {dict, M}) -> maps:fold(F, Acc, M).
map(F, {dict, M}) -> {dict, maps:map(F, M)}.
filter(F, {dict, M}) -> {dict, maps:filter(F, M)}.

merge(F, {dict, M1}, {dict, M2}) -> {dict, maps:merge_with(F, M1, M2)}.
