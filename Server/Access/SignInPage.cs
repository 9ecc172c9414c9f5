using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace ExplainHub.Server.Access;

/// <summary>The sign-in form: static HTML without script, every value encoded.</summary>
internal static class SignInPage
{
    public static string Render(AntiforgeryTokenSet tokens, string returnUrl, string? error)
    {
        var message = error is null ? "" : $"""<p id="signin-error" role="alert" class="error">{WebUtility.HtmlEncode(error)}</p>""";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>ExplainHub · Sign in</title>
              <link rel="icon" href="data:," />
              <style>
                body { font-family: Roboto, Helvetica, Arial, sans-serif; background: #f5f5f5; margin: 0; }
                main { max-width: 26rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
                h1 { font-size: 1.5rem; font-weight: 500; margin-top: 0; }
                label { display: block; margin: 1rem 0 .25rem; }
                input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; }
                button { margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; background: #594ae2; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
                .error { color: #b00020; }
                .hint { color: #555; font-size: .9rem; }
              </style>
            </head>
            <body>
              <main>
                <h1>Sign in to ExplainHub</h1>
                <p class="hint">This app is the team's: sign in with its access key (Access:Key, or the one it printed when it made its
                <code>access.key</code>). A review session's link needs no sign-in.</p>
                {{message}}
                <form method="post" action="signin">
                  <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}" />
                  <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}" />
                  <label for="access-key">Access key</label>
                  <input type="password" id="access-key" name="key" autocomplete="current-password" required autofocus />
                  <button type="submit" id="signin">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """;
    }
}
