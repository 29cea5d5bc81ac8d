%% Purpose: atom/list conversions: atom_to_list, list_to_atom (including unicode letters like 'héllo'), list_to_existing_atom, quoted atoms.
%% (io_lib:print/4 prints in latin1 mode: 'δ' as '\x{3B4}' and "δ" as [948].)
-module(atom_conv).
-export([start/0]).
%% expect: {"hello",hello,'Hello World',true,"héllo",héllo,"héllo",true,badarg,[],'',"with'quote",ünïcödé,[948],'\x{3B4}',[948]}

start() ->
    A = atom_to_list(id(hello)),
    B = list_to_atom(id("hello")),
    C = list_to_atom(id("Hello World")),
    D = list_to_atom(id("ok")) =:= ok,
    E = atom_to_list(id('héllo')),
    F = list_to_atom(id([104, 233, 108, 108, 111])),
    G = atom_to_list(F),
    H = list_to_existing_atom(id("start")) =:= start,
    I = try list_to_existing_atom(id("surely_no_such_atom_q8z7")) catch error:badarg -> badarg end,
    J = atom_to_list(id('')),
    K = list_to_atom(id([])),
    L = atom_to_list(id('with\'quote')),
    M = list_to_atom(id("ünïcödé")),
    %% a letter outside Latin-1
    N = atom_to_list(id('δ')),
    O = list_to_atom(id([948])),
    P = atom_to_list(O),
    {A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P}.

id(X) -> X.
