namespace ExplainHub.EndToEnd.Tests;

/// <summary>The web app serves its engine's hub only when asked to (Engine:ServeHub): otherwise there is nothing to call.</summary>
public sealed class EngineHubExposureTests
{
    [Fact]
    public async Task TheEngineHub_IsNotServed_UnlessTheAppIsAskedTo()
    {
        using var http = new HttpClient();
        await using (var closed = await ServerProcess.StartAsync(serveHub: false))
        {
            var negotiate = await http.PostAsync(new Uri(closed.Url, "engine/negotiate?negotiateVersion=1"), null);
            // No SignalR endpoint answers: Blazor's own routes refuse the POST (405) or find nothing (404).
            Assert.Contains(negotiate.StatusCode, new[] { System.Net.HttpStatusCode.NotFound, System.Net.HttpStatusCode.MethodNotAllowed });
            Assert.DoesNotContain("connectionToken", await negotiate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(closed.Url)).StatusCode); // the app itself is up
        }

        await using var open = await ServerProcess.StartAsync(serveHub: true);
        var served = await http.PostAsync(new Uri(open.Url, "engine/negotiate?negotiateVersion=1"), null);
        Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("connectionToken", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereThePagesAskForTheTeamsKey_TheServedHubAsksForItsOwn_OnLoopbackToo()
    {
        // Behind a reverse proxy to the app's loopback, a keyless hub would let anyone past the team's sign-in.
        using var http = new HttpClient();
        await using var app = await ServerProcess.StartAsync(serveHub: true, accessKey: "the team's key");

        var refused = await http.PostAsync(new Uri(app.Url, "engine/negotiate?negotiateVersion=1"), null);
        var teamKey = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Url, "engine/negotiate?negotiateVersion=1"));
        teamKey.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "the team's key");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(teamKey)).StatusCode);
        Assert.Contains("EXPLAINHUB_ENGINE_KEY=", app.Output, StringComparison.Ordinal);
    }
}
