using System.Runtime.CompilerServices;
using Kabinet.Auth;
using Kabinet.Platform.Invocation;

namespace Kabinet.Operators;

/// <summary>
/// The one route group of the "Operator" HTTP function (/api/operator/*, operators only). Every operator
/// feature (imports, notifications, billing runs) maps into this group, so it is created once per app.
/// </summary>
public static class OperatorRoutes
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, RouteGroupBuilder> Groups = new();

    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) =>
        Groups.GetValue(app, a => a.MapHttpFunction("Operator", "operator").WithTags("operator").RequireAuthorization(Roles.Operator));
}
