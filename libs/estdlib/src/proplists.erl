%% proplists: property lists, with the API and results of OTP 25's proplists module.
%% A property is an atom A (short for {A, true}) or a tuple whose first element is its key.
-module(proplists).

-export([
    property/1, property/2, unfold/1, compact/1, lookup/2, lookup_all/2, is_defined/2,
    get_value/2, get_value/3, get_all_values/2, append_values/2, get_bool/2, get_keys/1,
    delete/2, substitute_aliases/2, substitute_negations/2, expand/2, normalize/2, split/2,
    to_map/1, to_map/2, from_map/1
]).

property({Key, true}) when is_atom(Key) -> Key;
property(Property) -> Property.

property(Key, true) when is_atom(Key) -> Key;
property(Key, Value) -> {Key, Value}.

unfold([P | Ps]) when is_atom(P) -> [{P, true} | unfold(Ps)];
unfold([P | Ps]) -> [P | unfold(Ps)];
unfold([]) -> [].

compact(List) -> [property(P) || P <- List].

lookup(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> {Key, true};
        tuple_size(P) >= 1, element(1, P) =:= Key -> P;
        true -> lookup(Key, Ps)
    end;
lookup(_Key, []) -> none.

lookup_all(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> [{Key, true} | lookup_all(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key -> [P | lookup_all(Key, Ps)];
        true -> lookup_all(Key, Ps)
    end;
lookup_all(_Key, []) -> [].

is_defined(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key -> true;
        true -> is_defined(Key, Ps)
    end;
is_defined(_Key, []) -> false.

get_value(Key, List) -> get_value(Key, List, undefined).

get_value(Key, [P | Ps], Default) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} -> Value;
                _ -> Default
            end;
        true -> get_value(Key, Ps, Default)
    end;
get_value(_Key, [], Default) -> Default.

get_all_values(Key, [P | Ps]) ->
    case P of
        {K, Value} when K =:= Key -> [Value | get_all_values(Key, Ps)];
        _ -> get_all_values(Key, Ps)
    end;
get_all_values(_Key, []) -> [].

append_values(Key, [P | Ps]) ->
    case P of
        {K, Value} when K =:= Key, is_list(Value) -> Value ++ append_values(Key, Ps);
        {K, Value} when K =:= Key -> [Value | append_values(Key, Ps)];
        K when K =:= Key, is_atom(K) -> [true | append_values(Key, Ps)];
        _ -> append_values(Key, Ps)
    end;
append_values(_Key, []) -> [].

get_bool(Key, List) ->
    case lookup(Key, List) of
        {_, true} -> true;
        _ -> false
    end.

get_keys(List) ->
    sets:to_list(sets:from_list(keys(List), [{version, 2}])).

keys([P | Ps]) when is_atom(P) -> [P | keys(Ps)];
keys([P | Ps]) when tuple_size(P) >= 1 -> [element(1, P) | keys(Ps)];
keys([_ | Ps]) -> keys(Ps);
keys([]) -> [].

delete(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> delete(Key, Ps);
        tuple_size(P) >= 1, element(1, P) =:= Key -> delete(Key, Ps);
        true -> [P | delete(Key, Ps)]
    end;
delete(_, []) -> [].

substitute_aliases(As, Props) -> [substitute_aliases_1(As, P) || P <- Props].

substitute_aliases_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key -> property(Key1, true);
        tuple_size(P) >= 1, element(1, P) =:= Key -> property(setelement(1, P, Key1));
        true -> substitute_aliases_1(As, P)
    end;
substitute_aliases_1([], P) -> P.

substitute_negations(As, Props) -> [substitute_negations_1(As, P) || P <- Props].

substitute_negations_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key -> property(Key1, false);
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, true} -> property(Key1, false);
                {_, false} -> property(Key1, true);
                _ -> property(Key1, true)
            end;
        true -> substitute_negations_1(As, P)
    end;
substitute_negations_1([], P) -> P.

expand(Es, List) ->
    flatten_expansions(expand_1(Es, List)).

expand_1([{P, L} | Es], List) -> expand_1(Es, expand_2(key_of(P), P, L, List));
expand_1([], List) -> List.

expand_2(Key, P1, L, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> expand_3(Key, P1, L, P, Ps);
        tuple_size(P) >= 1, element(1, P) =:= Key -> expand_3(Key, P1, L, property(P), Ps);
        true -> [P | expand_2(Key, P1, L, Ps)]
    end;
expand_2(_, _, _, []) -> [].

expand_3(Key, P1, L, P, Ps) ->
    case property(P1) =:= P of
        true -> [{'$expand', L} | delete(Key, Ps)];
        false -> [P | delete(Key, Ps)]
    end.

key_of(P) when is_atom(P) -> P;
key_of(P) when tuple_size(P) >= 1 -> element(1, P);
key_of(P) -> P.

flatten_expansions([{'$expand', L} | Ps]) -> L ++ flatten_expansions(Ps);
flatten_expansions([P | Ps]) -> [P | flatten_expansions(Ps)];
flatten_expansions([]) -> [].

normalize(L, [{aliases, As} | Xs]) -> normalize(substitute_aliases(As, L), Xs);
normalize(L, [{expand, Es} | Xs]) -> normalize(expand(Es, L), Xs);
normalize(L, [{negations, Ns} | Xs]) -> normalize(substitute_negations(Ns, L), Xs);
normalize(L, []) -> compact(L).

split(List, Keys) ->
    {Store, Rest} = split_1(List, [{K, []} || K <- Keys], []),
    {[lists:reverse(Ps) || {_, Ps} <- Store], lists:reverse(Rest)}.

split_1([P | Ps], Store, Rest) ->
    Key = if
              is_atom(P) -> P;
              tuple_size(P) >= 1 -> element(1, P);
              true -> {'$no_key'}
          end,
    case lists:keymember(Key, 1, Store) of
        true ->
            {value, {_, Got}} = lists:keysearch(Key, 1, Store),
            split_1(Ps, lists:keyreplace(Key, 1, Store, {Key, [P | Got]}), Rest);
        false ->
            split_1(Ps, Store, [P | Rest])
    end;
split_1([], Store, Rest) -> {Store, Rest}.

%% The first occurrence of a key wins.
to_map(List) ->
    lists:foldr(fun
                    ({K, V}, M) -> M#{K => V};
                    (A, M) when is_atom(A) -> M#{A => true};
                    (T, M) when tuple_size(T) >= 1 -> maps:remove(element(1, T), M);
                    (_, M) -> M
                end, #{}, List).

to_map(List, Stages) -> to_map(normalize(List, Stages)).

from_map(Map) -> maps:to_list(Map).
