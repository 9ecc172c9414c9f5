using ExplainHub.Client.Remote;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Remote;

public sealed class EngineWireErrorTests
{
    [Theory]
    [InlineData("An unexpected error occurred invoking 'GetJob' on the server. HubException: NotFound: No job 'j-1'.", EngineErrorKind.NotFound, "No job 'j-1'.")]
    [InlineData("An error occurred on the server while streaming results. HubException: Cancelled: Job stopped.", EngineErrorKind.Cancelled, "Job stopped.")]
    [InlineData("DatasetUnavailable: Fashion-MNIST is not installed: run ./scripts/install-deps.sh", EngineErrorKind.DatasetUnavailable, "Fashion-MNIST is not installed: run ./scripts/install-deps.sh")]
    [InlineData("Native: internal engine error; see the engine host's log for details.", EngineErrorKind.Native, "internal engine error; see the engine host's log for details.")]
    public void WireForm_BecomesTheEngineExceptionItWas(string hubMessage, EngineErrorKind kind, string message)
    {
        var error = EngineWireError.ToEngineException(hubMessage);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void WireForm_RoundTrips_ForEveryKind()
    {
        foreach (var kind in Enum.GetValues<EngineErrorKind>())
        {
            var sent = new EngineException(kind, "Something: with a colon.");

            var received = EngineWireError.ToEngineException("Prefix. HubException: " + sent.ToWireMessage());

            Assert.Equal((kind, sent.Message), (received.Kind, received.Message));
        }
    }

    [Theory]
    [InlineData("Failed to invoke 'Explain' due to an error on the server.")]
    [InlineData("Unknown hub method 'Evaluate'")]
    [InlineData("3: a number is not a kind")]
    [InlineData("NotFound,Native: a list is not a kind")]
    [InlineData("Teapot: not a kind either")]
    public void SignalRsOwnErrors_AreInvalidRequests_WithTheWholeText(string hubMessage)
    {
        var error = EngineWireError.ToEngineException(hubMessage);

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(hubMessage, error.Message);
    }
}
