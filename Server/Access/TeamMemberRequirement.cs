using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ExplainHub.Server.Access;

/// <summary>The <see cref="TeamAccess.Policy"/>'s one requirement: the user is a member of the team (<see cref="TeamAccess.IsMember"/>).</summary>
public sealed class TeamMemberRequirement : IAuthorizationRequirement;

/// <summary>
/// Meets <see cref="TeamMemberRequirement"/> for members; an open app's members are everyone, anonymous included. On a
/// hub only the key counts, not the sign-in cookie: SignalR checks no Origin, so a page of another site on the same host
/// (another port) could open a WebSocket that carries the cookie; programs, the hubs' callers, send the key.
/// </summary>
public sealed class TeamMemberHandler(TeamAccess access) : AuthorizationHandler<TeamMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TeamMemberRequirement requirement)
    {
        var member = context.Resource is HubInvocationContext
            ? !access.Required || context.User.Identities.Any(i => i.AuthenticationType == TeamAccessSetup.KeyScheme && access.IsMember(new(i)))
            : access.IsMember(context.User);
        if (member)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
