# needs: sockets
# A TCP echo server on :gen_tcp (loopback), a client, and a few round trips.
defmodule TcpEcho do
  def start do
    {:ok, listen} = :gen_tcp.listen(0, [:binary, packet: :raw, active: false, reuseaddr: true])
    {:ok, port} = :inet.port(listen)
    server = Task.async(fn -> serve(listen) end)
    {:ok, sock} = :gen_tcp.connect(~c"localhost", port, [:binary, active: false])
    replies =
      for msg <- ["hello", "wörld", String.duplicate("z", 3000)] do
        :ok = :gen_tcp.send(sock, msg)
        recv_exactly(sock, byte_size(msg), "")
      end
    :ok = :gen_tcp.close(sock)
    served = Task.await(server)
    :gen_tcp.close(listen)
    {Enum.map(replies, &byte_size/1), hd(replies), Enum.at(replies, 1), served}
  end

  defp serve(listen) do
    {:ok, s} = :gen_tcp.accept(listen)
    loop(s, 0)
  end

  defp loop(s, n) do
    case :gen_tcp.recv(s, 0) do
      {:ok, data} ->
        :ok = :gen_tcp.send(s, data)
        loop(s, n + byte_size(data))
      {:error, :closed} ->
        {:closed_after, n}
    end
  end

  defp recv_exactly(_s, 0, acc), do: acc
  defp recv_exactly(s, n, acc) do
    {:ok, data} = :gen_tcp.recv(s, 0)
    recv_exactly(s, n - byte_size(data), acc <> data)
  end
end
