%% A module no bundle has is loaded from the directory of the .beam named on the command line, when first called (AtomVM's rule; OTP finds it on its code path).
-module(sibling_load).
-export([start/0]).

%% expect: {42,true,{module,sibling_load_helper},undef}

start() ->
    V = sibling_load_helper:answer(),
    Missing =
        try no_such_sibling:f() of
            _ -> returned
        catch
            error:undef -> undef
        end,
    {V, erlang:module_loaded(sibling_load_helper), code:ensure_loaded(sibling_load_helper), Missing}.
