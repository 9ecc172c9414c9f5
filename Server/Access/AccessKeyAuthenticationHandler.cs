using System.Text.Encodings.Web;
using ExplainHub.Engine.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Access;

/// <summary>
/// Programs (a script that downloads a leaderboard, one that starts review sessions on the hub) send the access key as
/// their bearer token; browsers sign in once and carry a cookie instead (<see cref="TeamAccessSetup"/>).
/// </summary>
public sealed class AccessKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TeamAccess access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (EngineKey.Presented(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(access.Matches(presented)
            ? AuthenticateResult.Success(new AuthenticationTicket(access.Member(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("The bearer token is not this app's access key (Access:Key)."));
    }
}
