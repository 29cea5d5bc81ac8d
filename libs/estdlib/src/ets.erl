%% ets: the functions of OTP's ets module that are written in Erlang here; the rest (new,
%% insert, lookup, select, match, info, ...) are natives of the VM (vm/src/natives/ets/).
%%
%% The continuation forms of select/match walk an ordered_set a chunk at a time (the native
%% '$select_chunk' resumes after the last key seen); on hash tables, and for specs that bind the
%% key, they run the whole query at the first call and hand the results out in chunks of Limit:
%% the continuation holds what is left.
-module(ets).

-export([
    foldl/3, foldr/3,
    select/1, select/3, select_reverse/1, select_reverse/3,
    match/1, match/3, match_object/1, match_object/3,
    fun2ms/1, repair_continuation/2,
    i/0, init_table/2, tab2file/2, tab2file/3, file2tab/1, file2tab/2
]).

%% The first bytes of a file written by tab2file/2,3 (see there).
-define(TAB_FILE_MAGIC, <<"AtomVM ets:tab2file v1\n">>).

foldl(Fun, Acc, Table) when is_function(Fun, 2) ->
    lists:foldl(Fun, Acc, ets:tab2list(Table));
foldl(_, _, _) ->
    erlang:error(badarg).

foldr(Fun, Acc, Table) when is_function(Fun, 2) ->
    lists:foldr(Fun, Acc, ets:tab2list(Table));
foldr(_, _, _) ->
    erlang:error(badarg).

select(Table, MatchSpec, Limit) when is_integer(Limit), Limit > 0 ->
    chunked(Table, MatchSpec, Limit, false);
select(_, _, _) ->
    erlang:error(badarg).

select_reverse(Table, MatchSpec, Limit) when is_integer(Limit), Limit > 0 ->
    chunked(Table, MatchSpec, Limit, true);
select_reverse(_, _, _) ->
    erlang:error(badarg).

match(Table, Pattern, Limit) when is_integer(Limit), Limit > 0 ->
    chunked(Table, [{Pattern, [], ['$$']}], Limit, false);
match(_, _, _) ->
    erlang:error(badarg).

match_object(Table, Pattern, Limit) when is_integer(Limit), Limit > 0 ->
    chunked(Table, [{Pattern, [], ['$_']}], Limit, false);
match_object(_, _, _) ->
    erlang:error(badarg).

%% The first chunk: an ordered_set is walked a chunk at a time (the continuation holds the
%% last key seen); otherwise the whole result is taken now and handed out in chunks.
chunked(Table, MatchSpec, Limit, Reverse) ->
    case ets:'$select_chunk'(Table, MatchSpec, Limit, '$ets_first', Reverse) of
        whole when Reverse -> chunk(ets:select_reverse(Table, MatchSpec), Limit);
        whole -> chunk(ets:select(Table, MatchSpec), Limit);
        Chunk -> walked(Chunk, Table, MatchSpec, Limit, Reverse)
    end.

walked({[], _}, _Table, _MatchSpec, _Limit, _Reverse) ->
    '$end_of_table';
walked({Values, '$end_of_table'}, _Table, _MatchSpec, _Limit, _Reverse) ->
    {Values, '$end_of_table'};
walked({Values, Last}, Table, MatchSpec, Limit, Reverse) ->
    {Values, {'$ets_walk', Table, MatchSpec, Limit, Last, Reverse}}.

select(Continuation) -> continue(Continuation).
select_reverse(Continuation) -> continue(Continuation).
match(Continuation) -> continue(Continuation).
match_object(Continuation) -> continue(Continuation).

continue('$end_of_table') -> '$end_of_table';
continue({'$ets_continuation', Rest, Limit}) -> chunk(Rest, Limit);
continue({'$ets_walk', Table, MatchSpec, Limit, Last, Reverse}) ->
    walked(ets:'$select_chunk'(Table, MatchSpec, Limit, Last, Reverse), Table, MatchSpec, Limit,
           Reverse);
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

%% Continuations here are plain terms: nothing to repair.
repair_continuation(Continuation, _MatchSpec) -> Continuation.

%% A line per table: id, name, type, size, memory (words) and owner (its registered name if it
%% has one).
i() ->
    io:format(" ~-15s ~-17s ~-5s ~-6s ~-8s ~s~n", ["id", "name", "type", "size", "mem", "owner"]),
    io:format(" ~s~n", [lists:duplicate(76, $-)]),
    lists:foreach(fun i_line/1, lists:sort(ets:all())),
    ok.

