using ExplainHub.Engine.Hosting;
using ExplainHub.Shared;

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
    public void OnLoopbackNoKeyIsNeeded_AndAConfiguredKeyAlwaysWins()
    {
        Assert.Null(EngineKey.ForListening(null, ["http://127.0.0.1:5080"], _root, TextWriter.Null));
        Assert.Equal("given", EngineKey.ForListening("given", ["http://0.0.0.0:5080"], _root, TextWriter.Null));
        Assert.False(File.Exists(Path.Combine(_root, EngineKey.FileName)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
