using ExplainHub.Engine.Hosting;
using ExplainHub.Shared;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExplainHub.Engine.Tests.Hosting;

public sealed class HubAccessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("explainhub-hub-access-").FullName;

    [Fact]
    public void APathInsideARoot_IsAccepted_AndOneThatClimbsOutOrOnlySharesAPrefix_IsNot()
    {
        var inside = Path.Combine(_root, "imports", "faces.csv");
        Assert.Equal(inside, HubPaths.Confine(inside, [_root], "Import"));
        Assert.Equal(_root, HubPaths.Confine(_root + "/", [_root], "Import"));

        foreach (var path in new[] { Path.Combine(_root, "..", "elsewhere"), _root + "-evil/x.csv", "/etc/passwd", "relative/x" })
        {
            var error = Assert.Throws<EngineException>(() => HubPaths.Confine(path, [_root], "Import"));
            Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
            Assert.DoesNotContain(_root + Path.DirectorySeparatorChar + "\"", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<EngineException>(() => HubPaths.Confine(inside, [], "Import")); // no roots: nothing is allowed
        Assert.Equal(inside, HubPaths.Confine(inside, ["/"], "Import")); // the whole file system, if an owner says so
        Assert.Throws<EngineException>(() => HubPaths.Confine("a\0b", [_root], "Import"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5090", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    public void OnlyLoopbackAddresses_CountAsLoopback(string url, bool loopback) => Assert.Equal(loopback, EngineKey.IsLoopback(url));

    [Fact]
    public void BeyondLoopbackWithoutAKey_AKeyIsMadeOnce_KeptPrivately_AnnouncedOnce_AndReusedAfterARestart()
    {
        var first = new StringWriter();
        var key = EngineKey.ForListening(null, ["http://127.0.0.1:5080", "http://0.0.0.0:5080"], _root, first);

        Assert.NotNull(key);
        Assert.Equal(43, key!.Length); // 256 bits, base64url without padding
        Assert.Contains(key, first.ToString(), StringComparison.Ordinal);
        var file = Path.Combine(_root, EngineKey.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var second = new StringWriter();
        Assert.Equal(key, EngineKey.ForListening(null, ["http://0.0.0.0:5080"], _root, second));
        Assert.Empty(second.ToString());
        Assert.NotEqual(key, EngineKey.ForListening(null, ["http://0.0.0.0:5080"], Path.Combine(_root, "other"), TextWriter.Null));
    }

    [Fact]
    public void AKeptKeyThatOthersCanRead_IsRefused_SayingHowToMakeItPrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var key = EngineKey.ForListening(null, ["http://0.0.0.0:5080"], _root, TextWriter.Null);
        var file = Path.Combine(_root, EngineKey.FileName);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = Assert.Throws<InvalidOperationException>(() => EngineKey.ForListening(null, ["http://0.0.0.0:5080"], _root, TextWriter.Null));

        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(key, EngineKey.ForListening(null, ["http://0.0.0.0:5080"], _root, TextWriter.Null));
    }

    [Fact]
    public void OnLoopbackNoKeyIsNeeded_AndAConfiguredKeyAlwaysWins()
    {
        Assert.Null(EngineKey.ForListening(null, ["http://127.0.0.1:5080"], _root, TextWriter.Null));
        Assert.Equal("given", EngineKey.ForListening("given", ["http://0.0.0.0:5080"], _root, TextWriter.Null));
        Assert.False(File.Exists(Path.Combine(_root, EngineKey.FileName)));
    }

    [Fact]
    public void AskedToRequireOneOnLoopbackToo_AKeyIsMadeThere()
    {
        // A web app whose pages ask for the team's key may be behind a reverse proxy on its loopback.
        var announced = new StringWriter();

        var key = EngineKey.ForListening(null, ["http://127.0.0.1:5080"], _root, announced, evenOnLoopback: true);

        Assert.Equal(43, key?.Length);
        Assert.Equal(key, File.ReadAllText(Path.Combine(_root, EngineKey.FileName)));
        Assert.Contains($"{EngineKey.EnvironmentVariable}={key}", announced.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheKeyInTheEnvironmentVariable_IsTheOneTheHubRequires()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:DataDirectory"] = _root }).Build();
        Environment.SetEnvironmentVariable(EngineKey.EnvironmentVariable, "from-the-environment");
        try
        {
            var services = new ServiceCollection().AddOptions();
            services.RequireKeyBeyondLoopback(configuration, "http://127.0.0.1:5090");
            using var provider = services.BuildServiceProvider();
            Assert.Equal("from-the-environment", provider.GetRequiredService<IOptions<EngineOptions>>().Value.Key);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngineKey.EnvironmentVariable, null);
        }
    }

    [Fact]
    public void TheEngineHubsLargeMessages_AreItsOwn_NotEveryHubsOfTheApp()
    {
        using var provider = new ServiceCollection().AddLogging().AddEngineHub().BuildServiceProvider();

        var engineHub = provider.GetRequiredService<IOptions<HubOptions<EngineHub>>>().Value;
        var otherHubs = provider.GetRequiredService<IOptions<HubOptions>>().Value;

        Assert.Equal(EngineHubEndpoints.MaximumReceiveMessageSize, engineHub.MaximumReceiveMessageSize);
        Assert.True(otherHubs.MaximumReceiveMessageSize is null or <= 32 * 1024, $"other hubs take {otherHubs.MaximumReceiveMessageSize} bytes");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