i_line(T) ->
    case ets:info(T) of
        undefined ->
            ok;
        Info ->
            [Name, Type, Size, Mem, Owner] =
                [proplists:get_value(K, Info) || K <- [name, type, size, memory, owner]],
            Shown =
                case erlang:process_info(Owner, registered_name) of
                    {registered_name, R} -> R;
                    _ -> Owner
                end,
            io:format(" ~-15w ~-17w ~-5w ~-6w ~-8w ~w~n", [T, Name, Type, Size, Mem, Shown])
    end.

%% Empty Table, then fill it from InitFun: InitFun(read) gives {Objects, NextFun} or
%% end_of_input; anything else ends the call with exit(It). When inserting fails, NextFun(close)
%% is called and the call exits, as OTP: error:R becomes exit({R, Stack}).
init_table(Table, InitFun) when is_function(InitFun, 1) ->
    true = ets:delete_all_objects(Table),
    init_more(Table, InitFun(read));
init_table(_, _) ->
    erlang:error(badarg).

init_more(_Table, end_of_input) ->
    true;
init_more(Table, {Objects, Next}) when is_list(Objects), is_function(Next, 1) ->
    try
        lists:foreach(fun(O) -> ets:insert(Table, O) end, Objects)
    catch
        error:Reason:Stack ->
            catch Next(close),
            exit({Reason, Stack});
        exit:Reason ->
            catch Next(close),
            exit(Reason)
    end,
    init_more(Table, Next(read));
init_more(_Table, Other) ->
    exit(Other).

%% tab2file(Table, File[, Options]): write the table to File in this VM's own format (not OTP's
%% disk_log): the bytes of ?TAB_FILE_MAGIC, then term_to_binary of
%% {Attributes, ObjectCount, Objects} where Attributes is
%% [{name, N}, {type, T}, {protection, P}, {keypos, K}, {named_table, B}]. Options
%% ({extended_info, _}, {sync, Bool}) are accepted; the object count is always checked on read.
tab2file(Table, File) ->
    tab2file(Table, File, []).

tab2file(Table, File, Options) when is_list(Options) ->
    case catch ets:info(Table) of
        Info when is_list(Info) ->
            Attrs = [{K, proplists:get_value(K, Info)} || K <- [name, type, protection, keypos, named_table]],
            Objects = ets:tab2list(Table),
            Data = [?TAB_FILE_MAGIC | term_to_binary({Attrs, length(Objects), Objects})],
            file:write_file(File, Data);
        _ ->
            {error, badtab}
    end;
tab2file(_, _, _) ->
    erlang:error(badarg).

%% A table made again from a file tab2file/2,3 wrote: {ok, Table}, owned by the caller.
%% A file of another kind is {error, {read_error, {not_a_log_file, File}}}, one of ours that
%% does not decode {error, badfile}, a missing one {error, {read_error, {file_error, File,
%% Reason}}}; a named table whose name is taken is
%% {error, cannot_create_table}, as in OTP.
file2tab(File) ->
    file2tab(File, []).

file2tab(File, Options) when is_list(Options) ->
    case file:read_file(File) of
        {ok, Bin} -> from_file(Bin, File);
        {error, Reason} -> {error, {read_error, {file_error, File, Reason}}}
    end;
file2tab(_, _) ->
    erlang:error(badarg).

from_file(Bin, File) ->
    Magic = ?TAB_FILE_MAGIC,
    Size = byte_size(Magic),
    case Bin of
        <<Magic:Size/binary, Rest/binary>> ->
            case catch binary_to_term(Rest) of
                {Attrs, Count, Objects} when is_list(Attrs), is_list(Objects), length(Objects) =:= Count ->
                    make_table(Attrs, Objects);
                _ ->
                    {error, badfile}
            end;
        _ ->
            {error, {read_error, {not_a_log_file, File}}}
    end.

make_table(Attrs, Objects) ->
    Get = fun(K) -> proplists:get_value(K, Attrs) end,
    Named =
        case Get(named_table) of
            true -> [named_table];
            _ -> []
        end,
    Opts = [Get(type), Get(protection), {keypos, Get(keypos)} | Named],
    case catch ets:new(Get(name), Opts) of
        {'EXIT', _} ->
            {error, cannot_create_table};
        T ->
            case catch ets:insert(T, Objects) of
                true ->
                    {ok, T};
                _ ->
                    ets:delete(T),
                    {error, badfile}
            end
    end.
