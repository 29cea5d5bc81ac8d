%% Purpose: deep nested pattern matching mixing tuples, lists, atoms and integers; case with guards; match in heads binding sub-terms.
-module(match_nested).
-export([start/0]).
%% expect: {[{user,"ann",30},{admin,"bob"},{guest},invalid,invalid],[{deep,7}],{[1,2],{3,[4]}},[ok,{error,reason},{error,{nested,[1,2]}}],{b,[c,{d,e}]},{2,2}}

start() ->
    Recs = [{person, "ann", {age, 30}, [{role, user}]},
            {person, "bob", {age, 50}, [{role, admin}, {level, 9}]},
            {person, "x", {age, 1}, []},
            {person, 5, {age, 1}, []},
            {robot, "r2"}],
    A = map(fun describe/1, Recs),
    B = [deep({a, [{b, {c, [7]}}]})],
    {L, {Z, W} = Pair} = id({[1, 2], {3, [4]}}),
    C = {L, Pair},
    3 = Z, [4] = W,
    D = map(fun result/1, [{ok, 1}, {error, reason}, {error, {nested, [1, 2]}}]),
    {a, {B1, [_, _] = Inner}} = id({a, {b, [c, {d, e}]}}),
    E = {B1, Inner},
    F = count_pairs([{x, 1}, [y], {z, 2}, {w}, 3]),
    G = {F, count_pairs([{1, 1}, {2, 2}])},
    {A, B, C, D, E, G}.

describe({person, Name, {age, Age}, [{role, user}]}) when is_list(Name) -> {user, Name, Age};
describe({person, Name, {age, _}, [{role, admin} | _]}) -> {admin, Name};
describe({person, [_], _, []}) -> {guest};
describe(_) -> invalid.

deep({a, [{b, {c, [N]}}]}) -> {deep, N}.

result({ok, _}) -> ok;
result({error, {nested, L} = R}) when is_list(L) -> {error, R};
result({error, R}) -> {error, R}.

count_pairs([]) -> 0;
count_pairs([{_, _} | T]) -> 1 + count_pairs(T);
count_pairs([_ | T]) -> count_pairs(T).

id(X) -> X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
