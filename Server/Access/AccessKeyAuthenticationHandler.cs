using System.Text.Encodings.Web;
using ExplainHub.Engine.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Access;

/// <summary>
/// Programs (a script that downloads a leaderboard, one that starts review sessions on the hub) send the access key as
/// their bearer token; browsers sign in once and carry a cookie instead (<see cref="TeamAccessSetup"/>). Wrong keys
/// use up the client's tries (<see cref="KeyAttempts"/>), as at the sign-in form; with none left, no key is looked at.
/// </summary>
public sealed class AccessKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TeamAccess access, KeyAttempts attempts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!access.Required || EngineKey.Presented(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (attempts.Exhausted(Context))
        {
            return Task.FromResult(AuthenticateResult.Fail("Too many tries at the access key from here; wait a minute."));
        }

        if (access.Matches(presented))
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(access.Member(Scheme.Name), Scheme.Name)));
        }

        attempts.TryTake(Context);
        return Task.FromResult(AuthenticateResult.Fail("The bearer token is not this app's access key (Access:Key)."));
    }
}
