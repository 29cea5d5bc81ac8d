%% filename: manipulating file names as OTP does on Unix (and under WASI, whose paths are POSIX
%% paths). A name is a string, a deep list of characters and atoms, an atom or a binary; the
%% result is a binary when the name is (when any of them is, for join), else a flat string.
%% Names are handled as characters: a binary's bytes are taken one character each and put back
%% the same way.
-module(filename).

-export([
    absname/1,
    absname/2,
    absname_join/2,
    basename/1,
    basename/2,
    dirname/1,
    extension/1,
    flatten/1,
    join/1,
    join/2,
    nativename/1,
    pathtype/1,
    rootname/1,
    rootname/2,
    split/1,
    safe_relative_path/1
]).

%% ---- representation ----

%% {Characters, WasBinary}.
chars(B) when is_binary(B) -> {binary_to_list(B), true};
chars(Name) -> {flatten_chars(Name), false}.

back(Chars, true) -> chars_to_binary(Chars);
back(Chars, false) -> Chars.

%% Characters as the bytes of a binary name: UTF-8 beyond Latin-1, as OTP encodes names.
chars_to_binary(Chars) ->
    case lists:all(fun(C) -> C =< 255 end, Chars) of
        true -> list_to_binary(Chars);
        false -> unicode:characters_to_binary(Chars)
    end.

flatten_chars(A) when is_atom(A) -> atom_to_list(A);
flatten_chars(L) when is_list(L) -> lists:reverse(flatten_chars(L, []));
flatten_chars(_) -> erlang:error(badarg).

flatten_chars([H | T], Acc) when is_integer(H) -> flatten_chars(T, [H | Acc]);
flatten_chars([H | T], Acc) when is_atom(H) -> flatten_chars(T, lists:reverse(atom_to_list(H), Acc));
flatten_chars([H | T], Acc) when is_list(H) -> flatten_chars(T, flatten_chars(H, Acc));
flatten_chars([H | T], Acc) when is_binary(H) -> flatten_chars(T, lists:reverse(binary_to_list(H), Acc));
flatten_chars([], Acc) -> Acc;
flatten_chars(_, _) -> erlang:error(badarg).

flatten(B) when is_binary(B) -> B;
flatten(Name) -> flatten_chars(Name).

%% ---- join, split ----

join([Name]) ->
    {Cs, Bin} = chars(Name),
    back(normalize(Cs), Bin);
join([A, B | Rest]) ->
    join([join(A, B) | Rest]).

join(A, B) ->
    {As, ABin} = chars(A),
    {Bs, BBin} = chars(B),
    Joined = case Bs of
                 [$/ | _] -> normalize(Bs);
                 [] -> normalize(As);
                 _ -> normalize(As ++ "/" ++ Bs)
             end,
    back(Joined, ABin orelse BBin).

%% Repeated slashes become one, "/./" becomes "/", and a trailing slash goes (but "/" stays).
normalize(Cs) -> drop_trailing(collapse(Cs)).

collapse([$/, $/ | T]) -> collapse([$/ | T]);
collapse([$/, $., $/ | T]) -> collapse([$/ | T]);
collapse([C | T]) -> [C | collapse(T)];
collapse([]) -> [].

drop_trailing("/") -> "/";
drop_trailing(Cs) ->
    case lists:reverse(Cs) of
        [$/ | R] -> lists:reverse(R);
        _ -> Cs
    end.

split(Name) ->
    {Cs, Bin} = chars(Name),
    Comps = [back(C, Bin) || C <- components(Cs)],
    case Cs of
        [$/ | _] -> [back("/", Bin) | Comps];
        _ -> Comps
    end.

%% The non-empty parts between slashes.
components(Cs) -> components(Cs, [], []).
components([$/ | T], [], Acc) -> components(T, [], Acc);
components([$/ | T], Cur, Acc) -> components(T, [], [lists:reverse(Cur) | Acc]);
components([C | T], Cur, Acc) -> components(T, [C | Cur], Acc);
components([], [], Acc) -> lists:reverse(Acc);
components([], Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]).

%% ---- parts of a name ----

basename(Name) ->
    {Cs, Bin} = chars(Name),
    back(base(Cs), Bin).

