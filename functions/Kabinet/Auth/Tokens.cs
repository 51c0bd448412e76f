using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kabinet.Auth;

public sealed record UserSummary(string Id, string Role, string? Phone, string? Email, string? LastName, string? FirstName);

/// <summary><paramref name="DeviceToken"/>: only after login/confirm with trustDevice, the marker that skips the second factor next time.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType, UserSummary User,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? DeviceToken = null);

/// <summary>Short-lived JWT access tokens (HMAC-SHA256 with the configured key).</summary>
public sealed class Tokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string SessionClaim = "sid";

    public static TokenValidationParameters ValidationParameters(AuthOptions o) => new()
    {
        ValidIssuer = o.Issuer,
        ValidAudience = o.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(o.KeyBytes),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };

    public string Issue(UserEntity user, string sessionId)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(o.AccessTokenMinutes),
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, user.UserId),
                new Claim(SessionClaim, sessionId),
                new Claim("role", user.Role),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(o.KeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    public int ExpiresInSeconds => options.Value.AccessTokenMinutes * 60;
}

public static class UserClaims
{
    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
    public static string SessionId(this ClaimsPrincipal user) => user.FindFirstValue(Tokens.SessionClaim) ?? "";
}
