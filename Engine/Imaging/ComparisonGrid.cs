using ExplainHub.Engine.Hosting;
using ExplainHub.Shared;
using SkiaSharp;

namespace ExplainHub.Engine.Imaging;

/// <summary>One cell of a comparison grid: a heat map of the grid's image with what it explains; null where the method does not apply.</summary>
public sealed record GridTile(float[] Heatmap, float Probability, string Caption);

/// <summary>One row of a comparison grid: a model and its tiles, one per column.</summary>
public sealed record GridRow(string Title, IReadOnlyList<GridTile?> Tiles);

/// <summary>
/// Seed 001's question "are the CAMs of different models similar?" as one picture: the image once per row, then a
/// row per model and a column per importance function, every map over the same image in the same style, drawn by
/// SkiaSharp.
/// </summary>
public static class ComparisonGrid
{
    private const int RowTitleWidth = 170;
    private const int HeaderHeight = 26;
    private const int CaptionHeight = 20;
    private const int Gap = 6;
    private const float TextSize = 13;

    /// <param name="pixels">The image, Channels×Height×Width bytes (1 grey, 3 RGB).</param>
    /// <param name="columns">The functions' names, one per tile of every row.</param>
    public static byte[] RenderPng(
        ReadOnlySpan<byte> pixels, int channels, int height, int width, IReadOnlyList<string> columns, IReadOnlyList<GridRow> rows, HeatmapStyle style)
    {
        if (rows.Count == 0 || columns.Count == 0)
        {
            throw new ArgumentException("A comparison grid needs at least one row and one column.", nameof(rows));
        }

        if (rows.FirstOrDefault(r => r.Tiles.Count != columns.Count) is { } ragged)
        {
            throw new ArgumentException($"Row '{ragged.Title}' has {ragged.Tiles.Count} tiles for {columns.Count} columns.", nameof(rows));
        }

        // Tiles of about 160 pixels: big enough to see a 28×28 map, small enough for a 4×8 grid on a screen.
        var scale = Math.Clamp(160 / Math.Max(height, width), 1, 8);
        var tileWidth = width * scale;
        var tileHeight = height * scale;
        var cellWidth = tileWidth + Gap;
        var cellHeight = tileHeight + CaptionHeight + Gap;
        var canvasWidth = RowTitleWidth + ((columns.Count + 1) * cellWidth) + Gap;
        var canvasHeight = HeaderHeight + (rows.Count * cellHeight) + Gap;

        NativeDependencies.EnsureSkiaLoads();
        using var surface = new SKBitmap(new SKImageInfo(canvasWidth, canvasHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(surface);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, TextSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var faint = new SKPaint { Color = new SKColor(0xEE, 0xEE, 0xEE) };

        Text(canvas, "image", RowTitleWidth + (tileWidth / 2f), HeaderHeight - 8, font, ink, tileWidth);
        for (var c = 0; c < columns.Count; c++)
        {
            Text(canvas, columns[c], RowTitleWidth + ((c + 1) * cellWidth) + (tileWidth / 2f), HeaderHeight - 8, font, ink, tileWidth);
        }

        var image = MapEnlargement.EnlargeNearest(pixels, channels, height, width, scale);
        var plain = HeatmapOverlay.RenderRgba(image, channels, tileHeight, tileWidth, new float[tileHeight * tileWidth], 1, style with { Opacity = 0 });
        for (var r = 0; r < rows.Count; r++)
        {
            var top = HeaderHeight + (r * cellHeight);
            canvas.DrawText(Fit(rows[r].Title, font, RowTitleWidth - Gap), Gap, top + (tileHeight / 2f), SKTextAlign.Left, font, ink);

            Draw(canvas, plain, tileWidth, tileHeight, RowTitleWidth, top);
            for (var c = 0; c < columns.Count; c++)
            {
                var left = RowTitleWidth + ((c + 1) * cellWidth);
                if (rows[r].Tiles[c] is not { } tile)
                {
                    canvas.DrawRect(left, top, tileWidth, tileHeight, faint);
                    Text(canvas, "does not apply", left + (tileWidth / 2f), top + (tileHeight / 2f), font, ink, tileWidth);
                    continue;
                }

                var heat = MapEnlargement.EnlargeBilinear(tile.Heatmap, height, width, scale);
                Draw(canvas, HeatmapOverlay.RenderRgba(image, channels, tileHeight, tileWidth, heat, tile.Probability, style), tileWidth, tileHeight, left, top);
                Text(canvas, tile.Caption, left + (tileWidth / 2f), top + tileHeight + CaptionHeight - 6, font, ink, tileWidth);
            }
        }

        canvas.Flush();
        using var data = surface.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, byte[] rgba, int width, int height, int left, int top)
    {
        using var tile = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        rgba.CopyTo(tile.GetPixelSpan());
        using var picture = SKImage.FromBitmap(tile);
        canvas.DrawImage(picture, left, top, new SKSamplingOptions(SKFilterMode.Nearest));
    }

    private static void Text(SKCanvas canvas, string text, float centre, float baseline, SKFont font, SKPaint paint, int room) =>
        canvas.DrawText(Fit(text, font, room), centre, baseline, SKTextAlign.Center, font, paint);

    // Long model ids and parameter lists are cut with an ellipsis rather than drawn over the next column.
    private static string Fit(string text, SKFont font, float room)
    {
        if (font.MeasureText(text) <= room)
        {
            return text;
        }

        for (var length = text.Length - 1; length > 0; length--)
        {
            var cut = text[..length] + "…";
            if (font.MeasureText(cut) <= room)
            {
                return cut;
            }
        }

        return "…";
    }
}
