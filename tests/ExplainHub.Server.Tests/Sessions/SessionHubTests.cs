using ExplainHub.Server.Access;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Hub;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>
/// The sessions hub on a real Kestrel on 127.0.0.1 with real SignalR clients over TCP: a program joins by a link's
/// token and gets that link's role, and a read-only connection's calls that change something are refused.
/// </summary>
public sealed class SessionHubTests : IAsyncLifetime
{
    private readonly List<HubConnection> _connections = [];
    private SessionTestBed _bed = null!;
    private readonly List<WebApplication> _apps = [];
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _bed = await SessionTestBed.CreateAsync();
        _url = await StartHostAsync(TeamAccess.Open);
    }

    /// <summary>
    /// The hub as the app serves it: behind the app's team access, which on loopback without a key is open. The host
    /// also hands out the team's sign-in cookie at /test-sign-in, as the sign-in form would.
    /// </summary>
    private async Task<Uri> StartHostAsync(TeamAccess access)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddTeamAccess(access);
        builder.Services.AddSingleton(_bed.Sessions);
        var app = builder.Build();
        _apps.Add(app);
        app.UseTeamAccess();
        app.MapHub<SessionHub>("/hubs/sessions");
        app.MapPost("/test-sign-in", (HttpContext context) => context.SignInAsync(TeamAccessSetup.CookieScheme, access.Member(TeamAccessSetup.CookieScheme)));
        await app.StartAsync();
        return new Uri(new Uri(app.Urls.First()), "hubs/sessions");
    }

    [Fact]
    public async Task AnEditorsEdit_ReachesAReader_WhoseOwnChangesAreAllRefused()
    {
        var driver = await ConnectAsync();
        var started = await driver.InvokeAsync<StartedSession>("Start", "hub review", SessionTestBed.AView);
        var editor = await driver.InvokeAsync<JoinedSession>("Join", started.EditToken, "Ada");
        var reader = await ConnectAsync();
        var seen = new TaskCompletionSource<SyncedView>(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.On<SyncedView>(nameof(ISessionClient.ViewChanged), view => seen.TrySetResult(view));
        var joined = await reader.InvokeAsync<JoinedSession>("Join", started.ReadToken, "Bob");

        var edit = ViewEdit.Of(SessionTestBed.AView with { Image = new ViewImage(DatasetSplit.Test, 42) }, ViewField.Image);
        var sent = await driver.InvokeAsync<SyncedView>("EditView", edit);
        var received = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((SessionRole.Editor, SessionRole.Reader), (editor.Role, joined.Role));
        Assert.Equal(["Ada", "Bob"], joined.Members.Select(m => m.DisplayName));
        Assert.Equal((sent.Sequence, 42, "Ada"), (received.Sequence, received.View.Image!.Index, received.StampOf(ViewField.Image)!.Author));
        var refusals = new[]
        {
            await Refused(reader.InvokeAsync<SyncedView>("EditView", edit with { Proposed = edit.Proposed with { TargetClass = 3 } })),
            await Refused(reader.InvokeAsync<ReviewComment>("Comment", new CommentAnchor("test/42", "svm", "hadamard", 0, 0, 1, 1), "mine")),
        };
        Assert.All(refusals, r => Assert.Contains("Your link is read-only", r, StringComparison.Ordinal));
        Assert.Equal(sent.Sequence, (await _bed.Sessions.JoinAsync(started.ReadToken, "Cy")).View.Sequence);
    }

    [Fact]
    public async Task AConnectionWithoutAValidLink_GetsNothing_AndIsToldWhy()
    {
        var stranger = await ConnectAsync();

        var edit = await Refused(stranger.InvokeAsync<SyncedView>("EditView", ViewEdit.Of(SessionTestBed.AView, ViewField.Image)));
        var forged = await Refused(stranger.InvokeAsync<JoinedSession>("Join", ShareToken.New(), "Mallory"));
        var malformed = await Refused(stranger.InvokeAsync<JoinedSession>("Join", "' OR 1=1 --", "Mallory"));

        Assert.Contains("Join a session first", edit, StringComparison.Ordinal);
        Assert.Contains("does not open a review session", forged, StringComparison.Ordinal);
        Assert.Contains("does not open a review session", malformed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADroppedConnection_LeavesTheSession()
    {
        var driver = await ConnectAsync();
        var started = await driver.InvokeAsync<StartedSession>("Start", "s", SessionTestBed.AView);
        await driver.InvokeAsync<JoinedSession>("Join", started.EditToken, "Ada");
        var watcher = await _bed.Sessions.JoinAsync(started.ReadToken, "Watcher");
        var presence = _bed.Listen(watcher);

        await driver.StopAsync();

        await Eventually.True(
            () => presence.OfType<PresenceChanged>().Any(p => p.Members.All(m => m.DisplayName != "Ada")),
            "the others to see Ada leave");
    }

    [Fact]
    public async Task WhereTheAppNeedsAKey_StartingASessionIsTheTeams_WhileALinkAloneStillJoins()
    {
        var url = await StartHostAsync(new TeamAccess("the team's key"));
        var stranger = await ConnectAsync(url);
        var program = await ConnectAsync(url, "the team's key");
        var guesser = await ConnectAsync(url, "a guess");

        var refused = await Refused(stranger.InvokeAsync<StartedSession>("Start", "mine", SessionTestBed.AView));
        var refusedGuess = await Refused(guesser.InvokeAsync<StartedSession>("Start", "mine", SessionTestBed.AView));
        var started = await program.InvokeAsync<StartedSession>("Start", "the team's", SessionTestBed.AView);
        var joined = await stranger.InvokeAsync<JoinedSession>("Join", started.ReadToken, "Guest");

        Assert.Contains("unauthorized", refused, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unauthorized", refusedGuess, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("the team's", SessionRole.Reader), (joined.Name, joined.Role));
    }

    [Fact]
    public async Task WhereTheAppNeedsAKey_ABrowsersSignInCookie_DoesNotStartASession()
    {
        // A WebSocket from another site's page on the same host carries the cookie, and SignalR checks no Origin.
        var url = await StartHostAsync(new TeamAccess("the team's key"));
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }))
        {
            (await http.PostAsync(new Uri(url, "/test-sign-in"), null)).EnsureSuccessStatusCode();
        }

        Assert.Single(cookies.GetCookies(url));
        var connection = new HubConnectionBuilder().WithUrl(url, options => options.Cookies = cookies).Build();
        _connections.Add(connection);
        await connection.StartAsync();

        var refused = await Refused(connection.InvokeAsync<StartedSession>("Start", "mine", SessionTestBed.AView));

        Assert.Contains("unauthorized", refused, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HubConnection> ConnectAsync() => ConnectAsync(_url);

    private async Task<HubConnection> ConnectAsync(Uri url, string? accessKey = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options => options.AccessTokenProvider = () => Task.FromResult(accessKey))
            .Build();
        _connections.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    private static async Task<string> Refused(Task call) =>
        (await Assert.ThrowsAsync<HubException>(() => call)).Message;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _bed.DisposeAsync();
    }
}
