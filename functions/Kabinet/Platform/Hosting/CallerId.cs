using System.Security.Claims;

namespace Kabinet.Platform.Hosting;

/// <summary>
/// Who the signed-in caller is, as the feature that signs people in says (Auth registers it): per-caller platform state,
/// such as Idempotency-Key answers, is kept under this id. Empty for an anonymous caller.
/// </summary>
public sealed record CallerId(Func<ClaimsPrincipal, string> Of)
{
    /// <summary>Without a registration: the standard subject claim (JWT <c>sub</c>, or the name identifier).</summary>
    public static readonly CallerId Standard = new(user => user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
}