%% The last component, trailing slashes ignored.
base(Cs) ->
    Trimmed = lists:reverse(lists:dropwhile(fun(C) -> C =:= $/ end, lists:reverse(Cs))),
    lists:reverse(lists:takewhile(fun(C) -> C =/= $/ end, lists:reverse(Trimmed))).

%% The extension goes only when the name ends with it (not with a slash after it).
basename(Name, Ext) ->
    {Cs, Bin} = chars(Name),
    {Es, ExtBin} = chars(Ext),
    Base = base(Cs),
    Stripped = case lists:suffix(Es, Cs) of
                   true -> strip_suffix(Base, Es);
                   false -> Base
               end,
    back(Stripped, Bin orelse ExtBin).

strip_suffix(Cs, Suffix) ->
    case lists:suffix(Suffix, Cs) of
        true -> lists:sublist(Cs, length(Cs) - length(Suffix));
        false -> Cs
    end.

dirname(Name) ->
    {Cs, Bin} = chars(Name),
    back(dir(Cs), Bin).

%% Everything before the last component: "." for none, "/" for the root.
dir(Cs) ->
    R = lists:reverse(Cs),
    %% Drop the last component, then the slashes before it.
    AfterBase = lists:dropwhile(fun(C) -> C =/= $/ end, R),
    case AfterBase of
        [] -> ".";
        _ ->
            case lists:dropwhile(fun(C) -> C =:= $/ end, AfterBase) of
                [] -> "/";
                Dir -> lists:reverse(Dir)
            end
    end.

extension(Name) ->
    {Cs, Bin} = chars(Name),
    back(ext(Cs), Bin).

%% From the last dot of the last component (nothing when it has none, or only a leading one).
ext(Cs) ->
    Last = lists:reverse(lists:takewhile(fun(C) -> C =/= $/ end, lists:reverse(Cs))),
    from_last_dot(Last, 2).

%% The part of Cs from its last dot, if that dot is at position First or later.
from_last_dot(Cs, First) ->
    case string:rchr(Cs, $.) of
        I when I >= First -> lists:nthtail(I - 1, Cs);
        _ -> []
    end.

%% As OTP: the dot that starts a name counts here (rootname(".x") is ""), unlike in extension/1,
%% but not one right after a slash.
rootname(Name) ->
    {Cs, Bin} = chars(Name),
    Ext = case lists:member($/, Cs) of
              false -> from_last_dot(Cs, 1);
              true -> ext(Cs)
          end,
    back(lists:sublist(Cs, length(Cs) - length(Ext)), Bin).

rootname(Name, Ext) ->
    {Cs, Bin} = chars(Name),
    {Es, ExtBin} = chars(Ext),
    back(strip_suffix(Cs, Es), Bin orelse ExtBin).

%% ---- absolute and relative names ----

pathtype(Name) ->
    case chars(Name) of
        {[$/ | _], _} -> absolute;
        _ -> relative
    end.

absname(Name) ->
    {ok, Cwd} = file:get_cwd(),
    absname(Name, Cwd).

%% A binary when either is one.
absname(Name, Dir) ->
    case pathtype(Name) of
        absolute when is_binary(Dir) -> chars_to_binary(element(1, chars(join([Name]))));
        absolute -> join([Name]);
        relative -> absname_join(absname(Dir), Name)
    end.

absname_join(Dir, Name) -> join(Dir, Name).

nativename(Name) -> join([Name]).

%% The name with "." and ".." worked out, if it stays below where it starts; else `unsafe`.
safe_relative_path(Name) ->
    case pathtype(Name) of
        relative ->
            {_, Bin} = chars(Name),
            safe(split(Name), [], Bin);
        absolute ->
            unsafe
    end.

safe([], [], _) -> [];
safe([], Acc, _) -> join(lists:reverse(Acc));
safe([C | T], Acc, Bin) ->
    case flatten_chars_of(C) of
        "." -> safe(T, Acc, Bin);
        ".." ->
            case Acc of
                [] -> unsafe;
                [_ | Up] -> safe(T, Up, Bin)
            end;
        _ -> safe(T, [C | Acc], Bin)
    end.

flatten_chars_of(C) when is_binary(C) -> binary_to_list(C);
flatten_chars_of(C) -> C.
