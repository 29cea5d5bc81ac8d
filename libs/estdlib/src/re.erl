%% re: Perl-compatible regular expressions with OTP's API, on the VM's regex natives
%% (vm/src/natives/re.rs: fancy-regex, with PCRE's syntax rewritten for it).
%%
%% A compiled pattern has OTP's shape {re_pattern, Groups, Unicode, UseCRLF, Bin}; Bin holds the
%% compile flags and the pattern source (the natives cache what they compile from it). Offsets
%% and lengths are bytes of the subject, as in OTP.
-module(re).

-export([compile/1, compile/2, run/2, run/3, replace/3, replace/4, split/2, split/3,
         grun/3, version/0, inspect/2, import/1]).
-export([nif_compile/3, nif_run/6]).

%% OTP's default match_limit.
-define(LIMIT, 10000000).
-define(TAG, "AtomVM-re").

%% Compile flags, as vm/src/natives/re.rs reads them.
-define(F_UNICODE, 1).
-define(F_CASELESS, 2).
-define(F_MULTILINE, 4).
-define(F_DOTALL, 8).
-define(F_EXTENDED, 16).
-define(F_DOLLAR_ENDONLY, 32).
-define(F_UNGREEDY, 64).
-define(F_UCP, 128).
-define(F_NO_AUTO_CAPTURE, 256).
-define(F_ANCHORED, 512).

%% Not any real PCRE's version: Elixir keeps a regex literal's compiled pattern only when
%% `re:version()` matches the compiling OTP's, and OTP's compiled patterns mean nothing here,
%% so it must recompile them from their source.
version() -> <<"10.47 (fancy-regex)">>.

%% A pattern exported by OTP 28+'s `compile(RE, [export | Opts])` (Elixir 1.20 keeps regex
%% literals so): its compiled form is PCRE2's and means nothing here, so compile its source.
import({re_exported_pattern, _Header, Source, Opts, _Compiled} = Exported) when is_list(Opts) ->
    case catch compile(Source, lists:delete(export, Opts)) of
        {ok, MP} -> MP;
        _ -> erlang:error(badarg, [Exported])
    end;
import(Other) ->
    erlang:error(badarg, [Other]).

%% ---- compile ----

compile(RE) -> compile(RE, []).

compile(RE, Options) ->
    {Flags, CRLF, Rest} = compile_flags(Options),
    case [O || O <- Rest, not ignored_compile_option(O)] of
        [] -> ok;
        _ -> erlang:error(badarg)
    end,
    {Pattern, Flags1, CRLF1} = verbs(pattern_binary(RE, Flags band ?F_UNICODE =/= 0), Flags, CRLF),
    case nif_compile(Pattern, Flags1, ?LIMIT) of
        {ok, Groups, _Names} -> {ok, make_mp(Groups, Flags1, CRLF1, Pattern)};
        {error, _} = E -> E
    end.

make_mp(Groups, Flags, CRLF, Pattern) ->
    {re_pattern, Groups, unicode_bit(Flags), CRLF, <<?TAG, Flags:32, Pattern/binary>>}.

unicode_bit(Flags) when Flags band ?F_UNICODE =/= 0 -> 1;
unicode_bit(_) -> 0.

%% The compile flags in Options, whether newlines are CRLF, and the options left over.
compile_flags(Options) when is_list(Options) ->
    lists:foldl(fun compile_flag/2, {0, 0, []}, Options);
compile_flags(_) -> erlang:error(badarg).

compile_flag(unicode, {F, C, R}) -> {F bor ?F_UNICODE, C, R};
compile_flag(caseless, {F, C, R}) -> {F bor ?F_CASELESS, C, R};
compile_flag(multiline, {F, C, R}) -> {F bor ?F_MULTILINE, C, R};
compile_flag(dotall, {F, C, R}) -> {F bor ?F_DOTALL, C, R};
compile_flag(extended, {F, C, R}) -> {F bor ?F_EXTENDED, C, R};
compile_flag(dollar_endonly, {F, C, R}) -> {F bor ?F_DOLLAR_ENDONLY, C, R};
compile_flag(ungreedy, {F, C, R}) -> {F bor ?F_UNGREEDY, C, R};
compile_flag(ucp, {F, C, R}) -> {F bor ?F_UCP, C, R};
compile_flag(no_auto_capture, {F, C, R}) -> {F bor ?F_NO_AUTO_CAPTURE, C, R};
compile_flag(anchored, {F, C, R}) -> {F bor ?F_ANCHORED, C, R};
compile_flag({newline, NL}, {F, _, R}) when NL =:= crlf; NL =:= anycrlf; NL =:= any ->
    {F, 1, R};
