%% filelib: the common questions about files, on top of file (OTP's API and results).
-module(filelib).

-export([
    wildcard/1,
    wildcard/2,
    fold_files/5,
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

%% ---------------------------------------------------------------------------
%% wildcard/1,2: the names matching Pattern, sorted. `?` is one character, `*` any run of
%% characters (dot files included, as OTP), `[a-z,x]` one of a set (a range or single
%% characters; `^` is an ordinary character, as in OTP), `{a,b}` alternatives (nested; as in
%% OTP 29, not holding `/`), `**` any number of directory levels (a last `**` is everything
%% below), `\\C` the character C. Relative patterns are taken from Cwd (the current directory
%% for wildcard/1) and give relative names; absolute ones give absolute names.

wildcard(Pattern) when is_list(Pattern) ->
    wildcard_in(Pattern, ".").

wildcard(Pattern, Cwd) when is_list(Pattern), is_list(Cwd) ->
    wildcard_in(Pattern, Cwd).

wildcard_in(Pattern, Cwd) ->
    Flat = lists:flatten(Pattern),
    Names = lists:append([walk(Parts, Cwd) || Alt <- expand_braces(Flat), Parts <- [split_pattern(Alt)]]),
    lists:usort(Names).

%% Every pattern {a,b} stands for, braces expanded (left to right, nested).
expand_braces(P) ->
    case brace_split(P, []) of
        none ->
            [P];
        {Before, Alts, After} ->
            lists:append([expand_braces(Before ++ A ++ After) || A <- Alts])
    end.

%% Before the first `{`, its comma-separated alternatives (at depth 1), after its `}`.
brace_split([], _) -> none;
brace_split([$\\, C | T], Acc) -> brace_split(T, [C, $\\ | Acc]);
brace_split([${ | T], Acc) ->
    {Alts, After} = brace_alts(T, 0, [], []),
    {lists:reverse(Acc), Alts, After};
brace_split([C | T], Acc) -> brace_split(T, [C | Acc]).

brace_alts([], _, _, _) -> error({badpattern, missing_delimiter});
brace_alts([$/ | _], _, _, _) -> error({badpattern, missing_delimiter});
brace_alts([$\\, C | T], D, Cur, Alts) -> brace_alts(T, D, [C, $\\ | Cur], Alts);
brace_alts([$} | T], 0, Cur, Alts) -> {lists:reverse([lists:reverse(Cur) | Alts]), T};
brace_alts([$, | T], 0, Cur, Alts) -> brace_alts(T, 0, [], [lists:reverse(Cur) | Alts]);
brace_alts([${ | T], D, Cur, Alts) -> brace_alts(T, D + 1, [${ | Cur], Alts);
brace_alts([$} | T], D, Cur, Alts) -> brace_alts(T, D - 1, [$} | Cur], Alts);
brace_alts([C | T], D, Cur, Alts) -> brace_alts(T, D, [C | Cur], Alts).

%% {Root, Components}: Root is "/" for an absolute pattern, none otherwise; empty components
%% and leading "." are dropped.
split_pattern([$/ | _] = P) -> {"/", components(P)};
split_pattern(P) -> {none, drop_dots(components(P))}.

components(P) -> [C || C <- string:split(P, "/", all), C =/= ""].

drop_dots(["." | T]) when T =/= [] -> drop_dots(T);
drop_dots(L) -> L.

%% Matching names: each candidate is {Shown, OnDisk}.
walk({_, []}, _Cwd) ->
    [];
walk({Root, Parts}, Cwd) ->
    Start =
        case Root of
            none -> {none, Cwd};
            "/" -> {"/", "/"}
        end,
    [Shown || {Shown, _} <- walk_parts(Parts, [Start])].

walk_parts([], Cands) ->
    Cands;
walk_parts(["**"], Cands) ->
    lists:append([below(C, all) || C <- Cands]);
walk_parts(["**" | T], Cands) ->
    walk_parts(T, lists:append([[C | below(C, dirs)] || C <- Cands]));
walk_parts([Part | T], Cands) ->
    case compile_part(Part) of
        {literal, Name} ->
            Next = [join(C, Name) || C <- Cands],
            case T of
                [] -> [C || {_, Disk} = C <- Next, exists(Disk)];
                _ -> walk_parts(T, Next)
            end;
        Tokens ->
            walk_parts(T, lists:append([matching(C, Tokens) || C <- Cands]))
    end.

join({none, Disk}, Name) -> {Name, join_path(Disk, Name)};
join({Shown, Disk}, Name) -> {join_path(Shown, Name), join_path(Disk, Name)}.

join_path("/", Name) -> [$/ | Name];
join_path(Dir, Name) -> Dir ++ [$/ | Name].

exists(Disk) ->
    case file:read_link_info(Disk) of
        {ok, _} -> true;
        _ -> false
    end.

entries({_, Disk}) ->
    case file:list_dir(Disk) of
        {ok, Names} -> Names;
        _ -> []
    end.

matching(Cand, Tokens) ->
    [join(Cand, N) || N <- entries(Cand), match_tokens(Tokens, N)].

%% Everything below Cand (What = all), or only its directories (What = dirs), at any depth;
%% symbolic links are not followed, so a loop cannot trap the walk.
below(Cand, What) ->
    lists:append([
        begin
            C = join(Cand, N),
            Sub =
                case file:read_link_info(element(2, C)) of
                    {ok, I} when element(3, I) =:= directory -> {true, below(C, What)};
                    _ -> false
                end,
            case {Sub, What} of
                {{true, Deeper}, _} -> [C | Deeper];
                {false, all} -> [C];
                {false, dirs} -> []
            end
        end
     || N <- entries(Cand)
    ]).

%% A component without `*`, `?` or `[` is a literal name (escapes removed); otherwise a list
%% of tokens: star, any, {set, Ranges}, or a character.
compile_part(Part) ->
    Tokens = tokens(Part),
    case lists:all(fun is_integer/1, Tokens) of
        true -> {literal, Tokens};
        false -> Tokens
    end.

tokens([]) -> [];
tokens([$\\, C | T]) -> [C | tokens(T)];
tokens([$* | T]) -> [star | tokens(T)];
tokens([$? | T]) -> [any | tokens(T)];
tokens([$[ | T]) ->
    {Ranges, Rest} = set(T, []),
    [{set, Ranges} | tokens(Rest)];
tokens([C | T]) -> [C | tokens(T)].

%% The ranges of a set up to its `]` (one never closed is an error, as in OTP 29; OTP 25 took
%% the `[` literally).
set([], _) -> error({badpattern, missing_delimiter});
set([$] | T], Acc) -> {Acc, T};
set([$\\, C | T], Acc) -> set(T, [{C, C} | Acc]);
set([A, $-, B | T], Acc) when B =/= $] -> set(T, [{A, B} | Acc]);
set([$, | T], Acc) -> set(T, Acc);
set([C | T], Acc) -> set(T, [{C, C} | Acc]).

match_tokens([], []) -> true;
match_tokens([star], _) -> true;
match_tokens([star | T], Name) -> match_star(T, Name);
match_tokens([any | T], [_ | N]) -> match_tokens(T, N);
match_tokens([{set, Ranges} | T], [C | N]) ->
    lists:any(fun({A, B}) -> C >= A andalso C =< B end, Ranges) andalso match_tokens(T, N);
match_tokens([C | T], [C | N]) -> match_tokens(T, N);
match_tokens(_, _) -> false.

match_star(T, []) -> match_tokens(T, []);
match_star(T, [_ | N] = Name) -> match_tokens(T, Name) orelse match_star(T, N).

%% ---------------------------------------------------------------------------
%% fold_files/5: Fun(File, Acc) for every file under Dir (and below, if Recursive) whose name
%% (without its directory) matches the regular expression RegExp; File is Dir joined with the
%% names leading to it.
fold_files(Dir, RegExp, Recursive, Fun, Acc) ->
    {ok, Re} = re:compile(RegExp, [unicode]),
    fold_dir(Dir, Re, Recursive, Fun, Acc).

fold_dir(Dir, Re, Recursive, Fun, Acc) ->
    case file:list_dir(Dir) of
        {ok, Names} -> fold_names(Names, Dir, Re, Recursive, Fun, Acc);
        {error, _} -> Acc
    end.

fold_names([], _Dir, _Re, _Recursive, _Fun, Acc) ->
    Acc;
fold_names([N | T], Dir, Re, Recursive, Fun, Acc) ->
    File = filename:join(Dir, N),
    Acc1 =
        case is_dir(File) of
            true when Recursive ->
                fold_dir(File, Re, Recursive, Fun, Acc);
            true ->
                Acc;
            false ->
                case re:run(N, Re, [{capture, none}]) of
                    match -> Fun(File, Acc);
                    nomatch -> Acc
                end
        end,
    fold_names(T, Dir, Re, Recursive, Fun, Acc1).
