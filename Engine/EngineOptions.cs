namespace ExplainHub.Engine;

/// <summary>Engine settings, bound from the "Engine" configuration section.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Where caches and trained models live. Default: $EXPLAINHUB_DATA, else ~/.local/share/explainhub.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The npm package's src/clothes folder. Default: found under node_modules from the working or app folder upwards.</summary>
    public string? FashionMnistPath { get; set; }

    /// <summary>libtorch intra-op threads; 0 means one per core (libtorch itself defaults to 1 here).</summary>
    public int Threads { get; set; }

    /// <summary>Seed for weight initialisation and shuffling when a request does not give one.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// The engine key: when set, the engine hub admits only connections that present it as their bearer token
    /// (SignalR's access token; clients read it from Engine:Key or EXPLAINHUB_ENGINE_KEY). Empty: no key, for a host
    /// that listens on loopback only.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Folders of the engine's machine that callers of the engine hub may name in paths (data-set imports, model
    /// exports and imports). Empty (the default): hub calls that take a path are refused, so a remote caller can make
    /// the engine read or write nothing outside its own data folder. In-process callers (the web app, the CLI
    /// without --engine) are not confined: their paths are their own machine's.
    /// </summary>
    public IList<string> HubFileRoots { get; } = [];

    /// <summary>Load Fashion-MNIST in the background at start so the first request does not wait.</summary>
    public bool PreloadFashionMnist { get; set; }

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("EXPLAINHUB_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "explainhub");
    }
}
