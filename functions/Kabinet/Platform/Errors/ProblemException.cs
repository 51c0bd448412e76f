namespace Kabinet.Platform.Errors;

/// <summary>
/// Thrown anywhere below a handler to answer with a coded ProblemDetails (the exception handler
/// writes it): for a state deep in a service that the request cannot get past. The code needs
/// its texts registered in <see cref="ErrorMessages"/> like any other.
/// </summary>
public class ProblemException(int status, string code, IDictionary<string, object?>? extensions = null)
    : Exception($"{status} {code}")
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, object?>? Extensions { get; } = extensions;
    /// <summary>Sent as Retry-After (whole seconds, rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
