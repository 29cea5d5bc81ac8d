%% Loaded by atom_table_full after the atom table is full: its atoms are new.
-module(atom_table_full_helper).
-export([f/0]).

f() -> an_atom_nobody_made_before_the_table_filled.
