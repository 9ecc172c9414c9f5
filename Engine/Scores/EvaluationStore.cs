using System.Text.Json;
using System.Text.Json.Serialization;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// Finished evaluations as JSON under &lt;data&gt;/evaluations/&lt;id&gt;.json, written atomically (a temporary file
/// moved into place), so they survive restarts and every process on the data directory (app, CLI) sees them.
/// </summary>
public sealed class EvaluationStore(string dataDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly string root = Path.Combine(dataDirectory, "evaluations");

    public void Add(EvaluationResult result)
    {
        Directory.CreateDirectory(root);
        var path = PathOf(result.Id);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(result, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public EvaluationResult Get(string id)
    {
        var path = PathOf(id);
        if (!File.Exists(path))
        {
            throw new EngineException(EngineErrorKind.NotFound, $"Unknown evaluation '{id}'.");
        }

        try
        {
            return JsonSerializer.Deserialize<EvaluationResult>(File.ReadAllBytes(path), Json)
                ?? throw new EngineException(EngineErrorKind.Native, $"Evaluation '{id}' is empty on disk.");
        }
        catch (JsonException ex)
        {
            throw new EngineException(EngineErrorKind.Native, $"Evaluation '{id}' on disk cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Every stored evaluation, newest first; unreadable files are skipped, not fatal to the list.</summary>
    public IReadOnlyList<EvaluationInfo> List()
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var infos = new List<EvaluationInfo>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json"))
        {
            try
            {
                var result = Get(Path.GetFileNameWithoutExtension(file));
                infos.Add(new EvaluationInfo(result.Id, result.Name, result.Request.DatasetId,
                    result.Request.Explainers.Select(e => e.ModelId).Distinct(StringComparer.Ordinal).ToArray(), result.Indices.Count, result.Rows.Count, result.Created));
            }
            catch (EngineException)
            {
                // a half-written or foreign file: not an evaluation this engine can list
            }
        }

        return infos.OrderByDescending(i => i.Created).ToArray();
    }

    public static string NewId() => "eval-" + Guid.NewGuid().ToString("N")[..12];

    // Ids are ours ("eval-" + hex); anything else could name a path outside the folder.
    private string PathOf(string id)
    {
        if (id.Length is < 6 or > 64 || !id.StartsWith("eval-", StringComparison.Ordinal) || !id.Skip(5).All(char.IsAsciiLetterOrDigit))
        {
            throw new EngineException(EngineErrorKind.NotFound, $"Unknown evaluation '{id}'.");
        }

        return Path.Combine(root, id + ".json");
    }
}
