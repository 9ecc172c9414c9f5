using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Server.Compare;

/// <summary>A tile's map over its image, as the PNG the grid shows; Compare and snapshots draw tiles the same way.</summary>
public static class TileDrawing
{
    public const int TileSide = 112;

    /// <summary>The tile with its picture, or the tile as it is when it has no map or the map is not of this image's size.</summary>
    public static CompareTile Draw(CompareTile tile, ImageBatch? picture, HeatmapStyle style)
    {
        if (tile is not { Status: TileStatus.Ready, Map: { } map } || picture is null
            || picture.Height != map.Height || picture.Width != map.Width)
        {
            return tile;
        }

        var plane = picture.Channels * picture.Height * picture.Width;
        var png = HeatmapOverlay.RenderPng(picture.Pixels.AsSpan(0, plane), picture.Channels, picture.Height, picture.Width,
            map.Heatmap, map.Probability, style, Math.Max(1, TileSide / Math.Max(picture.Height, picture.Width)));
        return tile with { ImageUrl = PngEncoder.ToDataUrl(png) };
    }
}
