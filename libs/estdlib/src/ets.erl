%% ets: the functions of OTP's ets module that are written in Erlang here; the rest (new,
%% insert, lookup, select, match, info, ...) are natives of the VM (vm/src/natives/ets/).
%%
%% The continuation forms of select/match run the whole query at the first call and hand the
%% results out in chunks of Limit: the continuation holds what is left.
-module(ets).

-export([
    foldl/3, foldr/3,
    select/1, select/3, select_reverse/1, select_reverse/3,
    match/1, match/3, match_object/1, match_object/3,
    fun2ms/1, safe_fixtable/2, repair_continuation/2
]).

foldl(Fun, Acc, Table) when is_function(Fun, 2) ->
    lists:foldl(Fun, Acc, ets:tab2list(Table));
foldl(_, _, _) ->
    erlang:error(badarg).

foldr(Fun, Acc, Table) when is_function(Fun, 2) ->
    lists:foldr(Fun, Acc, ets:tab2list(Table));
foldr(_, _, _) ->
    erlang:error(badarg).

select(Table, MatchSpec, Limit) when is_integer(Limit), Limit > 0 ->
    chunk(ets:select(Table, MatchSpec), Limit);
select(_, _, _) ->
    erlang:error(badarg).

select_reverse(Table, MatchSpec, Limit) when is_integer(Limit), Limit > 0 ->
    chunk(ets:select_reverse(Table, MatchSpec), Limit);
select_reverse(_, _, _) ->
    erlang:error(badarg).

match(Table, Pattern, Limit) when is_integer(Limit), Limit > 0 ->
    chunk(ets:match(Table, Pattern), Limit);
match(_, _, _) ->
    erlang:error(badarg).

match_object(Table, Pattern, Limit) when is_integer(Limit), Limit > 0 ->
    chunk(ets:match_object(Table, Pattern), Limit);
match_object(_, _, _) ->
    erlang:error(badarg).

select(Continuation) -> continue(Continuation).
select_reverse(Continuation) -> continue(Continuation).
match(Continuation) -> continue(Continuation).
match_object(Continuation) -> continue(Continuation).

continue('$end_of_table') -> '$end_of_table';
continue({'$ets_continuation', Rest, Limit}) -> chunk(Rest, Limit);
continue(_) -> erlang:error(badarg).

chunk([], _) ->
    '$end_of_table';
chunk(Results, Limit) ->
    {Taken, Rest} = take(Results, Limit, []),
    {Taken, {'$ets_continuation', Rest, Limit}}.

take(Rest, 0, Acc) -> {lists:reverse(Acc), Rest};
take([], _, Acc) -> {lists:reverse(Acc), []};
take([X | Xs], N, Acc) -> take(Xs, N - 1, [X | Acc]).

%% Only the parse transform (ms_transform, run by erlc) turns a fun into a match spec: a call
%% that reaches run time was not transformed, and fails as in OTP.
fun2ms(Fun) when is_function(Fun) ->
    exit({badarg, {ets, fun2ms,
                   [function, called, with, real, 'fun', should, be, transformed, with,
                    parse_transform, 'or', called, with, a, 'fun', generated, in, the, shell]}}).

%% Traversals here are safe without fixing (a table is locked for each call), so fixing only
%% checks that the table exists.
safe_fixtable(Table, Fix) when is_boolean(Fix) ->
    case ets:info(Table, id) of
        undefined -> erlang:error(badarg);
        _ -> true
    end;
safe_fixtable(_, _) ->
    erlang:error(badarg).

%% Continuations here are plain terms: nothing to repair.
repair_continuation(Continuation, _MatchSpec) -> Continuation.
