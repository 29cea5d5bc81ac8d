# OTP from Elixir: GenServer, Supervisor, Agent, Task, Registry, DynamicSupervisor.
defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def bump, do: GenServer.call(__MODULE__, :bump)
  def get, do: GenServer.call(__MODULE__, :get)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:bump, _from, n), do: {:reply, n + 1, n + 1}
  def handle_call(:get, _from, n), do: {:reply, n, n}

  @impl true
  def handle_cast({:add, k}, n), do: {:noreply, n + k}

  @impl true
  def handle_info(:reset, _n), do: {:noreply, 0}
end

defmodule Worker do
  use Agent
  def start_link(name), do: Agent.start_link(fn -> [] end, name: name)
end

defmodule OtpProcesses do
  def start do
    Process.flag(:trap_exit, true)
    {:ok, sup} =
      Supervisor.start_link([{Counter, 10}, {Registry, keys: :unique, name: Reg},
                             {DynamicSupervisor, name: DynSup, strategy: :one_for_one}],
        strategy: :one_for_one)

    r1 = {Counter.bump(), Counter.bump()}
    GenServer.cast(Counter, {:add, 5})
    r2 = Counter.get()
    send(Counter, :reset)
    r3 = Counter.get()
    # the supervisor restarts a killed child with its initial state
    old = Process.whereis(Counter)
    Process.exit(old, :kill)
    r4 = wait_restart(old)
    r5 = Counter.get()
    children = Supervisor.which_children(sup) |> Enum.map(&elem(&1, 0)) |> Enum.sort()
    counts = Supervisor.count_children(sup)

    {:ok, agent} = Agent.start_link(fn -> %{} end)
    Agent.update(agent, &Map.put(&1, :k, 1))
    a1 = Agent.get(agent, & &1)
    a2 = Agent.get_and_update(agent, fn m -> {Map.get(m, :k), Map.put(m, :k, 2)} end)
    a3 = Agent.get(agent, &Map.fetch!(&1, :k))
    :ok = Agent.stop(agent)

    t1 = Task.async(fn -> 6 * 7 end) |> Task.await()
    t2 = Enum.map(1..5, fn i -> Task.async(fn -> i * i end) end) |> Task.await_many()
    t3 = Task.async_stream(1..4, &(&1 + 100), max_concurrency: 2) |> Enum.to_list()
    t4 = Task.yield(Task.async(fn -> Process.sleep(500) end), 10)
    t5 = Task.start(fn -> :ok end) |> elem(0)

    {:ok, _} = Registry.register(Reg, :me, :value)
    g1 = Registry.lookup(Reg, :me) |> Enum.map(fn {p, v} -> {p == self(), v} end)
    g2 = Registry.register(Reg, :me, :again) |> elem(0)
    g3 = Registry.keys(Reg, self())
    Registry.unregister(Reg, :me)
    g4 = Registry.lookup(Reg, :me)
    via = {:via, Registry, {Reg, :agent1}}
    {:ok, _} = Agent.start_link(fn -> :via_state end, name: via)
    g5 = Agent.get(via, & &1)

    {:ok, w1} = DynamicSupervisor.start_child(DynSup, {Worker, :w1})
    {:ok, _w2} = DynamicSupervisor.start_child(DynSup, {Worker, :w2})
    d1 = DynamicSupervisor.count_children(DynSup)
    :ok = DynamicSupervisor.terminate_child(DynSup, w1)
    d2 = DynamicSupervisor.which_children(DynSup) |> length()
    d3 = DynamicSupervisor.start_child(DynSup, %{id: :bad, start: {Kernel, :exit, [:nope]}})

    :ok = Supervisor.stop(sup)
    {r1, r2, r3, r4, r5, children, counts, {a1, a2, a3}, {t1, t2, t3, t4, t5},
     {g1, g2, g3, g4, g5}, {d1, d2, d3}, Process.whereis(Counter)}
  end

  defp wait_restart(old) do
    case Process.whereis(Counter) do
      pid when is_pid(pid) and pid != old -> :restarted
      _ -> Process.sleep(5); wait_restart(old)
    end
  end
end
