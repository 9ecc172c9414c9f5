using System.Net;
using System.Text.RegularExpressions;
using ExplainHub.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Server.Tests.Access;

/// <summary>
/// The team's access on a real Kestrel with the app's own pipeline (authentication, authorization, the sign-in rate
/// limit, antiforgery) and the sign-in endpoints, in front of a stand-in for a team page and a stand-in for a link's page.
/// </summary>
public sealed partial class TeamAccessTests : IAsyncLifetime
{
    private const string Key = "correct horse battery staple";
    private readonly List<WebApplication> _apps = [];
    private readonly DirectoryInfo _keyRing = Directory.CreateTempSubdirectory("explainhub-access-");

    [Fact]
    public async Task WithoutAKey_EverythingIsOpen_AndTheSignInFormJustGoesBack()
    {
        var url = await StartAsync(TeamAccess.Open);
        using var http = Client();

        var page = await http.GetAsync(new Uri(url, "team-page"));
        var signIn = await http.GetAsync(new Uri(url, "signin?returnUrl=%2Fteam-page"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/team-page"), (signIn.StatusCode, signIn.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task WithAKey_ATeamPageSendsABrowserToSignIn_AndAProgramNeedsTheKeyAsItsBearerToken()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        var browser = await http.GetAsync(new Uri(url, "team-page?x=1"));
        var linkPage = await http.GetAsync(new Uri(url, "link-page"));
        var wrong = await http.SendAsync(WithBearer(new Uri(url, "team-page"), "guess"));
        var right = await http.SendAsync(WithBearer(new Uri(url, "team-page"), Key));

        Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2Fteam-page%3Fx%3D1", browser.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, linkPage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "team"), (right.StatusCode, await right.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SigningIn_WithAWrongKeyIsRefused_WithTheKeySetsACookieForTheTeamsPages_AndSigningOutEndsIt()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        var refused = await SignInAsync(http, url, "not it", "/team-page");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("That is not this app's access key.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(new Uri(url, "team-page"))).StatusCode);

        var signedIn = await SignInAsync(http, url, Key, "/team-page");
        Assert.Equal((HttpStatusCode.Redirect, "/team-page"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "team-page"))).StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ExplainHub.Access=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.Redirect, (await http.PostAsync(new Uri(url, "signout"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(new Uri(url, "team-page"))).StatusCode);
    }

    [Theory]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example/")]
    [InlineData("/\\elsewhere.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/elsewhere.example/")]
    public async Task AfterSigningIn_OnlyAPathOfThisApp_IsWhereTheBrowserIsSent(string returnUrl)
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        var signedIn = await SignInAsync(http, url, Key, returnUrl);

        Assert.Equal((HttpStatusCode.Redirect, "/"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task TheSignInForm_EncodesWhatItIsGiven()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        var form = await (await http.GetAsync(new Uri(url, "signin?returnUrl=%2Fx%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", form, StringComparison.Ordinal);
        Assert.Contains("value=\"/x&quot;&gt;&lt;script&gt;", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInAttempts_AreLimitedPerMinute_SoAKeyCannotBeGuessed()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        for (var attempt = 0; attempt < KeyAttempts.PerMinute; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(http, url, $"guess {attempt}", "/")).StatusCode);
        }

        var limited = await SignInAsync(http, url, Key, "/");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(new Uri(url, "team-page"))).StatusCode);
    }

    [Fact]
    public async Task WrongBearerKeys_UseUpTheSameTries_AfterWhichNoKeyIsLookedAt()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        for (var attempt = 0; attempt < KeyAttempts.PerMinute; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(WithBearer(new Uri(url, "team-page"), $"guess {attempt}"))).StatusCode);
        }

        var right = await http.SendAsync(WithBearer(new Uri(url, "team-page"), Key));
        var form = await SignInAsync(http, url, Key, "/");

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
    }

    [Fact]
    public async Task TheEngineHubsOwnKey_IsNoTryAtTheTeams()
    {
        // With Engine:ServeHub the CLI sends the engine key on every request to /engine (long polling: many).
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        for (var request = 0; request < 3 * KeyAttempts.PerMinute; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(WithBearer(new Uri(url, "engine/negotiate"), "the engine's key"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(http, url, Key, "/")).StatusCode);
    }

    [Fact]
    public async Task ABearerKeyThatIsRight_UsesUpNoTries()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        for (var request = 0; request < 3 * KeyAttempts.PerMinute; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(WithBearer(new Uri(url, "team-page"), Key))).StatusCode);
        }
    }

    [Fact]
    public async Task AChangedKey_SignsEveryoneOut()
    {
        var before = await StartAsync(new TeamAccess(Key));
        var after = await StartAsync(new TeamAccess("the new key")); // same key ring: the old cookie still decrypts there
        using var http = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(http, before, Key, "/team-page")).StatusCode);
        var cookie = http.Cookies.GetCookies(before).Single(c => c.Name == ".ExplainHub.Access");
        using var other = Client();
        other.Cookies.Add(after, new Cookie(cookie.Name, cookie.Value));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(before, "team-page"))).StatusCode);
        var refused = await other.GetAsync(new Uri(after, "team-page"));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/signin", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(refused.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ExplainHub.Access=;", StringComparison.Ordinal)); // the stale one is removed
    }

    [Fact]
    public async Task ASignInWithoutTheFormsAntiforgeryToken_IsRefused()
    {
        var url = await StartAsync(new TeamAccess(Key));
        using var http = Client();

        var forged = await http.PostAsync(new Uri(url, "signin"), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Key, ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(new Uri(url, "team-page"))).StatusCode);
    }

    private static async Task<HttpResponseMessage> SignInAsync(CookieClient http, Uri url, string key, string returnUrl)
    {
        var form = await (await http.GetAsync(new Uri(url, "signin"))).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, form);
        return await http.PostAsync(new Uri(url, "signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["key"] = key,
            ["returnUrl"] = returnUrl,
        }));
    }

    private static HttpRequestMessage WithBearer(Uri url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static CookieClient Client() => new();

    private async Task<Uri> StartAsync(TeamAccess access)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().PersistKeysToFileSystem(_keyRing);
        builder.Services.AddAntiforgery();
        builder.Services.AddTeamAccess(access);
        var app = builder.Build();
        app.UseTeamAccess();
        app.UseAntiforgery();
        app.MapSignIn();
        app.MapGet("/team-page", () => "team").RequireAuthorization(TeamAccess.Policy);
        app.MapGet("/link-page", () => "link");
        app.MapGet("/engine/negotiate", () => "the engine hub checks its own key");
        await app.StartAsync();
        _apps.Add(app);
        return new Uri(app.Urls.First());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _keyRing.Delete(recursive: true);
    }

    /// <summary>An HttpClient that keeps cookies and does not follow redirects, so each answer can be read as sent.</summary>
    private sealed class CookieClient : HttpClient
    {
        private CookieClient(HttpClientHandler handler) : base(handler, disposeHandler: true) => Cookies = handler.CookieContainer;

        public CookieClient() : this(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
        }

        public CookieContainer Cookies { get; }
    }
}
