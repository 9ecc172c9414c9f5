using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Hub;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _bed = await SessionTestBed.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(_bed.Sessions);
        _app = builder.Build();
        _app.MapHub<SessionHub>("/hubs/sessions");
        await _app.StartAsync();
        _url = new Uri(new Uri(_app.Urls.First()), "hubs/sessions");
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

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(_url).Build();
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

        await _app.DisposeAsync();
        await _bed.DisposeAsync();
    }
}
