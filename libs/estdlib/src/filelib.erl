%% filelib: the common questions about files, on top of file (OTP's API and results).
%% wildcard/1,2 and fold_files/5 are not offered.
-module(filelib).

-export([
    is_dir/1,
    is_file/1,
    is_regular/1,
    file_size/1,
    last_modified/1,
    ensure_dir/1,
    ensure_path/1
]).

%% file_info's fields used here: type (3rd element), size (2nd), mtime (6th).
-define(TYPE(I), element(3, I)).
-define(SIZE(I), element(2, I)).
-define(MTIME(I), element(6, I)).

info(Name) ->
    case file:read_file_info(Name) of
        {ok, I} -> I;
        _ -> undefined
    end.

is_dir(Name) ->
    case info(Name) of
        undefined -> false;
        I -> ?TYPE(I) =:= directory
    end.

%% A regular file or a directory.
is_file(Name) ->
    case info(Name) of
        undefined -> false;
        I -> ?TYPE(I) =:= regular orelse ?TYPE(I) =:= directory
    end.

is_regular(Name) ->
    case info(Name) of
        undefined -> false;
        I -> ?TYPE(I) =:= regular
    end.

file_size(Name) ->
    case info(Name) of
        undefined -> 0;
        I -> ?SIZE(I)
    end.

last_modified(Name) ->
    case info(Name) of
        undefined -> 0;
        I -> ?MTIME(I)
    end.

%% Make every directory above Name (not Name itself).
ensure_dir(Name) ->
    ensure_path(filename:dirname(Name)).

%% Make Dir and every directory above it.
ensure_path(Dir) ->
    case is_dir(Dir) of
        true ->
            ok;
        false ->
            Parent = filename:dirname(Dir),
            case Parent =:= Dir of
                true ->
                    {error, einval};
                false ->
                    case ensure_path(Parent) of
                        ok ->
                            case file:make_dir(Dir) of
                                {error, eexist} ->
                                    %% Made meanwhile, or a file in the way.
                                    case is_dir(Dir) of
                                        true -> ok;
                                        false -> {error, enotdir}
                                    end;
                                Other ->
                                    Other
                            end;
                        Error ->
                            Error
                    end
            end
    end.
