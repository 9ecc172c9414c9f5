using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ExplainHub.Server.Access;

/// <summary>Registers <see cref="TeamAccess"/>: a cookie for browsers, the key as a bearer token for programs, one policy.</summary>
public static class TeamAccessSetup
{
    /// <summary>Chooses per request: a bearer token is a program's key, anything else the browser's cookie.</summary>
    public const string Scheme = "team";

    public const string CookieScheme = "team-cookie";

    public const string KeyScheme = "team-key";

    /// <summary>The rate limiter policy of sign-in attempts.</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>Sign-in attempts a client address may make a minute: enough for typos, far too few to guess a key.</summary>
    public const int SignInAttemptsPerMinute = 10;

    public static IServiceCollection AddTeamAccess(this IServiceCollection services, TeamAccess access)
    {
        services.AddSingleton(access);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Access key or sign-in cookie", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? KeyScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = ".ExplainHub.Access";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInEndpoints.SignInPath;
                options.AccessDeniedPath = SignInEndpoints.SignInPath;
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = context =>
                {
                    // Signed in with a key that is no longer the key (changed, or a new one made): signed out, so the
                    // next page asks again instead of refusing as if the member were someone else.
                    if (!context.HttpContext.RequestServices.GetRequiredService<TeamAccess>().IsMember(context.Principal))
                    {
                        context.RejectPrincipal();
                        return context.HttpContext.SignOutAsync(CookieScheme);
                    }

                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, AccessKeyAuthenticationHandler>(KeyScheme, null);
        services.AddAuthorizationBuilder().AddPolicy(TeamAccess.Policy, policy => policy.AddRequirements(new TeamMemberRequirement()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TeamMemberHandler>();
        services.AddCascadingAuthenticationState();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>Authentication, authorization and the sign-in rate limit, in that order, before antiforgery and the endpoints.</summary>
    public static IApplicationBuilder UseTeamAccess(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseRateLimiter();
}
