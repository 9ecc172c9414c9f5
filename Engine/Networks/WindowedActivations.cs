using TorchSharp;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// The activations at one layer of J copies of one image that differ only locally: copy j equals <see cref="Base"/>
/// (1×C×H×W, the untouched image's activations) everywhere except in a window of <see cref="Height"/>×<see cref="Width"/>
/// cells whose top-left cell is (<see cref="Rows"/>[j], <see cref="Columns"/>[j]), where it is <see cref="Values"/>[j]
/// (J×C×Height×Width). A window may cover the whole map; then the copies are held in full.
/// </summary>
internal sealed record WindowedActivations(Tensor Base, int[] Rows, int[] Columns, int Height, int Width, Tensor Values) : IDisposable
{
    public int Count => Rows.Length;

    /// <summary>Whether every copy's window is its whole map (<see cref="Values"/> are the copies' maps).</summary>
    public bool IsWhole => Height == MapHeight && Width == MapWidth;

    /// <summary>Copies held whole: J×C×H×W <paramref name="values"/> over a 1×C×H×W <paramref name="base"/>.</summary>
    public static WindowedActivations Whole(Tensor @base, Tensor values)
    {
        var count = (int)values.shape[0];
        return new WindowedActivations(@base, new int[count], new int[count], (int)@base.shape[2], (int)@base.shape[3], values);
    }

    public int MapHeight => (int)Base.shape[2];

    public int MapWidth => (int)Base.shape[3];

    public long Channels => Base.shape[1];

    /// <summary>
    /// What every copy holds in the window of <paramref name="height"/>×<paramref name="width"/> cells at
    /// (<paramref name="rows"/>[j], <paramref name="columns"/>[j]) of its map padded by <paramref name="padding"/> cells
    /// of <paramref name="paddingValue"/> on each side: J×C×height×width, laid out channels-last. One gather from the
    /// base and the copies' windows, so no copy is ever made whole.
    /// </summary>
    public Tensor Sample(int[] rows, int[] columns, int height, int width, int padding, double paddingValue) =>
        Gather(rows, columns, height, width, padding, paddingValue, withCopies: true);

    /// <summary>The same windows read from <see cref="Base"/> alone: what the untouched image holds there.</summary>
    public Tensor SampleBase(int[] rows, int[] columns, int height, int width) =>
        Gather(rows, columns, height, width, 0, 0, withCopies: false);

    public void Dispose()
    {
        Base.Dispose();
        Values.Dispose();
    }

    private Tensor Gather(int[] rows, int[] columns, int height, int width, int padding, double paddingValue, bool withCopies)
    {
        using var scope = NewDisposeScope();
        var channels = Channels;
        var paddedHeight = MapHeight + (2 * padding);
        var paddedWidth = MapWidth + (2 * padding);
        var padded = padding > 0
            ? nn.functional.pad(Base, [padding, padding, padding, padding], PaddingModes.Constant, paddingValue)
            : Base;

        // Cells as rows of a (cells × C) table: base cells first, then every copy's window cells.
        var baseCells = padded.permute(0, 2, 3, 1).reshape(paddedHeight * paddedWidth, channels);
        var source = withCopies ? cat([baseCells, Values.permute(0, 2, 3, 1).reshape(-1, channels)], 0) : baseCells;
        var index = new long[rows.Length * height * width];
        long baseCount = paddedHeight * paddedWidth, windowCells = Height * Width;
        var k = 0;
        for (var j = 0; j < rows.Length; j++)
        {
            for (var y = 0; y < height; y++)
            {
                var paddedRow = rows[j] + y;
                var windowRow = paddedRow - padding - Rows[j];
                for (var x = 0; x < width; x++)
                {
                    var paddedColumn = columns[j] + x;
                    var windowColumn = paddedColumn - padding - Columns[j];
                    index[k++] = withCopies && windowRow >= 0 && windowRow < Height && windowColumn >= 0 && windowColumn < Width
                        ? baseCount + (j * windowCells) + (windowRow * Width) + windowColumn
                        : ((long)paddedRow * paddedWidth) + paddedColumn;
                }
            }
        }

        var cells = source.index_select(0, TensorData.From(index, index.Length).to(source.device));
        return cells.view(rows.Length, height, width, channels).permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }
}
