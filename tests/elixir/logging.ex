# Logger: levels, metadata and a handler that sends each event it gets to the test process.
defmodule LogForwarder do
  def log(%{level: level, msg: msg, meta: meta}, %{config: %{to: pid}}) do
    text =
      case msg do
        {:string, s} -> IO.chardata_to_string(s)
        {:report, r} -> {:report, r}
        {f, a} when is_list(a) -> :io_lib.format(f, a) |> IO.chardata_to_string()
      end
    send(pid, {:logged, level, text, Map.get(meta, :request_id)})
  end
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
    :ok = :logger.remove_handler(:forward)
    Logger.info("after removal")
    {level, collect([])}
  end

  defp collect(acc) do
    receive do
      {:logged, _, _, _} = m -> collect([m | acc])
    after
      100 -> Enum.reverse(acc)
    end
  end
end
