# File and Path: write, read, append, stat, list, rename, remove, streams.
defmodule Files do
  def start do
    dir = "elixir_files_test"
    File.rm_rf!(dir)
    :ok = File.mkdir_p(Path.join(dir, "sub/deeper"))
    f = Path.join(dir, "a.txt")
    :ok = File.write(f, "line1\nline2\n")
    :ok = File.write(f, "line3\n", [:append])
    r1 = File.read!(f)
    r2 = File.stream!(f) |> Enum.map(&String.trim/1)
    {:ok, stat} = File.stat(f)
    r3 = {stat.size, stat.type}
    r4 = File.exists?(f)
    :ok = File.rename(f, Path.join(dir, "b.txt"))
    r5 = File.ls!(dir) |> Enum.sort()
    r6 = File.read(Path.join(dir, "missing"))
    r7 = File.dir?(Path.join(dir, "sub"))
    :ok = File.cp(Path.join(dir, "b.txt"), Path.join(dir, "sub/c.txt"))
    r8 = File.read!(Path.join(dir, "sub/c.txt")) |> String.split("\n", trim: true) |> length()
    ["x", "y"] |> Stream.map(&(&1 <> "\n")) |> Stream.into(File.stream!(Path.join(dir, "s.txt"))) |> Stream.run()
    r9 = File.read!(Path.join(dir, "s.txt"))
    {:ok, io} = File.open(Path.join(dir, "io.txt"), [:write, :utf8])
    IO.write(io, "é")
    IO.puts(io, [?x, "y"])
    File.close(io)
    r10 = File.read!(Path.join(dir, "io.txt"))
    r11 = {Path.basename("/a/b/c.ex"), Path.extname("x.tar.gz"), Path.rootname("x.tar.gz"),
           Path.dirname("a/b/c"), Path.split("/a/b"), Path.join(["a", "b", "c"]),
           Path.expand("/a/./b/../c"), Path.relative_to("/a/b/c", "/a")}
    {:ok, removed} = File.rm_rf(dir)
    {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, length(removed), File.exists?(dir)}
  end
end
