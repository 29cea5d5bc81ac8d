# Exceptions and inspect: raise/rescue, custom exceptions, messages, throw/catch, exits,
# Kernel.inspect on every kind of term. (Errors raised by BIFs are left out: Elixir words
# their messages from OTP's extended error information, which this VM does not give yet.)
defmodule MyError do
  defexception [:value]
  @impl true
  def message(%MyError{value: v}), do: "bad value: #{inspect(v)}"
end

defmodule Exceptions do
  def start do
    {
      rescue_message(fn -> raise "plain" end),
      rescue_message(fn -> raise ArgumentError, "arg" end),
      rescue_message(fn -> raise MyError, value: {1, 2} end),
      rescue_message(fn -> 1 / zero() end),
      rescue_message(fn -> Map.fetch!(%{}, :k) end),
      rescue_message(fn -> apply(Nope, :f, []) end),
      rescue_message(fn -> Keyword.fetch!([], :a) end),
      rescue_message(fn -> %{a: 1}.b end),
      rescue_message(fn -> case zero() do 1 -> :one end end),
      try do throw(:ball) catch :throw, v -> {:caught, v} end,
      try do exit(:bye) catch :exit, v -> {:exit, v} end,
      (try do raise "x" rescue e in RuntimeError -> e.__struct__ after send(self(), :after) end),
      receive do :after -> :after_ran after 0 -> :no_after end,
      Exception.format_banner(:error, %RuntimeError{message: "m"}),
      Exception.normalize(:error, :badarg, []) |> Exception.message(),
      inspect([1, 2.5, :a, "s", ~c"chars", {}, %{}, [a: 1], <<1, 2>>, nil, true, -7]),
      inspect(%{"k" => [1, %{x: nil}]}),
      inspect(self()) =~ ~r/^#PID<\d+\.\d+\.\d+>$/,
      inspect(make_ref()) =~ "#Reference<",
      inspect(&Enum.map/2),
      inspect(1..10//2),
      inspect(MapSet.new([1])),
      inspect(~r/a+b/i),
      inspect("tab\there\u00e9\n"),
      inspect(<<200, 201>>),
      inspect(:"quoted atom"),
      inspect(String.duplicate("x", 5), limit: 2),
      inspect(Enum.to_list(1..60), limit: 5),
      inspect({:ok, [1, 2]}, pretty: true, width: 5),
      inspect(%ArgumentError{message: "z"}),
      inspect(123_456_789_012_345_678_901_234_567_890),
      inspect(0.1),
      inspect(1.0e-10)
    }
  end

  defp zero, do: 0

  defp rescue_message(f) do
    try do
      f.()
    rescue
      e -> {e.__struct__, Exception.message(e)}
    end
  end
end
