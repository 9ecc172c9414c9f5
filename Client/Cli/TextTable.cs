using Spectre.Console;
using Spectre.Console.Rendering;

namespace ExplainHub.Client.Cli;

/// <summary>
/// Left-aligned columns for human-readable listings, laid out by Spectre.Console: no borders, two spaces between
/// columns, plain text (no colour or escape codes) and never wrapped, so a script that splits the lines on runs of
/// spaces reads the same columns on a terminal and in a pipe.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    // Wide enough for any row: Spectre otherwise fits tables to the console, 80 columns when output is redirected.
    private const int UnwrappedWidth = 4096;

    private readonly List<string[]> _rows = [];

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
        var table = new Table().NoBorder().HideHeaders();
        table.ShowRowSeparators = false;
        foreach (var _ in headers)
        {
            table.AddColumn(new TableColumn(string.Empty) { Padding = new Padding(0, 0, 2, 0), NoWrap = true });
        }

        foreach (var row in _rows.Prepend(headers))
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        // Rendered aside first: a borderless Spectre table pads every line to its width and adds blank lines.
        var rendered = new StringWriter();
        var capture = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(rendered),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        capture.Profile.Width = UnwrappedWidth;
        capture.Write(table);
        foreach (var line in rendered.ToString().Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.Length > 0)
            {
                output.WriteLine(trimmed);
            }
        }

        output.Flush();
    }
}
