namespace ExplainHub.Server.Models;

/// <summary>One picture of a model's internal representation: a class weight, a pre-image, an importance image or a layer's feature maps.</summary>
public sealed record RepresentationTile(string Label, string ImageUrl, string? Detail);
