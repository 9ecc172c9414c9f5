namespace ExplainHub.Server;

/// <summary>Which engine the Server uses: the embedded one (<see cref="Url"/> null) or the engine host at <see cref="Url"/>.</summary>
public sealed record EngineEndpoint(Uri? Url, string? Key = null, bool ServeHub = false)
{
    public const string UrlKey = "Engine:Url";

    /// <summary>
    /// Whether the app also serves its embedded engine's hub (for the CLI's --engine or another app). Off by default:
    /// the hub starts jobs and reads files for whoever reaches it; on, it needs a key beyond loopback.
    /// </summary>
    public const string ServeHubKey = "Engine:ServeHub";

    /// <summary>The remote engine's key (its hub's bearer token); else $EXPLAINHUB_ENGINE_KEY.</summary>
    public const string KeyKey = "Engine:Key";

    public bool IsEmbedded => Url is null;

    /// <summary>Reads <c>Engine:Url</c>; a value that is not an absolute URL stops start-up with a message saying so.</summary>
    public static EngineEndpoint FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[UrlKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new EngineEndpoint(null, null, configuration.GetValue(ServeHubKey, false));
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url))
        {
            throw new InvalidOperationException($"{UrlKey} must be an absolute URL such as http://gpu-host:5090, or empty for the embedded engine; got '{value}'.");
        }

        var key = configuration[KeyKey];
        return new EngineEndpoint(url, string.IsNullOrEmpty(key) ? Environment.GetEnvironmentVariable(ExplainHub.Engine.Hosting.EngineKey.EnvironmentVariable) : key);
    }
}