compile_flag({newline, NL}, {F, _, R}) when NL =:= lf; NL =:= cr -> {F, 0, R};
compile_flag(O, {F, C, R}) -> {F, C, [O | R]}.

%% PCRE's option settings at the start of a pattern, `(*NAME)`, taken off it and turned into
%% flags: (*UTF8) and (*UTF) as unicode, (*UCP) as ucp, the newline conventions as
%% {newline, _}; the others (start optimisations, \R's meaning, limits) are accepted and change
%% nothing. An unknown name is left in the pattern, which then does not compile, as in PCRE.
verbs(<<"(*", Rest/binary>> = P, F, C) ->
    case binary:split(Rest, <<")">>) of
        [Name, After] ->
            case verb(Name, F, C) of
                {F1, C1} -> verbs(After, F1, C1);
                unknown -> {P, F, C}
            end;
        _ ->
            {P, F, C}
    end;
verbs(P, F, C) ->
    {P, F, C}.

verb(<<"UTF8">>, F, C) -> {F bor ?F_UNICODE, C};
verb(<<"UTF">>, F, C) -> {F bor ?F_UNICODE, C};
verb(<<"UCP">>, F, C) -> {F bor ?F_UCP, C};
verb(NL, F, _) when NL =:= <<"CR">>; NL =:= <<"LF">> -> {F, 0};
verb(NL, F, _) when NL =:= <<"CRLF">>; NL =:= <<"ANYCRLF">>; NL =:= <<"ANY">> -> {F, 1};
verb(Name, F, C) ->
    Accepted = [<<"BSR_ANYCRLF">>, <<"BSR_UNICODE">>, <<"NO_START_OPT">>, <<"NO_AUTO_POSSESS">>,
                <<"NO_DOTSTAR_ANCHOR">>, <<"NO_JIT">>, <<"NOTEMPTY">>, <<"NOTEMPTY_ATSTART">>],
    case lists:member(Name, Accepted) orelse limit_verb(Name) of
        true -> {F, C};
        false -> unknown
    end.

%% (*LIMIT_MATCH=N), (*LIMIT_RECURSION=N), (*LIMIT_DEPTH=N), (*LIMIT_HEAP=N)
limit_verb(Name) ->
    case binary:split(Name, <<"=">>) of
        [L, <<D, _/binary>> = N] when L =:= <<"LIMIT_MATCH">>; L =:= <<"LIMIT_RECURSION">>;
                                      L =:= <<"LIMIT_DEPTH">>; L =:= <<"LIMIT_HEAP">> ->
            D >= $0 andalso D =< $9 andalso lists:all(fun(X) -> X >= $0 andalso X =< $9 end, binary_to_list(N));
        _ ->
            false
    end.

ignored_compile_option(O) ->
    lists:member(O, [firstline, dupnames, never_utf, no_start_optimize, bsr_anycrlf,
                     bsr_unicode]).

pattern_binary(RE, Unicode) when is_binary(RE) -> check_utf8(RE, Unicode);
pattern_binary(RE, true) when is_list(RE) ->
    case unicode:characters_to_binary(RE) of
        B when is_binary(B) -> B;
        _ -> erlang:error(badarg)
    end;
pattern_binary(RE, false) when is_list(RE) -> iolist_to_binary(RE);
pattern_binary(_, _) -> erlang:error(badarg).

check_utf8(B, _) -> B.

inspect({re_pattern, _, _, _, <<?TAG, Flags:32, Pattern/binary>>}, namelist) ->
    {ok, _, Names} = nif_compile(Pattern, Flags, ?LIMIT),
    {namelist, lists:sort([N || {N, _} <- Names])};
inspect(_, _) -> erlang:error(badarg).

%% ---- run ----

run(Subject, RE) -> run(Subject, RE, []).

run(Subject, RE, Options) when is_list(Options) ->
    {Flags, CRLF, Rest} = compile_flags(Options),
    Run = run_options(Rest, #{flags => 0, offset => 0, limit => ?LIMIT, capture => {all, index},
                             report => false}),
    case prepare(RE, Flags, CRLF, Run) of
        {error, Err} -> Err;
        {Pattern, PFlags} ->
            Unicode = PFlags band ?F_UNICODE =/= 0,
            Bin = subject_binary(Subject, Unicode),
            #{flags := RunFlags, offset := Off, limit := Limit, capture := Capture} = Run,
            case nif_run(Pattern, PFlags, Bin, Off, Limit, RunFlags) of
                nomatch -> nomatch;
                {error, match_limit} when map_get(report, Run) -> {error, match_limit};
                {error, match_limit} -> nomatch;
                {match, Matches} ->
                    captured(Matches, RunFlags band 1 =/= 0, Capture, Pattern, PFlags, Bin,
                             Unicode)
            end
    end;
