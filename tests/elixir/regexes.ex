# Regex (on :re) and what is built on it: URI, String.split with a regex, sigils.
defmodule Regexes do
  def start do
    date = ~r/(?<y>\d{4})-(?<m>\d\d)-(?<d>\d\d)/
    {
      Regex.match?(~r/^h.llo$/, "hello"),
      Regex.run(date, "on 2024-03-15 and 2025-01-02"),
      Regex.named_captures(date, "2024-03-15"),
      Regex.scan(~r/\d+/, "a1 b22 c333"),
      Regex.scan(date, "2024-03-15 2025-01-02", capture: :all_names),
      Regex.replace(~r/(\w+)@(\w+)/, "joe@host ann@box", "\\2:\\1"),
      Regex.replace(~r/[aeiou]/, "elixir", fn v -> String.upcase(v) end),
      Regex.split(~r/\s*,\s*/, "a , b,c ,d"),
      Regex.split(~r/-/, "a-b-c", parts: 2),
      Regex.run(~r/é+/u, "caféé!", return: :index),
      Regex.source(~r/x+/),
      Regex.opts(~r/x/im),
      Regex.names(date),
      Regex.escape("a.b*c"),
      String.split("one1two22three", ~r/\d+/),
      String.replace("a.b.c", ~r/\./, "-", global: false),
      Regex.compile("(") |> elem(0),
      URI.parse("https://user@example.com:8443/p/a?q=1&r=two#frag") |> Map.from_struct() |> Enum.sort(),
      URI.decode_query("a=1&b=%20x"),
      URI.encode_www_form("a b&c"),
      to_string(%URI{scheme: "http", host: "h", path: "/x", query: "y=1"})
    }
  end
end
