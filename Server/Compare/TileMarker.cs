namespace ExplainHub.Server.Compare;

/// <summary>A region of a tile's map marked for the reader (a review comment's place), in the map's own pixels.</summary>
public sealed record TileMarker(int X, int Y, int Width, int Height, string Title);
