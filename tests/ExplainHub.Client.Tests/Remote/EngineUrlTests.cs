using ExplainHub.Client.Remote;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Remote;

public sealed class EngineUrlTests
{
    [Theory]
    [InlineData("http://gpu-box:5090", "http://gpu-box:5090/engine")]
    [InlineData("http://gpu-box:5090/", "http://gpu-box:5090/engine")]
    [InlineData("https://engine.example", "https://engine.example/engine")]
    [InlineData("http://127.0.0.1:80", "http://127.0.0.1/engine")]
    [InlineData("ws://gpu-box:5090/hubs/engine", "http://gpu-box:5090/hubs/engine")]
    [InlineData("wss://gpu-box/engine?tenant=a", "https://gpu-box/engine?tenant=a")]
    public void Url_BecomesTheHubsNegotiationAddress(string typed, string hub)
    {
        Assert.Equal(new Uri(hub), EngineUrl.Parse(typed));
    }

    [Theory]
    [InlineData("localhost:5090")]
    [InlineData("ftp://gpu-box/")]
    [InlineData("not a url")]
    public void Url_IsRejected_WhenItIsNotHttpOrWebSocket(string typed)
    {
        var error = Assert.Throws<EngineException>(() => EngineUrl.Parse(typed));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
    }
}
