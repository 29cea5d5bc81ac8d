%% Purpose: a small interpreter: expression evaluator over tuples with variables, let, if, lambdas, recursion (factorial, fib) and error reporting.
-module(interp_expr).
-export([start/0]).
%% expect: {14,20,120,55,[1,4,9],{error,{unbound,z}},{error,{bad_op,'^'}},3628800,{add,{num,1},{mul,{num,2},{var,x}}}}

start() ->
    E1 = {add, {num, 2}, {mul, {num, 3}, {num, 4}}},
    A = eval(E1, []),
    B = eval({'let', x, {num, 5}, {mul, {var, x}, {num, 4}}}, []),
    Fact = {'fun', f, n, {'if', {eq, {var, n}, {num, 0}}, {num, 1},
                          {mul, {var, n}, {app, {var, f}, {sub, {var, n}, {num, 1}}}}}},
    C = eval({app, Fact, {num, 5}}, []),
    Fib = {'fun', fib, n, {'if', {lt, {var, n}, {num, 2}}, {var, n},
                           {add, {app, {var, fib}, {sub, {var, n}, {num, 1}}},
                                 {app, {var, fib}, {sub, {var, n}, {num, 2}}}}}},
    D = eval({app, Fib, {num, 10}}, []),
    Sq = {'fun', sq, x, {mul, {var, x}, {var, x}}},
    E = [eval({app, Sq, {num, N}}, []) || N <- [1, 2, 3]],
    F = safe_eval({add, {num, 1}, {var, z}}),
    G = safe_eval({'^', {num, 1}, {num, 2}}),
    H = eval({app, Fact, {num, 10}}, []),
    I = simplify({add, {num, 1}, {mul, {add, {num, 0}, {num, 2}}, {mul, {var, x}, {num, 1}}}}),
    {A, B, C, D, E, F, G, H, I}.

safe_eval(E) ->
    try eval(E, []) catch throw:Err -> {error, Err} end.

eval({num, N}, _) -> N;
eval({var, V}, Env) ->
    case lists:keyfind(V, 1, Env) of
        {V, Val} -> Val;
        false -> throw({unbound, V})
    end;
eval({add, A, B}, Env) -> eval(A, Env) + eval(B, Env);
eval({sub, A, B}, Env) -> eval(A, Env) - eval(B, Env);
eval({mul, A, B}, Env) -> eval(A, Env) * eval(B, Env);
eval({eq, A, B}, Env) -> eval(A, Env) =:= eval(B, Env);
eval({lt, A, B}, Env) -> eval(A, Env) < eval(B, Env);
eval({'if', C, T, E}, Env) ->
    case eval(C, Env) of
        true -> eval(T, Env);
        false -> eval(E, Env)
    end;
eval({'let', V, E, Body}, Env) -> eval(Body, [{V, eval(E, Env)} | Env]);
eval({'fun', _, _, _} = F, Env) -> {closure, F, Env};
eval({app, FE, AE}, Env) ->
    {closure, {'fun', Name, Param, Body} = F, CEnv} = eval(FE, Env),
    Arg = eval(AE, Env),
    eval(Body, [{Param, Arg}, {Name, {closure, F, CEnv}} | CEnv]);
eval({Op, _, _}, _) -> throw({bad_op, Op}).

%% algebraic simplification, bottom-up
simplify({Op, A, B}) when Op =:= add; Op =:= mul ->
    simp1({Op, simplify(A), simplify(B)});
simplify(E) -> E.

simp1({add, {num, 0}, E}) -> E;
simp1({add, E, {num, 0}}) -> E;
simp1({mul, {num, 1}, E}) -> E;
simp1({mul, E, {num, 1}}) -> E;
simp1({mul, {num, 0}, _}) -> {num, 0};
simp1(E) -> E.
