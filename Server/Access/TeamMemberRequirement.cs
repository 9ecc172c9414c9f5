using Microsoft.AspNetCore.Authorization;

namespace ExplainHub.Server.Access;

/// <summary>The <see cref="TeamAccess.Policy"/>'s one requirement: the user is a member of the team (<see cref="TeamAccess.IsMember"/>).</summary>
public sealed class TeamMemberRequirement : IAuthorizationRequirement;

/// <summary>Meets <see cref="TeamMemberRequirement"/> for members; an open app's members are everyone, anonymous included.</summary>
public sealed class TeamMemberHandler(TeamAccess access) : AuthorizationHandler<TeamMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TeamMemberRequirement requirement)
    {
        if (access.IsMember(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
