# Logger: levels, metadata, a handler that sends each event it gets to the test process,
# and a GenServer's crash report as Elixir's translator words it.
defmodule LogForwarder do
  # The text Elixir's own formatter makes of the event (its first two lines: a stack trace
  # names library frames that differ between VMs).
  def log(%{level: level, meta: meta} = event, %{config: %{to: pid}}) do
    {formatter, config} = Logger.Formatter.new(format: "$message", colors: [enabled: false])
    text = formatter.format(event, config) |> IO.chardata_to_string()
    send(pid, {:logged, level, text |> String.split("\n") |> Enum.take(2), Map.get(meta, :request_id)})
  end
end

defmodule Crasher do
  use GenServer
  def init(:ok), do: {:ok, :state}
  def handle_call(:boom, _from, _state), do: raise("boom")
end

defmodule Logging do
  require Logger

  def start do
    {:ok, _} = Application.ensure_all_started(:logger)
    :ok = :logger.add_handler(:forward, LogForwarder, %{config: %{to: self()}, level: :all})
    Logger.configure(level: :info)
    Logger.info("hello #{1 + 1}")
    Logger.debug("not shown")
    Logger.metadata(request_id: 42)
    Logger.warning(fn -> "lazy" end)
    Logger.error("err", extra: :x)
    :logger.info(~c"from erlang ~p", [:x])
    Logger.configure(level: :debug)
    Logger.debug("now shown")
    level = Logger.level()
    before = collect([])
    # A crash report of an OTP process, in Elixir's words (Logger's translator).
    {:ok, pid} = GenServer.start(Crasher, :ok, name: :crasher)
    ref = Process.monitor(pid)
    catch_exit(fn -> GenServer.call(:crasher, :boom) end)
    receive do {:DOWN, ^ref, _, _, _} -> :ok end
    report = collect([])
    :ok = :logger.remove_handler(:forward)
    Logger.info("after removal")
    {level, before, report, collect([])}
  end

  defp catch_exit(f) do
    try do
      f.()
    catch
      :exit, _ -> :exited
    end
  end

  defp collect(acc) do
    receive do
      {:logged, _, _, _} = m -> collect([m | acc])
    after
      100 -> Enum.reverse(acc)
    end
  end
end
