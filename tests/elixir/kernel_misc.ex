# The rest of everyday Elixir: dates and times, Base, JSON, Version, Bitwise, integers and
# floats, the process dictionary, timers, IO to a StringIO, the String.Chars of numbers.
defmodule KernelMisc do
  import Bitwise

  def start do
    {:ok, io} = StringIO.open("in")
    IO.write(io, "out ")
    IO.inspect(io, {:a, 1}, [])
    Process.put(:k, 1)
    ref = Process.send_after(self(), :tick, 5)
    got = receive do :tick -> :ticked after 1000 -> :late end
    {
      Date.add(~D[2024-02-28], 1),
      Date.day_of_week(~D[2024-03-15]),
      Date.diff(~D[2025-01-01], ~D[2024-01-01]),
      Date.to_string(~D[2024-03-15]),
      Date.from_iso8601("2024-13-01"),
      Time.add(~T[23:59:59], 2) |> Time.to_string(),
      NaiveDateTime.to_iso8601(~N[2024-01-02 03:04:05.006]),
      DateTime.from_unix!(1_700_000_000) |> DateTime.to_iso8601(),
      DateTime.to_unix(~U[2024-01-01 00:00:00Z]),
      Calendar.strftime(~N[2024-03-15 13:45:00], "%Y/%m/%d %I:%M %p"),
      Base.encode64("hello world"),
      Base.decode16!("CAFE"),
      Base.url_encode64(<<255, 254>>, padding: false),
      JSON.encode!(%{"list" => [1, 2.5, nil, true], "s" => "é\n"}),
      JSON.decode!(~s({"a": [1, {"b": null}], "c": "\\u00e9"})),
      Version.compare("1.18.0", "1.2.3"),
      Version.match?("1.18.2", "~> 1.18"),
      {band(0b1100, 0b1010), bor(1, 4), bxor(7, 2), bsl(1, 70), bsr(-16, 2), bnot(5)},
      {Integer.parse("12abc"), Float.parse("3.5e2x"), Integer.pow(3, 40), Integer.gcd(84, 36)},
      {div(-7, 2), rem(-7, 2), Integer.floor_div(-7, 2), Integer.mod(-7, 2)},
      {Float.ceil(1.01, 1), Float.floor(-1.5), round(2.5), trunc(-2.7), abs(-3)},
      {to_string(12), to_string(-0.5), to_string(1.0e100), "#{2 ** 64}"},
      {Process.get(:k), Process.delete(:k), Process.get(:k, :none)},
      {got, is_reference(ref)},
      StringIO.contents(io),
      elem(:erlang.timestamp(), 0) > 0,
      System.monotonic_time() |> is_integer(),
      System.unique_integer([:positive]) > 0,
      is_map(System.get_env()),
      Atom.to_string(:abc),
      String.to_existing_atom("ok"),
      List.to_tuple([1, 2]),
      Map.new([{1, 2}]) |> Map.fetch(1),
      Keyword.get_values([a: 1, b: 2, a: 3], :a),
      max(1, 2.0),
      Enum.at([1, 2, 3], -1),
      :binary.bin_to_list("ab"),
      :lists.seq(1, 3),
      binary_part("hello", 1, 3),
      <<1::4, 15::4>> == <<31>>
    }
  end
end
