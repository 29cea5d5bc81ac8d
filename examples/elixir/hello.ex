# An Elixir program for AtomVM: `start/0` is the entry point (AtomVM's convention), here
# starting a supervised GenServer and using Elixir's own String and Enum.
defmodule Hello do
  def start do
    {:ok, _} = Supervisor.start_link([Greeter], strategy: :one_for_one)
    for name <- ["world", "WASI", "Ærøskøbing"] do
      IO.puts(Greeter.greet(name))
    end
    IO.puts("#{Greeter.count()} greetings, #{String.length("Ærøskøbing")} graphemes in the last name")
    :ok
  end
end

defmodule Greeter do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  def greet(name), do: GenServer.call(__MODULE__, {:greet, name})
  def count, do: GenServer.call(__MODULE__, :count)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call({:greet, name}, _from, n), do: {:reply, "Hello, #{String.upcase(name)}!", n + 1}
  def handle_call(:count, _from, n), do: {:reply, n, n}
end
