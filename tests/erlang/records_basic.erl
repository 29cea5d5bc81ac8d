%% Purpose: records: definition with defaults, creation, update, field access #r.f, matching in heads and case, nested records, record as tuple.
-module(records_basic).
-export([start/0]).
-record(point, {x = 0, y = 0}).
-record(person, {name, age = 18, email = none, tags = []}).
-record(line, {from = #point{}, to = #point{x = 1, y = 1}}).
%% expect: {{point,0,0},{point,3,0},{person,"ann",18,none,[]},{person,"ann",19,"a@x",[vip]},19,"a@x",{line,{point,0,0},{point,1,1}},5,[adult,minor],{point,7,8},3,4,{person,undefined,18,none,[]}}

start() ->
    P0 = #point{},
    P1 = #point{x = 3},
    Ann = #person{name = id("ann")},
    Ann2 = Ann#person{age = 19, email = "a@x", tags = [vip]},
    Age = Ann2#person.age,
    Email = Ann2#person.email,
    L = #line{},
    L2 = L#line{to = (L#line.to)#point{x = 5}},
    X5 = (L2#line.to)#point.x,
    Kinds = [kind(Ann2), kind(Ann#person{age = 10})],
    P2 = move(#point{x = 6, y = 7}),
    {point, _, _} = P2,
    Sz = tuple_size(P1),
    Pos = #person.email,
    Anon = #person{},
    {P0, P1, Ann, Ann2, Age, Email, L, X5, Kinds, P2, Sz, Pos, Anon}.

kind(#person{age = A}) when A >= 18 -> adult;
kind(#person{}) -> minor.

move(#point{x = X, y = Y} = P) -> P#point{x = X + 1, y = Y + 1}.

id(X) -> X.
