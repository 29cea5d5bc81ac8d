%% erl_error: an exception (class, reason, stack trace) as text, laid out as OTP's shell
%% prints it: "exception error: bad argument" and one "in function"/"in call from" line per
%% frame. Terms are printed by io_lib's ~P (depth 30, lines of 80); a term that does not fit
%% after its caption goes on a line of its own. Options: column (where the text starts,
%% 1-based), stack_trim_fun and format_fun as in OTP. No extended BIF error details.
-module(erl_error).
-export([format_exception/3, format_exception/4]).

format_exception(Class, Reason, Stack) -> format_exception(Class, Reason, Stack, #{}).

format_exception(Class, Reason, Stack0, Opts) when is_map(Opts) ->
    Col = maps:get(column, Opts, 1) - 1,
    Pp = case maps:find(format_fun, Opts) of
             {ok, F} -> fun(T, I) -> F(T, I) end;
             error -> fun pp/2
         end,
    Stack1 = case maps:find(stack_trim_fun, Opts) of
                 {ok, Trim} -> trim(Stack0, Trim);
                 error -> Stack0
             end,
    Header = "exception " ++ atom_to_list(Class) ++ ": ",
    {Text, Stack} = explain(Class, Reason, Stack1, Col + length(Header), Pp),
    [Header, Text | frames(Stack, Col, Pp, "  in function  ")].

%% Frames from the end of the stack for which Trim says true go.
trim(Stack, Trim) ->
    Keep = lists:dropwhile(fun(Frame) ->
                                   {M, F, A} = mfa(Frame),
                                   Trim(M, F, A)
                           end, lists:reverse(Stack)),
    lists:reverse(Keep).

mfa({M, F, A, _}) -> {M, F, A};
mfa({M, F, A}) -> {M, F, A}.

%% The text after "exception <class>: " and the frames still to show.
explain(error, Reason, Stack, I, Pp) ->
    case {Reason, Stack} of
        {function_clause, [{M, F, Args, Loc} | Rest]} when is_list(Args) ->
            {["no function clause matching ", call(M, F, Args, I + 28, Pp), " ", location(Loc)],
             Rest};
        {undef, [{M, F, A, _} | Rest]} ->
            {io_lib:format("undefined function ~ts", [mfa_text(M, F, arity(A))]), Rest};
        _ -> {error_text(Reason, I, Pp), Stack}
    end;
explain(_Class, Reason, Stack, I, Pp) ->
    {term(Reason, I, I, Pp), Stack}.

error_text(badarg, _, _) -> "bad argument";
error_text(badarith, _, _) -> "an error occurred when evaluating an arithmetic expression";
error_text(if_clause, _, _) -> "no true branch found when evaluating an if expression";
error_text(noproc, _, _) -> "no such process or port";
error_text(system_limit, _, _) -> "a system limit has been reached";
error_text(timeout_value, _, _) -> "bad receive timeout value";
error_text({badmatch, V}, I, Pp) -> caption("no match of right hand side value ", V, I, Pp);
error_text({case_clause, V}, I, Pp) -> caption("no case clause matching ", V, I, Pp);
error_text({try_clause, V}, I, Pp) -> caption("no try clause matching ", V, I, Pp);
error_text({badfun, V}, I, Pp) -> caption("bad function ", V, I, Pp);
error_text({badkey, V}, I, Pp) -> caption("bad key: ", V, I, Pp);
error_text({badmap, V}, I, Pp) -> caption("bad map: ", V, I, Pp);
error_text({badarg, V}, I, Pp) -> caption("bad argument: ", V, I, Pp);
error_text({badarity, {Fun, Args}}, _I, _Pp) when is_function(Fun), is_list(Args) ->
    Name = case erlang:fun_info(Fun, type) of
               {type, external} ->
                   {module, M} = erlang:fun_info(Fun, module),
                   {name, F} = erlang:fun_info(Fun, name),
                   {arity, A} = erlang:fun_info(Fun, arity),
                   mfa_text(M, F, A);
               _ ->
                   case erlang:fun_info(Fun, module) of
                       {module, erl_eval} ->
                           {arity, A} = erlang:fun_info(Fun, arity),
                           io_lib:format("interpreted function with arity ~w", [A]);
                       {module, M} ->
                           {name, F} = erlang:fun_info(Fun, name),
                           {arity, A} = erlang:fun_info(Fun, arity),
                           mfa_text(M, F, A)
                   end
           end,
    [Name, " called with ", count(length(Args))];
error_text(Reason, I, Pp) -> term(Reason, I, I, Pp).

count(0) -> "no arguments";
count(1) -> "one argument";
count(2) -> "two arguments";
count(N) -> integer_to_list(N) ++ " arguments".

%% Caption and term on one line when the term fits there unbroken, else the term on the
%% next line, indented to I.
caption(Caption, V, I, Pp) ->
    [Caption | term(V, I + length(Caption), I, Pp)].

term(V, At, I, Pp) ->
    Text = lists:flatten(io_lib:format("~ts", [Pp(V, At)])),
    case lists:member($\n, Text) of
        false -> Text;
        true -> ["\n", spaces(I), Pp(V, I)]
    end.

pp(V, Col) ->
    Text = lists:flatten(io_lib:format(spaces(Col) ++ "~tP", [V, 30])),
    lists:nthtail(Col, Text).

spaces(N) -> lists:duplicate(N, $\s).

frames([], _, _, _) -> [];
frames([Frame | Rest], Col, Pp, Lead) ->
    {M, F, A} = mfa(Frame),
    Loc = case Frame of {_, _, _, L} -> L; _ -> [] end,
    Ind = spaces(Col),
    Line = case is_list(A) of
               true ->
                   case operator(M, F, A) of
                       true ->
                           [$\n, Ind, "  in operator  ", atom_to_list(F), "/2",
                            $\n, Ind, "     called as ", operation(F, A, Col, Pp)];
                       false ->
                           Called = Ind ++ "     called as ",
                           [$\n, Ind, Lead, mfa_text(M, F, length(A)),
                            $\n, Called, call(M, F, A, length(Called), Pp)]
                   end;
               false ->
                   [$\n, Ind, Lead, mfa_text(M, F, A), " ", location(Loc)]
           end,
    [Line | frames(Rest, Col, Pp, "  in call from ")].

arity(A) when is_list(A) -> length(A);
arity(A) -> A.

operator(erlang, F, [_, _]) ->
    lists:member(F, ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor', 'bsl', 'bsr',
                     'and', 'or', 'xor', '==', '/=', '=:=', '=/=', '<', '>', '=<', '>=',
                     '++', '--', '!']);
