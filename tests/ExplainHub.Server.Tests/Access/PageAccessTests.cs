using System.Reflection;
using ExplainHub.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace ExplainHub.Server.Tests.Access;

/// <summary>A page left without an attribute would be open to anyone: every routed component says whose it is.</summary>
public sealed class PageAccessTests
{
    [Fact]
    public void EveryPage_IsTheTeams_ExceptThoseALinkOpens()
    {
        var pages = typeof(TeamAccess).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any()).ToArray();

        var open = pages.Where(p => p.GetCustomAttribute<AllowAnonymousAttribute>() is not null).Select(p => p.Name).Order();
        var teams = pages.Where(p => p.GetCustomAttributes<AuthorizeAttribute>().Any(a => a.Policy == TeamAccess.Policy)).ToArray();

        Assert.Equal(["Review", "Snapshot"], open);
        Assert.Equal(pages.Length - 2, teams.Length);
        Assert.Contains(teams, p => p.Name == "Compare");
        Assert.All(pages.Except(teams), p => Assert.Empty(p.GetCustomAttributes<AuthorizeAttribute>()));
    }
}
