%% logger: levels, primary and per-module configuration, and that logging calls return ok.
-module(test_logger).
-export([test/0]).
-include("etest.hrl").

test() ->
    ?ASSERT_EQUALS(gt, logger:compare_levels(error, info)),
    ?ASSERT_EQUALS(lt, logger:compare_levels(debug, notice)),
    ?ASSERT_EQUALS(eq, logger:compare_levels(alert, alert)),
    ?ASSERT_EXCEPTION(logger:compare_levels(loud, info), error, badarg),
    #{level := Level0} = logger:get_primary_config(),
    ?ASSERT_EQUALS(notice, Level0),
    ?ASSERT_EQUALS(false, logger:allow(info, ?MODULE)),
    ?ASSERT_EQUALS(true, logger:allow(warning, ?MODULE)),
    ?ASSERT_EQUALS({error, {invalid_level, bogus}}, logger:set_primary_config(level, bogus)),
    ok = logger:set_module_level(?MODULE, debug),
    ?ASSERT_EQUALS(true, logger:allow(debug, ?MODULE)),
    ?ASSERT_EQUALS(false, logger:allow(debug, other_module)),
    ?ASSERT_EQUALS([{?MODULE, debug}], logger:get_module_level(?MODULE)),
    ok = logger:unset_module_level(?MODULE),
    ?ASSERT_EQUALS(false, logger:allow(debug, ?MODULE)),
    ?ASSERT_EQUALS(ok, logger:debug("not shown ~p", [1])),
    ?ASSERT_EQUALS(ok, logger:set_primary_config(level, none)),
    ?ASSERT_EQUALS(false, logger:allow(emergency, ?MODULE)),
    ?ASSERT_EQUALS(ok, logger:set_primary_config(level, notice)),
    ok.
