using ExplainHub.Server.Access;
using Microsoft.Extensions.Configuration;

namespace ExplainHub.Server.Tests.Access;

/// <summary>When the app asks for a key: on loopback only if one is set, beyond it always (one is made and kept).</summary>
public sealed class TeamAccessConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("explainhub-access-config-");

    [Fact]
    public void OnLoopback_WithoutAKey_TheAppIsOpen_AndNoKeyIsMade()
    {
        var access = TeamAccess.FromConfiguration(Configuration(("urls", "http://127.0.0.1:5080;http://[::1]:5080")), "http://127.0.0.1:5080", TextWriter.Null, environmentKey: null);

        Assert.False(access.Required);
        Assert.False(access.Matches(""));
        Assert.False(File.Exists(Path.Combine(_data.FullName, TeamAccess.FileName)));
    }

    [Fact]
    public void BeyondLoopback_AKeyIsMade_KeptInTheDataFolder_Announced_AndRequired()
    {
        var announced = new StringWriter();

        var access = TeamAccess.FromConfiguration(Configuration(("urls", "http://0.0.0.0:5080")), "http://127.0.0.1:5080", announced, environmentKey: null);

        var kept = File.ReadAllText(Path.Combine(_data.FullName, TeamAccess.FileName));
        Assert.True(access.Required);
        Assert.True(access.Matches(kept));
        Assert.False(access.Matches(kept + "x"));
        Assert.Contains($"{TeamAccess.EnvironmentVariable}={kept}", announced.ToString(), StringComparison.Ordinal);
        Assert.Contains("/signin", announced.ToString(), StringComparison.Ordinal);
        Assert.Contains("warning: the web app listens beyond loopback over plain http", announced.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BeyondLoopbackOverHttps_OrOnLoopback_NothingIsSaidAboutPlainHttp()
    {
        var overTls = new StringWriter();
        var onLoopback = new StringWriter();

        TeamAccess.FromConfiguration(Configuration(("urls", "https://0.0.0.0:5443")), "http://127.0.0.1:5080", overTls, environmentKey: null);
        TeamAccess.FromConfiguration(Configuration(("Access:Key", "k")), "http://127.0.0.1:5080", onLoopback, environmentKey: null);

        Assert.DoesNotContain("plain http", overTls.ToString(), StringComparison.Ordinal);
        Assert.Empty(onLoopback.ToString());
    }

    [Fact]
    public void AConfiguredKey_IsRequired_EvenOnLoopback()
    {
        var access = TeamAccess.FromConfiguration(Configuration(("Access:Key", "set by the team")), "http://127.0.0.1:5080", TextWriter.Null, environmentKey: null);

        Assert.True(access.Required);
        Assert.True(access.Matches("set by the team"));
        Assert.False(File.Exists(Path.Combine(_data.FullName, TeamAccess.FileName)));
    }

    [Fact]
    public void TheKeyInTheEnvironment_IsRequired_UnlessConfigurationSetsOne()
    {
        var fromEnvironment = TeamAccess.FromConfiguration(Configuration(), "http://127.0.0.1:5080", TextWriter.Null, environmentKey: "from the environment");
        var configured = TeamAccess.FromConfiguration(Configuration(("Access:Key", "configured")), "http://127.0.0.1:5080", TextWriter.Null, environmentKey: "from the environment");

        Assert.True(fromEnvironment.Matches("from the environment"));
        Assert.True(configured.Matches("configured"));
        Assert.False(configured.Matches("from the environment"));
    }

    private IConfiguration Configuration(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))
            .Append(new("Engine:DataDirectory", _data.FullName)))
        .Build();

    public void Dispose() => _data.Delete(recursive: true);
}
