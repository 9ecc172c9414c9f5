using Microsoft.AspNetCore.Components;

namespace ExplainHub.Server.Access;

/// <summary>From inside a circuit to the sign-in form and back to where the tab is.</summary>
public static class SignInNavigation
{
    /// <summary>A full page load: the form is plain HTTP, which the circuit's router does not know.</summary>
    public static void NavigateToSignIn(this NavigationManager navigation)
    {
        var here = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo($"{SignInEndpoints.SignInPath.TrimStart('/')}?returnUrl={Uri.EscapeDataString(here)}", forceLoad: true);
    }
}
