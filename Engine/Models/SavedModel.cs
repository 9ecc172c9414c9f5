using System.Text.Json;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models;

/// <summary>
/// The model.json every saved model has: its <see cref="ModelInfo"/>, the image shape it takes and a
/// family-specific part. The store reads the kind from it to pick the loader.
/// </summary>
public static class SavedModel
{
    public const string DescriptionFile = "model.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write<TDetails>(string directory, SavedModelDescription<TDetails> description)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, DescriptionFile), JsonSerializer.Serialize(description, Json));
    }

    public static SavedModelDescription<TDetails> Read<TDetails>(string directory)
    {
        var path = Path.Combine(directory, DescriptionFile);
        try
        {
            return JsonSerializer.Deserialize<SavedModelDescription<TDetails>>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid model description: {ex.Message}", ex);
        }
    }

    /// <summary>The kind recorded in <paramref name="directory"/>'s model.json, or null when there is none.</summary>
    public static string? ReadKind(string directory)
    {
        var path = Path.Combine(directory, DescriptionFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("Info", out var info) && info.TryGetProperty("Kind", out var kind)
                ? kind.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>model.json: the model's info, its input shape and what its family needs to rebuild it.</summary>
public sealed record SavedModelDescription<TDetails>(ModelInfo Info, int Channels, int Height, int Width, TDetails Details);
