%% A resource file for test_application: application:load(tapp_file) reads it (on the VM
%% from the suite bundle's data section tapp_file/ebin/tapp_file.app).
{application, tapp_file,
 [{description, "resource \"file\" app"},
  {vsn, "2.1.0"},
  {registered, []},
  {applications, [kernel, stdlib]},
  {env, [{count, 3},      % a comment after a term
         {ratio, -1.5e3},
         {'Quoted atom', 'it\'s'},
         {hex, 16#ff},
         {char, $a},
         {bin, <<"bytes", 0, 255>>},
         {tail, [a | b]},
         {map, #{key => [1, 2], "s" => {}}},
         {nested, {[], [[]], {x, y@z, 'A_b'}}}]}
 ]}.
