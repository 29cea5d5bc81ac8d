# Strings and Unicode: graphemes, casing, slicing, padding, interpolation of floats.
defmodule Strings do
  def start do
    s = "héllo wörld"
    combined = "e\u0301le\u0300ve"
    flag = "🇫🇷🇩🇪"
    {
      String.upcase(s),
      String.downcase("ÀÉÎ STRASSE"),
      String.upcase("straße"),
      String.capitalize("élan vital"),
      String.graphemes(combined),
      String.codepoints(combined),
      String.length(combined),
      byte_size(combined),
      String.graphemes(flag),
      String.reverse("añb\u0301c"),
      String.slice(s, 1, 4),
      String.at(s, -1),
      String.first(combined),
      String.last("abc"),
      String.split("a,b,,c", ","),
      String.split("  many   spaces here "),
      String.pad_leading("7", 3, "0"),
      String.trim("\t x \n"),
      String.replace("banana", "an", "AN"),
      String.starts_with?(s, "hé"),
      String.contains?(s, ["xyz", "wör"]),
      String.valid?(<<0xFF>>),
      String.duplicate("ab", 3),
      String.to_integer("-42"),
      String.to_float("2.5e3"),
      "#{1.0} #{0.1 + 0.2} #{1.0e20} #{-3} #{:atom} #{[?a, ?b]}",
      Float.to_string(123.456),
      Float.round(2.675, 2),
      Integer.to_string(255, 16),
      String.jaro_distance("martha", "marhta"),
      String.myers_difference("abc", "adc"),
      String.normalize("e\u0301", :nfc),
      String.normalize("é", :nfd) |> String.codepoints(),
      String.normalize("ﬁ", :nfkc),
      String.equivalent?("e\u0301", "é")
    }
  end
end
