using ExplainHub.Engine.Hosting;
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

    public static IServiceCollection AddTeamAccess(this IServiceCollection services, TeamAccess access)
    {
        services.AddSingleton(access);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Access key or sign-in cookie", options => options.ForwardDefaultSelector = context =>
                // The engine hub's bearer token is the engine key, which it checks itself: not a wrong try at this one.
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                && !context.Request.Path.StartsWithSegments(EngineHubEndpoints.DefaultPath) ? KeyScheme : CookieScheme)
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
        services.AddSingleton<KeyAttempts>();
        return services;
    }

    /// <summary>Authentication and authorization, in that order, before antiforgery and the endpoints.</summary>
    public static IApplicationBuilder UseTeamAccess(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization();
}
