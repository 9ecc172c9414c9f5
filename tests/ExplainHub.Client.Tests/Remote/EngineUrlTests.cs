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
    [InlineData("http://gpu-box:5090", true)]
    [InlineData("ws://10.0.0.5:5090/engine", true)]
    [InlineData("http://0.0.0.0:5090", true)]
    [InlineData("https://gpu-box:5090", false)]
    [InlineData("wss://gpu-box", false)]
    [InlineData("http://127.0.0.1:5090", false)]
    [InlineData("http://localhost:5090", false)]
    [InlineData("http://[::1]:5090", false)]
    public void PlainHttpBeyondLoopback_IsInTheClear(string typed, bool exposed)
    {
        var risk = EngineUrl.InTheClear(new Uri(typed));
        Assert.Equal(exposed, risk is not null);
        if (risk is not null)
        {
            Assert.Contains("https://", risk, StringComparison.Ordinal);
        }
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
