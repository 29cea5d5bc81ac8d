%% node/1 of a pid, reference or port decoded from the external format names the node it came from.
-module(node_of_external).
-export([start/0]).

%% expect: {nonode@nohost,test@host,test@host,test@host,nonode@nohost}

start() ->
    Node = <<119, 9, "test@host">>,
    Pid = binary_to_term(<<131, 88, Node/binary, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7>>),
    Ref = binary_to_term(<<131, 90, 0, 3, Node/binary, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>),
    Port = binary_to_term(<<131, 120, Node/binary, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 7>>),
    {node(self()), node(Pid), node(Ref), node(Port), node(make_ref())}.
