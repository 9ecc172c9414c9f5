using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ExplainHub.Server.Access;

/// <summary>
/// /signin (a form that asks for the access key) and /signout: plain HTTP, no circuit, so the cookie is set on a normal
/// response. Where no key is required both just go where they were sent.
/// </summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/signin";

    public const string SignOutPath = "/signout";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, (HttpContext context, TeamAccess access, IAntiforgery antiforgery, [FromQuery] string? returnUrl) =>
            !access.Required || access.IsMember(context.User)
                ? Results.LocalRedirect(Local(returnUrl))
                : Page(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK));

        endpoints.MapPost(SignInPath, async (HttpContext context, TeamAccess access, KeyAttempts attempts, IAntiforgery antiforgery, ILoggerFactory logs,
            [FromForm] string? key, [FromForm] string? returnUrl) =>
        {
            if (!access.Required)
            {
                return Results.LocalRedirect(Local(returnUrl));
            }

            if (!attempts.TryTake(context))
            {
                return Results.Problem("Too many tries at the access key from here; wait a minute.", statusCode: StatusCodes.Status429TooManyRequests);
            }

            if (string.IsNullOrEmpty(key) || !access.Matches(key))
            {
                logs.CreateLogger(typeof(SignInEndpoints)).LogWarning("A sign-in from {Address} gave a wrong access key", context.Connection.RemoteIpAddress);
                return Page(context, antiforgery, returnUrl, "That is not this app's access key.", StatusCodes.Status401Unauthorized);
            }

            await context.SignInAsync(TeamAccessSetup.CookieScheme, access.Member(TeamAccessSetup.CookieScheme));
            return Results.LocalRedirect(Local(returnUrl));
        });

        // No antiforgery token: the worst a forged sign-out does is ask for the key again.
        endpoints.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(TeamAccessSetup.CookieScheme);
            return Results.LocalRedirect(SignInPath);
        });
        return endpoints;
    }

    /// <summary>
    /// Only a path of this app: anything else ("https://elsewhere", "//elsewhere", "/\elsewhere", control characters,
    /// which browsers drop so that "/\t/elsewhere" is "//elsewhere") goes home.
    /// </summary>
    internal static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl) ? url : "/";

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(SignInPage.Render(tokens, Local(returnUrl), error), "text/html; charset=utf-8", statusCode: status);
    }
}
