# variants: consolidated
# Structs and protocols: user protocols with implementations for built-in types and structs,
# a fallback to Any, @derive, Enumerable and Collectable for a struct, String.Chars.
defprotocol Shape do
  @fallback_to_any true
  def area(shape)
end

defmodule Circle do
  defstruct radius: 1
end

defmodule Rect do
  @derive [Inspect]
  defstruct w: 0, h: 0
end

defmodule Bag do
  defstruct items: []

  defimpl Enumerable do
    def count(%Bag{items: i}), do: {:ok, length(i)}
    def member?(%Bag{items: i}, x), do: {:ok, x in i}
    def slice(_), do: {:error, __MODULE__}
    def reduce(%Bag{items: i}, acc, fun), do: Enumerable.List.reduce(i, acc, fun)
  end

  defimpl Collectable do
    def into(bag) do
      {bag, fn
        b, {:cont, x} -> %Bag{items: [x | b.items]}
        b, :done -> b
        _, :halt -> :ok
      end}
    end
  end

  defimpl String.Chars do
    def to_string(%Bag{items: i}), do: "Bag(#{length(i)})"
  end
end

defimpl Shape, for: Circle do
  def area(%Circle{radius: r}), do: Float.round(3.14159 * r * r, 3)
end

defimpl Shape, for: Rect do
  def area(%Rect{w: w, h: h}), do: w * h
end

defimpl Shape, for: Integer do
  def area(n), do: {:square, n * n}
end

defimpl Shape, for: Any do
  def area(_), do: :unknown
end

defmodule Protocols do
  def start do
    bag = Enum.into([1, 2, 3], %Bag{})
    {
      Enum.map([%Circle{radius: 2}, %Rect{w: 3, h: 4}, 5, "x"], &Shape.area/1),
      Shape.impl_for(%Circle{}),
      Shape.impl_for(:atom),
      Enum.count(bag),
      Enum.member?(bag, 2),
      Enum.sort(bag),
      Enum.map(bag, &(&1 * 10)) |> Enum.sort(),
      to_string(bag),
      "#{bag}",
      inspect(%Rect{w: 1, h: 2}),
      %Circle{} |> Map.from_struct(),
      %{%Circle{} | radius: 5}.radius,
      struct(Rect, w: 9).w,
      match?(%Circle{}, %Circle{}),
      is_struct(%Rect{}, Rect),
      Enumerable.impl_for([]),
      String.Chars.impl_for(42),
      Protocol.consolidated?(Shape),
      to_string(:atom),
      to_string(1.5),
      to_charlist("abc")
    }
  end
end