operator(_, _, _) -> false.

operation(F, [A, B], Col, Pp) ->
    Start = Col + length("     called as "),
    Left = lists:flatten(io_lib:format("~ts", [Pp(A, Start)])),
    Mid = " " ++ atom_to_list(F) ++ " ",
    [Left, Mid, Pp(B, Start + length(Left) + length(Mid))].

%% M:F(Args) starting at column At: the argument list printed as a list whose brackets
%% become the parentheses.
call(M, F, Args, At, Pp) ->
    Prefix = prefix(M, F),
    Inner = lists:flatten(io_lib:format("~ts", [Pp(Args, At + length(Prefix) - 1)])),
    Body = lists:droplast(tl(Inner)),
    [Prefix, Body, ")"].

prefix(erlang, F) -> atom(F) ++ "(";
prefix(M, F) -> atom(M) ++ ":" ++ atom(F) ++ "(".

mfa_text(erlang, F, A) -> io_lib:format("~ts/~w", [atom(F), A]);
mfa_text(M, F, A) -> io_lib:format("~ts:~ts/~w", [atom(M), atom(F), A]).

atom(A) -> lists:flatten(io_lib:format("~tw", [A])).

location(Loc) ->
    case {lists:keyfind(file, 1, Loc), lists:keyfind(line, 1, Loc)} of
        {{file, File}, {line, Line}} -> io_lib:format("(~ts:~w)", [File, Line]);
        _ -> ""
    end.
