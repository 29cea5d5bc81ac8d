%% code:all_loaded/0, all_available/0, get_object_code/1 and load_abs/1 agree with each other as in OTP.
-module(code_introspection).
-export([start/0]).

%% expect: {true,true,true,error,{error,nofile},{error,badfile}}

start() ->
    Loaded = code:all_loaded(),
    {?MODULE, File} = lists:keyfind(?MODULE, 1, Loaded),
    Available = code:all_available(),
    InAvailable = lists:member({"code_introspection", File, true}, Available),
    {?MODULE, Bin, _} = code:get_object_code(?MODULE),
    IsBeam =
        case Bin of
            <<"FOR1", _/binary>> -> true;
            _ -> false
        end,
    {module, ?MODULE} = code:ensure_loaded(?MODULE),
    {is_list(File), InAvailable, IsBeam,
        code:get_object_code(no_such_module_here), code:load_abs("no_such_dir/no_such_module"),
        code:load_binary(no_such_module_here, "x.beam", <<"not a beam">>)}.