run(_, _, _) -> erlang:error(badarg).

%% The pattern source and flags to run, or {error, Result} for a pattern that does not compile.
prepare({re_pattern, _, _, _, <<?TAG, Flags:32, Pattern/binary>>}, Extra, _CRLF, _Run) ->
    {Pattern, Flags bor (Extra band ?F_ANCHORED)};
prepare({re_pattern, _, _, _, _}, _, _, _) -> erlang:error(badarg);
prepare(RE, Flags0, CRLF, Run) ->
    {Pattern, Flags, _} = verbs(pattern_binary(RE, Flags0 band ?F_UNICODE =/= 0), Flags0, CRLF),
    case nif_compile(Pattern, Flags, map_get(limit, Run)) of
        {ok, _, _} -> {Pattern, Flags};
        {error, E} when map_get(report, Run) -> {error, {error, {compile, E}}};
        {error, _} -> erlang:error(badarg)
    end.

run_options([], Acc) -> Acc;
run_options([global | T], #{flags := F} = A) -> run_options(T, A#{flags := F bor 1});
run_options([notempty | T], #{flags := F} = A) -> run_options(T, A#{flags := F bor 2});
run_options([notempty_atstart | T], #{flags := F} = A) -> run_options(T, A#{flags := F bor 4});
run_options([{offset, N} | T], A) when is_integer(N), N >= 0 -> run_options(T, A#{offset := N});
run_options([{match_limit, N} | T], A) when is_integer(N), N >= 0 ->
    run_options(T, A#{limit := N});
run_options([{match_limit_recursion, N} | T], A) when is_integer(N), N >= 0 ->
    run_options(T, A);
run_options([report_errors | T], A) -> run_options(T, A#{report := true});
run_options([{capture, Spec} | T], A) -> run_options(T, A#{capture := {Spec, index}});
run_options([{capture, Spec, Type} | T], A) when Type =:= index; Type =:= list; Type =:= binary ->
    run_options(T, A#{capture := {Spec, Type}});
run_options([O | T], A) when O =:= notbol; O =:= noteol; O =:= bsr_anycrlf;
                             O =:= bsr_unicode; O =:= firstline; O =:= dupnames;
                             O =:= never_utf; O =:= no_start_optimize ->
    run_options(T, A);
run_options(_, _) -> erlang:error(badarg).

subject_binary(S, _) when is_binary(S) -> S;
subject_binary(S, true) when is_list(S) ->
    case unicode:characters_to_binary(S) of
        B when is_binary(B) -> B;
        _ -> erlang:error(badarg)
    end;
subject_binary(S, false) when is_list(S) -> iolist_to_binary(S);
subject_binary(_, _) -> erlang:error(badarg).

captured(_Matches, _Global, {none, _}, _, _, _, _) -> match;
captured(_Matches, _Global, {[], _}, _, _, _, _) -> match;
captured(Matches, Global, {all_names, Type}, Pattern, Flags, Bin, Unicode) ->
    case nif_compile(Pattern, Flags, ?LIMIT) of
        {ok, _, []} -> match;
        {ok, _, _} -> captured(Matches, Global, {names, Type}, Pattern, Flags, Bin, Unicode)
    end;
captured(Matches, Global, {Spec, Type}, Pattern, Flags, Bin, Unicode) ->
    Pick = picker(Spec, Pattern, Flags),
    Shape = fun(Groups) -> [value(G, Type, Bin, Unicode) || G <- Pick(Groups)] end,
    case Global of
        true -> {match, [Shape(G) || G <- Matches]};
        false -> {match, Shape(hd(Matches))}
    end.

%% A function from a match's groups to the ones the capture spec asks for.
picker(all, _, _) -> fun(G) -> G end;
picker(first, _, _) -> fun(G) -> [hd(G)] end;
picker(all_but_first, _, _) -> fun(G) -> tl(G) end;
picker(names, Pattern, Flags) ->
    {ok, _, Names} = nif_compile(Pattern, Flags, ?LIMIT),
    indices([N || {_, N} <- lists:sort(Names)]);
picker(List, Pattern, Flags) when is_list(List) ->
    {ok, _, Names} = nif_compile(Pattern, Flags, ?LIMIT),
    indices([group_number(Id, Names) || Id <- List]);
picker(_, _, _) -> erlang:error(badarg).

indices(Ns) ->
    fun(G) ->
        T = list_to_tuple(G),
        [if N >= 0, N < tuple_size(T) -> element(N + 1, T); true -> {-1, 0} end || N <- Ns]
    end.

group_number(N, _) when is_integer(N) -> N;
group_number(A, Names) when is_atom(A) -> group_number(atom_to_binary(A, utf8), Names);
group_number(L, Names) when is_list(L) -> group_number(unicode:characters_to_binary(L), Names);
group_number(B, Names) when is_binary(B) ->
    case lists:keyfind(B, 1, Names) of
        {_, N} -> N;
        false -> -1
    end;
group_number(_, _) -> erlang:error(badarg).

value(G, index, _, _) -> G;
value({-1, _}, binary, _, _) -> <<>>;
value({S, L}, binary, Bin, _) -> binary:part(Bin, S, L);
value({-1, _}, list, _, _) -> [];
value({S, L}, list, Bin, true) -> unicode:characters_to_list(binary:part(Bin, S, L));
value({S, L}, list, Bin, false) -> binary_to_list(binary:part(Bin, S, L)).

%% grun/3: run with the options in a tuple (kept for callers of the old internal API).
grun(Subject, RE, {Options}) -> run(Subject, RE, Options).

%% ---- replace ----

replace(Subject, RE, Replacement) -> replace(Subject, RE, Replacement, []).

replace(Subject, RE, Replacement, Options) ->
    try
        {Return, Opts} = return_option(Options, iodata, []),
        [erlang:error(badarg) || {capture, _} <- Opts] ++ [erlang:error(badarg) || {capture, _, _} <- Opts],
        Unicode = is_unicode(RE, Opts),
        Bin = subject_binary(Subject, Unicode),
        Repl = replacement(Replacement, Unicode),
        Parts = case run(Bin, RE, [{capture, all, index} | Opts]) of
                    nomatch -> Subject;
                    {match, [M | _] = Ms} when is_list(M) -> substitute(Bin, 0, Ms, Repl);
                    {match, M} -> substitute(Bin, 0, [M], Repl)
                end,
        convert(Return, Parts, Unicode)
    catch
        error:_ -> erlang:error(badarg)
    end.

return_option([], R, Acc) -> {R, lists:reverse(Acc)};
return_option([{return, R} | T], _, Acc) when R =:= iodata; R =:= list; R =:= binary ->
    return_option(T, R, Acc);
return_option([{return, _} | _], _, _) -> erlang:error(badarg);
return_option([O | T], R, Acc) -> return_option(T, R, [O | Acc]).

is_unicode({re_pattern, _, 1, _, _}, _) -> true;
is_unicode({re_pattern, _, 0, _, _}, _) -> false;
is_unicode(_, Opts) -> lists:member(unicode, Opts).

convert(iodata, Parts, _) -> Parts;
convert(binary, Parts, false) -> iolist_to_binary(Parts);
convert(binary, Parts, true) -> unicode:characters_to_binary(Parts);
convert(list, Parts, false) -> binary_to_list(iolist_to_binary(Parts));
convert(list, Parts, true) -> unicode:characters_to_list(Parts).

%% The replacement as literal binaries and group numbers (& is group 0, \N and \g{N} group N,
%% \X the character X).
replacement(F, _) when is_function(F, 2) -> F;
replacement(R, Unicode) -> parse_replacement(subject_binary(R, Unicode), <<>>).

parse_replacement(<<>>, <<>>) -> [];
parse_replacement(<<>>, Lit) -> [Lit];
parse_replacement(<<$\\, $g, ${, Rest/binary>>, Lit) ->
    case digits(Rest, []) of
        {[_ | _] = Ds, <<$}, R/binary>>} -> lit(Lit, [list_to_integer(Ds) | parse_replacement(R, <<>>)]);
        _ -> parse_replacement(Rest, <<Lit/binary, "g{">>)
    end;
parse_replacement(<<$\\, $g, D, Rest/binary>>, Lit) when D >= $0, D =< $9 ->
    {Ds, R} = digits(Rest, [D]),
    lit(Lit, [list_to_integer(Ds) | parse_replacement(R, <<>>)]);
parse_replacement(<<$\\, D, Rest/binary>>, Lit) when D >= $0, D =< $9 ->
    {Ds, R} = digits(Rest, [D]),
    lit(Lit, [list_to_integer(Ds) | parse_replacement(R, <<>>)]);
parse_replacement(<<$\\, X, Rest/binary>>, Lit) -> parse_replacement(Rest, <<Lit/binary, X>>);
parse_replacement(<<$&, Rest/binary>>, Lit) -> lit(Lit, [0 | parse_replacement(Rest, <<>>)]);
parse_replacement(<<X, Rest/binary>>, Lit) -> parse_replacement(Rest, <<Lit/binary, X>>).

lit(<<>>, T) -> T;
lit(L, T) -> [L | T].

digits(<<D, R/binary>>, Acc) when D >= $0, D =< $9 -> digits(R, [D | Acc]);
digits(R, Acc) -> {lists:reverse(Acc), R}.

substitute(Bin, Pos, [], _) ->
    case byte_size(Bin) - Pos of
        0 -> [];
        N -> [binary:part(Bin, Pos, N)]
    end;
substitute(Bin, Pos, [[{S, L} | _] = Groups | T], Repl) ->
    Before = case S - Pos of
                 0 -> [];
                 N -> [binary:part(Bin, Pos, N)]
             end,
    Before ++ [expand(Repl, Bin, Groups) | substitute(Bin, S + L, T, Repl)].

expand(F, Bin, [G0 | Gs]) when is_function(F, 2) ->
    F(part(Bin, G0), [part(Bin, G) || G <- Gs]);
expand(Repl, Bin, Groups) ->
    T = list_to_tuple(Groups),
    [case P of
         N when is_integer(N), N < tuple_size(T) -> part(Bin, element(N + 1, T));
         N when is_integer(N) -> <<>>;
         Lit -> Lit
     end || P <- Repl].

part(_, {-1, _}) -> <<>>;
part(Bin, {S, L}) -> binary:part(Bin, S, L).

%% ---- split ----

split(Subject, RE) -> split(Subject, RE, []).

split(Subject, RE, Options) ->
    try
        {Return, Limit, Trim, Group, Opts} = split_options(Options, iodata, -1, false, false, []),
        Unicode = is_unicode(RE, Opts),
        Bin = subject_binary(Subject, Unicode),
        {Compiled, Groups, RunOpts} = split_pattern(RE, Opts),
        Parts = case run(Bin, Compiled, [{capture, all, index}, global | RunOpts]) of
                    %% OTP 28+: an empty subject splits into no parts at all.
                    _ when Bin =:= <<>> -> [];
                    nomatch when Group -> [[Bin]];
                    nomatch -> [Bin];
                    {match, Ms} ->
                        P = split_parts(Bin, 0, Ms, Groups, Limit, Group),
                        case Trim of
                            true -> trim_empty(P, Group);
                            false -> P
                        end
                end,
        case Group of
            true -> [split_convert(Return, P, Unicode) || P <- Parts];
            false -> split_convert(Return, Parts, Unicode)
        end
    catch
        error:_ -> erlang:error(badarg)
    end.

split_options([], R, L, Tr, G, Acc) -> {R, L, Tr, G, lists:reverse(Acc)};
split_options([trim | T], R, _, _, G, Acc) -> split_options(T, R, -1, true, G, Acc);
split_options([{parts, 0} | T], R, _, _, G, Acc) -> split_options(T, R, -1, true, G, Acc);
split_options([{parts, N} | T], R, _, _, G, Acc) when is_integer(N), N >= 1 ->
    split_options(T, R, N - 1, false, G, Acc);
split_options([{parts, infinity} | T], R, _, _, G, Acc) -> split_options(T, R, -1, false, G, Acc);
split_options([group | T], R, L, Tr, _, Acc) -> split_options(T, R, L, Tr, true, Acc);
split_options([{return, R} | T], _, L, Tr, G, Acc) when R =:= iodata; R =:= list; R =:= binary ->
    split_options(T, R, L, Tr, G, Acc);
split_options([O | _], _, _, _, _, _) when O =:= global; element(1, O) =:= capture;
                                           element(1, O) =:= return; element(1, O) =:= parts ->
    erlang:error(badarg);
split_options([O | T], R, L, Tr, G, Acc) -> split_options(T, R, L, Tr, G, [O | Acc]).

split_pattern({re_pattern, N, _, _, _} = MP, Opts) -> {MP, N, Opts};
split_pattern(RE, Opts) ->
    {Flags, _, Rest} = compile_flags(Opts),
    {ok, {re_pattern, N, _, _, _} = MP} = compile(RE, [O || O <- Opts, not lists:member(O, Rest)]),
    _ = Flags,
    {MP, N, Rest}.

%% The pieces between matches, each followed by what the groups captured.
split_parts(Bin, Off, _, _, 0, Group) -> piece(Group, [rest(Bin, Off)]);
split_parts(Bin, Off, [], _, _, Group) -> piece(Group, [rest(Bin, Off)]);
split_parts(Bin, Off, _, _, _, Group) when byte_size(Bin) =< Off -> piece(Group, [<<>>]);
split_parts(Bin, Off, [[{S, L} | Subs] | T], N, Limit, Group) ->
    Kept = S - Off,
    case Kept =:= 0 andalso L =:= 0 andalso lists:all(fun({_, SL}) -> SL =:= 0 end, Subs) of
        true -> split_parts(Bin, S + L, T, N, Limit, Group);
        false ->
            Keep = binary:part(Bin, Off, Kept),
            Captures = [part(Bin, G) || G <- pad(Subs, N)],
            Tail = split_parts(Bin, S + L, T, N, Limit - 1, Group),
            case Group of
                true -> [[Keep | Captures] | Tail];
                false -> [Keep | Captures] ++ Tail
            end
    end.

piece(true, P) -> [P];
piece(false, P) -> P.

rest(Bin, Off) -> binary:part(Bin, Off, byte_size(Bin) - Off).

pad(_, 0) -> [];
pad([], N) -> [{0, 0} | pad([], N - 1)];
pad([H | T], N) -> [H | pad(T, N - 1)].

trim_empty(Parts, false) -> strip_trailing(Parts);
trim_empty(Parts, true) ->
    lists:reverse(drop_empty_groups(lists:reverse(Parts))).

drop_empty_groups([G | T]) ->
    case strip_trailing(G) of
        [] -> drop_empty_groups(T);
        _ -> [G | T]
    end;
drop_empty_groups([]) -> [].

strip_trailing(L) -> lists:reverse(lists:dropwhile(fun(P) -> P =:= <<>> end, lists:reverse(L))).

split_convert(list, Parts, true) -> [unicode:characters_to_list(P) || P <- Parts];
split_convert(list, Parts, false) -> [binary_to_list(P) || P <- Parts];
split_convert(_, Parts, _) -> Parts.

%% ---- natives (vm/src/natives/re.rs) ----

nif_compile(_, _, _) -> erlang:nif_error(undef).
nif_run(_, _, _, _, _, _) -> erlang:nif_error(undef).
