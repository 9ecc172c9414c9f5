using System.Text;

namespace ExplainHub.Client.Cli;

/// <summary>Left-aligned text columns separated by two spaces, for human-readable listings.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter output)
    {
        var widths = Enumerable.Range(0, headers.Length).Select(c => _rows.Max(r => r[c].Length)).ToArray();
        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }

        output.Flush();
    }
}
